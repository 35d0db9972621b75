"""iCalendar in and out, with the well-kept libraries rather than a parser of our own.

In: a district's published calendar (`icalendar` reads it, `recurring-ical-events` expands
its RRULEs, RDATEs and EXDATEs) becomes calendar entries. Districts name events freely, so
each whole-day event is sorted by the words in its title and categories: "Winter Break" is a
break, "Teacher Work Day - No School" a PD day, "State Testing Window" a testing window,
"First Day of School" and "Last Day of School" bound the school year; events that do not
change whether students are in school (an early release, a board meeting, anything at a
time of day) are skipped, and the reader says how many.

Out: a lesson-study cycle's phases as an RFC 5545 calendar people import into their own.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from bot.kernel.errors import UserError
from bot.kernel.i18n import _
from bot.time.calendar import MAX_RANGE_DAYS, EntryKind, Span

MAX_BYTES = 1_000_000
MAX_EVENTS = 5_000
PRODID = "-//Praxis//Lesson study//EN"

# Checked in this order: the first kind whose words appear wins ("No School - Teacher Work
# Day" is a PD day, not a closure).
_WORDS: tuple[tuple[EntryKind, re.Pattern[str]], ...] = (
    (
        EntryKind.PD,
        re.compile(
            r"professional\s+(?:development|learning)|\bp\.?d\.?\b|in-?\s?service|"
            r"teacher\s+(?:work\s*day|planning|institute|prep)|staff\s+development|"
            r"no\s+school\s+for\s+students|student\s+holiday",
        ),
    ),
    (
        EntryKind.TESTING,
        re.compile(
            r"\btesting\b|\bassessments?\b|\bexams?\b|\bstaar\b|\bsbac\b|\bcaaspp\b|\bparcc\b|"
            r"\bmcas\b|\bregents\b|\bstate\s+tests?\b|\bmap\s+growth\b|\bfinals\b",
        ),
    ),
    (EntryKind.BREAK, re.compile(r"\bbreak\b|\brecess\b|\bvacation\b|\bholidays\b")),
    (
        EntryKind.HOLIDAY,
        re.compile(
            r"\bholiday\b|labor\s+day|thanksgiving|martin\s+luther\s+king|\bmlk\b|"
            r"presidents'?\s+day|memorial\s+day|veterans'?\s+day|juneteenth|"
            r"independence\s+day|indigenous\s+peoples'?\s+day|columbus\s+day|"
            r"christmas|new\s+year|cesar\s+chavez|good\s+friday",
        ),
    ),
    (
        EntryKind.CLOSURE,
        re.compile(
            r"no\s+school|schools?\s+(?:are\s+)?closed|\bclosed\b|\bclosure\b|snow\s+day|"
            r"emergency\s+day|non-?\s?student\s+day",
        ),
    ),
)
_FIRST_DAY = re.compile(
    r"first\s+day\s+(?:of\s+(?:school|classes)|for\s+students)|school\s+(?:starts|begins)"
)
_LAST_DAY = re.compile(r"last\s+day\s+(?:of\s+(?:school|classes)|for\s+students)|school\s+ends")


@dataclass(frozen=True)
class ImportedSpan:
    span: Span
    source: str  # "ics:<uid>:<first day>": the same event imported twice is one entry


@dataclass
class IcsReading:
    spans: list[ImportedSpan] = field(default_factory=list)
    # Events (a repeating one counts once) that do not change school days: at a time of
    # day, or named for nothing that closes school.
    left_out: set[str] = field(default_factory=set)

    @property
    def skipped(self) -> int:
        return len(self.left_out)


def kind_of(title: str) -> EntryKind | None:
    """The entry kind an event's title (and categories) names, if any."""
    text = " ".join(title.lower().split())
    for kind, words in _WORDS:
        if words.search(text):
            return kind
    return None


def _text(component: icalendar.cal.Component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text_value(v) for v in value)
    return _text_value(value)


def _text_value(value: object) -> str:
    cats = getattr(value, "cats", None)
    if cats is not None:
        return " ".join(str(c) for c in cats)
    return str(value)


def _day_range(event: icalendar.cal.Component) -> tuple[date, date] | None:
    """The inclusive days of a whole-day event; None for an event at a time of day."""
    start = event.get("DTSTART")
    if start is None:
        return None
    first = start.dt
    if isinstance(first, datetime):
        return None
    end = event.get("DTEND")
    if end is not None:
        last = end.dt
        if isinstance(last, datetime):
            return None
        last = last - timedelta(days=1)  # DTEND of a date event is exclusive
    elif event.get("DURATION") is not None:
        last = first + event.get("DURATION").dt - timedelta(days=1)
    else:
        last = first
    return first, max(first, last)


