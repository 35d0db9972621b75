"""When a scheduled delivery happens: the one recurrence grammar and its occurrence arithmetic.

Pure code (no database, no platform) so the scheduler, the commands that echo a schedule back
and the reconcile-on-start pass all agree on what "every monday 8:00" means. Times are wall
clock in a zone: a rule at 08:00 stays at 08:00 local across daylight-saving changes. A wall
time that does not exist (spring-forward gap) is delivered at the first instant after the gap;
an ambiguous one (fall-back) is delivered once, at its first instant.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from bot.kernel.i18n import N_, _, date_text, ngettext, pgettext, time_text
from bot.time.horizon import out_of_range
from bot.time.zones import canonical_zone

__all__ = [
    "Recurrence",
    "RecurrenceError",
    "hold_for_quiet_hours",
    "next_occurrence",
    "next_occurrences",
    "parse_duration",
    "parse_quiet_hours",
    "parse_recurrence",
    "parse_time_of_day",
    "recurrence_from_text",
    "recurrence_to_text",
]

# Shown with `_()` where a reader is known; the Spanish texts give Spanish examples (the
# grammar reads both languages, whatever the reader's).
EXAMPLES = N_(
    'Try "tomorrow 8am", "2026-12-01 15:30", "december 5 9:00", "in 3 days", '
    '"every monday 8:00", "every weekday 15:30", "every 2 weeks on friday 14:00", '
    '"every month on day 1 9:00" or "cron 0 8 * * 1", optionally followed by '
    '"tz:America/Chicago".'
)
TIME_EXAMPLES = N_("e.g. 8, 8:00, 08:00, 8am, 8:30pm, noon or midnight")
DURATION_EXAMPLES = N_('Try 30m, 2h, 3d, 1w, "90 minutes", "2 days" or 1h30m.')

DATE_ONLY_TIME = time(9, 0)
MAX_DURATION = timedelta(days=3660)
MAX_INTERVAL = 1000
_SEARCH_LIMIT = 4000  # candidate dates examined before giving up (cron worst case is ~8 years)

DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_ALIASES: dict[str, int] = {}
for _i, _name in enumerate(DAY_NAMES):
    _DAY_ALIASES[_name] = _i
    _DAY_ALIASES[_name[:3]] = _i
_DAY_ALIASES.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
_WEEKDAYS = (0, 1, 2, 3, 4)
_WEEKEND = (5, 6)


class RecurrenceError(ValueError):
    """A user's mistake in a time expression; the message is shown to them as is.

    It says what was wrong and shows examples, because the person typing a schedule into a
    chat box has no other documentation at hand.
    """


Kind = Literal["once", "rule", "cron"]
Unit = Literal["day", "week", "month"]


@dataclass(frozen=True)
class _CronSpec:
    """Cron fields compiled once per expression so each next-occurrence call is cheap."""

    minutes_of_day: tuple[int, ...]
    days_of_month: frozenset[int]
    months: frozenset[int]
    days_of_week: frozenset[int]  # cron numbering: 0 = Sunday
    dom_any: bool
    dow_any: bool

    def matches(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        dom_ok = day.day in self.days_of_month
        dow_ok = (day.weekday() + 1) % 7 in self.days_of_week
        if self.dom_any and self.dow_any:
            return True
        if self.dom_any:
            return dow_ok
        if self.dow_any:
            return dom_ok
        return dom_ok or dow_ok  # classic cron: both restricted means either matches


@dataclass(frozen=True)
class Recurrence:
    """A parsed schedule; rebuildable from `recurrence_to_text` without knowing `now`.

    `at` (once) and `anchor` (rule) are naive wall-clock datetimes in the schedule's zone
    (`tz`, else the zone the caller supplies). The anchor is the moment the rule was created:
    its occurrences start after it, and it fixes the phase of "every 2 weeks" so the
    fortnight does not drift from one computation to the next.
    """

    kind: Kind
    text: str
    tz: str | None = None
    at: datetime | None = None
    unit: Unit | None = None
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    day_of_month: int | None = None
    time_of_day: time | None = None
    anchor: datetime | None = None
    cron: tuple[str, ...] = ()
    _first: date | None = field(default=None, init=False, repr=False, compare=False)
    _cron: _CronSpec | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind == "rule":
            if self.anchor is None or self.time_of_day is None or self.unit is None:
                raise ValueError("a rule needs unit, time_of_day and anchor")
            first = _first_rule_date(self)
            object.__setattr__(self, "_first", first)
        elif self.kind == "cron":
            object.__setattr__(self, "_cron", _compile_cron(self.cron))
        elif self.at is None:
            raise ValueError("a one-off needs `at`")

    def describe(self) -> str:
        """A sentence for confirmations and listings, in the reader's language, e.g.
        "every Monday at 08:00" / "cada lunes a las 08:00"."""
        if self.kind == "once":
            assert self.at is not None
            sentence = _(
                "once, on {date} at {time}",
                date=date_text(self.at, "long"),
                time=time_text(self.at),
            )
        elif self.kind == "cron":
            sentence = _('on the cron schedule "{cron}"', cron=" ".join(self.cron))
        else:
            sentence = _describe_rule(self)
        if self.tz:
            return _("{schedule} ({zone} time)", schedule=sentence, zone=self.tz)
        return sentence


# ---------------------------------------------------------------------------------------------
# Times of day and durations


_TIME_PATTERN = r"noon|midnight|\d{1,2}(?:[:.]\d{2})?(?:\s*(?:am|pm|a\.m\.|p\.m\.))?"
_TIME_RE = re.compile(
    r"(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>am|pm|a\.m\.|p\.m\.)?", re.ASCII
)


def fold(text: str) -> str:
    """Lower case without accents ("Miércoles" -> "miercoles", "mañana" -> "manana"): people
    type Spanish with and without them, and the grammar reads both the same."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped)


_SPANISH_CLOCK_WORDS = {"mediodia": "noon", "medianoche": "midnight"}
_SPANISH_TIME_RE = re.compile(
    r"(?P<t>\d{1,2}(?:[:.]\d{2})?)\s*"
    r"(?:de\s+la\s+(?P<part>manana|madrugada|tarde|noche)\b|(?P<ap>[ap])\.\s?m\.)"
    r"|(?P<t2>\d{1,2}[:.]\d{2})\s*(?:h|hs|hrs)\b",
    re.ASCII,
)


