"""/cycle schedule, role, pause, resume and close: a facilitator steering a cycle."""

from __future__ import annotations

from datetime import date, time

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.grammar.values import parse_date
from bot.kernel.errors import UserError
from bot.kernel.reply import Block, Note, Paragraph, Reply, Tone
from bot.text.deidentify import describe_findings
from commands.cycle import nudges
from commands.cycle.lookup import find_cycle, local_today, phase_days, require_open
from commands.cycle.phases import OPTIONAL_PHASES, ROLE_LABELS, phase_index
from commands.cycle.planning import add_school_days, is_school_day, school_days_between
from commands.cycle.render import fmt_day, fmt_when
from commands.cycle.report import compile_report, library_served, publish_report
from commands.cycle.views import load_view, settle
from storage.cycles import ACTIVE, CLOSED, PAUSED, Cycle, CycleMember, CyclePhase, team_member

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
    at: time | None = args.get("time")
    row = rows.get(phase)
    old = row.day if row is not None else None
    moves = {phase: day}
    if args.get("shift") and old is not None:
        delta = _school_delta(old, day)
        for other, other_row in rows.items():
            if phase_index(other) > phase_index(phase):
                moves[other] = add_school_days(other_row.day, delta)
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
        await nudges.schedule_phase(ctx, cycle, moved)
    today = local_today(ctx)
    verb = "set" if old is None else "moved"
    text = f"{ctx.member.display_name} {verb} {phase} of cycle #{cycle.id} {cycle.name} "
    text += f"to {fmt_when(day, row.at, today)}."
    blocks: list[Block] = [Paragraph(text)]
    others = [p for p in moves if p != phase]
    if others:
        listed = ", ".join(f"{p} to {fmt_day(moves[p], today)}" for p in others)
        blocks.append(Paragraph(f"Later phases moved along: {listed}."))
    if not is_school_day(day):
        blocks.append(Note(f"{fmt_day(day, today)} is a weekend day."))
    if day < today:
        blocks.append(Note("That day is in the past, so it gets no reminders."))
    return Reply(blocks, private=False, tone=Tone.SUCCESS)


def _school_delta(old: date, new: date) -> int:
    if new >= old:
        return school_days_between(old, new)
    return -school_days_between(new, old)


def _check_order(phase: str, moves: dict[str, date], rows: dict[str, CyclePhase]) -> None:
    days = {p: r.day for p, r in rows.items()} | moves
    index = phase_index(phase)
    day = days[phase]
    for other, other_day in days.items():
        before = phase_index(other) < index
        if before and other_day > day:
            raise UserError(
                f"{phase} can't be before {other} ({fmt_day(other_day)}); "
                f"move {other} first or pick a later day."
            )
        if phase_index(other) > index and other_day < day:
            raise UserError(
                f"{phase} can't be after {other} ({fmt_day(other_day)}); move {other} first, "
                "or add shift:yes to move the later phases along by as many school days."
            )


async def _unschedule(ctx: Context, cycle: Cycle, phase: str, rows: dict[str, CyclePhase]) -> Reply:
    if phase not in OPTIONAL_PHASES:
        raise UserError(f"Every cycle has a {phase} phase; give it a date like 2026-12-01.")
    row = rows.get(phase)
    if row is None:
        return Reply.text(f"{phase} is not scheduled.")
    await ctx.session.delete(row)
    await ctx.session.flush()
    await nudges.cancel_phase(ctx, cycle, phase)
    return Reply.text(f"Removed the {phase} phase and its reminders.", tone=Tone.SUCCESS)


