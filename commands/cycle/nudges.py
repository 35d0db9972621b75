"""A cycle's nudges in the scheduling engine: created, moved and cancelled with its phases.

Every schedule a cycle makes is owned by "cycle:<id>" and carries its phase and
moment in the payload, so moving one phase cancels and recreates exactly that
phase's schedules, and pausing or closing cancels them all. Nothing is made
for a moment already past.

Reflection prompts (the reflect phase) belong to the reflection family: when
the registry has a delivery kind named "reflect" (REFLECT_HOOK), the cycle
schedules one of that kind to `team:<id>` with payload {"pool": "reflect"},
owned and moved like the others. Without that family, nothing is made.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.dispatch.context import Context
from bot.time.calendar import TeamCalendar
from commands.cycle.moments import PROMPT, Moment, phase_moments
from commands.cycle.planning import CycleDefaults
from commands.cycle.schooldays import team_calendar
from storage.cycles import ACTIVE, PAUSED, Cycle, cycle_phases

KIND = "cycle"
REFLECT_HOOK = "reflect"


def owner_of(cycle: Cycle) -> str:
    return f"cycle:{cycle.id}"


def _has_kind(ctx: Context, name: str) -> bool:
    return name in ctx.scheduling.delivery_kinds


async def cancel_phase(ctx: Context, cycle: Cycle, phase: str) -> int:
    """Cancel the schedules of one phase; how many there were."""
    scheduler = ctx.scheduling
    cancelled = 0
    for schedule in await scheduler.list(ctx, owner=owner_of(cycle)):
        payload = schedule.payload or {}
        if payload.get("phase") == phase and schedule.status not in ("cancelled", "done"):
            await scheduler.cancel(ctx, schedule.id)
            cancelled += 1
    return cancelled


async def cancel_all(ctx: Context, cycle: Cycle) -> int:
    scheduler = ctx.scheduling
    return int(await scheduler.cancel_owned(ctx, owner_of(cycle)))


async def schedule_phase(
    ctx: Context, cycle: Cycle, phase: str, calendar: TeamCalendar | None = None
) -> int:
    """(Re)create one phase's schedules: cancel its old ones, then make the future ones.

    A closed cycle, or one paused with no end, gets none; one paused until a day gets
    only those from that day on, so it picks up by itself when the pause ends. The nudge
    `lead` school days before a phase counts the team's school days (`calendar`).
    """
    await cancel_phase(ctx, cycle, phase)
    zone = ZoneInfo(ctx.community.timezone)
    floor = ctx.now
    if cycle.status == PAUSED and cycle.paused_until is not None:
        floor = max(floor, datetime.combine(cycle.paused_until, time(0, 0), tzinfo=zone))
    elif cycle.status != ACTIVE:
        return 0
    rows = {row.phase: row for row in await cycle_phases(ctx.session, cycle)}
    row = rows.get(phase)
    if row is None:
        return 0
    defaults = CycleDefaults.from_settings(ctx.community.settings)
    if calendar is None:
        calendar = await team_calendar(ctx.session, ctx.community, cycle)
    made = 0
    for moment in phase_moments(phase, row.day, row.at, defaults, calendar):
        if moment.local.replace(tzinfo=zone) <= floor:
            continue
        made += await _create(ctx, cycle, moment, row.day.isoformat(), zone)
    return made


async def schedule_all(ctx: Context, cycle: Cycle, calendar: TeamCalendar | None = None) -> int:
    made = 0
    if calendar is None:
        calendar = await team_calendar(ctx.session, ctx.community, cycle)
    for row in await cycle_phases(ctx.session, cycle):
        made += await schedule_phase(ctx, cycle, row.phase, calendar)
    return made


async def _create(ctx: Context, cycle: Cycle, moment: Moment, day: str, zone: ZoneInfo) -> int:
    scheduler = ctx.scheduling
    payload = {"cycle": cycle.id, "phase": moment.phase, "moment": moment.moment, "day": day}
    when = f"{moment.local:%Y-%m-%d %H:%M}"
    if moment.moment == PROMPT:
        if not _has_kind(ctx, REFLECT_HOOK):
            return 0
        kind, target = REFLECT_HOOK, f"team:{cycle.id}"
        payload["pool"] = "reflect"
    else:
        # Channel reminders and observers' requests alike: the composer picks the address.
        kind, target = KIND, f"team:{cycle.id}"
    await scheduler.create(
        ctx,
        kind=kind,
        target=target,
        when=when,
        payload=payload,
        owner=owner_of(cycle),
        zone=str(zone),
    )
    return 1