def _spanish_clock(word: str) -> str:
    """ "8 de la mañana" -> "8am", "15:30 h" -> "15:30", "8 p. m." -> "8pm" (already folded)."""
    word = _SPANISH_CLOCK_WORDS.get(word, word)

    def english(match: re.Match[str]) -> str:
        if match["t2"]:
            return match["t2"]
        if match["ap"]:
            return f"{match['t']}{match['ap']}m"
        return match["t"] + ("am" if match["part"] in ("manana", "madrugada") else "pm")

    return _SPANISH_TIME_RE.sub(english, word)


def parse_time_of_day(text: str) -> time:
    """Read one time of day ("8", "08:30", "8.30", "8am", "noon", "mediodía", "8 de la
    tarde"); the caller isolated it.

    The one time-of-day parser: `when:` and quiet hours here, and every TIME option
    (bot.grammar.values), read a time the same way.
    """
    shown = text.strip()
    word = _spanish_clock(" ".join(fold(shown).split()))
    if word == "noon":
        return time(12, 0)
    if word == "midnight":
        return time(0, 0)
    match = _TIME_RE.fullmatch(word)
    if match is None:
        raise RecurrenceError(
            _(
                '"{text}" is not a time of day; use {examples}.',
                text=shown,
                examples=_(TIME_EXAMPLES),
            )
        )
    hour, minute = int(match["h"]), int(match["m"] or 0)
    meridiem = (match["ap"] or "").replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            raise RecurrenceError(
                _('"{text}" is not a time of day: with am/pm use hours 1-12.', text=shown)
            )
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        raise RecurrenceError(
            _(
                '"{text}" is not a time of day: hours go 0-23 and minutes 0-59; use {examples}.',
                text=shown,
                examples=_(TIME_EXAMPLES),
            )
        )
    return time(hour, minute)


_DURATION_UNITS: dict[str, timedelta] = {}
for _words, _unit in (
    (("m", "min", "mins", "minute", "minutes", "minuto", "minutos"), timedelta(minutes=1)),
    (("h", "hr", "hrs", "hour", "hours", "hs", "hora", "horas"), timedelta(hours=1)),
    (("d", "day", "days", "dia", "dias"), timedelta(days=1)),
    (("w", "wk", "wks", "week", "weeks", "sem", "semana", "semanas"), timedelta(weeks=1)),
):
    for _word in _words:
        _DURATION_UNITS[_word] = _unit
_DURATION_PART = r"(\d{1,7})\s*(" + "|".join(sorted(_DURATION_UNITS, key=len, reverse=True)) + ")"
_DURATION_RE = re.compile(
    rf"{_DURATION_PART}(?:(?:\s*,\s*|\s+(?:and|y)\s+|\s*){_DURATION_PART})*", re.ASCII
)
_DURATION_PART_RE = re.compile(_DURATION_PART, re.ASCII)


def parse_duration(text: str) -> timedelta:
    """Read "30m", "2h", "3d", "1w", "90 minutes", "2 days", "1h30m", "2 semanas", "3 días",
    "1 hora y 30 minutos" (for snooze and since:).

    A unit is required: a bare "30" could be minutes or days, and guessing wrong is worse
    than asking.
    """
    shown = text.strip()
    cleaned = " ".join(fold(shown).split())
    if not _DURATION_RE.fullmatch(cleaned):
        raise RecurrenceError(
            _('"{text}" is not a duration. {examples}', text=shown, examples=_(DURATION_EXAMPLES))
        )
    total = timedelta()
    for amount, unit in _DURATION_PART_RE.findall(cleaned):
        total += int(amount) * _DURATION_UNITS[unit]
        if total > MAX_DURATION:
            raise RecurrenceError(_('"{text}" is too long: the most is 10 years.', text=shown))
    if total <= timedelta():
        raise RecurrenceError(
            _('"{text}" is zero; a duration must be longer than that.', text=shown)
        )
    return total


_QUIET_RE = re.compile(r"(?P<start>.+?)\s*(?:-|–|—|\bto\b)\s*(?P<end>.+)", re.ASCII)


def parse_quiet_hours(text: str) -> tuple[time, time]:
    """Read "21:00-07:00" (may wrap midnight) into (start, end) wall-clock times."""
    match = _QUIET_RE.fullmatch(" ".join(text.strip().lower().split()))
    if match is None:
        raise RecurrenceError(
            _(
                '"{text}" is not a quiet-hours range; write start-end, e.g. "21:00-07:00".',
                text=text.strip(),
            )
        )
    start, end = parse_time_of_day(match["start"]), parse_time_of_day(match["end"])
    if start == end:
        raise RecurrenceError(
            _(
                'Quiet hours "{text}" start and end at the same time; '
                'write a range such as "21:00-07:00".',
                text=text.strip(),
            )
        )
    return start, end


# ---------------------------------------------------------------------------------------------
# Wall clock to instant


def _resolve(naive: datetime, zone: tzinfo) -> datetime:
    """Turn a wall-clock time into an aware UTC instant, per the DST policy above.

    zoneinfo gives a gap time the pre-transition offset at fold=0 and the post-transition one
    at fold=1, so a smaller fold=0 offset means the wall time does not exist; the first valid
    instant after the gap is the transition itself, found by bisection (gaps are rare).
    """
    off0 = naive.replace(tzinfo=zone).utcoffset()
    off1 = naive.replace(tzinfo=zone, fold=1).utcoffset()
    assert off0 is not None and off1 is not None
    if off0 >= off1:
        return (naive - off0).replace(tzinfo=UTC)
    low = naive - off1  # before the transition
    lo_s, hi_s = 0, int((off1 - off0).total_seconds())
    while lo_s < hi_s:
        mid = (lo_s + hi_s) // 2
        probe = (low + timedelta(seconds=mid)).replace(tzinfo=UTC)
        if probe.astimezone(zone).utcoffset() == off1:
            hi_s = mid
        else:
            lo_s = mid + 1
    return (low + timedelta(seconds=lo_s)).replace(tzinfo=UTC)


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


# ---------------------------------------------------------------------------------------------
# Time zones