async def role(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    person = await ctx.resolve_member(args["user"])
    row = await team_member(ctx.session, cycle, person.id)
    chosen: str = args["role"]
    if chosen == "remove":
        if row is None:
            return Reply.text(f"{person.display_name} is not on the team of #{cycle.id}.")
        await ctx.session.delete(row)
        return Reply.text(
            f"{person.display_name} is no longer on the team of cycle #{cycle.id} {cycle.name}.",
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
    label = ROLE_LABELS[chosen]
    shown = f"the {label}" if chosen == "teacher" else _a(label)
    return Reply.text(
        f"{person.display_name} is {shown} in cycle #{cycle.id} {cycle.name}.",
        tone=Tone.SUCCESS,
    )


def _a(label: str) -> str:
    return f"an {label}" if label[0] in "aeiou" else f"a {label}"


async def pause(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    today = local_today(ctx)
    settle(cycle, today)
    if cycle.status == PAUSED:
        shown = f" until {fmt_day(cycle.paused_until, today)}" if cycle.paused_until else ""
        raise UserError(f"Cycle #{cycle.id} is already paused{shown}; resume it first.")
    until: date | None = args.get("until")
    if until is not None and until <= today:
        raise UserError("until: should be a day after today.")
    await nudges.cancel_all(ctx, cycle)
    cycle.status = PAUSED
    cycle.paused_on = today
    cycle.paused_until = until
    moved: list[str] = []
    if until is not None:
        skip = school_days_between(today, until)
        for row in (await phase_days(ctx, cycle)).values():
            if row.day > today:
                row.day = add_school_days(row.day, skip)
                moved.append(f"{row.phase} to {fmt_day(row.day, today)}")
        await ctx.session.flush()
        await nudges.schedule_all(ctx, cycle)
    blocks: list[Block] = []
    if until is not None:
        blocks.append(
            Paragraph(
                f"{ctx.member.display_name} paused cycle #{cycle.id} {cycle.name} until "
                f"{fmt_day(until, today)}."
            )
        )
        blocks.append(
            Paragraph(
                "Remaining phases moved: " + ", ".join(moved) + "."
                if moved
                else "No phases were ahead, so none moved."
            )
        )
        blocks.append(Note("It resumes by itself on that day; /cycle resume resumes it sooner."))
    else:
        blocks.append(
            Paragraph(
                f"{ctx.member.display_name} paused cycle #{cycle.id} {cycle.name}. Reminders "
                "are off until /cycle resume, which moves the remaining phases by the school "
                "days it was paused."
            )
        )
    return Reply(blocks, private=False, tone=Tone.SUCCESS)


async def resume(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    require_open(cycle)
    today = local_today(ctx)
    settle(cycle, today)
    if cycle.status != PAUSED:
        return Reply.text(f"Cycle #{cycle.id} {cycle.name} is not paused.")
    paused_on = cycle.paused_on or today
    # With a date, phases were moved by the whole pause; give back the unused part.
    # Without one, move them now by the school days the pause lasted.
    if cycle.paused_until is not None:
        delta = -school_days_between(today, cycle.paused_until)
    else:
        delta = school_days_between(paused_on, today)
    moved: list[str] = []
    if delta:
        for row in (await phase_days(ctx, cycle)).values():
            if row.day > (today if delta < 0 else paused_on):
                row.day = add_school_days(row.day, delta)
                moved.append(f"{row.phase} to {fmt_day(row.day, today)}")
    cycle.status = ACTIVE
    cycle.paused_on = None
    cycle.paused_until = None
    await ctx.session.flush()
    await nudges.cancel_all(ctx, cycle)
    await nudges.schedule_all(ctx, cycle)
    text = f"{ctx.member.display_name} resumed cycle #{cycle.id} {cycle.name}."
    blocks: list[Block] = [Paragraph(text)]
    if moved:
        blocks.append(Paragraph("Phases now: " + ", ".join(moved) + "."))
    return Reply(blocks, private=False, tone=Tone.SUCCESS)


async def close(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    if cycle.status == CLOSED:
        raise UserError(f"Cycle #{cycle.id} {cycle.name} is already closed.")
    learned = (args.get("learned") or "").strip()
    findings = ctx.identifying_details(learned) if learned else []
    if findings and not args.get("confirm"):
        # The report is read by the whole community (and published with share:yes).
        learned_q = learned.replace('"', "'")
        again = f'/cycle close {cycle.id} learned:"{learned_q}"'
        again += " share:yes" if args.get("share") else ""
        again += " confirm:yes"
        return Reply(
            [
                Paragraph(
                    f"Cycle #{cycle.id} is still open: "
                    + describe_findings(findings, "What you learned")
                ),
                Note(f"Edit it and close again, or close with it as it is: {again}"),
            ],
            tone=Tone.WARNING,
        )
    await nudges.cancel_all(ctx, cycle)
    cycle.status = CLOSED
    cycle.closed_at = ctx.now
    cycle.paused_on = None
    cycle.paused_until = None
    view = await load_view(ctx, cycle)
    cycle.report, files = await compile_report(ctx, view, args.get("learned"))
    blocks: list[Block] = [
        Paragraph(
            f"{ctx.member.display_name} closed cycle #{cycle.id} {cycle.name}. Thank you, team."
        )
    ]
    library = library_served(ctx.services.registry)
    if args.get("share"):
        if library:
            resource_id = await publish_report(
                ctx.session, cycle, cycle.report, by=ctx.member, now=ctx.now
            )
            cycle.resource_id = resource_id
            blocks.append(
                Paragraph(f"The end-of-cycle report is in the resource library as #{resource_id}.")
            )
        else:
            blocks.append(
                Paragraph(
                    "The resource library isn't available here yet, so the report is kept on "
                    f"the cycle: /cycle status #{cycle.id}."
                )
            )
    else:
        blocks.append(
            Paragraph(f"The end-of-cycle report is kept on the cycle: /cycle status #{cycle.id}.")
        )
        if library:
            blocks.append(Note("Add share:yes when closing to publish it to the resource library."))
    blocks.extend(files)
    await ctx.session.flush()
    return Reply(blocks, private=False, tone=Tone.SUCCESS)
