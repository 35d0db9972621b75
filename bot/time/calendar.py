"""School days: which days a district's students are in school, and arithmetic in them.

Pure code (no database): lesson-study planning, deliveries held to the next school day and
the calendar commands all count school days here, so they agree. A day is a school day when
it is a weekday, inside a school year (when the calendar names any), and not a break, a
closure, a holiday or a PD day. A testing window is made of school days, flagged, since a
research lesson is better not planned into one. A team spans districts: a day is a school
day for the team when it is one for every district on it.

Every search is bounded (a calendar may, by mistake, close every day): past the bound there
is no school day, and callers say so instead of looping.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from bot.kernel.errors import UserError
from bot.kernel.i18n import N_, _, ngettext


class EntryKind(StrEnum):
    BREAK = "break"
    CLOSURE = "closure"
    HOLIDAY = "holiday"
    PD = "pd"
    TESTING = "testing"
    YEAR = "year"  # a school year: its first to its last day


# English names (in typed syntax and logs); the calendar commands say each kind in the
# reader's language themselves.
KIND_LABELS = {
    EntryKind.BREAK: "break",
    EntryKind.CLOSURE: "closure",
    EntryKind.HOLIDAY: "holiday",
    EntryKind.PD: "PD day",
    EntryKind.TESTING: "testing window",
    EntryKind.YEAR: "school year",
}
COMMUNITY_LABEL = N_("the community")  # the calendar of people with no district
NO_SCHOOL = frozenset({EntryKind.BREAK, EntryKind.CLOSURE, EntryKind.HOLIDAY, EntryKind.PD})

SEARCH_DAYS = 400  # a next-school-day search looks this far, then gives up
MAX_RANGE_DAYS = 400  # one entry covers at most this many days (a school year fits)
HORIZON_YEARS = 5  # planning and calendars look at most this far ahead
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Span:
    """One entry: a kind, an inclusive range of days, and its name ("Winter break")."""

    kind: EntryKind
    start: date
    end: date
    name: str

    def days(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += ONE_DAY


@dataclass(frozen=True)
class DistrictCalendar:
    """The school days of one district (or of the community, for people with no district).

    Built once from its spans: lookups are a weekday test and two set probes.
    """

    label: str = COMMUNITY_LABEL
    closed: dict[date, str] = field(default_factory=dict)  # day -> why ("Winter break")
    testing: dict[date, str] = field(default_factory=dict)
    years: tuple[tuple[date, date], ...] = ()

    @classmethod
    def of(cls, spans: Iterable[Span], label: str = COMMUNITY_LABEL) -> DistrictCalendar:
        closed: dict[date, str] = {}
        testing: dict[date, str] = {}
        years: list[tuple[date, date]] = []
        for span in spans:
            if span.kind is EntryKind.YEAR:
                years.append((span.start, span.end))
            elif span.kind is EntryKind.TESTING:
                for day in span.days():
                    testing.setdefault(day, span.name)
            elif span.kind in NO_SCHOOL:
                for day in span.days():
                    closed.setdefault(day, span.name)
        return cls(label, closed, testing, tuple(sorted(years)))

    def in_year(self, day: date) -> bool:
        return not self.years or any(start <= day <= end for start, end in self.years)

    def is_school_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closed and self.in_year(day)

    def why_not(self, day: date) -> str | None:
        """Why `day` is not a school day ("Winter break", "a weekend"); None when it is.

        The district's own names stand as they were written; the bot's words are in the
        reader's language."""
        if day.weekday() >= 5:
            return _("a weekend")
        if day in self.closed:
            return self.closed[day]
        if not self.in_year(day):
            return _("outside the school year")
        return None

    @property
    def shown_label(self) -> str:
        """The district's name, or "the community" in the reader's language."""
        return _(COMMUNITY_LABEL) if self.label == COMMUNITY_LABEL else self.label

    def testing_window(self, day: date) -> str | None:
        return self.testing.get(day)


WEEKDAYS = DistrictCalendar()  # no entries: Monday to Friday


