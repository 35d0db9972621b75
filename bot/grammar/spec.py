"""Commands as data.

Each command family declares its sub-commands and their typed options once,
here in this vocabulary. The text parser, `help`, the Slack manifest and
Discord's app commands are all generated from these declarations, so a
command cannot drift between platforms.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bot.kernel.i18n import _
from bot.kernel.roles import Role

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.dispatch.context import Context
    from bot.dispatch.seeding import DemoContext
    from bot.kernel.reply import Block, Reply
    from bot.lookup.matching import Lookup
    from bot.reporting.model import Export, ReportSection
    from bot.scheduling.kinds import DeliveryKind, TargetKind
    from storage.community import Member


class OptionType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    CHOICE = "choice"
    DATE = "date"
    TIME = "time"
    DURATION = "duration"
    RECURRENCE = "recurrence"
    URL = "url"
    USER = "user"
    CHANNEL = "channel"
    ID = "id"
    LIST = "list"
    BOOL = "yes|no"
    TARGET = "target"
    # A file attached to the command (a district's .ics): an attachment option on Discord;
    # on Slack and the console the file travels with the message (Request.files) and the
    # value, if typed, is only its name.
    FILE = "file"


# Option types whose values are free text: a bare word after one of them,
# with no positional slot left to take it, continues its value. That lets
# `when:every monday 8:00` work without quotes.
FREE_TEXT_TYPES = frozenset({OptionType.TEXT, OptionType.RECURRENCE})


@dataclass(frozen=True)
class Option:
    name: str
    type: OptionType = OptionType.TEXT
    help: str = ""
    required: bool = False
    positional: bool = False
    rest: bool = False  # a positional that takes every remaining word
    choices: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    max_length: int = 2000
    autocomplete: str | None = None  # what to suggest on Discord: "resource", "cycle", ...
    metavar: str | None = None
    # Other words for a choice (Spanish ones: "planificar" for "plan"), alias -> choice;
    # a value is always stored as its choice, and "did you mean" knows both.
    aliases: tuple[tuple[str, str], ...] = ()

    def usage(self) -> str:
        shown = self.metavar or ("|".join(self.choices) if self.choices else f"<{self.type.value}>")
        if self.positional:
            text = shown if self.choices else f"<{self.metavar or self.name}>"
            if self.rest:
                text += "..."
        else:
            text = f"{self.name}:{shown}"
        return text if self.required else f"[{text}]"


Handler = Callable[["Context", "Args"], Awaitable["Reply"]]


@dataclass(frozen=True)
class SubCommand:
    name: str
    help: str
    options: tuple[Option, ...] = ()
    role: Role = Role.MEMBER
    handler: Handler | None = None
    details: str = ""  # a longer explanation shown by `help <sub>`
    refusal: str | None = None  # e.g. "Only facilitators can schedule nudges."

    def option(self, name: str) -> Option | None:
        for option in self.options:
            if option.name == name:
                return option
        return None

    @property
    def positionals(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.positional)

    def refusal_message(self) -> str:
        """Why the asker may not run this, in their language (a declared refusal is
        translated from the catalog; otherwise the role's own sentence)."""
        if self.refusal:
            return _(self.refusal)
        return self.role.refusal()


@dataclass(frozen=True)
class PersonalData:
    """What a family keeps about one person, for `/praxis forget-me`."""

    # How a count of it reads, in agreement: `lambda n: ngettext("{n} reflection",
    # "{n} reflections", n)` ("1 reflexión", "3 reflexiones").
    counted: Callable[[int], str]
    count: Callable[[AsyncSession, Member], Awaitable[int]]
    delete: Callable[[AsyncSession, Member], Awaitable[int]]


DemoSeeder = Callable[["DemoContext"], Awaitable[None]]


@dataclass(frozen=True)
class HomeSection:
    """What a family shows on a person's home (`/praxis home`, Slack's App Home tab).

    `render` gets the asker's context and returns the section's blocks (buttons run as
    the person who clicks), or nothing when there is nothing to show, so `empty` is.
    """

    title: str
    render: Callable[[Context], Awaitable[list[Block]]]
    empty: str = "Nothing here yet."
    order: int = 100


@dataclass(frozen=True)
class MessageAction:
    """A sub-command run on a message someone points at.

    Slack shows it as a message shortcut, Discord as a message context-menu command; both
    run `sub` with the message's link in `link_option` and its text in `text_option`.
    """

    label: str  # "Save as resource": at most 32 characters (Discord's limit)
    sub: str
    link_option: str = "url"
    text_option: str = "description"
    help: str = ""


@dataclass(frozen=True)
class Family:
    name: str
    help: str
    subcommands: tuple[SubCommand, ...]
    default: str | None = None  # the sub-command run when none is named
    details: str = ""
    # An umbrella family also takes every other family's name as its first word, so one
    # slash command reaches them all (`/praxis resource search fractions`).
    umbrella: bool = False
    personal_data: tuple[PersonalData, ...] = ()
    seed_demo: DemoSeeder | None = None  # adds this family's sample data to `praxis demo`
    # What this family shows on a person's home (`/praxis home`).
    home: tuple[HomeSection, ...] = ()
    # Sub-commands offered on a message (a Slack shortcut, a Discord context menu).
    message_actions: tuple[MessageAction, ...] = ()
    # Suggesters for Option.autocomplete kinds ("resource", "cycle", ...): bot/lookup.py.
    lookups: tuple[Lookup, ...] = ()

    # What this family adds to `/praxis report` and `/praxis export` (bot/reporting.py).
    report_sections: tuple[ReportSection, ...] = ()
    exports: tuple[Export, ...] = ()
    # What this family's schedules deliver, and which target prefixes ("team:") it resolves;
    # the scheduling engine collects them from the registry.
    delivery_kinds: tuple[DeliveryKind, ...] = ()
    target_kinds: tuple[TargetKind, ...] = ()

    def sub(self, name: str) -> SubCommand | None:
        for sub in self.subcommands:
            if sub.name == name:
                return sub
        return None

    def usage(self, sub: SubCommand) -> str:
        parts = [f"/{self.name}", sub.name, *(option.usage() for option in sub.options)]
        return " ".join(parts)


@dataclass
class Args:
    """The typed values of one invocation."""

    values: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    def __contains__(self, name: str) -> bool:
        return self.values.get(name) is not None

    def given(self, names: Iterable[str]) -> list[str]:
        return [name for name in names if name in self]
