"""/cycle debrief: the packet, and the post-lesson discussion run step by step.

    /cycle debrief #1 packet              the merged notes, by direct message to the team
    /cycle debrief #1 start               step 1 of the protocol, posted in the cycle's channel
    /cycle debrief #1 next                the next step (or the end, after the last)
    /cycle debrief #1 end                 close the discussion
    /cycle debrief #1 record "..."        what the team concluded in this step (step: for another)
    /cycle debrief #1                     where it stands, with what was recorded (the team only)

Each step is posted in the cycle's channel with its prompt and time box. When
the box runs out, the scheduling engine posts "time is up" with a Next button
(delivery kind "cycle-debrief"); the step moves on only when someone says so,
since a good discussion sometimes runs over. The channel sees the prompts,
never a note or a record: those are read by the team and facilitators here.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.grammar.values import parse_channel
from bot.kernel.errors import UserError
from bot.kernel.reply import (
    Block,
    Button,
    Buttons,
    ButtonStyle,
    Header,
    Item,
    ItemList,
    Note,
    Paragraph,
    Reply,
    Tone,
)
from bot.scheduling.kinds import ComposeContext, DeliveryKind, Outgoing
from commands.cycle import packet as packets
from commands.cycle.checking import refuse_identifying
from commands.cycle.deliver import channel_address
from commands.cycle.focus import note_student
from commands.cycle.lesson import require_team
from commands.cycle.lookup import find_cycle, member_label, require_open
from commands.cycle.nudges import owner_of
from commands.cycle.protocol import EVIDENCE, THEME, Step, community_protocol, steps_from_json
from storage.cycles import Cycle, cycle_by_id
from storage.lesson_study import (
    CycleStudy,
    DiscussionRecord,
    discussion_records,
    focus_students,
    study_for,
)
from storage.members import members_by_ids

KIND = "cycle-debrief"
TIMEBOX = "timebox"
RECORD_LIMIT = 2000
ACTIONS = ("status", "packet", "start", "next", "end", "record")


async def debrief(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    action: str = args.get("action") or ("record" if "text" in args else "status")
    await require_team(ctx, cycle, "take part in the post-lesson discussion")
    if action == "status":
        return await status(ctx, cycle)
    require_open(cycle)
    if action == "packet":
        return await _packet(ctx, cycle)
    if action == "record":
        return await _record(ctx, cycle, args)
    study = await study_for(ctx.session, cycle)
    if action == "start":
        return await _start(ctx, cycle, study)
    if action == "next":
        return await _next(ctx, cycle, study)
    return await _end(ctx, cycle, study)


# -- the packet ------------------------------------------------------------------------------


async def _packet(ctx: Context, cycle: Cycle) -> Reply:
    members, packet, reply = await packets.send_packet(ctx, cycle)
    on_team = any(m.id == ctx.member.id for m in members)
    names = ", ".join(m.display_name for m in members) or "nobody yet"
    blocks: list[Block] = [
        Paragraph(
            f"Sent the debrief packet of cycle #{cycle.id} by direct message to the team "
            f"({names}): {len(packet.notes)} notes from {packet.observers} observers, "
            "as a message, Markdown and PDF."
        )
    ]
    if not packet.notes:
        blocks.append(Note("It has no notes yet: observers write them with /cycle observe."))
    if not on_team:  # a facilitator who is not on the team reads it here
        blocks.extend(reply.blocks)
    return Reply(blocks, tone=Tone.SUCCESS)


# -- running the discussion ------------------------------------------------------------------


def _protocol(study: CycleStudy) -> tuple[Step, ...]:
    return steps_from_json(study.protocol)


def running(study: CycleStudy | None) -> bool:
    return (
        study is not None
        and study.step is not None
        and study.discussion_started_at is not None
        and study.discussion_ended_at is None
    )


async def _start(ctx: Context, cycle: Cycle, study: CycleStudy) -> Reply:
    if running(study) and study.step is not None:
        raise UserError(
            f"The discussion of cycle #{cycle.id} is already at step {study.step + 1}; "
            f"/cycle debrief #{cycle.id} next moves on."
        )
    steps = community_protocol(ctx.community.settings)
    study.protocol = [step.to_json() for step in steps]
    study.discussion_started_at = ctx.now
    study.discussion_ended_at = None
    sent_packet = False
    if study.packet_sent_at is None:
        await packets.send_packet(ctx, cycle)
        sent_packet = True
    post = await _begin_step(ctx, cycle, study, 0)
    lead = Paragraph(
        f"{ctx.member.display_name} started the post-lesson discussion of {cycle.name}: "
        f"{len(steps)} steps, {sum(s.minutes for s in steps)} minutes."
    )
    post.blocks.insert(0, lead)
    extra = ["The debrief packet went to the team by direct message."] if sent_packet else []
    return _in_channel(ctx, cycle, post, extra)


async def _next(ctx: Context, cycle: Cycle, study: CycleStudy) -> Reply:
    if not running(study):
        raise UserError(
            f"The discussion of cycle #{cycle.id} is not running; start it with "
            f"/cycle debrief #{cycle.id} start."
        )
    steps = _protocol(study)
    assert study.step is not None
    await _cancel_timebox(ctx, cycle)
    if study.step + 1 >= len(steps):
        return await _end(ctx, cycle, study)
    return _in_channel(ctx, cycle, await _begin_step(ctx, cycle, study, study.step + 1), [])


async def _end(ctx: Context, cycle: Cycle, study: CycleStudy) -> Reply:
    if not running(study):
        raise UserError(f"The discussion of cycle #{cycle.id} is not running.")
    await _cancel_timebox(ctx, cycle)
    assert study.discussion_started_at is not None
    study.discussion_ended_at = ctx.now
    study.step = None
    study.step_started_at = None
    minutes = max(1, round((ctx.now - study.discussion_started_at).total_seconds() / 60))
    count = len(await discussion_records(ctx.session, cycle))
    post = Reply(
        [
            Paragraph(
                f"The post-lesson discussion of {cycle.name} has ended after {minutes} minutes. "
                "Thank you, team."
            ),
            Note(
                f"{count} record{'s' if count != 1 else ''} kept with the cycle for the team: "
                f"/cycle debrief #{cycle.id}. They feed the end-of-cycle report."
            ),
        ],
        private=False,
        tone=Tone.SUCCESS,
    )
    return _in_channel(ctx, cycle, post, [])


async def _begin_step(ctx: Context, cycle: Cycle, study: CycleStudy, index: int) -> Reply:
    steps = _protocol(study)
    step = steps[index]
    study.step = index
    study.step_started_at = ctx.now
    ends = ctx.now + timedelta(minutes=step.minutes)
    await _schedule_timebox(ctx, cycle, study, index, ends)
    zone = ctx.community_zone()
    return step_post(
        cycle, steps, index, ends.astimezone(zone), await _context_lines(ctx, cycle, step)
    )


async def _context_lines(ctx: Context, cycle: Cycle, step: Step) -> list[str]:
    if step.kind == EVIDENCE:
        codes = [s.code for s in await focus_students(ctx.session, cycle)]
        if codes:
            return [f"Focus students, in turn: {', '.join(codes)}. The packet has every note."]
        return ["The packet has every note, in lesson order."]
    if step.kind == THEME:
        return [f"Research theme: {cycle.theme}"]
    return []


def step_post(
    cycle: Cycle, steps: tuple[Step, ...], index: int, ends: datetime, lines: list[str]
) -> Reply:
    step = steps[index]
    command = f"/cycle debrief #{cycle.id}"
    following = (
        f"Then: {index + 2}. {steps[index + 1].title}." if index + 1 < len(steps) else "Last step."
    )
    return Reply(
        [
            Header(f"Step {index + 1} of {len(steps)}: {step.title}"),
            Paragraph(f"{step.minutes} minutes, until {ends:%H:%M}. {step.prompt}"),
            *(Paragraph(line) for line in lines),
            Note(f'Record what the team concludes: {command} record "...". {following}'),
            Buttons(
                (
                    Button(
                        "Next step" if index + 1 < len(steps) else "End the discussion",
                        f"{command} next",
                        ButtonStyle.PRIMARY,
                    ),
                )
            ),
        ],
        private=False,
    )


def _in_channel(ctx: Context, cycle: Cycle, post: Reply, extra: list[str]) -> Reply:
    """Post in the cycle's channel: as the reply when asked there, else sent there."""
    here = ctx.address.channel is not None and ctx.address.channel == cycle.channel_id
    address = channel_address(ctx.community, cycle)
    if here or address is None:
        post.blocks.extend(Note(text) for text in extra)
        return post
    ctx.notify(address, post)
    shown = cycle.channel_name or cycle.channel_id
    return Reply(
        [Paragraph(f"Posted in #{shown}."), *(Note(text) for text in extra)], tone=Tone.SUCCESS
    )


