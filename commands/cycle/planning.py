"""Backwards planning: phase dates counted in school days from the research lesson.

Teams fix the date of the research lesson first and work back from it, so
every default is a number of school days (Monday to Friday) before or after
the lesson. Weekends are never counted and never chosen. A community's
facilitators may change the defaults (`/cycle defaults`); they are kept in
the community's settings under "cycle".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, time, timedelta
from typing import Any

from bot.kernel.errors import UserError
from commands.cycle.phases import PHASES

SETTINGS_KEY = "cycle"


@dataclass(frozen=True)
class CycleDefaults:
    """Offsets in school days from the research lesson (negative: before it).

    None leaves an optional phase unplanned. `lead` is how many school days
    before each phase its first nudge goes out; `morning` is when nudges are
    sent on the day (community time).
    """

    study: int | None = -15
    plan: int | None = -5
    reflect: int | None = 1
    revise: int | None = None
    reteach: int | None = None
    lead: int = 2
    morning: str = "08:00"

    @property
    def morning_time(self) -> time:
        hour, minute = self.morning.split(":")
        return time(int(hour), int(minute))

    def offset(self, phase: str) -> int | None:
        if phase == "teach":
            return 0
        days: int | None = getattr(self, phase)
        return days

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> CycleDefaults:
        """The community's defaults; unknown or broken keys fall back to ours."""
        stored = (settings or {}).get(SETTINGS_KEY) or {}
        result = cls()
        for name, value in stored.items():
            if name in ("study", "plan", "reflect", "revise", "reteach", "lead"):
                if (value is None and name != "lead") or isinstance(value, int):
                    # `name` is one of the fields just listed, so no other field changes.
                    change: dict[str, Any] = {name: value}
                    result = replace(result, **change)
            elif name == "morning" and isinstance(value, str):
                result = replace(result, morning=value)
        return result

    def describe(self) -> list[tuple[str, str]]:
        pairs = []
        for phase in PHASES:
            offset = self.offset(phase)
            pairs.append((phase, describe_offset(offset)))
        pairs.append(("nudges", f"{_days(self.lead)} before each phase and the morning of"))
        pairs.append(("morning", f"{self.morning} (community time)"))
        return pairs


def describe_offset(offset: int | None) -> str:
    if offset is None:
        return "not planned (schedule it when you need it)"
    if offset == 0:
        return "the research lesson day"
    where = "before" if offset < 0 else "after"
    return f"{_days(abs(offset))} {where} the lesson"


def _days(n: int) -> str:
    return f"{n} school day" if n == 1 else f"{n} school days"


def is_school_day(day: date) -> bool:
    return day.weekday() < 5


def next_school_day(day: date) -> date:
    """`day` itself when it is a school day, else the Monday after."""
    while not is_school_day(day):
        day += timedelta(days=1)
    return day


def add_school_days(day: date, count: int) -> date:
    """Move `count` school days from `day` (back when negative), skipping weekends."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if is_school_day(day):
            remaining -= 1
    return day


def school_days_between(start: date, end: date) -> int:
    """School days in [start, end): how many a pause from `start` until `end` skips."""
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    count = weeks * 5
    for i in range(extra):
        if is_school_day(start + timedelta(days=weeks * 7 + i)):
            count += 1
    return count


@dataclass(frozen=True)
class PlannedPhase:
    phase: str
    day: date
    moved_from: date | None = None  # set when the plan would have started in the past


def plan_backwards(lesson: date, defaults: CycleDefaults, *, today: date) -> list[PlannedPhase]:
    """Every phase with a default, dated from the lesson; none before today.

    A phase the defaults would put in the past starts today (or the next school
    day) instead, and says so, so a short runway still gives a usable plan.
    """
    if lesson < today:
        raise UserError(
            f"The lesson date {lesson.isoformat()} is in the past; pick today or a later day."
        )
    earliest = next_school_day(today) if next_school_day(today) <= lesson else lesson
    planned: list[PlannedPhase] = []
    for phase in PHASES:
        offset = defaults.offset(phase)
        if offset is None:
            continue
        day = add_school_days(lesson, offset)
        if day < earliest:
            planned.append(PlannedPhase(phase, earliest, moved_from=day))
        else:
            planned.append(PlannedPhase(phase, day))
    return planned


def check_offset(name: str, value: str) -> int | None:
    """A default typed by a facilitator: a number of school days, or `off` for optional ones."""
    text = value.strip().lower()
    if text in ("off", "none", "no") and name in ("revise", "reteach"):
        return None
    try:
        number = int(text)
    except ValueError:
        allowed = " or off" if name in ("revise", "reteach") else ""
        raise UserError(f"{name}: should be a number of school days{allowed}.") from None
    if name in ("study", "plan"):
        if not 1 <= number <= 60:
            raise UserError(f"{name}: counts school days before the lesson: from 1 to 60.")
        return -number
    if name == "lead":
        if not 0 <= number <= 10:
            raise UserError("lead: counts school days before each phase: from 0 to 10.")
        return number
    if not 0 <= number <= 60:
        raise UserError(f"{name}: counts school days after the lesson: from 0 to 60.")
    return number
