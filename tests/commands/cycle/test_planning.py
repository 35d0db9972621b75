"""Backwards planning in school days: weekends skipped, month ends crossed, nothing in the past."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.kernel.errors import UserError
from commands.cycle.planning import (
    CycleDefaults,
    add_school_days,
    check_offset,
    plan_backwards,
    school_days_between,
)

LONG_AGO = date(2026, 1, 1)


def _plan(lesson: date, defaults: CycleDefaults | None = None) -> dict[str, date]:
    planned = plan_backwards(lesson, defaults or CycleDefaults(), today=LONG_AGO)
    return {p.phase: p.day for p in planned}


def test_plan_crosses_a_weekend_and_a_month_end() -> None:
    # Tuesday 1 December: five school days back is Tuesday 24 November, across a weekend
    # and the end of November; reflect is the next school day.
    plan = _plan(date(2026, 12, 1))
    assert plan == {
        "study": date(2026, 11, 10),
        "plan": date(2026, 11, 24),
        "teach": date(2026, 12, 1),
        "reflect": date(2026, 12, 2),
    }


def test_reflect_after_a_friday_lesson_at_month_end_is_the_monday() -> None:
    plan = _plan(date(2026, 10, 30))  # a Friday, the month's last school day
    assert plan["reflect"] == date(2026, 11, 2)
    assert plan["plan"] == date(2026, 10, 23)


def test_monday_lesson_plans_on_the_monday_before_not_a_weekend() -> None:
    plan = _plan(date(2027, 2, 1), CycleDefaults(study=-3, plan=-1))
    assert plan["plan"] == date(2027, 1, 29)  # Friday, in January
    assert plan["study"] == date(2027, 1, 27)


def test_optional_phases_are_planned_only_when_the_community_asks() -> None:
    assert "revise" not in _plan(date(2026, 12, 1))
    plan = _plan(date(2026, 12, 1), CycleDefaults(revise=3, reteach=8))
    assert plan["revise"] == date(2026, 12, 4)
    assert plan["reteach"] == date(2026, 12, 11)


def test_phases_that_would_be_past_start_today_and_say_so() -> None:
    today = date(2026, 11, 23)  # Monday
    planned = plan_backwards(date(2026, 11, 30), CycleDefaults(), today=today)
    study = next(p for p in planned if p.phase == "study")
    assert study.day == today and study.moved_from == date(2026, 11, 9)


def test_a_lesson_in_the_past_is_refused() -> None:
    with pytest.raises(UserError, match="in the past"):
        plan_backwards(date(2026, 11, 20), CycleDefaults(), today=date(2026, 11, 23))


def test_pause_counts_school_days_only() -> None:
    # Monday 23 November until Tuesday 1 December: Mon-Fri and Monday 30 = 6.
    assert school_days_between(date(2026, 11, 23), date(2026, 12, 1)) == 6
    assert school_days_between(date(2026, 11, 28), date(2026, 11, 30)) == 0


def test_typed_defaults_are_checked() -> None:
    assert check_offset("study", "10") == -10
    assert check_offset("revise", "off") is None
    with pytest.raises(UserError, match="school days"):
        check_offset("plan", "soon")
    with pytest.raises(UserError):
        check_offset("study", "off")


def test_community_defaults_survive_broken_settings() -> None:
    defaults = CycleDefaults.from_settings({"cycle": {"study": "x", "plan": -4, "lead": 3}})
    assert (defaults.study, defaults.plan, defaults.lead) == (-15, -4, 3)


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(days, st.integers(min_value=-60, max_value=60))
def test_moving_school_days_lands_on_a_school_day_that_far_away(start: date, n: int) -> None:
    moved = add_school_days(start, n)
    if n:
        assert moved.weekday() < 5
    # Forward: school days in (start, moved]; backward: in [moved, start).
    low, high = (start, moved) if n >= 0 else (moved - timedelta(days=1), start - timedelta(days=1))
    between = sum(
        1 for i in range(1, (high - low).days + 1) if (low + timedelta(days=i)).weekday() < 5
    )
    assert between == abs(n)


@given(days, st.integers(min_value=1, max_value=30), st.integers(min_value=1, max_value=29))
def test_backwards_plan_is_in_order_and_on_school_days(lesson: date, study: int, plan: int) -> None:
    study = max(study, plan + 1)
    planned = plan_backwards(
        lesson, CycleDefaults(study=-study, plan=-plan), today=lesson - timedelta(days=400)
    )
    dated = [p.day for p in planned]
    assert dated == sorted(dated)
    assert all(d.weekday() < 5 for d, p in zip(dated, planned, strict=True) if p.phase != "teach")


@given(days, days)
def test_pause_length_and_moving_agree(start: date, end: date) -> None:
    if start.weekday() >= 5 or end < start:
        return
    assert add_school_days(start, school_days_between(start, end)) >= end or end.weekday() >= 5