@dataclass(frozen=True)
class TeamCalendar:
    """Several districts at once: a school day for the team is one for each of them."""

    parts: tuple[DistrictCalendar, ...]

    def is_school_day(self, day: date) -> bool:
        return all(part.is_school_day(day) for part in self.parts)

    def why_not(self, day: date) -> str | None:
        return self._first_of([part.why_not(day) for part in self.parts])

    def testing_window(self, day: date) -> str | None:
        return self._first_of([part.testing_window(day) for part in self.parts])

    def _first_of(self, reasons: list[str | None]) -> str | None:
        """The first reason, naming its district unless every district has it (a weekend,
        or a community-wide entry)."""
        for part, reason in zip(self.parts, reasons, strict=True):
            if reason is not None:
                if all(other == reason for other in reasons):
                    return reason
                return _("{reason} ({district})", reason=reason, district=part.shown_label)
        return None


Calendar = DistrictCalendar | TeamCalendar


def team_of(parts: Iterable[DistrictCalendar]) -> TeamCalendar:
    unique: dict[str, DistrictCalendar] = {}
    for part in parts:
        unique.setdefault(part.label, part)
    return TeamCalendar(tuple(unique.values()) or (WEEKDAYS,))


class NoSchoolDay(UserError):
    """No school day within the search bound: the calendar needs its next school year."""


def _no_school_day(start: date) -> NoSchoolDay:
    return NoSchoolDay(
        _(
            "There is no school day in the calendar within {days} days of {date}; add the "
            'next school year with /praxis calendar add 2027-08-16..2028-06-02 "School year" '
            "kind:year.",
            days=SEARCH_DAYS,
            date=start.isoformat(),
        )
    )


def next_school_day(calendar: Calendar, day: date) -> date:
    """`day` itself when it is a school day, else the first one after it."""
    start = day
    for _step in range(SEARCH_DAYS):
        if calendar.is_school_day(day):
            return day
        day += ONE_DAY
    raise _no_school_day(start)


def previous_school_day(calendar: Calendar, day: date) -> date:
    """`day` itself when it is a school day, else the last one before it."""
    start = day
    for _step in range(SEARCH_DAYS):
        if calendar.is_school_day(day):
            return day
        day -= ONE_DAY
    raise _no_school_day(start)


def add_school_days(calendar: Calendar, day: date, count: int) -> date:
    """Move `count` school days from `day` (back when negative), skipping non-school days."""
    step = ONE_DAY if count >= 0 else -ONE_DAY
    remaining = abs(count)
    idle = 0
    while remaining:
        day += step
        if calendar.is_school_day(day):
            remaining -= 1
            idle = 0
        else:
            idle += 1
            if idle > SEARCH_DAYS:
                raise _no_school_day(day)
    return day


def school_days_between(calendar: Calendar, start: date, end: date) -> int:
    """School days in [start, end): how many a pause from `start` until `end` skips."""
    count = 0
    day = start
    while day < end:
        count += calendar.is_school_day(day)
        day += ONE_DAY
    return count


def school_days_from(calendar: Calendar, day: date, count: int) -> list[date]:
    """The next `count` school days from `day` on (itself included when it is one)."""
    found: list[date] = []
    idle = 0
    while len(found) < count and idle <= SEARCH_DAYS:
        if calendar.is_school_day(day):
            found.append(day)
            idle = 0
        else:
            idle += 1
        day += ONE_DAY
    return found


def check_horizon(day: date, today: date, what: str | None = None) -> date:
    """A date people plan on: not more than HORIZON_YEARS ahead (nor absurdly far back).

    `what` names the date in the reader's language (the caller translates it); by
    default "That date"."""
    what = what if what is not None else _("That date")
    try:
        limit = today.replace(year=today.year + HORIZON_YEARS)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year + HORIZON_YEARS, day=28)
    if day > limit:
        raise UserError(
            ngettext(
                "{what} ({date}) is more than {n} year away; pick a day before {limit}.",
                "{what} ({date}) is more than {n} years away; pick a day before {limit}.",
                HORIZON_YEARS,
                what=what,
                date=day.isoformat(),
                limit=limit.isoformat(),
            )
        )
    if day.year < today.year - HORIZON_YEARS:
        raise UserError(
            _(
                "{what} ({date}) is too long ago; pick a recent day.",
                what=what,
                date=day.isoformat(),
            )
        )
    return day