def _parse(data: bytes) -> icalendar.Calendar:
    if len(data) > MAX_BYTES:
        raise UserError(
            _(
                "That file is {size} kB; a school calendar is at most {most} kB.",
                size=len(data) // 1000,
                most=MAX_BYTES // 1000,
            )
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise UserError(
            _(
                "That file is not an iCalendar (.ics) file I can read; export the district's "
                "calendar as .ics (iCalendar) and attach that."
            )
        ) from error
    if not isinstance(calendar, icalendar.Calendar) or calendar.name != "VCALENDAR":
        raise UserError(_("That file holds no VCALENDAR; attach the district's .ics file."))
    return calendar


def read_school_calendar(data: bytes, *, first: date, last: date) -> IcsReading:
    """The entries a district's .ics gives between `first` and `last` (recurring events are
    expanded in that window, their exceptions respected)."""
    calendar = _parse(data)
    try:
        events = list(
            recurring_ical_events.of(calendar, skip_bad_series=True).between(
                first, last + timedelta(days=1)
            )
        )
    except Exception as error:  # the library's own errors for broken rules
        raise UserError(
            _("That calendar has a repeating event I cannot expand; check the file's RRULEs.")
        ) from error
    if len(events) > MAX_EVENTS:
        raise UserError(
            _(
                "That calendar has over {most} events in the school year window.",
                most=MAX_EVENTS,
            )
        )
    reading = IcsReading()
    starts: list[tuple[date, str]] = []
    ends: list[tuple[date, str]] = []
    seen: set[str] = set()
    for event in events:
        title = " ".join(_text(event, "SUMMARY").split())
        words = f"{title} {_text(event, 'CATEGORIES')}".lower()
        uid = _text(event, "UID") or hashlib.blake2s(title.encode()).hexdigest()[:16]
        days = _day_range(event)
        if days is None:
            reading.left_out.add(uid)
            continue
        start, end = days
        source = f"ics:{uid[:240]}:{start.isoformat()}"
        if source in seen:
            continue
        seen.add(source)
        if _FIRST_DAY.search(words):
            starts.append((start, source))
            continue
        if _LAST_DAY.search(words):
            ends.append((end, source))
            continue
        kind = kind_of(words)
        if kind is None or (end - start).days >= MAX_RANGE_DAYS:
            reading.left_out.add(uid)
            continue
        name = title[:200] or kind.value
        reading.spans.append(ImportedSpan(Span(kind, start, end, name), source))
    reading.spans.extend(_years(starts, ends, reading))
    reading.spans.sort(key=lambda s: (s.span.start, s.span.end, s.span.name))
    return reading


def _years(
    starts: list[tuple[date, str]], ends: list[tuple[date, str]], reading: IcsReading
) -> list[ImportedSpan]:
    """Pair each first day of school with the next last day: the school years."""
    years: list[ImportedSpan] = []
    ends = sorted(ends)
    for start, source in sorted(starts):
        end = next((e for e in ends if e[0] > start), None)
        if end is None or (end[0] - start).days >= MAX_RANGE_DAYS:
            reading.left_out.add(source)
            continue
        ends.remove(end)
        # A name the bot gives the entry (stored), in the language of whoever imports it.
        name = _("School year {first}-{last}", first=start.year, last=str(end[0].year)[-2:])
        years.append(ImportedSpan(Span(EntryKind.YEAR, start, end[0], name), source))
    reading.left_out.update(source for _day, source in ends)
    return years


# ---------------------------------------------------------------------------------------------
# Out


@dataclass(frozen=True)
class PlannedEvent:
    """One phase of a cycle on the calendar: a whole day, or an hour from `at`."""

    uid: str
    title: str
    description: str
    day: date
    at: str | None = None  # "HH:MM" wall clock in the calendar's zone
    minutes: int = 60
    cancelled: bool = False


def write_calendar(
    name: str, events: Iterable[PlannedEvent], *, zone: str, stamp: datetime
) -> bytes:
    """An RFC 5545 VCALENDAR: whole-day events as dates, timed ones in `zone` with its
    VTIMEZONE, so calendar apps show each at the right local time."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    tz = ZoneInfo(zone)
    days: list[date] = []
    for planned in events:
        event = icalendar.Event()
        event.add("uid", planned.uid)
        event.add("dtstamp", stamp)
        event.add("summary", planned.title)
        event.add("description", planned.description)
        event.add("status", "CANCELLED" if planned.cancelled else "CONFIRMED")
        days.append(planned.day)
        if planned.at:
            hour, minute = (int(part) for part in planned.at.split(":"))
            start = datetime(planned.day.year, planned.day.month, planned.day.day, hour, minute)
            event.add("dtstart", start.replace(tzinfo=tz))
            event.add("dtend", (start + timedelta(minutes=planned.minutes)).replace(tzinfo=tz))
        else:
            event.add("dtstart", planned.day)
            event.add("dtend", planned.day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    if days and zone != "UTC":
        calendar.add_missing_timezones(
            first_date=min(days) - timedelta(days=366), last_date=max(days) + timedelta(days=366)
        )
    return bytes(calendar.to_ical())
