"""Backwards planning: phase dates counted in school days from the research lesson.

Teams fix the date of the research lesson first and work back from it, so
every default is a number of school days before or after the lesson, counted
in the team's calendar (commands/cycle/schooldays.py: weekdays that are school
days for every district on the team). Non-school days are never counted. A community's
facilitators may change the defaults (`/cycle defaults`); they are kept in
the community's settings under "cycle".
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, time
from typing import Any

from bot.kernel.errors import UserError
from bot.kernel.i18n import _, ngettext, time_text
from bot.time import calendar as school_days
from bot.time.calendar import WEEKDAYS, Calendar, check_horizon
from commands.cycle.phases import PHASES
from commands.cycle.texts import phase_name

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
            pairs.append((phase_name(phase), describe_offset(offset)))
        pairs.append(
            (
                _("nudges"),
                ngettext(
                    "{n} school day before each phase and the morning of",
                    "{n} school days before each phase and the morning of",
                    self.lead,
                ),
            )
        )
        pairs.append(
            (_("morning"), _("{time} (community time)", time=time_text(self.morning_time)))
        )
        return pairs


def describe_offset(offset: int | None) -> str:
    if offset is None:
        return _("not planned (schedule it when you need it)")
    if offset == 0:
        return _("the research lesson day")
    if offset < 0:
        return ngettext(
            "{n} school day before the lesson", "{n} school days before the lesson", -offset
        )
    return ngettext("{n} school day after the lesson", "{n} school days after the lesson", offset)


def is_school_day(day: date, calendar: Calendar = WEEKDAYS) -> bool:
    return calendar.is_school_day(day)


def next_school_day(day: date, calendar: Calendar = WEEKDAYS) -> date:
    """`day` itself when it is a school day, else the first school day after it."""
    return school_days.next_school_day(calendar, day)


def add_school_days(day: date, count: int, calendar: Calendar = WEEKDAYS) -> date:
    """Move `count` school days from `day` (back when negative), skipping non-school days."""
    return school_days.add_school_days(calendar, day, count)


def school_days_between(start: date, end: date, calendar: Calendar = WEEKDAYS) -> int:
    """School days in [start, end): how many a pause from `start` until `end` skips."""
    return school_days.school_days_between(calendar, start, end)


@dataclass(frozen=True)
class PlannedPhase:
    phase: str
    day: date
    moved_from: date | None = None  # set when the plan would have started in the past


def plan_backwards(
    lesson: date, defaults: CycleDefaults, *, today: date, calendar: Calendar = WEEKDAYS
) -> list[PlannedPhase]:
    """Every phase with a default, dated from the lesson in the team's school days; none
    before today.

    A phase the defaults would put in the past starts today (or the next school
    day) instead, and says so, so a short runway still gives a usable plan.
    """
    if lesson < today:
        raise UserError(
            _(
                "The lesson date {day} is in the past; pick today or a later day.",
                day=lesson.isoformat(),
            )
        )
    check_horizon(lesson, today, _("The lesson date"))
    first = next_school_day(today, calendar)
    earliest = first if first <= lesson else lesson
    planned: list[PlannedPhase] = []
    for phase in PHASES:
        offset = defaults.offset(phase)
        if offset is None:
            continue
        day = add_school_days(lesson, offset, calendar)
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
    optional = name in ("revise", "reteach")
    try:
        number = int(text)
    except ValueError:
        if optional:
            message = _("{name}: should be a number of school days or off.", name=name)
        else:
            message = _("{name}: should be a number of school days.", name=name)
        raise UserError(message) from None
    if name in ("study", "plan"):
        if not 1 <= number <= 60:
            raise UserError(
                _("{name}: counts school days before the lesson: from 1 to 60.", name=name)
            )
        return -number
    if name == "lead":
        if not 0 <= number <= 10:
            raise UserError(_("lead: counts school days before each phase: from 0 to 10."))
        return number
    if not 0 <= number <= 60:
        raise UserError(_("{name}: counts school days after the lesson: from 0 to 60.", name=name))
    return number