@lru_cache(maxsize=512)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _lookup_zone(name: str) -> str:
    """The canonical spelling of a tz: name (bot.time.zones looks it up), or a RecurrenceError."""
    canonical = canonical_zone(name)
    if canonical is None:
        raise RecurrenceError(
            _(
                'I don\'t know the time zone "{name}"; use a name like tz:America/Chicago, '
                "tz:Europe/London or tz:UTC.",
                name=name,
            )
        )
    return canonical


_TZ_RE = re.compile(r"(?:^|\s)tz:\s*(\S*)", re.IGNORECASE)


def _extract_tz(text: str) -> tuple[str, str | None]:
    found = _TZ_RE.findall(text)
    if not found:
        return text, None
    if len(found) > 1:
        raise RecurrenceError(_("Give at most one tz:, e.g. every monday 8:00 tz:America/Chicago."))
    if not found[0]:
        raise RecurrenceError(_("tz: needs a zone name, e.g. tz:America/Chicago."))
    return _TZ_RE.sub(" ", text), _lookup_zone(found[0])


# ---------------------------------------------------------------------------------------------
# Spanish: read into the English grammar's words


# Spanish words and phrases are rewritten into the English grammar's own ("cada lunes a las
# 8" -> "every monday at 8"), so both languages parse to the same Recurrence and are stored
# as the same canonical (English) text. The text is folded (lower case, no accents) first.
_ES_DAYS = {
    "lunes": "monday",
    "martes": "tuesday",
    "miercoles": "wednesday",
    "jueves": "thursday",
    "viernes": "friday",
    "sabado": "saturday",
    "sabados": "saturday",
    "domingo": "sunday",
    "domingos": "sunday",
    "lun": "mon",
    "mie": "wed",
    "mier": "wed",
    "jue": "thu",
    "vie": "fri",
    "sab": "sat",
    "dom": "sun",
}
_ES_NUMBERS = {
    "un": "1",
    "una": "1",
    "uno": "1",
    "dos": "2",
    "tres": "3",
    "cuatro": "4",
    "cinco": "5",
    "seis": "6",
    "siete": "7",
    "ocho": "8",
    "nueve": "9",
    "diez": "10",
    "once": "11",
    "doce": "12",
}
_ES_WORDS = {
    **_ES_DAYS,
    "cada": "every",
    "dia": "day",
    "dias": "days",
    "semana": "week",
    "semanas": "weeks",
    "mes": "month",
    "meses": "months",
    "hora": "hour",
    "horas": "hours",
    "minuto": "minute",
    "minutos": "minutes",
    "hoy": "today",
    "manana": "tomorrow",
    "y": "and",
    "este": "this",
    "esta": "this",
    "proximo": "next",
    "proxima": "next",
    "el": "on",
    "los": "on",
    "las": "on",
    "mediodia": "noon",
    "medianoche": "midnight",
}
_ES_MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _month_numbers(names: tuple[str, ...], **more: int) -> dict[str, int]:
    """Each month's name and its three-letter short form to its number, and `more`."""
    numbers = {short: n for n, name in enumerate(names, 1) for short in (name, name[:3])}
    return {**numbers, **more}


_MONTHS = _month_numbers(_MONTH_NAMES, sept=9)
_ES_MONTH_WORDS = _month_numbers(_ES_MONTHS, setiembre=9, sept=9, set=9)
_ES_DAY_WORD = "|".join(sorted({*_ES_DAYS, "mar"}, key=len, reverse=True))
_ES_MONTH_WORD = "|".join(sorted(_ES_MONTH_WORDS, key=len, reverse=True))

_ES_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.ASCII), replacement)
    for pattern, replacement in (
        # "1 hora y media", "media hora"; "8 y media", "8 y cuarto" (a time of day)
        (r"\b(\d{1,7}) (horas?) y media\b", r"\1 \2 and 30 minutes"),
        (r"\b(\d{1,7}) (horas?) y cuarto\b", r"\1 \2 and 15 minutes"),
        (r"\bmedia hora\b", "30 minutes"),
        (r"\b(\d{1,2}) y media\b", r"\1:30"),
        (r"\b(\d{1,2}) y cuarto\b", r"\1:15"),
        # Every day from Monday to Friday, and the weekend
        (r"\bcada dia (?:laborable|habil|de semana|entre semana)\b", "every weekday"),
        (r"\btodos los dias (?:laborables|habiles|de semana|entre semana)\b", "every weekday"),
        (r"\b(?:los )?dias? (?:laborables?|habiles?|de semana|entre semana)\b", "weekday"),
        (r"\b(?:de )?lunes a viernes\b", "weekday"),
        (r"\b(?:laborables?|entre semana)\b", "weekday"),
        (r"\b(?:el |los )?fin(?:es)? de semana\b", "weekend"),
        (r"^(?:a diario|diariamente|diario)\b", "every day"),
        (r"^(?:todos los|todas las|los|las) ", "every "),
        # "el día 1 de cada mes", "el 15 de cada 2 meses"
        (r"^(?:el )?(?:dia )?(\d{1,3}) de cada mes\b", r"every month on day \1"),
        (r"^(?:el )?(?:dia )?(\d{1,3}) de cada (\d{1,4}) meses\b", r"every \2 months on day \1"),
        # Noon, midnight and "a las 8"
        (r"\b(?:a|al) mediodia\b", "at noon"),
        (r"\ba (?:la )?medianoche\b", "at midnight"),
        (r"\ba las?\b", "at"),
        # "en 3 días", "dentro de 2 horas"
        (r"^(?:en|dentro de) ", "in "),
        # "el próximo lunes", "el lunes que viene"
        (r"\b(?:el |la )?(?:proximo|proxima) ", "next "),
        (rf"\b(?:el )?({_ES_DAY_WORD}) que viene\b", r"next \1"),
        # "el día 15", "el 15" (a day of the month; "el 5 de diciembre" was a date before)
        (r"\bel (?:dia )?(\d{1,3})\b", r"on day \1"),
        # "mar" is Tuesday in a list of days or after "cada"; else it may be March ("mar 5")
        (r"(?:(?<=,)|(?<=cada )|(?<=every )|(?<=and )|(?<=y )|(?<=el )|(?<=los ))mar\b", "tue"),
        (r"\bmar(?=,| and\b| y\b)", "tue"),
    )
)
_ES_DATE_RE = re.compile(
    rf"\b(?:el )?(?:dia )?(?P<d>\d{{1,2}}) de (?P<m>{_ES_MONTH_WORD})\b\.?"
    r"(?: (?:de |del )?(?P<y>\d{4}))?",
    re.ASCII,
)
_ES_NUMBER_RE = re.compile(r"\b(?:" + "|".join(_ES_NUMBERS) + r")\b", re.ASCII)
_ES_WORD_RE = re.compile(r"\b[a-z]+\b", re.ASCII)
_WEEKS_WITHOUT_ON_RE = re.compile(r"\b(weeks?) (?!on\b|at\b)(?=[a-z])", re.ASCII)
_EVERY_TWO_DAYS_RE = re.compile(
    r"\bevery 2 (?=(?:" + "|".join(sorted(_DAY_ALIASES, key=len, reverse=True)) + r"|weekday)s?\b)",
    re.ASCII,
)


