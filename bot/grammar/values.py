"""Turning one raw option string into a typed value, or a clear UserError.

Text from Slack and the console and option strings from Discord all pass
through here, so a value is checked the same way wherever it was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from urllib.parse import urlsplit

from bot.grammar.spec import Option, OptionType
from bot.kernel.errors import UserError
from bot.kernel.i18n import _
from bot.kernel.language import Language, current_language
from bot.text.storable import refusal, unstorable
from bot.text.suggest import did_you_mean
from bot.time.horizon import out_of_range
from bot.time.recurrence import RecurrenceError, parse_duration, parse_time_of_day


@dataclass(frozen=True)
class UserRef:
    """A person as typed: a platform id from a mention, or a plain name."""

    user_id: str | None = None
    name: str | None = None

    def shown(self) -> str:
        return f"@{self.name}" if self.name else f"<@{self.user_id}>"


@dataclass(frozen=True)
class ChannelRef:
    channel_id: str | None = None
    name: str | None = None

    def shown(self) -> str:
        return f"#{self.name}" if self.name else f"#{self.channel_id}"


_SLACK_USER = re.compile(r"^<@([A-Z0-9]+)(?:\|([^>]*))?>$")
_DISCORD_USER = re.compile(r"^<@!?(\d+)>$")
_SLACK_CHANNEL = re.compile(r"^<#([A-Z0-9]+)(?:\|([^>]*))?>$")
_DISCORD_CHANNEL = re.compile(r"^<#(\d+)>$")
_PLAIN_NAME = re.compile(r"^@?([\w][\w.\-']{0,79})$")
_PLAIN_CHANNEL = re.compile(r"^#?([\w][\w\-]{0,79})$")
_ID = re.compile(r"^#?(\d{1,9})$")
_YES = {"yes", "y", "true", "on", "1", "sí", "si"}
_NO = {"no", "n", "false", "off", "0"}


def parse_user(raw: str) -> UserRef:
    raw = raw.strip()
    if match := _SLACK_USER.match(raw):
        return UserRef(user_id=match.group(1), name=match.group(2) or None)
    if match := _DISCORD_USER.match(raw):
        return UserRef(user_id=match.group(1))
    if match := _PLAIN_NAME.match(raw):
        return UserRef(name=match.group(1))
    raise UserError(_("“{raw}” is not a person; mention them like @maria.", raw=raw))


def parse_channel(raw: str) -> ChannelRef:
    raw = raw.strip()
    if match := _SLACK_CHANNEL.match(raw):
        return ChannelRef(channel_id=match.group(1), name=match.group(2) or None)
    if match := _DISCORD_CHANNEL.match(raw):
        return ChannelRef(channel_id=match.group(1))
    if match := _PLAIN_CHANNEL.match(raw):
        return ChannelRef(name=match.group(1).lower())
    raise UserError(_("“{raw}” is not a channel; name it like #grade7.", raw=raw))


def parse_id(raw: str, what: str | None = None, *, option: str | None = None) -> int:
    """An id as typed (`12`, `#12`). A mistake names `option` (as typed, `resource`), or
    says `what` was wanted (a caller's own phrase, in the reader's language)."""
    match = _ID.match(raw.strip())
    if not match:
        if option is not None:
            raise UserError(
                _(
                    "“{raw}” is not a valid {option}; ids look like 12 or #12.",
                    raw=raw,
                    option=option,
                )
            )
        if what is not None:
            raise UserError(
                _("“{raw}” is not {what}; ids look like 12 or #12.", raw=raw, what=what)
            )
        raise UserError(_("“{raw}” is not an id; ids look like 12 or #12.", raw=raw))
    return int(match.group(1))


def parse_time(raw: str) -> time:
    """A time of day, read by the one time-of-day parser of the recurrence grammar."""
    try:
        return parse_time_of_day(raw)
    except RecurrenceError as error:
        raise UserError(str(error)) from None


def parse_date(raw: str) -> date:
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise UserError(_("“{raw}” is not a date; write it like 2026-12-01.", raw=raw)) from None
    problem = out_of_range(day)
    if problem:
        raise UserError(problem)
    return day


def parse_bool(raw: str) -> bool:
    text = raw.strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise UserError(_("“{raw}” should be yes or no.", raw=raw))


def parse_url(raw: str) -> str:
    text = raw.strip()
    if text.startswith("<") and text.endswith(">"):  # Slack wraps links: <url> or <url|label>
        text = text[1:-1].split("|", 1)[0]
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise UserError(
            _("“{raw}” is not a web link; links start with http:// or https://.", raw=raw)
        )
    return text


def parse_list(raw: str) -> tuple[str, ...]:
    items = [part.strip() for part in raw.split(",")]
    return tuple(item for item in items if item)


def convert(option: Option, raw: str) -> Any:
    """Check one raw value against its declared type; return the typed value.

    A mistake names the option it is in (`UserError.option`), so a form marks that field.
    """
    try:
        return _convert(option, raw)
    except UserError as error:
        raise error.about(option.name) from None


def _convert(option: Option, raw: str) -> Any:
    label = option.name if option.positional else f"{option.name}:"
    text = raw.strip()
    if not text:
        raise UserError(_("{option} needs a value.", option=label))
    problem = unstorable(text)
    if problem:
        raise UserError(refusal(problem, label))
    if len(text) > option.max_length:
        raise UserError(
            _(
                "{option} is too long ({length} characters; at most {limit}).",
                option=label,
                length=len(text),
                limit=option.max_length,
            )
        )
    match option.type:
        case OptionType.TEXT | OptionType.RECURRENCE | OptionType.TARGET | OptionType.FILE:
            return text
        case OptionType.INTEGER:
            return _integer(option, label, text)
        case OptionType.CHOICE:
            return _choice(option, label, text)
        case OptionType.DATE:
            return parse_date(text)
        case OptionType.TIME:
            return parse_time(text)
        case OptionType.DURATION:
            try:
                return parse_duration(text)
            except RecurrenceError as error:
                raise UserError(str(error)) from None
        case OptionType.URL:
            return parse_url(text)
        case OptionType.USER:
            return parse_user(text)
        case OptionType.CHANNEL:
            return parse_channel(text)
        case OptionType.ID:
            return parse_id(text, option=option.name)
        case OptionType.LIST:
            return parse_list(text)
        case OptionType.BOOL:
            return parse_bool(text)
    raise AssertionError(f"unhandled option type {option.type}")


def _integer(option: Option, label: str, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UserError(
            _("{option} should be a whole number, not “{text}”.", option=label, text=text)
        ) from None
    if option.min_value is not None and value < option.min_value:
        raise UserError(
            _("{option} should be at least {limit}.", option=label, limit=option.min_value)
        )
    if option.max_value is not None and value > option.max_value:
        raise UserError(
            _("{option} should be at most {limit}.", option=label, limit=option.max_value)
        )
    return value


def _choice(option: Option, label: str, text: str) -> str:
    lowered = text.lower()
    for choice in option.choices:
        if choice.lower() == lowered:
            return choice
    for alias, choice in option.aliases:
        if alias.lower() == lowered:
            return choice
    hint = did_you_mean(lowered, (*option.choices, *(alias for alias, _c in option.aliases)))
    raise UserError(
        _("{option} can't be “{text}”.", option=label, text=text)
        + hint
        + " "
        + _("It can be one of: {choices}.", choices=_allowed(option))
    )


def _allowed(option: Option) -> str:
    """The choices as typed; a reader of another language sees its aliases beside them
    (`plan (planificar)`), since either word is taken."""
    if current_language() is Language.EN or not option.aliases:
        return ", ".join(option.choices)
    shown = []
    for choice in option.choices:
        others = [alias for alias, target in option.aliases if target == choice]
        shown.append(f"{choice} ({', '.join(others)})" if others else choice)
    return ", ".join(shown)
