"""/cycle schedule, role, pause, resume and close: a facilitator steering a cycle."""

from __future__ import annotations

from datetime import date, time

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.grammar.values import parse_date
from bot.kernel.errors import UserError
from bot.kernel.i18n import N_, _
from bot.kernel.reply import Block, Note, Paragraph, Reply, Tone
from bot.text.deidentify import describe_findings
from bot.time.calendar import TeamCalendar, check_horizon
from commands.cycle import nudges
from commands.cycle.lookup import find_cycle, local_today, phase_days, require_open
from commands.cycle.phases import OPTIONAL_PHASES, phase_index
from commands.cycle.planning import add_school_days, school_days_between
from commands.cycle.render import fmt_day, when_text
from commands.cycle.report import compile_report, library_served, publish_report
from commands.cycle.schooldays import lesson_warning, team_calendar
from commands.cycle.texts import phase_name, rich_text
from commands.cycle.views import load_view, settle
from storage.cycles import (
    ACTIVE,
    CLOSED,
    NOT_HELD,
    PAUSED,
    Cycle,
    CycleMember,
    CyclePhase,
    team_member,
)

_NONE = ("none", "off", "remove")


async def schedule(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    settle(cycle, local_today(ctx))
    phase: str = args["phase"]
    rows = await phase_days(ctx, cycle)
    if args["date"].strip().lower() in _NONE:
        return await _unschedule(ctx, cycle, phase, rows)
    day = parse_date(args["date"])
    today = local_today(ctx)
    check_horizon(day, today, _("The {phase} date", phase=phase_name(phase)))
    calendar = await team_calendar(ctx.session, ctx.community, cycle)
    at: time | None = args.get("time")
    row = rows.get(phase)
    old = row.day if row is not None else None
    moves = {phase: day}
    if args.get("shift") and old is not None:
        delta = _school_delta(old, day, calendar)
        for other, other_row in rows.items():
            if phase_index(other) > phase_index(phase):
                moves[other] = add_school_days(other_row.day, delta, calendar)
    _check_order(phase, moves, rows)
    if row is None:
        row = CyclePhase(community_id=ctx.community.id, cycle_id=cycle.id, phase=phase, day=day)
        ctx.session.add(row)
    row.day = day
    if at is not None:
        row.at = f"{at:%H:%M}"
    for other, new_day in moves.items():
        if other != phase:
            rows[other].day = new_day
    await ctx.session.flush()
    for moved in moves:
        await nudges.schedule_phase(ctx, cycle, moved, calendar)
    if old is None:
        sentence = _("{person} set {phase} of cycle #{id} {name} to {when}.")
    else:
        sentence = _("{person} moved {phase} of cycle #{id} {name} to {when}.")
    when = when_text(day, row.at, today, ctx.community.timezone, ctx.community.timezone)
    blocks: list[Block] = [
        Paragraph(
            rich_text(
                sentence,
                person=ctx.member.display_name,
                phase=phase_name(phase),
                id=str(cycle.id),
                name=cycle.name,
                when=when,
            )
        )
    ]
    others = [p for p in moves if p != phase]
    if others:
        listed = ", ".join(_moved_to(p, moves[p], today) for p in others)
        blocks.append(Paragraph(_("Later phases moved along: {phases}.", phases=listed)))
    tone = Tone.SUCCESS
    if phase == "teach" and day >= today:
        warning = lesson_warning(calendar, day, today, cycle)
        if warning is not None:
            blocks.append(warning)
            tone = Tone.WARNING
    else:
        reason = calendar.why_not(day)
        if reason is not None:
            blocks.append(
                Note(
                    _(
                        "{day} is not a school day for the team ({reason}).",
                        day=fmt_day(day, today),
                        reason=reason,
                    )
                )
            )
    if day < today:
        blocks.append(Note(_("That day is in the past, so it gets no reminders.")))
    return Reply(blocks, private=False, tone=tone)


def _moved_to(phase: str, day: date, today: date) -> str:
    """ "teach to Mon 11 Jan" / "clase al lun 11 ene"."""
    return _("{phase} to {day}", phase=phase_name(phase), day=fmt_day(day, today))


def _school_delta(old: date, new: date, calendar: TeamCalendar) -> int:
    if new >= old:
        return school_days_between(old, new, calendar)
    return -school_days_between(new, old, calendar)


def _check_order(phase: str, moves: dict[str, date], rows: dict[str, CyclePhase]) -> None:
    days = {p: r.day for p, r in rows.items()} | moves
    index = phase_index(phase)
    day = days[phase]
    for other, other_day in days.items():
        before = phase_index(other) < index
        if before and other_day > day:
            raise UserError(
                _(
                    "{phase} can't be before {other} ({day}); move {other} first or pick a "
                    "later day.",
                    phase=phase_name(phase),
                    other=phase_name(other),
                    day=fmt_day(other_day),
                )
            )
        if phase_index(other) > index and other_day < day:
            raise UserError(
                _(
                    "{phase} can't be after {other} ({day}); move {other} first, or add "
                    "shift:yes to move the later phases along by as many school days.",
                    phase=phase_name(phase),
                    other=phase_name(other),
                    day=fmt_day(other_day),
                )
            )


async def _unschedule(ctx: Context, cycle: Cycle, phase: str, rows: dict[str, CyclePhase]) -> Reply:
    if phase not in OPTIONAL_PHASES:
        raise UserError(
            _(
                "Every cycle has a {phase} phase; give it a date like 2026-12-01.",
                phase=phase_name(phase),
            )
        )
    row = rows.get(phase)
    if row is None:
        return Reply.text(_("{phase} is not scheduled.", phase=phase_name(phase)))
    await ctx.session.delete(row)
    await ctx.session.flush()
    await nudges.cancel_phase(ctx, cycle, phase)
    return Reply.text(
        _("Removed the {phase} phase and its reminders.", phase=phase_name(phase)),
        tone=Tone.SUCCESS,
    )


async def role(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    person = await ctx.resolve_member(args["user"])
    row = await team_member(ctx.session, cycle, person.id)
    chosen: str = args["role"]
    if chosen == "remove":
        if row is None:
            return Reply.text(
                _("{person} is not on the team of #{id}.", person=person.display_name, id=cycle.id)
            )
        await ctx.session.delete(row)
        return Reply.text(
            _(
                "{person} is no longer on the team of cycle #{id} {name}.",
                person=person.display_name,
                id=cycle.id,
                name=cycle.name,
            ),
            tone=Tone.SUCCESS,
        )
    if row is None:
        ctx.session.add(
            CycleMember(
                community_id=ctx.community.id,
                cycle_id=cycle.id,
                member_id=person.id,
                role=chosen,
            )
        )
    else:
        row.role = chosen
    return Reply.text(_role_given(chosen, person.display_name, cycle), tone=Tone.SUCCESS)


# A whole sentence per role: articles differ by role and by language.
_ROLE_GIVEN = {
    "teacher": N_("{person} is the teacher in cycle #{id} {name}."),
    "knowledgeable-other": N_("{person} is a knowledgeable other in cycle #{id} {name}."),
    "facilitator": N_("{person} is a facilitator in cycle #{id} {name}."),
    "observer": N_("{person} is an observer in cycle #{id} {name}."),
}


def _role_given(role: str, person: str, cycle: Cycle) -> str:
    sentence = _ROLE_GIVEN.get(role, _ROLE_GIVEN["observer"])
    return _(sentence, person=person, id=cycle.id, name=cycle.name)


async def pause(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    today = local_today(ctx)
    settle(cycle, today)
    if cycle.status == PAUSED:
        if cycle.paused_until:
            raise UserError(
                _(
                    "Cycle #{id} is already paused until {day}; resume it first.",
                    id=cycle.id,
                    day=fmt_day(cycle.paused_until, today),
                )
            )
        raise UserError(_("Cycle #{id} is already paused; resume it first.", id=cycle.id))
    until: date | None = args.get("until")
    if until is not None and until <= today:
        raise UserError(_("until: should be a day after today."))
    if until is not None:
        check_horizon(until, today, _("until:"))
    await nudges.cancel_all(ctx, cycle)
    cycle.status = PAUSED
    cycle.paused_on = today
    cycle.paused_until = until
    moved: list[str] = []
    if until is not None:
        calendar = await team_calendar(ctx.session, ctx.community, cycle)
        rows = await phase_days(ctx, cycle)
        moved = _move_inside(rows, today, until, calendar, today)
        await ctx.session.flush()
        await nudges.schedule_all(ctx, cycle, calendar)
    blocks: list[Block] = []
    if until is not None:
        blocks.append(
            Paragraph(
                _(
                    "{person} paused cycle #{id} {name} until {day}.",
                    person=ctx.member.display_name,
                    id=cycle.id,
                    name=cycle.name,
                    day=fmt_day(until, today),
                )
            )
        )
        blocks.append(
            Paragraph(
                _(
                    "Phases that fell inside the pause moved by the school days it skips: "
                    "{phases}.",
                    phases=", ".join(moved),
                )
                if moved
                else _("No phase fell inside the pause, so none moved.")
            )
        )
        blocks.append(Note(_("It resumes by itself on that day; /cycle resume resumes it sooner.")))
    else:
        blocks.append(
            Paragraph(
                _(
                    "{person} paused cycle #{id} {name}. Reminders are off until /cycle "
                    "resume, which moves the phases that fell inside the pause by the school "
                    "days it lasted.",
                    person=ctx.member.display_name,
                    id=cycle.id,
                    name=cycle.name,
                )
            )
        )
    return Reply(blocks, private=False, tone=Tone.SUCCESS)


def _move_inside(
    rows: dict[str, CyclePhase],
    start: date,
    end: date,
    calendar: TeamCalendar,
    today: date,
) -> list[str]:
    """A pause from `start` to `end`: the phases on a day after `start` and before `end`
    (one on `start` itself has begun and stays) move by the school days in [start, end);
    later phases stay unless one moved onto or past them, which pushes them just after it.
    Returns what moved, as "teach to Mon 11 Jan"."""
    skip = school_days_between(start, end, calendar)
    moved: list[str] = []
    previous: date | None = None
    pushed = False  # an earlier phase moved: one that now meets it moves along
    for phase in sorted(rows, key=phase_index):
        row = rows[phase]
        new = row.day
        if start < row.day < end and skip:
            new = add_school_days(row.day, skip, calendar)
        if previous is not None and (new < previous or (new == previous and pushed)):
            new = add_school_days(previous, 1, calendar)
        if new != row.day:
            row.shifted = (row.shifted or 0) + school_days_between(row.day, new, calendar)
            row.day = new
            moved.append(_moved_to(row.phase, new, today))
            pushed = True
        previous = new
    return moved


async def resume(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    today = local_today(ctx)
    settle(cycle, today)
    if cycle.status != PAUSED:
        return Reply.text(_("Cycle #{id} {name} is not paused.", id=cycle.id, name=cycle.name))
    paused_on = cycle.paused_on or today
    calendar = await team_calendar(ctx.session, ctx.community, cycle)
    rows = await phase_days(ctx, cycle)
    moved: list[str] = []
    if cycle.paused_until is not None:
        # Phases inside the pause were moved by all of it: give back the unused school days,
        # never to before today.
        unused = school_days_between(today, cycle.paused_until, calendar)
        for row in rows.values():
            if row.shifted and unused:
                back = min(row.shifted, unused)
                new = max(add_school_days(row.day, -back, calendar), today)
                if new != row.day:
                    row.day = new
                    moved.append(_moved_to(row.phase, new, today))
    else:
        # Open-ended: the phases that fell inside the pause move by the school days it lasted.
        moved = _move_inside(rows, paused_on, today, calendar, today)
    for row in rows.values():
        row.shifted = 0
    cycle.status = ACTIVE
    cycle.paused_on = None
    cycle.paused_until = None
    await ctx.session.flush()
    await nudges.cancel_all(ctx, cycle)
    await nudges.schedule_all(ctx, cycle, calendar)
    text = _(
        "{person} resumed cycle #{id} {name}.",
        person=ctx.member.display_name,
        id=cycle.id,
        name=cycle.name,
    )
    blocks: list[Block] = [Paragraph(text)]
    if moved:
        blocks.append(Paragraph(_("Phases now: {phases}.", phases=", ".join(moved))))
    return Reply(blocks, private=False, tone=Tone.SUCCESS)


async def close(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    if cycle.status == CLOSED:
        raise UserError(_("Cycle #{id} {name} is already closed.", id=cycle.id, name=cycle.name))
    learned = (args.get("learned") or "").strip()
    findings = ctx.identifying_details(learned) if learned else []
    if findings and not args.get("confirm"):
        # The report is read by the whole community (and published with share:yes).
        learned_q = learned.replace('"', "'")
        again = f'/cycle close {cycle.id} learned:"{learned_q}"'
        again += " share:yes" if args.get("share") else ""
        again += " confirm:yes"
        subject = _("What you learned")  # built first: the extractor skips nested calls
        return Reply(
            [
                Paragraph(
                    _(
                        "Cycle #{id} is still open: {findings}",
                        id=cycle.id,
                        findings=describe_findings(findings, subject),
                    )
                ),
                Note(
                    _(
                        "Edit it and close again, or close with it as it is: {command}",
                        command=again,
                    )
                ),
            ],
            tone=Tone.WARNING,
        )
    await nudges.cancel_all(ctx, cycle)
    today = local_today(ctx)
    not_held = []
    for row in (await phase_days(ctx, cycle)).values():
        if row.day > today:  # its day never came: it did not happen
            row.outcome = NOT_HELD
            not_held.append(row.phase)
        row.shifted = 0
    cycle.status = CLOSED
    cycle.closed_at = ctx.now
    cycle.paused_on = None
    cycle.paused_until = None
    await ctx.session.flush()
    view = await load_view(ctx, cycle)
    cycle.report, files = await compile_report(ctx, view, args.get("learned"))
    blocks: list[Block] = [
        Paragraph(
            _(
                "{person} closed cycle #{id} {name}. Thank you, team.",
                person=ctx.member.display_name,
                id=cycle.id,
                name=cycle.name,
            )
        )
    ]
    if not_held:
        blocks.append(
            Note(
                _(
                    "Marked as not held, since their day had not come: {phases}.",
                    phases=", ".join(phase_name(p) for p in not_held),
                )
            )
        )
    library = library_served(ctx.services.registry)
    if args.get("share"):
        if library:
            resource_id = await publish_report(
                ctx.session, cycle, cycle.report, by=ctx.member, now=ctx.now
            )
            cycle.resource_id = resource_id
            blocks.append(
                Paragraph(
                    _(
                        "The end-of-cycle report is in the resource library as #{id}.",
                        id=resource_id,
                    )
                )
            )
        else:
            blocks.append(
                Paragraph(
                    _(
                        "The resource library isn't available here yet, so the report is kept "
                        "on the cycle: /cycle status #{id}.",
                        id=cycle.id,
                    )
                )
            )
    else:
        blocks.append(
            Paragraph(
                _("The end-of-cycle report is kept on the cycle: /cycle status #{id}.", id=cycle.id)
            )
        )
        if library:
            blocks.append(
                Note(_("Add share:yes when closing to publish it to the resource library."))
            )
    blocks.extend(files)
    await ctx.session.flush()
    return Reply(blocks, private=False, tone=Tone.SUCCESS)
