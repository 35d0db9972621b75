"""When a schedule's next occurrence falls and when it is sent, quiet hours considered."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.scheduling.targets import holds_per_recipient
from bot.time.recurrence import (
    RecurrenceError,
    hold_for_quiet_hours,
    next_occurrence,
    parse_quiet_hours,
    recurrence_from_text,
)
from storage.community import Community
from storage.schedules import Schedule


def quiet_hours_of(community: Community) -> tuple[time, time] | None:
    if not community.quiet_hours:
        return None
    try:
        return parse_quiet_hours(community.quiet_hours)
    except RecurrenceError:
        return None


def plan_after(
    schedule: Schedule, after: datetime, quiet: tuple[time, time] | None
) -> tuple[datetime | None, datetime | None]:
    """The next occurrence strictly after `after`, and when it is sent (held by quiet hours).

    Quiet hours are read in the schedule's zone for a channel (the community's, or the
    recurrence's tz:) and for one person (their own zone). For several people the occurrence
    is due as planned and the engine holds each person's share in their own zone.
    """
    rec = recurrence_from_text(schedule.recurrence)
    zone = ZoneInfo(schedule.zone)
    occurrence = next_occurrence(rec, after, zone)
    if occurrence is None:
        return None, None
    if holds_per_recipient(schedule):
        return occurrence, occurrence
    return occurrence, hold_for_quiet_hours(occurrence, zone, quiet)
