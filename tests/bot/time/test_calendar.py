"""School-day arithmetic (bot/time/calendar.py) and reading calendars (bot/time/ics.py)."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.kernel.errors import UserError
from bot.time.calendar import (
    SEARCH_DAYS,
    WEEKDAYS,
    DistrictCalendar,
    EntryKind,
    NoSchoolDay,
    Span,
    add_school_days,
    check_horizon,
    next_school_day,
    school_days_between,
    school_days_from,
    team_of,
)
from bot.time.ics import kind_of, read_school_calendar
from commands.praxis_calendar import parse_range, state_code

OAK = DistrictCalendar.of(
    [
        Span(EntryKind.BREAK, date(2026, 12, 21), date(2027, 1, 1), "Winter break"),
        Span(EntryKind.TESTING, date(2027, 4, 19), date(2027, 5, 14), "CAASPP"),
        Span(EntryKind.YEAR, date(2026, 8, 17), date(2027, 6, 10), "2026-27"),
    ],
    "Oak Unified",
)
MAPLE = DistrictCalendar.of(
    [
        Span(EntryKind.BREAK, date(2026, 12, 23), date(2027, 1, 5), "Winter recess"),
        Span(EntryKind.PD, date(2027, 1, 11), date(2027, 1, 11), "Staff PD"),
    ],
    "Maple SD",
)
TEAM = team_of([OAK, MAPLE])
days = st.dates(min_value=date(2026, 8, 17), max_value=date(2027, 5, 1))
calendars = st.sampled_from([WEEKDAYS, OAK, MAPLE, TEAM])


def test_a_day_is_a_school_day_for_a_team_only_when_it_is_one_for_every_district() -> None:
    assert OAK.is_school_day(date(2027, 1, 4)) and not MAPLE.is_school_day(date(2027, 1, 4))
    assert not TEAM.is_school_day(date(2027, 1, 4))
    assert TEAM.why_not(date(2027, 1, 4)) == "Winter recess (Maple SD)"
    assert TEAM.why_not(date(2026, 12, 26)) == "a weekend"
    assert OAK.why_not(date(2027, 7, 1)) == "outside the school year"
    assert TEAM.testing_window(date(2027, 4, 20)) == "CAASPP (Oak Unified)"
    assert TEAM.is_school_day(date(2027, 4, 20))  # testing days are school days


def test_counting_across_the_break() -> None:
    assert next_school_day(TEAM, date(2026, 12, 22)) == date(2027, 1, 6)
    assert add_school_days(TEAM, date(2027, 1, 14), -5) == date(2027, 1, 6)
    assert add_school_days(WEEKDAYS, date(2027, 1, 14), -15) == date(2026, 12, 24)
    assert add_school_days(TEAM, date(2027, 1, 14), -15) == date(2026, 12, 7)
    assert school_days_between(TEAM, date(2026, 12, 14), date(2027, 1, 7)) == 6
    assert school_days_from(TEAM, date(2026, 12, 18), 3) == [
        date(2026, 12, 18),
        date(2027, 1, 6),
        date(2027, 1, 7),
    ]


@given(calendars, days, st.integers(min_value=1, max_value=60))
@settings(max_examples=200, deadline=None)
def test_adding_school_days_lands_on_a_school_day_that_many_away(calendar, day, count) -> None:
    try:
        later = add_school_days(calendar, day, count)
    except NoSchoolDay:  # past Oak's last school year: said, not searched for ever
        assume(False)
    assert calendar.is_school_day(later)
    assert school_days_between(calendar, day + timedelta(days=1), later + timedelta(days=1)) == (
        count
    )
    earlier = add_school_days(calendar, later, -count)
    assert earlier <= day or not calendar.is_school_day(day)
    if calendar.is_school_day(day):
        assert earlier == day  # there and back again


@given(calendars, days)
@settings(max_examples=200, deadline=None)
def test_the_next_school_day_is_the_first_one(calendar, day) -> None:
    found = next_school_day(calendar, day)
    assert found >= day and calendar.is_school_day(found)
    probe = day
    while probe < found:
        assert not calendar.is_school_day(probe)
        probe += timedelta(days=1)


def test_a_calendar_closed_for_good_says_so_instead_of_searching_forever() -> None:
    closed = DistrictCalendar.of(
        [Span(EntryKind.YEAR, date(2026, 8, 17), date(2027, 6, 10), "2026-27")]
    )
    with pytest.raises(NoSchoolDay, match="add the next school year"):
        next_school_day(closed, date(2027, 6, 11))
    with pytest.raises(NoSchoolDay):
        add_school_days(closed, date(2027, 6, 1), 20)
    assert len(school_days_from(closed, date(2027, 6, 1), 20)) == 8
    assert SEARCH_DAYS >= 366


def test_far_dates_are_refused_clearly() -> None:
    today = date(2026, 11, 23)
    assert check_horizon(date(2031, 11, 1), today) == date(2031, 11, 1)
    with pytest.raises(UserError, match="more than 5 years away"):
        check_horizon(date(9999, 12, 31), today)
    with pytest.raises(UserError, match="too long ago"):
        check_horizon(date(1900, 1, 1), today)


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_typed_range_is_read_or_refused_with_a_message(text: str) -> None:
    try:
        start, end = parse_range(text)
    except UserError:
        return
    assert start <= end and (end - start).days < 400


def test_ranges_and_states_read_as_people_write_them() -> None:
    assert parse_range("2026-12-21..2027-01-01") == (date(2026, 12, 21), date(2027, 1, 1))
    assert parse_range("2026-12-21 to 2027-01-01") == (date(2026, 12, 21), date(2027, 1, 1))
    assert parse_range("2026-11-26") == (date(2026, 11, 26), date(2026, 11, 26))
    assert state_code("CA") == state_code("california") == state_code("US-CA") == "CA"
    with pytest.raises(UserError, match="not a US state"):
        state_code("Narnia")


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Winter Break (Schools Closed)", EntryKind.BREAK),
        ("Teacher Work Day - No School", EntryKind.PD),
        ("Professional Development Day - No School for Students", EntryKind.PD),
        ("STAAR Testing Window", EntryKind.TESTING),
        ("Labor Day - No School", EntryKind.HOLIDAY),
        ("Snow Day - Schools Closed", EntryKind.CLOSURE),
        ("Spring Recess", EntryKind.BREAK),
        ("Early Release Wednesday", None),
        ("Back to School Night", None),
    ],
)
def test_event_titles_sort_into_kinds(title: str, kind: EntryKind | None) -> None:
    assert kind_of(title) is kind


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_file_is_read_or_refused_with_a_message(data: bytes) -> None:
    with contextlib.suppress(UserError):
        read_school_calendar(data, first=date(2026, 1, 1), last=date(2028, 1, 1))


def test_a_file_too_large_is_refused_before_parsing() -> None:
    with pytest.raises(UserError, match="at most 1000 kB"):
        read_school_calendar(b"x" * 1_000_001, first=date(2026, 1, 1), last=date(2028, 1, 1))
