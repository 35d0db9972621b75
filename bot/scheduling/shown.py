"""How a schedule reads in a family's listing: when it runs, and what state it is in.

Listings must survive the very rows the engine set aside (a recurrence or zone that can no
longer be read), so nothing here raises on a stored value; a set-aside schedule says so,
with the engine's reference and what the facilitator can do about it.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.time.recurrence import recurrence_from_text
from bot.time.zones import when_text
from storage.schedules import PAUSED, SET_ASIDE, Schedule

UNREADABLE = "at a time that can no longer be read"


def describe(schedule: Schedule, *, zone_suffix: bool = True) -> str:
    """ "every monday at 8:00 (America/Chicago time)"; never raises on a stored value."""
    try:
        rec = recurrence_from_text(schedule.recurrence)
        ZoneInfo(schedule.zone)
        sentence = rec.describe()
    except (ValueError, KeyError, TypeError):
        return UNREADABLE
    return sentence if rec.tz or not zone_suffix else f"{sentence} ({schedule.zone} time)"


def set_aside_text(schedule: Schedule, remedy: str) -> str:
    reason = schedule.fault or "after a fault"
    return f"set aside by the scheduler ({reason}); {remedy}"


def state(schedule: Schedule, remedy: str) -> str:
    """ "paused", "next Mon 23 Nov 2026, 08:00 UTC", or why it was set aside and `remedy`."""
    if schedule.status == PAUSED:
        return "paused"
    if schedule.status == SET_ASIDE:
        return set_aside_text(schedule, remedy)
    if schedule.next_run_at is not None:
        return f"next {when_text(schedule.next_run_at, schedule.zone)}"
    return schedule.status