def _es_date(match: re.Match[str]) -> str:
    month = _MONTH_NAMES[_ES_MONTH_WORDS[match["m"]] - 1]
    year = f" {match['y']}" if match["y"] else ""
    return f"on {match['d']} {month}{year}"


def _from_spanish(body: str) -> str:
    """The English grammar's words for a folded Spanish (or English) body; English words are
    left as they are, so a text in either language, or a mix, reads the same."""
    text = _spanish_clock(body)
    text = _ES_NUMBER_RE.sub(lambda m: _ES_NUMBERS[m[0]], text)
    text = _ES_DATE_RE.sub(_es_date, text)
    for pattern, replacement in _ES_REWRITES:
        text = pattern.sub(replacement, text)
    text = _ES_WORD_RE.sub(lambda m: _ES_WORDS.get(m[0], m[0]), text)
    text = _WEEKS_WITHOUT_ON_RE.sub(r"\1 on ", text)
    text = _EVERY_TWO_DAYS_RE.sub("every other ", text)
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Parsing


@dataclass(frozen=True)
class _Context:
    """What relative words are read against; `now` is None when rebuilding stored text."""

    now: datetime | None
    zone: tzinfo
    tz: str | None
    anchor: datetime | None  # naive wall clock, to the minute
    shown: str = ""  # the person's text, for messages quoting it

    def local_now(self) -> datetime:
        assert self.now is not None
        return self.now.astimezone(self.zone).replace(tzinfo=None)


_TRAILING_TIME_RE = re.compile(rf"(?P<body>.*?)(?:\s+at)?\s+(?P<time>{_TIME_PATTERN})", re.ASCII)
_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_MONTH_DATE_RE = re.compile(
    r"(?:on\s+)?(?:the\s+)?(?:(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>[a-z]+)\.?"
    r"|(?P<m2>[a-z]+)\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?)(?:,?\s*(?P<y>\d{4}))?",
    re.ASCII,
)
_ISO_T_RE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})t(\d)", re.ASCII)
_N = r"(?:(?P<n>\d{1,4}|other)\s+)?"
_EVERY_DAYS_RE = re.compile(rf"every\s+{_N}days?", re.ASCII)
_EVERY_WEEKS_ON_RE = re.compile(rf"every\s+{_N}weeks?\s+on\s+(?P<days>.+)", re.ASCII)
_EVERY_WEEKS_RE = re.compile(rf"every\s+{_N}weeks?", re.ASCII)
_EVERY_MONTHS_ON_RE = re.compile(
    rf"every\s+{_N}months?\s+on\s+(?:the\s+)?(?:day\s+(?P<d1>\d{{1,3}})(?:st|nd|rd|th)?"
    r"|(?P<d2>\d{1,3})(?:st|nd|rd|th))",
    re.ASCII,
)
_EVERY_MONTHS_RE = re.compile(rf"every\s+{_N}months?(?P<on>\s+on\b.*)?", re.ASCII)
_EVERY_LIST_RE = re.compile(r"every\s+(?:(?P<other>other)\s+)?(?P<days>.+)", re.ASCII)
_WEEKDAY_MOMENT_RE = re.compile(r"(?:next\s+|on\s+|this\s+)?(?P<day>[a-z]+)", re.ASCII)
_NOT_DAY_WORDS = frozenset(
    {"day", "days", "week", "weeks", "month", "months", "on", "the", "at", "year", "years"}
)


def parse_recurrence(text: str, *, now: datetime) -> Recurrence:
    """Parse a user's schedule, in English or Spanish; relative words are read in `now`'s
    zone, or in its tz:."""
    _require_aware(now, "now")
    rest, tz = _extract_tz(text)
    zone = _zone(tz) if tz else now.tzinfo
    assert zone is not None
    anchor = now.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    ctx = _Context(now=now, zone=zone, tz=tz, anchor=anchor, shown=" ".join(text.split()))
    return _parse_guarded(rest, ctx, text)


def _parse_guarded(text: str, ctx: _Context, original: str) -> Recurrence:
    try:
        return _parse(text, ctx, original=original)
    except OverflowError:
        raise RecurrenceError(
            _(
                "That date is outside the calendar I can schedule on; pick one between years 1 "
                "and 9999."
            )
        ) from None


def _normalise(text: str) -> str:
    cleaned = fold(text.strip().strip("\"'`"))
    cleaned = " ".join(cleaned.split())
    cleaned = re.sub(r"\s*,\s*", ",", cleaned)
    return _ISO_T_RE.sub(r"\1 \2", cleaned)


def _parse(text: str, ctx: _Context, *, original: str) -> Recurrence:
    body = _normalise(text)
    if not body:
        raise RecurrenceError(_("Say when. {examples}", examples=_(EXAMPLES)))
    if body == "cron" or body.startswith("cron "):
        return _parse_cron(body[4:], ctx)
    body = _from_spanish(body)
    if body.startswith("in "):
        return _parse_in(body[3:], ctx)
    time_error: RecurrenceError | None = None
    match = _TRAILING_TIME_RE.fullmatch(body)
    if match:
        try:
            clock = parse_time_of_day(match["time"])
        except RecurrenceError as exc:
            time_error = exc
        else:
            parsed = _parse_body(match["body"], clock, ctx)
            if parsed is not None:
                return parsed
    # Either no time at the end, or the "time" was really part of the body ("on day 15").
    parsed = _parse_body(body, None, ctx)
    if parsed is not None:
        return parsed
    if time_error is not None:
        raise time_error
    shown = " ".join(original.split())
    raise RecurrenceError(
        _('I can\'t read "{text}" as a time. {examples}', text=shown, examples=_(EXAMPLES))
    )


