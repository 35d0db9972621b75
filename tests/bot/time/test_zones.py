"""Time zones and times of day: each read by one rule, wherever people type them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.grammar.values import parse_time
from bot.kernel.errors import UserError
from bot.time.recurrence import RecurrenceError, parse_recurrence, parse_time_of_day
from bot.time.zones import ZoneFrom, canonical_zone, check_zone, when_text, zone_choice, zone_for

ZONES = sorted(available_timezones())


@dataclass
class Person:
    timezone: str | None = None
    platform_timezone: str | None = None


@dataclass
class Place:
    timezone: str = "America/Chicago"


@given(st.sampled_from(ZONES), st.sampled_from([str.lower, str.upper, str.strip]))
def test_a_zone_name_is_known_however_it_is_cased(name: str, spell: Callable[[str], str]) -> None:
    assert canonical_zone(spell(name)) == name
    assert check_zone(f"  {spell(name)} ") == name
    now = datetime(2026, 3, 4, 10, 15, tzinfo=UTC)
    assert parse_recurrence(f"tomorrow 9:00 tz:{spell(name)}", now=now).tz == name


@pytest.mark.parametrize("name", ["Mars/Olympus", "America", "../etc/passwd", "", "US"])
def test_an_unknown_zone_is_refused_the_same_way_everywhere(name: str) -> None:
    assert canonical_zone(name) is None
    with pytest.raises(UserError, match="not a time zone I know"):
        check_zone(name)
    now = datetime(2026, 3, 4, 10, 15, tzinfo=UTC)
    with pytest.raises(RecurrenceError, match="zone"):
        parse_recurrence(f"tomorrow 9:00 tz:{name}", now=now)


def test_a_persons_zone_falls_back_past_names_this_machine_does_not_know() -> None:
    place = Place()
    assert zone_choice(Person("Europe/Paris", "Asia/Tokyo"), place) == (
        ZoneInfo("Europe/Paris"),
        ZoneFrom.OWN,
    )
    assert zone_choice(Person(None, "Asia/Tokyo"), place)[1] is ZoneFrom.PLATFORM
    assert zone_for(Person("Mars/Olympus", "America"), place) == ZoneInfo("America/Chicago")
    assert zone_choice(Person(None, "Nowhere/Else"), Place("Gone/Zone")) == (
        ZoneInfo("UTC"),
        ZoneFrom.FALLBACK,
    )


def test_a_delivery_time_is_shown_in_its_own_zone() -> None:
    moment = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)
    assert when_text(moment, "America/New_York") == "Mon 30 Nov 2026, 09:00 EST"
    assert when_text(moment, "Asia/Kolkata") == "Mon 30 Nov 2026, 19:30 IST"


@given(st.integers(0, 23), st.integers(0, 59))
def test_a_time_option_reads_a_time_as_the_schedule_grammar_does(hour: int, minute: int) -> None:
    half = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    for text in (
        f"{hour}:{minute:02d}",
        f"{hour:02d}.{minute:02d}",
        f"{twelve}:{minute:02d}{half}",
    ):
        assert parse_time(text) == parse_time_of_day(text) == time(hour, minute)


@pytest.mark.parametrize("text", ["25:00", "13pm", "7:61", "soon", "0am"])
def test_a_bad_time_option_says_what_a_time_looks_like(text: str) -> None:
    with pytest.raises(UserError, match="not a time of day"):
        parse_time(text)
