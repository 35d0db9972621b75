"""When a phase's nudges go out, as wall-clock times in the community's zone.

Per phase: one `lead` school days (of the team's calendar) before it at the morning time, and one on
the morning of the phase (an hour before it when the phase starts earlier
than the morning time). After the research lesson, observers are asked by
direct message for their notes: two hours after the lesson when it has a
time, else at 15:30 that day. After the post-lesson discussion, at the same
offset, the team gets a reflection prompt (when the reflection family runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.time.calendar import WEEKDAYS, Calendar
from commands.cycle.planning import CycleDefaults, add_school_days

BEFORE = "before"
MORNING = "morning"
OBSERVE = "observe"
PROMPT = "prompt"  # the reflection family's prompt to the team (see nudges.REFLECT_HOOK)

AFTER_LESSON = timedelta(hours=2)
END_OF_DAY = time(15, 30)


@dataclass(frozen=True)
class Moment:
    phase: str
    moment: str
    local: datetime  # naive, in the community's zone


def parse_at(at: str | None) -> time | None:
    if not at:
        return None
    hour, minute = at.split(":")
    return time(int(hour), int(minute))


def phase_moments(
    phase: str,
    day: date,
    at: str | None,
    defaults: CycleDefaults,
    calendar: Calendar = WEEKDAYS,
) -> list[Moment]:
    """A phase's nudges; the one `lead` school days before counts the team's school days."""
    morning = defaults.morning_time
    start = parse_at(at)
    moments: list[Moment] = []
    if defaults.lead > 0:
        before = add_school_days(day, -defaults.lead, calendar)
        moments.append(Moment(phase, BEFORE, datetime.combine(before, morning)))
    on_the_day = datetime.combine(day, morning)
    if start is not None and start <= morning:
        on_the_day = max(
            datetime.combine(day, time(0, 0)), datetime.combine(day, start) - AFTER_LESSON / 2
        )
    moments.append(Moment(phase, MORNING, on_the_day))
    after = (
        datetime.combine(day, start) + AFTER_LESSON
        if start is not None
        else datetime.combine(day, END_OF_DAY)
    )
    if phase == "teach":
        moments.append(Moment(phase, OBSERVE, after))
    if phase == "reflect":
        moments.append(Moment(phase, PROMPT, after))
    return moments