# Examples for a schedule that lacks its time of day, by what it was.
_TIME_MISSING = {
    "today": N_("today 8am"),
    "tomorrow": N_("tomorrow 8am"),
    "weekday": N_("friday 9:00"),
    "date": N_("december 5 9:00"),
    "day": N_("every day 7:30"),
    "week": N_("every 2 weeks on friday 14:00"),
    "month": N_("every month on day 1 9:00"),
    "list": N_("every monday 8:00"),
}


def _missing_time(what: str) -> RecurrenceError:
    return RecurrenceError(_("Add a time of day, e.g. {example}.", example=_(_TIME_MISSING[what])))


def _needs_now(ctx: _Context) -> None:
    if ctx.now is None:
        raise RecurrenceError(_("A stored one-off time must be a date and a time."))


def _parse_body(body: str, clock: time | None, ctx: _Context) -> Recurrence | None:
    """Parse everything before the time; None means "not this shape" so the caller can retry."""
    if match := _DATE_RE.fullmatch(body):
        return _parse_date_moment(match, clock, ctx)
    if body in ("today", "tomorrow"):
        if clock is None:
            raise _missing_time(body)
        _needs_now(ctx)
        day = ctx.local_now().date() + timedelta(days=1 if body == "tomorrow" else 0)
        return _moment(datetime.combine(day, clock), ctx)
    if body.startswith("every"):
        return _parse_rule(body, clock, ctx)
    if (match := _WEEKDAY_MOMENT_RE.fullmatch(body)) and match["day"] in _DAY_ALIASES:
        weekday = _DAY_ALIASES[match["day"]]
        if clock is None:
            raise _missing_time("weekday")
        _needs_now(ctx)
        local = ctx.local_now()
        day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
        if datetime.combine(day, clock) <= local:
            day += timedelta(days=7)
        return _moment(datetime.combine(day, clock), ctx)
    if (match := _MONTH_DATE_RE.fullmatch(body)) and (match["m1"] or match["m2"]) in _MONTHS:
        return _parse_month_date(match, clock, ctx)
    if _quiet_days(body):
        # "monday and wednesday 8:00", "lunes y miércoles 8:00": a list of days can only
        # be a weekly rule (one day alone is the next such day, above).
        return _parse_rule(f"every {body}", clock, ctx)
    return None


def _quiet_days(text: str) -> bool:
    """Whether `text` is a list of two or more days ("mon,wed", "weekday"), raising nothing."""
    try:
        days = _parse_days(text)
    except RecurrenceError:
        return False
    return days is not None and len(days) > 1


def _parse_date_moment(match: re.Match[str], clock: time | None, ctx: _Context) -> Recurrence:
    year, month, day = (int(part) for part in match.groups())
    try:
        when = date(year, month, day)
    except ValueError:
        raise RecurrenceError(
            _(
                "{date} is not a date on the calendar; write year-month-day, "
                "e.g. 2026-12-01 15:30.",
                date=f"{year:04d}-{month:02d}-{day:02d}",
            )
        ) from None
    return _moment(datetime.combine(when, clock or DATE_ONLY_TIME), ctx)


def _parse_month_date(match: re.Match[str], clock: time | None, ctx: _Context) -> Recurrence:
    """ "december 5", "5 december 2026", "el 5 de diciembre": without a year, the next one."""
    month = _MONTHS[match["m1"] or match["m2"]]
    day = int(match["d1"] or match["d2"])
    at = clock or DATE_ONLY_TIME
    if match["y"]:
        year = int(match["y"])
    else:
        _needs_now(ctx)
        local = ctx.local_now()
        year = local.year
        try:
            if datetime.combine(date(year, month, day), at) <= local:
                year += 1
        except ValueError:
            pass  # not a date this year; said below
    try:
        when = date(year, month, day)
    except ValueError:
        raise RecurrenceError(
            _(
                "{date} is not a date on the calendar; write year-month-day, "
                "e.g. 2026-12-01 15:30.",
                date=f"{year:04d}-{month:02d}-{day:02d}",
            )
        ) from None
    return _moment(datetime.combine(when, at), ctx)


def _parse_in(rest: str, ctx: _Context) -> Recurrence:
    shown = ctx.shown or f"in {rest}"
    if not _DURATION_RE.fullmatch(rest):
        raise RecurrenceError(
            _(
                '"{text}" needs an amount and a unit, e.g. in 30 minutes, in 2 hours, in 3 days.',
                text=shown,
            )
        )
    delta = parse_duration(rest)
    units = [_DURATION_UNITS[unit] for _unused, unit in _DURATION_PART_RE.findall(rest)]
    if ctx.now is None:
        raise RecurrenceError(_("A stored one-off time must be a date and a time."))
    try:
        if min(units) < timedelta(days=1):
            # Hours and minutes are elapsed time: "in 2 hours" across a DST change is 2 hours.
            local = (ctx.now.astimezone(UTC) + delta).astimezone(ctx.zone).replace(tzinfo=None)
        else:
            # Whole days keep the wall clock: "in 3 days" at 10:00 is 10:00 three days on.
            local = ctx.local_now() + delta
    except OverflowError:
        raise RecurrenceError(_('"{text}" is too far in the future.', text=shown)) from None
    return _moment(local.replace(second=0, microsecond=0), ctx)


def _moment(local: datetime, ctx: _Context) -> Recurrence:
    local = local.replace(second=0, microsecond=0)
    if ctx.now is not None and (problem := out_of_range(local.date())):
        raise RecurrenceError(problem)
    if ctx.now is not None and _resolve(local, ctx.zone) <= ctx.now:
        raise RecurrenceError(
            _(
                "That time ({when}) has already passed; give a time in the future.",
                when=f"{local:%Y-%m-%d %H:%M}",
            )
        )
    text = _with_tz(f"{local:%Y-%m-%d %H:%M}", ctx.tz)
    return Recurrence(kind="once", text=text, tz=ctx.tz, at=local)