# -- time boxes on the scheduling engine -----------------------------------------------------


async def _schedule_timebox(
    ctx: Context, cycle: Cycle, study: CycleStudy, index: int, ends: datetime
) -> None:
    zone = ctx.community_zone()
    local = ends.astimezone(zone)
    # Whole minutes only, so the notice never comes early: round up.
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    assert study.step_started_at is not None
    await ctx.scheduling.create(
        ctx,
        kind=KIND,
        target=_channel_target(cycle),
        when=f"{local:%Y-%m-%d %H:%M}",
        payload={
            "cycle": cycle.id,
            "phase": "debrief",
            "moment": TIMEBOX,
            "step": index,
            "started": study.step_started_at.isoformat(),
        },
        owner=owner_of(cycle),
        zone=str(zone),
    )


def _channel_target(cycle: Cycle) -> str:
    """The cycle's channel as a schedule target: one post, never held per person."""
    channel = cycle.channel_id or ""
    try:
        parse_channel(f"<#{channel}>")  # a Slack or Discord channel id
    except UserError:
        return f"#{channel}"  # the console's channels are names
    return f"<#{channel}>"


async def _cancel_timebox(ctx: Context, cycle: Cycle) -> None:
    for schedule in await ctx.scheduling.list(ctx, kind=KIND, owner=owner_of(cycle)):
        if schedule.status not in ("cancelled", "done"):
            await ctx.scheduling.cancel(ctx, schedule.id)


