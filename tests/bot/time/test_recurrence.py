"""The recurrence grammar as a facilitator sees it: what they type, when deliveries land."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.time.recurrence import (
    Recurrence,
    RecurrenceError,
    hold_for_quiet_hours,
    next_occurrence,
    next_occurrences,
    parse_duration,
    parse_quiet_hours,
    parse_recurrence,
    recurrence_from_text,
    recurrence_to_text,
)

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
# Wednesday 4 March 2026, 10:15 in New York; DST starts Sun 8 March and ends Sun 1 November.
NOW = datetime(2026, 3, 4, 10, 15, tzinfo=NY)


def local(rec: Recurrence, after: datetime, zone: ZoneInfo = NY, count: int = 3) -> list[str]:
    return [
        f"{when.astimezone(zone):%Y-%m-%d %H:%M}"
        for when in next_occurrences(rec, after, zone, count)
    ]


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "canonical", "described"),
    [
        (
            "2026-12-01 15:30",
            "once",
            "2026-12-01 15:30",
            "once, on Tuesday 1 December 2026 at 15:30",
        ),
        ("2026-12-01", "once", "2026-12-01 09:00", "once, on Tuesday 1 December 2026 at 09:00"),
        ("2026-12-01T15:30", "once", "2026-12-01 15:30", None),
        ("tomorrow 8am", "once", "2026-03-05 08:00", None),
        ("Tomorrow at 8:30 PM", "once", "2026-03-05 20:30", None),
        ("today 17:00", "once", "2026-03-04 17:00", None),
        ("today noon", "once", "2026-03-04 12:00", None),
        ("tomorrow midnight", "once", "2026-03-05 00:00", None),
        ("monday 9:00", "once", "2026-03-09 09:00", None),
        ("next fri 9", "once", "2026-03-06 09:00", None),
        ("wednesday 11:00", "once", "2026-03-04 11:00", None),  # still ahead today
        ("wednesday 10:00", "once", "2026-03-11 10:00", None),  # passed today: next week
        ("in 3 days", "once", "2026-03-07 10:15", None),
        ("in 2 hours", "once", "2026-03-04 12:15", None),
        ("in 30 minutes", "once", "2026-03-04 10:45", None),
        ("every monday 8:00", "rule", "every monday 08:00", "every Monday at 08:00"),
        ("every Mon 8", "rule", "every monday 08:00", "every Monday at 08:00"),
        ("every weekday 15:30", "rule", "every weekday 15:30", "every weekday at 15:30"),
        ("every day 7:30", "rule", "every day 07:30", "every day at 07:30"),
        ("every 3 days 6am", "rule", "every 3 days 06:00", "every 3 days at 06:00"),
        (
            "every 2 weeks on friday 14:00",
            "rule",
            "every 2 weeks on friday 14:00",
            "every 2 weeks on Friday at 14:00",
        ),
        ("every other friday 2pm", "rule", "every 2 weeks on friday 14:00", None),
        (
            "every month on day 1 9:00",
            "rule",
            "every month on day 1 09:00",
            "every month on day 1 at 09:00",
        ),
        ("every month on the 15th 9am", "rule", "every month on day 15 09:00", None),
        (
            "every mon,wed 8:00",
            "rule",
            "every monday,wednesday 08:00",
            "every Monday and Wednesday at 08:00",
        ),
        ("every mon, wed and fri at 8", "rule", "every monday,wednesday,friday 08:00", None),
        ("every weekend 10am", "rule", "every weekend 10:00", "every Saturday and Sunday at 10:00"),
        ("cron 0 8 * * 1", "cron", "cron 0 8 * * 1", 'on the cron schedule "0 8 * * 1"'),
        ("  EVERY   Monday    8:00  ", "rule", "every monday 08:00", None),
        (
            "every monday 8:00 tz:America/Chicago",
            "rule",
            "every monday 08:00 tz:America/Chicago",
            "every Monday at 08:00 (America/Chicago time)",
        ),
        ("tz:america/chicago every mon 8", "rule", "every monday 08:00 tz:America/Chicago", None),
    ],
)
def test_parses_valid_recurrences(
    text: str, kind: str, canonical: str, described: str | None
) -> None:
    rec = parse_recurrence(text, now=NOW)
    assert rec.kind == kind
    assert rec.text == canonical
    if described is not None:
        assert rec.describe() == described


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "Say when"),
        ("whenever you like", "can't read"),
        ("every monday", "Add a time of day"),
        ("every month on day 15", "Add a time of day"),
        ("tomorrow", "Add a time of day"),
        ("friday", "Add a time of day"),
        ("every fryday 8:00", 'the day "fryday"'),
        ("every day 25:00", '"25:00" is not a time of day'),
        ("tomorrow 13pm", "with am/pm use hours 1-12"),
        ("every day 8:75", "minutes 0-59"),
        ("2026-02-30 10:00", "2026-02-30 is not a date"),
        ("2020-01-01 10:00", "already passed"),
        ("today 9:00", "already passed"),
        ("in 0 minutes", "zero"),
        ("in a while", "needs an amount and a unit"),
        ("in 99999 weeks", "too long"),
        ("every week 9:00", "which day of the week"),
        ("every month 9:00", "which day of the month"),
        ("every month on day 32 9:00", "Day 32 is not a day of the month"),
        ("every 0 days 9:00", "interval must be between 1"),
        ("every monday 8:00 tz:Mars/Olympus", 'time zone "Mars/Olympus"'),
        ("every monday 8:00 tz:", "tz: needs a zone name"),
        ("every monday 8:00 tz:UTC tz:Europe/London", "at most one tz:"),
        ("cron 0 8 * *", "5 fields"),
        ("cron 0 24 * * 1", "cron hour field"),
        ("cron 60 8 * * 1", "cron minute field"),
        ("cron 0 8 0 * *", "cron day-of-month field"),
        ("cron 0 8 * 13 *", "cron month field"),
        ("cron 0 8 * * 8", "cron day-of-week field"),
        ("cron 0 8 * * 5-1", "runs backwards"),
        ("cron */0 8 * * *", "step out of range"),
        ("cron 0 8 31 2 *", "never happens"),
    ],
)
def test_rejects_invalid_recurrences_naming_the_problem(text: str, problem: str) -> None:
    with pytest.raises(RecurrenceError) as caught:
        parse_recurrence(text, now=NOW)
    assert problem in str(caught.value)


def test_unreadable_text_error_shows_examples() -> None:
    with pytest.raises(RecurrenceError, match=r"every monday 8:00.*cron 0 8 \* \* 1"):
        parse_recurrence("sometime soon", now=NOW)


@pytest.mark.parametrize(
    ("spoken", "expected"),
    [
        ("8", time(8)),
        ("8:00", time(8)),
        ("08:00", time(8)),
        ("8am", time(8)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("8:30pm", time(20, 30)),
        ("noon", time(12)),
        ("midnight", time(0)),
        ("23:59", time(23, 59)),
    ],
)
def test_time_spellings(spoken: str, expected: time) -> None:
    rec = parse_recurrence(f"every day {spoken}", now=NOW)
    assert rec.time_of_day == expected


def test_relative_words_are_read_in_the_tz_zone() -> None:
    # 23:30 in New York is already 04:30 tomorrow in London, so London's "tomorrow" is later.
    late = datetime(2026, 6, 1, 23, 30, tzinfo=NY)
    here = parse_recurrence("tomorrow 8am", now=late)
    there = parse_recurrence("tomorrow 8am tz:Europe/London", now=late)
    assert here.at == datetime(2026, 6, 2, 8, 0)
    assert there.at == datetime(2026, 6, 3, 8, 0)
    assert next_occurrence(there, late, NY) == datetime(2026, 6, 3, 7, 0, tzinfo=UTC)


def test_in_days_keeps_wall_clock_but_in_hours_is_elapsed_time_across_dst() -> None:
    saturday = datetime(2026, 3, 7, 10, 0, tzinfo=NY)
    assert parse_recurrence("in 1 day", now=saturday).at == datetime(2026, 3, 8, 10, 0)
    # 24 elapsed hours across spring-forward land at 11:00 local.
    assert parse_recurrence("in 24 hours", now=saturday).at == datetime(2026, 3, 8, 11, 0)


def test_a_date_only_moment_is_delivered_at_nine() -> None:
    rec = parse_recurrence("2026-12-01", now=NOW)
    assert next_occurrence(rec, NOW, NY) == datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def test_one_off_is_delivered_once_then_never() -> None:
    rec = parse_recurrence("tomorrow 8am", now=NOW)
    first = next_occurrence(rec, NOW, NY)
    assert first == datetime(2026, 3, 5, 13, 0, tzinfo=UTC)
    assert next_occurrence(rec, first, NY) is None
    assert next_occurrences(rec, NOW, NY) == [first]


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_recurrence("every day 8:00", now=datetime(2026, 1, 1))
    rec = parse_recurrence("every day 8:00", now=NOW)
    with pytest.raises(ValueError, match="timezone-aware"):
        next_occurrence(rec, datetime(2026, 1, 1), NY)


# --- daylight saving ---------------------------------------------------------------------------


@pytest.mark.parametrize(("zone", "std", "dst"), [(NY, 13, 12), (LA, 16, 15)])
def test_weekly_rule_stays_at_eight_local_across_both_dst_changes(
    zone: ZoneInfo, std: int, dst: int
) -> None:
    rec = parse_recurrence("every monday 8:00", now=datetime(2026, 3, 1, 12, tzinfo=zone))
    spring = next_occurrences(rec, datetime(2026, 3, 1, 12, tzinfo=zone), zone, 2)
    assert [w.astimezone(zone).hour for w in spring] == [8, 8]
    assert spring == [
        datetime(2026, 3, 2, std, 0, tzinfo=UTC),  # before the change
        datetime(2026, 3, 9, dst, 0, tzinfo=UTC),  # after it: a different UTC hour
    ]
    fall = next_occurrences(rec, datetime(2026, 10, 25, 12, tzinfo=zone), zone, 2)
    assert fall == [
        datetime(2026, 10, 26, dst, 0, tzinfo=UTC),
        datetime(2026, 11, 2, std, 0, tzinfo=UTC),
    ]


@pytest.mark.parametrize("zone", [NY, LA])
def test_wall_time_in_the_spring_gap_is_delivered_when_the_gap_ends(zone: ZoneInfo) -> None:
    rec = parse_recurrence("every day 2:30", now=datetime(2026, 3, 6, 12, tzinfo=zone))
    got = local(rec, datetime(2026, 3, 6, 12, tzinfo=zone), zone, 3)
    assert got == ["2026-03-07 02:30", "2026-03-08 03:00", "2026-03-09 02:30"]
    gap_day = next_occurrences(rec, datetime(2026, 3, 6, 12, tzinfo=zone), zone, 2)[1]
    assert gap_day.astimezone(zone).utcoffset() != datetime(2026, 3, 7, tzinfo=zone).utcoffset()


@pytest.mark.parametrize(("zone", "first_utc"), [(NY, 5), (LA, 8)])
def test_ambiguous_fall_back_time_is_delivered_once_at_the_first_instant(
    zone: ZoneInfo, first_utc: int
) -> None:
    rec = parse_recurrence("every day 1:30", now=datetime(2026, 10, 30, 12, tzinfo=zone))
    got = next_occurrences(rec, datetime(2026, 10, 31, 12, tzinfo=zone), zone, 2)
    assert got == [
        datetime(2026, 11, 1, first_utc, 30, tzinfo=UTC),  # daylight time, the first 01:30
        datetime(2026, 11, 2, first_utc + 1, 30, tzinfo=UTC),  # the next day, not the repeat
    ]


def test_one_off_in_the_gap_is_delivered_at_three() -> None:
    rec = parse_recurrence("2026-03-08 02:30", now=NOW)
    assert next_occurrence(rec, NOW, NY) == datetime(2026, 3, 8, 7, 0, tzinfo=UTC)


def test_cron_follows_the_same_dst_policy() -> None:
    rec = parse_recurrence("cron 30 1,2 * * *", now=NOW)
    assert local(rec, datetime(2026, 3, 8, tzinfo=NY), NY, 3) == [
        "2026-03-08 01:30",
        "2026-03-08 03:00",
        "2026-03-09 01:30",
    ]
    fall = next_occurrences(rec, datetime(2026, 11, 1, tzinfo=NY), NY, 3)
    assert fall == [
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
        datetime(2026, 11, 2, 6, 30, tzinfo=UTC),
    ]


# --- rule arithmetic ---------------------------------------------------------------------------


def test_biweekly_first_delivery_is_the_next_friday_after_creation() -> None:
    saturday = datetime(2026, 3, 7, 10, tzinfo=NY)
    rec = parse_recurrence("every 2 weeks on friday 14:00", now=saturday)
    assert local(rec, saturday, NY, 3) == [
        "2026-03-13 14:00",
        "2026-03-27 14:00",
        "2026-04-10 14:00",
    ]
    friday_noon = datetime(2026, 3, 6, 12, tzinfo=NY)
    today = parse_recurrence("every 2 weeks on friday 14:00", now=friday_noon)
    assert local(today, friday_noon, NY, 1) == ["2026-03-06 14:00"]


def test_biweekly_phase_is_stable_whenever_it_is_computed() -> None:
    rec = parse_recurrence("every 2 weeks on friday 14:00", now=NOW)
    stored = recurrence_from_text(recurrence_to_text(rec))
    fridays = {date(2026, 3, 6) + timedelta(weeks=2 * k) for k in range(40)}
    for days_later in range(0, 400, 5):
        after = NOW + timedelta(days=days_later, hours=days_later % 24)
        for copy in (rec, stored):
            when = next_occurrence(copy, after, NY)
            assert when is not None
            assert when.astimezone(NY).date() in fridays
            assert when - after <= timedelta(weeks=2)


def test_every_other_day_keeps_its_phase() -> None:
    rec = parse_recurrence("every 2 days 9:00", now=NOW)
    days = [w.astimezone(NY).date() for w in next_occurrences(rec, NOW + timedelta(days=9), NY)]
    assert days == [date(2026, 3, 15), date(2026, 3, 17), date(2026, 3, 19)]


def test_day_31_skips_months_that_do_not_have_one() -> None:
    rec = parse_recurrence("every month on day 31 9:00", now=NOW)
    assert local(rec, NOW, NY, 4) == [
        "2026-03-31 09:00",
        "2026-05-31 09:00",
        "2026-07-31 09:00",
        "2026-08-31 09:00",
    ]


def test_rule_created_after_todays_time_starts_tomorrow() -> None:
    rec = parse_recurrence("every day 9:00", now=NOW)
    assert local(rec, NOW, NY, 1) == ["2026-03-05 09:00"]
    before = parse_recurrence("every day 11:00", now=NOW)
    assert local(before, NOW, NY, 1) == ["2026-03-04 11:00"]


def test_weekday_rule_skips_weekends() -> None:
    rec = parse_recurrence("every weekday 15:30", now=NOW)
    assert local(rec, datetime(2026, 3, 6, 16, tzinfo=NY), NY, 2) == [
        "2026-03-09 15:30",
        "2026-03-10 15:30",
    ]


# --- cron --------------------------------------------------------------------------------------


@pytest.mark.parametrize("dow", ["0", "7", "sun", "SUN"])
def test_cron_sunday_is_0_or_7(dow: str) -> None:
    rec = parse_recurrence(f"cron 0 8 * * {dow}", now=NOW)
    days = [w.astimezone(NY) for w in next_occurrences(rec, NOW, NY)]
    assert [d.strftime("%A %H:%M") for d in days] == ["Sunday 08:00"] * 3


def test_cron_1_is_monday_and_ranges_follow_standard_cron() -> None:
    monday = parse_recurrence("cron 0 8 * * 1", now=NOW)
    assert local(monday, NOW, NY, 1) == ["2026-03-09 08:00"]
    weekdays = parse_recurrence("cron 15 7 * * 1-5", now=NOW)
    assert local(weekdays, datetime(2026, 3, 6, 12, tzinfo=NY), NY, 2) == [
        "2026-03-09 07:15",
        "2026-03-10 07:15",
    ]
    weekend = parse_recurrence("cron 0 9 * * 6-7", now=NOW)
    got = [w.astimezone(NY).strftime("%a") for w in next_occurrences(weekend, NOW, NY, 4)]
    assert got == ["Sat", "Sun", "Sat", "Sun"]


def test_cron_with_day_of_month_and_day_of_week_matches_either() -> None:
    rec = parse_recurrence("cron 0 8 1 * 1", now=NOW)
    assert local(rec, datetime(2026, 3, 28, tzinfo=NY), NY, 3) == [
        "2026-03-30 08:00",  # a Monday
        "2026-04-01 08:00",  # the 1st, a Wednesday
        "2026-04-06 08:00",
    ]


def test_cron_steps_and_month_names() -> None:
    rec = parse_recurrence("cron */20 9 * jan,jul *", now=NOW)
    assert local(rec, NOW, NY, 4) == [
        "2026-07-01 09:00",
        "2026-07-01 09:20",
        "2026-07-01 09:40",
        "2026-07-02 09:00",
    ]


def test_cron_leap_day_is_found_years_ahead() -> None:
    rec = parse_recurrence("cron 0 0 29 2 *", now=NOW)
    assert local(rec, NOW, NY, 2) == ["2028-02-29 00:00", "2032-02-29 00:00"]


# --- time zones --------------------------------------------------------------------------------


def test_explicit_tz_overrides_the_zone_the_caller_supplies() -> None:
    rec = parse_recurrence("every monday 8:00 tz:America/Chicago", now=NOW)
    assert rec.tz == "America/Chicago"
    for caller_zone in (NY, LONDON, ZoneInfo("UTC")):
        when = next_occurrence(rec, NOW, caller_zone)
        assert when is not None
        assert when.astimezone(CHICAGO).strftime("%A %H:%M") == "Monday 08:00"


def test_without_tz_the_callers_zone_is_used() -> None:
    rec = parse_recurrence("every monday 8:00", now=NOW)
    assert rec.tz is None
    in_london = next_occurrence(rec, NOW, LONDON)
    assert in_london is not None
    assert in_london.astimezone(LONDON).strftime("%A %H:%M") == "Monday 08:00"
    assert in_london.tzinfo is UTC


# --- quiet hours -------------------------------------------------------------------------------

QUIET = (time(21, 0), time(7, 0))


@pytest.mark.parametrize(
    ("wall", "held"),
    [
        (datetime(2026, 5, 4, 22, 30), datetime(2026, 5, 5, 7, 0)),  # before midnight
        (datetime(2026, 5, 5, 3, 0), datetime(2026, 5, 5, 7, 0)),  # after midnight
        (datetime(2026, 5, 4, 21, 0), datetime(2026, 5, 5, 7, 0)),  # the first quiet minute
        (datetime(2026, 5, 5, 7, 0), datetime(2026, 5, 5, 7, 0)),  # quiet is over
        (datetime(2026, 5, 4, 12, 0), datetime(2026, 5, 4, 12, 0)),  # daytime, untouched
        (datetime(2026, 5, 4, 20, 59), datetime(2026, 5, 4, 20, 59)),
    ],
)
def test_quiet_hours_wrapping_midnight_hold_until_they_end(wall: datetime, held: datetime) -> None:
    result = hold_for_quiet_hours(wall.replace(tzinfo=NY), NY, QUIET)
    assert result.tzinfo is UTC
    assert result.astimezone(NY).replace(tzinfo=None) == held


def test_quiet_hours_within_one_day_and_none() -> None:
    lunch = (time(12, 0), time(13, 0))
    when = datetime(2026, 5, 4, 12, 30, tzinfo=NY)
    assert hold_for_quiet_hours(when, NY, lunch) == datetime(2026, 5, 4, 17, 0, tzinfo=UTC)
    assert hold_for_quiet_hours(when, NY, None) == when
    assert hold_for_quiet_hours(datetime(2026, 5, 4, 23, tzinfo=NY), NY, lunch) == datetime(
        2026, 5, 5, 3, 0, tzinfo=UTC
    )


def test_quiet_hours_use_the_given_zone_not_the_instants_zone() -> None:
    # 02:00 UTC is 22:00 in New York: quiet there, but 02:00 is still quiet in UTC.
    when = datetime(2026, 5, 5, 2, 0, tzinfo=UTC)
    assert hold_for_quiet_hours(when, NY, QUIET) == datetime(2026, 5, 5, 11, 0, tzinfo=UTC)
    assert hold_for_quiet_hours(when, ZoneInfo("UTC"), QUIET) == datetime(2026, 5, 5, 7, tzinfo=UTC)
    # 23:00 UTC is 19:00 in New York: quiet in UTC only.
    evening = datetime(2026, 5, 5, 23, 0, tzinfo=UTC)
    assert hold_for_quiet_hours(evening, NY, QUIET) == evening
    assert hold_for_quiet_hours(evening, ZoneInfo("UTC"), QUIET) == datetime(
        2026, 5, 6, 7, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:00-07:00", QUIET),
        ("21:00 - 07:00", QUIET),
        ("9pm-7am", QUIET),
        ("21:00 to 7", QUIET),
        ("12:00-13:30", (time(12), time(13, 30))),
    ],
)
def test_parse_quiet_hours(text: str, expected: tuple[time, time]) -> None:
    assert parse_quiet_hours(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("21:00", "not a quiet-hours range"),
        ("late-early", "not a time of day"),
        ("25:00-07:00", "not a time of day"),
        ("07:00-07:00", "same time"),
    ],
)
def test_parse_quiet_hours_rejects(text: str, problem: str) -> None:
    with pytest.raises(RecurrenceError, match=problem):
        parse_quiet_hours(text)


# --- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("2h", timedelta(hours=2)),
        ("3d", timedelta(days=3)),
        ("1w", timedelta(weeks=1)),
        ("90 minutes", timedelta(minutes=90)),
        ("2 days", timedelta(days=2)),
        ("1h30m", timedelta(hours=1, minutes=30)),
        ("1 hour 30 minutes", timedelta(hours=1, minutes=30)),
        ("1 day and 2 hours", timedelta(days=1, hours=2)),
        (" 2H ", timedelta(hours=2)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("30", "not a duration"),
        ("soon", "not a duration"),
        ("-3d", "not a duration"),
        ("0m", "is zero"),
        ("99999w", "too long"),
        ("", "not a duration"),
    ],
)
def test_parse_duration_rejects(text: str, problem: str) -> None:
    with pytest.raises(RecurrenceError, match=problem):
        parse_duration(text)


# --- stored form -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01 15:30",
        "tomorrow 8am tz:Europe/London",
        "every monday 8:00",
        "every 2 weeks on friday 14:00 tz:America/Chicago",
        "every month on day 31 9:00",
        "every mon,wed,fri 7:45",
        "every weekday 15:30",
        "every 5 days noon",
        "cron 0 8 * * 1",
        "cron */15 9-17 1,15 * mon-fri tz:UTC",
    ],
)
def test_stored_text_round_trips(text: str) -> None:
    rec = parse_recurrence(text, now=NOW)
    stored = recurrence_to_text(rec)
    rebuilt = recurrence_from_text(stored)
    assert rebuilt == rec
    assert recurrence_to_text(rebuilt) == stored
    assert next_occurrences(rebuilt, NOW, NY) == next_occurrences(rec, NOW, NY)


def test_stored_one_off_in_the_past_still_loads() -> None:
    rec = recurrence_from_text("2020-01-01 09:00")
    assert next_occurrence(rec, NOW, NY) is None


def test_stored_rule_without_anchor_is_refused() -> None:
    with pytest.raises(RecurrenceError, match="anchor"):
        recurrence_from_text("every monday 08:00")


def test_a_stored_recurrence_is_parsed_once_and_shared() -> None:
    stored = recurrence_to_text(parse_recurrence("every 3 weeks on thursday 07:45", now=NOW))
    first = recurrence_from_text(stored)
    assert recurrence_from_text(stored) is first, "the same text is not parsed again"
    assert recurrence_from_text.cache_info().maxsize, "the cache is bounded"
    for _ in range(2):  # a bad text is not cached as good: it fails every time
        with pytest.raises(RecurrenceError, match="anchor"):
            recurrence_from_text("every tuesday 08:00")


# --- properties --------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "every", "in", "on", "day", "days", "week", "weeks", "month", "months", "monday",
        "fri", "weekday", "other", "2", "31", "8", "8:30", "8am", "noon", "tomorrow", "today",
        "cron", "*", "*/5", "1-5", "tz:UTC", "tz:Nope/Zone", "2026-12-01", "at", ",", "the",
        "1st", "0", "7", "13pm", "24:00", "30m", "hours", "and",
    ]
)  # fmt: skip


@given(st.text(max_size=60))
@settings(max_examples=400)
def test_arbitrary_text_either_parses_or_raises_a_recurrence_error(text: str) -> None:
    try:
        rec = parse_recurrence(text, now=NOW)
    except RecurrenceError as exc:
        assert str(exc)
    else:
        assert isinstance(rec, Recurrence)


@given(st.lists(_WORDS, min_size=1, max_size=7).map(" ".join))
@settings(max_examples=400)
def test_grammar_shaped_text_either_parses_or_raises_a_recurrence_error(text: str) -> None:
    try:
        rec = parse_recurrence(text, now=NOW)
    except RecurrenceError:
        return
    assert recurrence_from_text(recurrence_to_text(rec)) == rec
    found = next_occurrences(rec, NOW, NY, 3)
    assert all(when > NOW for when in found)


@given(st.text(max_size=30))
def test_arbitrary_duration_text_parses_or_raises_a_recurrence_error(text: str) -> None:
    try:
        parsed = parse_duration(text)
    except RecurrenceError:
        return
    assert parsed > timedelta()


_DAY_NAMES = ["monday", "tue", "wednesday", "thu", "friday", "sat", "sunday"]
_rules = st.one_of(
    st.builds(
        "every {} days {:02d}:{:02d}".format,
        st.integers(1, 30),
        st.integers(0, 23),
        st.integers(0, 59),
    ),
    st.builds(
        "every {} weeks on {} {:02d}:{:02d}".format,
        st.integers(1, 8),
        st.lists(st.sampled_from(_DAY_NAMES), min_size=1, max_size=3, unique=True).map(",".join),
        st.integers(0, 23),
        st.integers(0, 59),
    ),
    st.builds(
        "every {} months on day {} {:02d}:{:02d}".format,
        st.integers(1, 12),
        st.integers(1, 31),
        st.integers(0, 23),
        st.integers(0, 59),
    ),
    st.builds(
        "cron {} {} {} * {}".format,
        st.sampled_from(["0", "*/15", "5,35"]),
        st.sampled_from(["*", "2", "1-3", "8"]),
        st.sampled_from(["*", "1", "31", "15"]),
        st.sampled_from(["*", "0", "7", "1-5"]),
    ),
)


@given(
    rule=_rules,
    zone=st.sampled_from([NY, LA, LONDON, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("UTC")]),
    created=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 1, 1)),
    later=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800)),
)
@settings(max_examples=300, deadline=None)
def test_rule_occurrences_strictly_increase_after_after(
    rule: str, zone: ZoneInfo, created: datetime, later: timedelta
) -> None:
    now = created.replace(tzinfo=zone)
    rec = parse_recurrence(rule, now=now)
    after = now + later
    found = next_occurrences(rec, after, zone, 5)
    assert len(found) == 5
    assert found[0] > after
    assert all(a < b for a, b in pairwise(found))
    assert all(when.tzinfo is UTC for when in found)
    if rec.kind == "rule":
        assert rec.time_of_day is not None
        wall = rec.time_of_day.replace(second=0)
        for when in found:
            shown = when.astimezone(zone)
            # 8:00 stays 8:00, except a time that does not exist that day (moved forward).
            if (shown.hour, shown.minute) != (wall.hour, wall.minute):
                naive = datetime.combine(shown.date(), wall)
                assert (
                    naive.replace(tzinfo=zone).utcoffset()
                    != naive.replace(tzinfo=zone, fold=1).utcoffset()
                )