def _interval(raw: str | None) -> int:
    if raw is None:
        return 1
    if raw == "other":
        return 2
    value = int(raw)
    if not 1 <= value <= MAX_INTERVAL:
        raise RecurrenceError(
            _(
                "The interval must be between 1 and {most}; got {value}.",
                most=MAX_INTERVAL,
                value=value,
            )
        )
    return value


def _parse_days(text: str) -> tuple[int, ...] | None:
    """Read "monday", "mon,wed", "monday and friday", "weekday"; None if not a day list."""
    tokens = [tok for tok in re.split(r"[,&\s]+|\band\b", text) if tok]
    if not tokens:
        return None
    days: set[int] = set()
    for token in tokens:
        if token in _NOT_DAY_WORDS or token[0].isdigit():
            return None
        if token in ("weekday", "weekdays"):
            days.update(_WEEKDAYS)
            continue
        if token in ("weekend", "weekends"):
            days.update(_WEEKEND)
            continue
        name = token[:-1] if token.endswith("s") and token[:-1] in _DAY_ALIASES else token
        if name not in _DAY_ALIASES:
            raise RecurrenceError(
                _(
                    'I don\'t know the day "{day}"; use monday..sunday or mon..sun, '
                    "e.g. every mon,wed 8:00.",
                    day=token,
                )
            )
        days.add(_DAY_ALIASES[name])
    return tuple(sorted(days))


def _parse_rule(body: str, clock: time | None, ctx: _Context) -> Recurrence | None:
    unit: Unit
    day_of_month: int | None = None
    weekdays: tuple[int, ...] = ()
    if match := _EVERY_DAYS_RE.fullmatch(body):
        unit, interval, example = "day", _interval(match["n"]), "day"
    elif match := _EVERY_WEEKS_ON_RE.fullmatch(body):
        days = _parse_days(match["days"])
        if days is None:
            return None
        unit, interval, weekdays = "week", _interval(match["n"]), days
        example = "week"
    elif _EVERY_WEEKS_RE.fullmatch(body):
        raise RecurrenceError(_("Say which day of the week, e.g. every 2 weeks on friday 14:00."))
    elif match := _EVERY_MONTHS_ON_RE.fullmatch(body):
        day_of_month = int(match["d1"] or match["d2"])
        if not 1 <= day_of_month <= 31:
            raise RecurrenceError(
                _(
                    "Day {day} is not a day of the month; use 1-31, "
                    "e.g. every month on day 1 9:00.",
                    day=day_of_month,
                )
            )
        unit, interval, example = "month", _interval(match["n"]), "month"
    elif match := _EVERY_MONTHS_RE.fullmatch(body):
        if match["on"] and clock is not None:
            return None  # maybe "every month on day 15" with 15 misread as a time; retry
        raise RecurrenceError(_("Say which day of the month, e.g. every month on day 1 9:00."))
    elif match := _EVERY_LIST_RE.fullmatch(body):
        days = _parse_days(match["days"])
        if days is None:
            return None
        unit, interval, weekdays = "week", _interval(match["other"]), days
        example = "list"
    else:
        return None
    if clock is None:
        raise _missing_time(example)
    if ctx.anchor is None:
        raise RecurrenceError(_("A stored rule must keep its anchor."))
    rec = Recurrence(
        kind="rule",
        text="",
        tz=ctx.tz,
        unit=unit,
        interval=interval,
        weekdays=weekdays,
        day_of_month=day_of_month,
        time_of_day=clock,
        anchor=ctx.anchor,
    )
    return replace(rec, text=_with_tz(_rule_text(rec), ctx.tz))


def _with_tz(text: str, tz: str | None) -> str:
    return f"{text} tz:{tz}" if tz else text


# The stored, canonical form: English, whatever language the schedule was typed in.
def _days_text(days: tuple[int, ...]) -> str:
    if days == _WEEKDAYS:
        return "weekday"
    if days == _WEEKEND:
        return "weekend"
    return ",".join(DAY_NAMES[d] for d in days)


def _rule_text(rec: Recurrence) -> str:
    assert rec.time_of_day is not None
    clock = f"{rec.time_of_day:%H:%M}"
    n = rec.interval
    if rec.unit == "day":
        return f"every day {clock}" if n == 1 else f"every {n} days {clock}"
    if rec.unit == "week":
        days = _days_text(rec.weekdays)
        return f"every {days} {clock}" if n == 1 else f"every {n} weeks on {days} {clock}"
    every = "every month" if n == 1 else f"every {n} months"
    return f"{every} on day {rec.day_of_month} {clock}"


def _day_names() -> tuple[str, ...]:
    """Monday to Sunday as the reader writes them in a sentence ("Monday" / "lunes")."""
    return (
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )


def _days_named_often() -> tuple[str, ...]:
    """The days as in "every 2 weeks on Friday": English keeps one day, Spanish says the
    habit in the plural ("cada 2 semanas, los viernes"; "los sábados")."""
    return (
        pgettext("weekday, habitual", "Monday"),
        pgettext("weekday, habitual", "Tuesday"),
        pgettext("weekday, habitual", "Wednesday"),
        pgettext("weekday, habitual", "Thursday"),
        pgettext("weekday, habitual", "Friday"),
        pgettext("weekday, habitual", "Saturday"),
        pgettext("weekday, habitual", "Sunday"),
    )


def _day_list(days: tuple[int, ...], *, habitual: bool = False) -> str:
    table = _days_named_often() if habitual else _day_names()
    names = [table[d] for d in days]
    if len(names) == 1:
        return names[0]
    return _("{first} and {last}", first=", ".join(names[:-1]), last=names[-1])