async def compose(ctx: ComposeContext) -> list[Outgoing]:
    """Time is up for a step: said in the channel, if the discussion is still on it."""
    payload = ctx.schedule.payload or {}
    cycle = await cycle_by_id(ctx.session, ctx.community.id, int(payload.get("cycle", 0)))
    if cycle is None:
        return []
    study = await study_for(ctx.session, cycle)
    started = study.step_started_at.isoformat() if study.step_started_at else None
    if not running(study) or study.step != payload.get("step") or started != payload.get("started"):
        return []
    address = channel_address(ctx.community, cycle)
    if address is None:
        return []
    steps = _protocol(study)
    index = int(payload["step"])
    following = (
        f"Next: {index + 2}. {steps[index + 1].title} ({steps[index + 1].minutes} min)."
        if index + 1 < len(steps)
        else "That was the last step."
    )
    reply = Reply(
        [
            Paragraph(
                f"Time is up for step {index + 1} of {len(steps)}: {steps[index].title}. "
                f"{following}"
            ),
            Buttons(
                (
                    Button(
                        "Next step" if index + 1 < len(steps) else "End the discussion",
                        f"/cycle debrief #{cycle.id} next",
                        ButtonStyle.PRIMARY,
                    ),
                )
            ),
        ],
        private=False,
    )
    return [Outgoing(address, reply)]


