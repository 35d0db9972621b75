"""Every text the bot itself says goes through here, into the reader's language.

English is the source: a message id is the English text, with `{name}` placeholders
(`_("Case #{id} is submitted.", id=case.id)`), so code reads as what it says. The
other languages are gettext catalogs (`bot/locale/<language>/*.po`, one file per
area, edited with any PO editor and checked by `python -m bot.kernel.catalog`),
read with Babel when first needed. Nothing a person wrote ever passes through here.

Texts declared before any reader is known (a table of labels, an option's
description) are marked with `N_` and translated where they are shown.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from bot.kernel.language import Language, current_language

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"

# The source text (English) needs no catalog; the others must be complete.
TRANSLATED = (Language.ES,)

MissHook = Callable[[str, Language], None]
_miss_hook: MissHook | None = None


@dataclass(frozen=True)
class Catalog:
    """One language's translations: a message id to its text, or to its plural forms."""

    language: Language
    singular: Mapping[str, str]
    plural: Mapping[str, tuple[str, ...]]
    plural_index: Callable[[int], int]
    contextual: Mapping[tuple[str, str], str]

    def has(self, msgid: str, context: str | None = None) -> bool:
        if context is not None:
            return (context, msgid) in self.contextual
        return msgid in self.singular or msgid in self.plural


@cache
def catalog(language: Language) -> Catalog:
    """The catalog of `language`, from every .po file of its folder (read once)."""
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    contextual: dict[tuple[str, str], str] = {}
    plural_index: Callable[[int], int] = lambda n: 0 if n == 1 else 1  # noqa: E731
    for path in sorted((LOCALE_DIR / language.value).glob("*.po")):
        with path.open("rb") as handle:
            po = read_po(handle, locale=language.value)
        plural_index = _gettext.c2py(po.plural_expr)
        for message in po:
            if not message.id or message.fuzzy:
                continue
            if isinstance(message.id, (list, tuple)):
                forms = tuple(message.string or ())
                if forms and all(forms):
                    plural[message.id[0]] = forms
            elif message.string:
                if message.context:
                    contextual[(message.context, message.id)] = str(message.string)
                else:
                    singular[message.id] = str(message.string)
    return Catalog(language, singular, plural, plural_index, contextual)


def watch_misses(hook: MissHook | None) -> MissHook | None:
    """Call `hook(msgid, language)` for every text asked for that a translated language's
    catalog lacks, whatever language the reader has (the test suite fails on them, so
    an English-only run still proves the Spanish catalog covers what it showed).
    Returns the hook it replaced."""
    global _miss_hook
    previous, _miss_hook = _miss_hook, hook
    return previous


def _check(msgid: str, context: str | None = None) -> None:
    hook = _miss_hook
    if hook is None:
        return
    for language in TRANSLATED:
        if not catalog(language).has(msgid, context):
            hook(msgid if context is None else f"{context}\x04{msgid}", language)


def _(msgid: str, /, **params: object) -> str:
    """`msgid` in the current reader's language, its `{placeholders}` filled from `params`."""
    _check(msgid)
    language = current_language()
    text = msgid
    if language is not Language.EN:
        text = catalog(language).singular.get(msgid, msgid)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> str:
    """The form for `n` things, in the reader's language; `{n}` is filled in too."""
    _check(singular)
    language = current_language()
    if language is Language.EN:
        text = singular if n == 1 else plural
    else:
        book = catalog(language)
        forms = book.plural.get(singular)
        text = forms[min(book.plural_index(n), len(forms) - 1)] if forms else plural
        if not forms and n == 1:
            text = singular
    return text.format(n=n, **params)


def pgettext(context: str, msgid: str, /, **params: object) -> str:
    """Like `_`, for a short text whose meaning depends on where it is ("Share" on a
    button is a verb; in a list of kinds, a noun)."""
    _check(msgid, context)
    language = current_language()
    text = msgid
    if language is not Language.EN:
        text = catalog(language).contextual.get((context, msgid), msgid)
    return text.format(**params) if params else text


def N_(msgid: str) -> str:
    """Mark a text for the catalog without translating it yet (it is shown later, with
    `_`, once the reader is known)."""
    return msgid


def NP_(context: str, msgid: str) -> tuple[str, str]:
    """Mark a contextual text for the catalog without translating it yet (see `Words`)."""
    return (context, msgid)


@dataclass(frozen=True)
class Words:
    """The names of a closed set of things (phases, kinds, states), keyed by what is
    stored or typed, read in the reader's language when asked for:

        PHASES = Words({"teach": NP_("cycle phase", "teach"), ...})
        PHASES["teach"]  # "teach" / "clase"

    A key the table lacks reads as itself (a value stored before it had a name)."""

    names: Mapping[Hashable, tuple[str, str]]

    def __getitem__(self, key: Hashable) -> str:
        entry = self.names.get(key)
        return pgettext(*entry) if entry is not None else str(key)


# Dates and times, as each language writes them (Babel's CLDR data, installed with it).
DateStyle = Literal["day", "day_short", "month_day", "month_day_year", "long"]

_DATE_PATTERNS: dict[DateStyle, dict[Language, str]] = {
    # "Mon 30 Nov 2026" / "lun 30 nov 2026"
    "day": {Language.EN: "EEE d MMM y", Language.ES: "EEE d MMM y"},
    # "Mon 30 Nov" / "lun 30 nov"
    "day_short": {Language.EN: "EEE d MMM", Language.ES: "EEE d MMM"},
    # "Nov 30" / "30 nov"
    "month_day": {Language.EN: "MMM d", Language.ES: "d MMM"},
    # "Nov 30, 2026" / "30 nov 2026"
    "month_day_year": {Language.EN: "MMM d, y", Language.ES: "d MMM y"},
    # "Monday 30 November 2026" / "lunes, 30 de noviembre de 2026"
    "long": {Language.EN: "EEEE d MMMM y", Language.ES: "EEEE, d 'de' MMMM 'de' y"},
}


def _locale() -> Locale:
    return _babel_locale(current_language())


@cache
def _babel_locale(language: Language) -> Locale:
    return Locale.parse(language.value)


def date_text(value: date | datetime, style: DateStyle = "day") -> str:
    """A date as the reader writes it (a datetime is read as it stands, in its own zone)."""
    pattern = _DATE_PATTERNS[style][current_language()]
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, pattern, locale=_locale())


def time_text(value: time | datetime) -> str:
    """A clock time, 24-hour in both languages ("08:00"), as the spec writes them."""
    return format_time(value, "HH:mm", locale=_locale())


def moment_text(local: datetime) -> str:
    """An aware local instant: "Mon 30 Nov 2026, 08:00 EST" / "lun 30 nov 2026, 08:00 EST"."""
    day = format_datetime(local, _DATE_PATTERNS["day"][current_language()], locale=_locale())
    return f"{day}, {local:%H:%M} {local.tzname()}"


def number_text(value: int | float) -> str:
    """A count as the reader writes it ("12,400" / "12.400")."""
    return format_decimal(value, locale=_locale())


def decimal_text(value: float, places: int = 1) -> str:
    """A measure with a fixed number of decimals, as the reader writes it: an average
    rating reads "4.5" in English and "4,5" in Spanish."""
    pattern = "0." + "0" * places if places else "0"
    return format_decimal(value, format=pattern, locale=_locale())
