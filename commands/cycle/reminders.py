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
from bot.kernel.i18n import N_, _, pgettext
from bot.kernel.reply import Block, Header, Item, ItemList, Note, Paragraph, Reply, Tone, rich
from bot.kernel.roles import Role
from bot.time.calendar import TeamCalendar, check_horizon, school_days_from
from commands.cycle.lookup import find_cycle, local_today
from commands.cycle.moments import BEFORE, MORNING, OBSERVE, PROMPT
from commands.cycle.nudges import KIND, REFLECT_HOOK, owner_of
from commands.cycle.phases import GUIDES
from commands.cycle.render import fmt_day
from commands.cycle.schooldays import districts_text, team_calendar
from commands.cycle.texts import rich_text
from storage.cycles import Cycle
from storage.schedules import CANCELLED, DONE, PAUSED, Schedule

MOMENT_LABELS = {
    BEFORE: N_("reminder ahead, in the channel"),
    MORNING: N_("reminder on the day, in the channel"),
    OBSERVE: N_("request for observation notes, to each observer"),
    PROMPT: N_("reflection prompt, to each team member"),
}
# The kinds as typed (kind:prompt); shown with kind_name.
KIND_NAMES = {KIND: "reminder", REFLECT_HOOK: "prompt"}


def kind_name(kind: str) -> str:
    names = {
        KIND: pgettext("schedule kind", "reminder"),
        REFLECT_HOOK: pgettext("schedule kind", "prompt"),
    }
    return names.get(kind, kind)


COMMON_DAYS = 10


async def cycle_schedules(ctx: Context, cycle: Cycle) -> list[Schedule]:
    rows = await ctx.scheduling.list(ctx, owner=owner_of(cycle))
    return [row for row in rows if row.status not in (CANCELLED, DONE)]


def _item(ctx: Context, schedule: Schedule) -> Item:
    payload = schedule.payload or {}
    phase = str(payload.get("phase", "?"))
    guide = GUIDES.get(phase)
    label = MOMENT_LABELS.get(str(payload.get("moment")))
    what = _(label) if label is not None else pgettext("schedule kind", "reminder")
    title = f"{_(guide.title) if guide else phase}: {what}"
    if schedule.status == PAUSED or schedule.next_run_at is None:
        detail = rich(pgettext("schedule state", "paused"))
    else:
        detail = rich_text(
            _("goes out {when}"), when=ctx.moment(schedule.due_at or schedule.next_run_at)
        )
    return Item(title, detail, ref=f"{kind_name(schedule.kind)} #{schedule.number}")


async def reminders(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    action = args.get("action") or "list"
    if action == "list":
        return await _list(ctx, cycle)
    ctx.require(Role.FACILITATOR, _("Only facilitators can move or cancel a cycle's reminders."))
    if "id" not in args:
        raise UserError(
            _("Say which one, e.g. /cycle reminders #{id} {action} 3.", id=cycle.id, action=action)
        )
    schedule = await _one(ctx, cycle, args["id"], args.get("kind"))
    if action == "cancel":
        await ctx.scheduling.cancel(ctx, schedule.id)
        return Reply.text(
            _(
                "Cancelled {kind} #{n} of cycle #{id} {name}; the cycle's other reminders stay.",
                kind=kind_name(schedule.kind),
                n=schedule.number,
                id=cycle.id,
                name=cycle.name,
            ),
            tone=Tone.SUCCESS,
        )
    return await _move(ctx, cycle, schedule, args)


async def _list(ctx: Context, cycle: Cycle) -> Reply:
    rows = await cycle_schedules(ctx, cycle)
    rows.sort(key=lambda s: (s.next_run_at is None, s.next_run_at or datetime.max, s.id))
    blocks: list[Block] = [
        Header(_("Reminders of cycle #{id} {name}", id=cycle.id, name=cycle.name)),
        ItemList(
            tuple(_item(ctx, row) for row in rows),
            empty_text=_(
                "Nothing is scheduled: no phase is ahead, or the cycle is paused or closed."
            ),
        ),
    ]
    if rows:
        blocks.append(
            Note(
                _(
                    "Times are in your zone ({zone}). Facilitators move one with "
                    "/cycle reminders #{id} move <id> <date> [time], or cancel one with "
                    "/cycle reminders #{id} cancel <id>; nothing else changes.",
                    zone=str(ctx.member_zone()),
                    id=cycle.id,
                )
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
            _(
                "Cycle #{id} has no reminder #{n}; /cycle reminders #{id} lists them.",
                id=cycle.id,
                n=number,
            )
        )
    # Ids are per kind: a reminder and the reflection prompt may share a number; this is
    # /cycle reminders, so the reminder wins unless kind:prompt says otherwise.
    found.sort(key=lambda row: row.kind != KIND)
    return found[0]


async def _move(ctx: Context, cycle: Cycle, schedule: Schedule, args: Args) -> Reply:
    if "date" not in args:
        raise UserError(
            _(
                "Say when, e.g. /cycle reminders #{id} move {n} 2026-12-07 8:00.",
                id=cycle.id,
                n=schedule.number,
            )
        )
    day: date = args["date"]
    today = local_today(ctx)
    check_horizon(day, today, _("That day"))
    zone = ZoneInfo(schedule.zone)
    current = (schedule.next_run_at or ctx.now).astimezone(zone)
    at: time = args.get("time") or time(current.hour, current.minute)
    when = datetime.combine(day, at).replace(tzinfo=zone)
    moved = await ctx.scheduling.move(ctx, schedule.id, when)
    assert moved.next_run_at is not None
    return Reply(
        [
            Paragraph(
                rich_text(
                    _(
                        "Moved {kind} #{n} of cycle #{id} {name}; it goes out {when}. "
                        "Nothing else moved."
                    ),
                    kind=kind_name(moved.kind),
                    n=str(moved.number),
                    id=str(cycle.id),
                    name=cycle.name,
                    when=ctx.moment(moved.due_at or moved.next_run_at),
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
    check_horizon(start, today, _("from:"))
    days = school_days_from(calendar, start, args.get("count") or COMMON_DAYS)
    items = []
    for day in days:
        window = calendar.testing_window(day)
        items.append(
            Item(fmt_day(day, today), _("testing: {window}", window=window) if window else "")
        )
    skipped = _closed_between(calendar, start, days[-1] if days else start)
    blocks: list[Block] = [
        Header(_("School days the team of #{id} {name} shares", id=cycle.id, name=cycle.name)),
        Paragraph(
            _(
                "Counted in {where}, from {day}.",
                where=districts_text(calendar),
                day=fmt_day(start, today),
            )
        ),
        ItemList(tuple(items), empty_text=_("No shared school day in the next year.")),
    ]
    if skipped:
        blocks.append(Note(_("Not school days for everyone: {days}.", days="; ".join(skipped))))
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
        if first == last:
            span = fmt_day(first)
        else:
            span = _("{first} to {last}", first=fmt_day(first), last=fmt_day(last))
        out.append(f"{span} ({reason})")
    return out