def _describe_rule(rec: Recurrence) -> str:
    """The rule in the reader's words (never the stored text, which is English)."""
    assert rec.time_of_day is not None
    clock = time_text(rec.time_of_day)
    n = rec.interval
    if rec.unit == "day":
        return ngettext("every day at {time}", "every {n} days at {time}", n, time=clock)
    if rec.unit == "week":
        if rec.weekdays == _WEEKDAYS:
            return ngettext(
                "every weekday at {time}", "every {n} weeks on weekday at {time}", n, time=clock
            )
        return ngettext(
            "every {days} at {time}",
            "every {n} weeks on {days} at {time}",
            n,
            days=_day_list(rec.weekdays, habitual=n > 1),
            time=clock,
        )
    sentence = ngettext(
        "every month on day {day} at {time}",
        "every {n} months on day {day} at {time}",
        n,
        day=rec.day_of_month,
        time=clock,
    )
    if rec.day_of_month and rec.day_of_month > 28:
        sentence = _(
            "{schedule} (skipping months without a day {day})",
            schedule=sentence,
            day=rec.day_of_month,
        )
    return sentence


# ---------------------------------------------------------------------------------------------
# Cron


_MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CRON_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day-of-month", 1, 31, {}),
    ("month", 1, 12, {name: i + 1 for i, name in enumerate(_MONTH_ABBR)}),
    ("day-of-week", 0, 7, {"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}),
)
_CRON_USAGE = N_(
    "A cron line has 5 fields: minute hour day-of-month month day-of-week, "
    "e.g. cron 0 8 * * 1 (08:00 every Monday)."
)


def _cron_field_name(index: int) -> str:
    """A cron field's name in the reader's language, for messages about it."""
    return (
        pgettext("cron field", "minute"),
        pgettext("cron field", "hour"),
        pgettext("cron field", "day-of-month"),
        pgettext("cron field", "month"),
        pgettext("cron field", "day-of-week"),
    )[index]


_CRON_PART_RE = re.compile(
    r"(?:(?P<star>\*)|(?P<a>[a-z0-9]+)(?:-(?P<b>[a-z0-9]+))?)(?:/(?P<step>\d{1,2}))?", re.ASCII
)


def _cron_value(raw: str, index: int, low: int, high: int, names: dict[str, int]) -> int:
    if raw in names:
        return names[raw]
    if not re.fullmatch(r"\d{1,2}", raw, re.ASCII) or not low <= int(raw) <= high:
        raise RecurrenceError(
            _(
                'The cron {field} field has "{value}"; use {low}-{high}. {usage}',
                field=_cron_field_name(index),
                value=raw,
                low=low,
                high=high,
                usage=_(_CRON_USAGE),
            )
        )
    return int(raw)


def _cron_field(raw: str, index: int) -> set[int]:
    _name, low, high, names = _CRON_FIELDS[index]
    name = _cron_field_name(index)
    values: set[int] = set()
    for part in raw.split(","):
        match = _CRON_PART_RE.fullmatch(part)
        if match is None:
            raise RecurrenceError(
                _(
                    'The cron {field} field "{value}" is not valid. {usage}',
                    field=name,
                    value=raw,
                    usage=_(_CRON_USAGE),
                )
            )
        step = int(match["step"]) if match["step"] else 1
        if not 1 <= step <= high:
            raise RecurrenceError(
                _(
                    'The cron {field} field "{value}" has a step out of range.',
                    field=name,
                    value=raw,
                )
            )
        if match["star"]:
            start, stop = low, high
        else:
            start = _cron_value(match["a"], index, low, high, names)
            stop = _cron_value(match["b"], index, low, high, names) if match["b"] else start
            if match["step"] and not match["b"]:
                stop = high  # "5/15" means from 5 to the end in steps of 15
            if stop < start:
                raise RecurrenceError(
                    _(
                        'The cron {field} field "{value}" has a range that runs backwards.',
                        field=name,
                        value=raw,
                    )
                )
        values.update(range(start, stop + 1, step))
    if index == 4 and 7 in values:
        values.discard(7)
        values.add(0)  # both 0 and 7 are Sunday
    return values


@lru_cache(maxsize=4096)
def _compile_cron(fields: tuple[str, ...]) -> _CronSpec:
    if len(fields) != 5:
        raise RecurrenceError(_(_CRON_USAGE))
    minutes, hours, doms, months, dows = (_cron_field(raw, i) for i, raw in enumerate(fields))
    spec = _CronSpec(
        minutes_of_day=tuple(sorted(h * 60 + m for h in hours for m in minutes)),
        days_of_month=frozenset(doms),
        months=frozenset(months),
        days_of_week=frozenset(dows),
        dom_any=fields[2].startswith("*"),
        dow_any=fields[4].startswith("*"),
    )
    if spec.dow_any and not any(d <= calendar.monthrange(2024, m)[1] for m in months for d in doms):
        raise RecurrenceError(
            _(
                'The cron line "{cron}" never happens: no month has that day.',
                cron=" ".join(fields),
            )
        )
    return spec


def _parse_cron(rest: str, ctx: _Context) -> Recurrence:
    fields = tuple(rest.split())
    _compile_cron(fields)
    text = _with_tz("cron " + " ".join(fields), ctx.tz)
    return Recurrence(kind="cron", text=text, tz=ctx.tz, cron=fields)


# ---------------------------------------------------------------------------------------------
# Stored form


_ANCHOR_RE = re.compile(r"\s+anchor:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})\s*$")


def recurrence_to_text(rec: Recurrence) -> str:
    """One string the database can keep: canonical text, plus the anchor for rules."""
    if rec.kind == "rule":
        assert rec.anchor is not None
        return f"{rec.text} anchor:{rec.anchor:%Y-%m-%dT%H:%M}"
    return rec.text


PARSED_TEXTS = 4096  # stored recurrences kept parsed; a few hundred bytes each


@lru_cache(maxsize=PARSED_TEXTS)
def recurrence_from_text(text: str) -> Recurrence:
    """Rebuild what `recurrence_to_text` stored; needs no `now` and accepts past one-offs.

    Parsed once per text: the scheduling engine plans every step of every schedule (each
    next occurrence, each missed one after an outage, each preview) from the stored text,
    and a `Recurrence` is immutable, so the same text returns the same object from a
    bounded cache instead of being parsed again. A text that fails is not cached; it
    raises the same RecurrenceError every time.
    """
    anchor: datetime | None = None
    if match := _ANCHOR_RE.search(text):
        try:
            anchor = datetime.fromisoformat(match[1])
        except ValueError:
            raise RecurrenceError(
                _('The stored anchor "{anchor}" is not a date.', anchor=match[1])
            ) from None
        text = text[: match.start()]
    rest, tz = _extract_tz(text)
    zone: tzinfo = _zone(tz) if tz else UTC
    return _parse_guarded(rest, _Context(now=None, zone=zone, tz=tz, anchor=anchor), text)


# ---------------------------------------------------------------------------------------------
# Occurrences


def next_occurrence(rec: Recurrence, after: datetime, zone: ZoneInfo) -> datetime | None:
    """The first occurrence strictly after `after`, as aware UTC; None when there is none.

    `zone` applies when the recurrence has no tz: of its own.
    """
    _require_aware(after, "after")
    tz = _zone(rec.tz) if rec.tz else zone
    try:
        if rec.kind == "once":
            assert rec.at is not None
            when = _resolve(rec.at, tz)
            return when if when > after else None
        if rec.kind == "rule":
            return _next_rule(rec, after, tz)
        return _next_cron(rec, after, tz)
    except OverflowError:
        return None


def next_occurrences(
    rec: Recurrence, after: datetime, zone: ZoneInfo, count: int = 3
) -> list[datetime]:
    """The next `count` occurrences, for previews ("next: Mon 08:00, Mon 08:00, ...")."""
    found: list[datetime] = []
    cursor = after
    while len(found) < count:
        nxt = next_occurrence(rec, cursor, zone)
        if nxt is None:
            break
        found.append(nxt)
        cursor = nxt
    return found


def _first_rule_date(rec: Recurrence) -> date:
    """The date of the first occurrence after the anchor; it fixes every rule's phase."""
    assert rec.anchor is not None and rec.time_of_day is not None
    start = rec.anchor.date()
    later_today = rec.time_of_day > rec.anchor.time()
    if rec.unit == "day":
        return start if later_today else start + timedelta(days=1)
    if rec.unit == "week":
        if not rec.weekdays:
            raise ValueError("a weekly rule needs weekdays")
        for offset in range(8):
            day = start + timedelta(days=offset)
            if day.weekday() in rec.weekdays and (offset or later_today):
                return day
        raise AssertionError("unreachable: every weekday recurs within 8 days")
    dom = rec.day_of_month
    if dom is None or not 1 <= dom <= 31:
        raise ValueError("a monthly rule needs day_of_month 1-31")
    index = start.year * 12 + start.month - 1
    for _month in range(24):
        year, month0 = divmod(index, 12)
        if dom <= calendar.monthrange(year, month0 + 1)[1]:
            day = date(year, month0 + 1, dom)
            if day > start or (day == start and later_today):
                return day
        index += 1
    raise AssertionError("unreachable: day 31 recurs within a year")


def _rule_dates(rec: Recurrence, start: date) -> Iterator[date]:
    """Candidate dates on or after `start` (itself not before the first date), in order."""
    first = rec._first
    assert first is not None
    n = rec.interval
    if rec.unit == "day":
        day = start + timedelta(days=-(start - first).days % n)
        step = timedelta(days=n)
        while True:
            yield day
            day += step
    elif rec.unit == "week":
        week0 = first - timedelta(days=first.weekday())
        day = start
        one = timedelta(days=1)
        while True:
            week = (day - week0).days // 7
            if week % n:
                day = week0 + timedelta(weeks=week + n - week % n)
                continue
            if day.weekday() in rec.weekdays:
                yield day
            day += one
    else:
        dom = rec.day_of_month
        assert dom is not None
        first_index = first.year * 12 + first.month - 1
        index = start.year * 12 + start.month - 1
        index += -(index - first_index) % n
        while True:
            year, month0 = divmod(index, 12)
            if dom <= calendar.monthrange(year, month0 + 1)[1]:
                day = date(year, month0 + 1, dom)
                if day >= start:
                    yield day
            index += n


def _next_rule(rec: Recurrence, after: datetime, zone: tzinfo) -> datetime | None:
    first = rec._first
    assert first is not None and rec.time_of_day is not None
    # Start a day early: a gap at midnight can push yesterday's wall time past `after`.
    start = max(after.astimezone(zone).date() - timedelta(days=1), first)
    clock = rec.time_of_day
    for tries, day in enumerate(_rule_dates(rec, start)):
        when = _resolve(datetime.combine(day, clock), zone)
        if when > after:
            return when
        if tries > _SEARCH_LIMIT:
            return None
    return None


def _next_cron(rec: Recurrence, after: datetime, zone: tzinfo) -> datetime | None:
    """Scan matching days; within a day, bisect, since resolved instants never decrease as
    the wall clock advances (gaps collapse to their end, folds take the first instant)."""
    spec = rec._cron
    assert spec is not None
    mods = spec.minutes_of_day
    # Start a day early: a gap at midnight can push yesterday's wall time past `after`.
    day = after.astimezone(zone).date() - timedelta(days=1)

    def at(day: date, index: int) -> datetime:
        hour, minute = divmod(mods[index], 60)
        return _resolve(datetime(day.year, day.month, day.day, hour, minute), zone)

    for _day in range(_SEARCH_LIMIT):
        if spec.matches(day) and at(day, len(mods) - 1) > after:
            low, high = 0, len(mods) - 1
            while low < high:
                mid = (low + high) // 2
                if at(day, mid) > after:
                    high = mid
                else:
                    low = mid + 1
            return at(day, low)
        day += timedelta(days=1)
    return None


# ---------------------------------------------------------------------------------------------
# Quiet hours


def hold_for_quiet_hours(
    when: datetime, zone: ZoneInfo, quiet: tuple[time, time] | None
) -> datetime:
    """Move a delivery that falls inside quiet hours to the moment they end (aware UTC).

    Quiet hours are local wall clock and may wrap midnight ("21:00-07:00").
    """
    _require_aware(when, "when")
    instant = when.astimezone(UTC)
    if quiet is None or quiet[0] == quiet[1]:
        return instant
    start, end = quiet
    local = when.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    if start < end:
        inside, end_day = start <= clock < end, local.date()
    elif clock >= start:
        inside, end_day = True, local.date() + timedelta(days=1)
    else:
        inside, end_day = clock < end, local.date()
    if not inside:
        return instant
    return max(_resolve(datetime.combine(end_day, end), zone), instant)