DELIVERY_KINDS = (DeliveryKind(KIND, compose),)


# -- what the team records ---------------------------------------------------------------


async def _record(ctx: Context, cycle: Cycle, args: Args) -> Reply:
    text = (args.get("text") or "").strip()
    if not text:
        raise UserError(f'Say what to record, e.g. /cycle debrief #{cycle.id} record "...".')
    if len(text) > RECORD_LIMIT:
        raise UserError(f"A record is at most {RECORD_LIMIT} characters ({len(text)} given).")
    study = await study_for(ctx.session, cycle)
    steps = _protocol(study) or community_protocol(ctx.community.settings)
    if "step" in args:
        index = int(args["step"]) - 1
        if not 0 <= index < len(steps):
            raise UserError(f"The discussion has steps 1 to {len(steps)}.")
    elif running(study):
        assert study.step is not None
        index = study.step
    else:
        raise UserError(
            "The discussion is not running, so say which step this belongs to, e.g. step:3."
        )
    refuse_identifying(text, "this record", checked=bool(args.get("checked")))
    student = None
    if "student" in args:
        student = note_student(args["student"], await focus_students(ctx.session, cycle), cycle)
    ctx.session.add(
        DiscussionRecord(
            community_id=ctx.community.id,
            cycle_id=cycle.id,
            step=index + 1,
            step_kind=steps[index].kind,
            student=student,
            member_id=ctx.member.id,
            body=text,
            created_at=ctx.now,
        )
    )
    await ctx.session.flush()
    return Reply.text(
        f"Recorded under step {index + 1}, {steps[index].title}. The team reads it with "
        f"/cycle debrief #{cycle.id}.",
        tone=Tone.SUCCESS,
    )


async def status(ctx: Context, cycle: Cycle) -> Reply:
    """Where the discussion stands and what the team recorded: for the team and facilitators."""
    study = await study_for(ctx.session, cycle)
    steps = _protocol(study) or community_protocol(ctx.community.settings)
    records = await discussion_records(ctx.session, cycle)
    people = await members_by_ids(
        ctx.session, ctx.community.id, [r.member_id for r in records if r.member_id]
    )
    zone: ZoneInfo = ctx.community_zone()
    if running(study):
        assert study.step is not None and study.step_started_at is not None
        step = steps[study.step]
        left = step.minutes - (ctx.now - study.step_started_at).total_seconds() / 60
        state = f"Running: step {study.step + 1} of {len(steps)}, {step.title}; " + (
            f"{math.ceil(left)} minutes left." if left > 0 else "its time is up."
        )
    elif study.discussion_ended_at is not None:
        local = study.discussion_ended_at.astimezone(zone)
        state = f"Held; it ended at {local:%H:%M} on {local:%a} {local.day} {local:%b}."
    else:
        state = f"Not started: /cycle debrief #{cycle.id} start, in the team's meeting."
    if study.packet_sent_at is not None:
        sent = study.packet_sent_at.astimezone(zone)
        state += f" The packet went to the team at {sent:%H:%M} on {sent:%a} {sent.day} {sent:%b}."
    items = []
    for number, step in enumerate(steps, 1):
        mine = [r for r in records if r.step == number]
        detail = "\n".join(
            f"{member_label(people.get(r.member_id) if r.member_id else None)}"
            + (f" (on {r.student})" if r.student else "")
            + f": {r.body}"
            for r in mine
        )
        items.append(
            Item(title=f"{number}. {step.title} ({step.minutes} min)", detail=detail or "—")
        )
    return Reply(
        [
            Header(f"Post-lesson discussion of {cycle.name}"),
            Paragraph(state),
            ItemList(tuple(items)),
            Note("Kept with the cycle for its team and facilitators; never posted in the channel."),
        ]
    )
