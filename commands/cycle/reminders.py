"""/cycle reminders and /cycle common-days: what a cycle has scheduled, and when its team can meet.

Everything a cycle schedules is listed with its number (cycle reminders are numbered as
reminders, the reflect-phase prompt as a reflection prompt: ids are per kind) and the time
it goes out, shown in each reader's own zone. A facilitator moves or cancels one at a time:
only that schedule changes. Moving a phase (/cycle schedule) makes its reminders afresh.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import NotFound, UserError
from bot.kernel.reply import Block, Header, Item, ItemList, Note, Paragraph, Reply, Tone, rich
from bot.kernel.roles import Role
from bot.time.calendar import TeamCalendar, check_horizon, school_days_from
from commands.cycle.lookup import find_cycle, local_today
from commands.cycle.moments import BEFORE, MORNING, OBSERVE, PROMPT
from commands.cycle.nudges import KIND, REFLECT_HOOK, owner_of
from commands.cycle.phases import GUIDES
from commands.cycle.render import fmt_day
from commands.cycle.schooldays import districts_text, team_calendar
from storage.cycles import Cycle
from storage.schedules import CANCELLED, DONE, PAUSED, Schedule

MOMENT_LABELS = {
    BEFORE: "reminder ahead, in the channel",
    MORNING: "reminder on the day, in the channel",
    OBSERVE: "request for observation notes, to each observer",
    PROMPT: "reflection prompt, to each team member",
}
KIND_NAMES = {KIND: "reminder", REFLECT_HOOK: "prompt"}
COMMON_DAYS = 10


async def cycle_schedules(ctx: Context, cycle: Cycle) -> list[Schedule]:
    rows = await ctx.scheduling.list(ctx, owner=owner_of(cycle))
    return [row for row in rows if row.status not in (CANCELLED, DONE)]


def _item(ctx: Context, schedule: Schedule) -> Item:
    payload = schedule.payload or {}
    phase = str(payload.get("phase", "?"))
    guide = GUIDES.get(phase)
    what = MOMENT_LABELS.get(str(payload.get("moment")), "reminder")
    title = f"{guide.title if guide else phase}: {what}"
    if schedule.status == PAUSED or schedule.next_run_at is None:
        detail = rich("paused")
    else:
        detail = rich("goes out ", ctx.moment(schedule.due_at or schedule.next_run_at))
    label = KIND_NAMES.get(schedule.kind, schedule.kind)
    return Item(title, detail, ref=f"{label} #{schedule.number}")


async def reminders(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    action = args.get("action") or "list"
    if action == "list":
        return await _list(ctx, cycle)
    ctx.require(Role.FACILITATOR, "Only facilitators can move or cancel a cycle's reminders.")
    if "id" not in args:
        raise UserError(f"Say which one, e.g. /cycle reminders #{cycle.id} {action} 3.")
    schedule = await _one(ctx, cycle, args["id"], args.get("kind"))
    if action == "cancel":
        await ctx.scheduling.cancel(ctx, schedule.id)
        label = KIND_NAMES.get(schedule.kind, schedule.kind)
        return Reply.text(
            f"Cancelled {label} #{schedule.number} of cycle #{cycle.id} {cycle.name}; the "
            "cycle's other reminders stay.",
            tone=Tone.SUCCESS,
        )
    return await _move(ctx, cycle, schedule, args)


async def _list(ctx: Context, cycle: Cycle) -> Reply:
    rows = await cycle_schedules(ctx, cycle)
    rows.sort(key=lambda s: (s.next_run_at is None, s.next_run_at or datetime.max, s.id))
    blocks: list[Block] = [
        Header(f"Reminders of cycle #{cycle.id} {cycle.name}"),
        ItemList(
            tuple(_item(ctx, row) for row in rows),
            empty_text="Nothing is scheduled: no phase is ahead, or the cycle is paused or closed.",
        ),
    ]
    if rows:
        blocks.append(
            Note(
                f"Times are in your zone ({ctx.member_zone()}). Facilitators move one with "
                f"/cycle reminders #{cycle.id} move <id> <date> [time], or cancel one with "
                f"/cycle reminders #{cycle.id} cancel <id>; nothing else changes."
            )
        )
    return Reply(blocks)


async def _one(ctx: Context, cycle: Cycle, number: int, kind: str | None) -> Schedule:
    found = [
        row
        for row in await cycle_schedules(ctx, cycle)
        if row.number == number and (kind is None or KIND_NAMES.get(row.kind) == kind)
    ]
    if not found:
        raise NotFound(
            f"Cycle #{cycle.id} has no reminder #{number}; /cycle reminders #{cycle.id} lists them."
        )
    # Ids are per kind: a reminder and the reflection prompt may share a number; this is
    # /cycle reminders, so the reminder wins unless kind:prompt says otherwise.
    found.sort(key=lambda row: row.kind != KIND)
    return found[0]


async def _move(ctx: Context, cycle: Cycle, schedule: Schedule, args: Args) -> Reply:
    if "date" not in args:
        raise UserError(
            f"Say when, e.g. /cycle reminders #{cycle.id} move {schedule.number} 2026-12-07 8:00."
        )
    day: date = args["date"]
    today = local_today(ctx)
    check_horizon(day, today, "That day")
    zone = ZoneInfo(schedule.zone)
    current = (schedule.next_run_at or ctx.now).astimezone(zone)
    at: time = args.get("time") or time(current.hour, current.minute)
    when = datetime.combine(day, at).replace(tzinfo=zone)
    moved = await ctx.scheduling.move(ctx, schedule.id, when)
    label = KIND_NAMES.get(moved.kind, moved.kind)
    assert moved.next_run_at is not None
    return Reply(
        [
            Paragraph(
                rich(
                    f"Moved {label} #{moved.number} of cycle #{cycle.id} {cycle.name}; it goes "
                    "out ",
                    ctx.moment(moved.due_at or moved.next_run_at),
                    ". Nothing else moved.",
                )
            )
        ],
        tone=Tone.SUCCESS,
    )


async def common_days(ctx: Context, args: Args) -> Reply:
    """The next school days every district on the team shares, testing windows flagged."""
    cycle = await find_cycle(ctx, args["cycle"])
    calendar = await team_calendar(ctx.session, ctx.community, cycle)
    today = local_today(ctx)
    start: date = args.get("from") or today
    check_horizon(start, today, "from:")
    days = school_days_from(calendar, start, args.get("count") or COMMON_DAYS)
    items = []
    for day in days:
        window = calendar.testing_window(day)
        items.append(Item(fmt_day(day, today), f"testing: {window}" if window else ""))
    skipped = _closed_between(calendar, start, days[-1] if days else start)
    blocks: list[Block] = [
        Header(f"School days the team of #{cycle.id} {cycle.name} shares"),
        Paragraph(f"Counted in {districts_text(calendar)}, from {fmt_day(start, today)}."),
        ItemList(tuple(items), empty_text="No shared school day in the next year."),
    ]
    if skipped:
        blocks.append(Note("Not school days for everyone: " + "; ".join(skipped) + "."))
    return Reply(blocks)


def _closed_between(calendar: TeamCalendar, start: date, end: date) -> list[str]:
    """Runs of weekdays in [start, end] closed for some district, with the reason."""
    runs: list[tuple[date, date, str]] = []
    day = start
    while day <= end:
        reason = calendar.why_not(day)
        if reason is not None and reason != "a weekend":
            if runs and runs[-1][2] == reason and (day - runs[-1][1]).days <= 3:
                runs[-1] = (runs[-1][0], day, reason)
            else:
                runs.append((day, day, reason))
        day += timedelta(days=1)
    out = []
    for first, last, reason in runs:
        span = fmt_day(first) if first == last else f"{fmt_day(first)} to {fmt_day(last)}"
        out.append(f"{span} ({reason})")
    return out
