"""Done, current, next: a cycle's state read from its phase days."""

from __future__ import annotations

from datetime import date

from commands.cycle.timeline import PhaseState, timeline

DAYS = {
    "study": (date(2026, 11, 10), None),
    "plan": (date(2026, 11, 24), None),
    "teach": (date(2026, 12, 1), "10:15"),
    "reflect": (date(2026, 12, 2), None),
}


def _states(today: date, closed: bool = False) -> dict[str, PhaseState]:
    return {line.phase: line.state for line in timeline(DAYS, today=today, closed=closed)}


def test_before_the_cycle_starts_study_is_next() -> None:
    assert _states(date(2026, 11, 1))["study"] is PhaseState.NEXT
    assert _states(date(2026, 11, 1))["plan"] is PhaseState.LATER


def test_each_phase_is_current_from_its_day_until_the_next() -> None:
    states = _states(date(2026, 11, 30))
    assert states == {
        "study": PhaseState.DONE,
        "plan": PhaseState.CURRENT,
        "teach": PhaseState.NEXT,
        "reflect": PhaseState.LATER,
    }
    assert _states(date(2026, 12, 1))["teach"] is PhaseState.CURRENT
    assert _states(date(2026, 12, 9))["reflect"] is PhaseState.CURRENT


def test_closed_cycle_is_all_done_and_unscheduled_required_phases_show() -> None:
    assert set(_states(date(2026, 11, 30), closed=True).values()) == {PhaseState.DONE}
    lines = timeline({"teach": DAYS["teach"]}, today=date(2026, 11, 1))
    assert [line.phase for line in lines] == ["study", "plan", "teach", "reflect"]
    assert lines[0].state is PhaseState.UNSCHEDULED
