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
from bot.kernel.i18n import _, date_text, ngettext, pgettext, time_text
from bot.kernel.language import Language, current_language, speaking
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
from storage.community import Member, community_language
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
ACTION_ALIASES = (
    ("estado", "status"),
    ("paquete", "packet"),
    ("iniciar", "start"),
    ("empezar", "start"),
    ("siguiente", "next"),
    ("terminar", "end"),
    ("registrar", "record"),
)


async def debrief(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    action: str = args.get("action") or ("record" if "text" in args else "status")
    await require_team(ctx, cycle, _("take part in the post-lesson discussion"))
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
    names = ", ".join(m.display_name for m in members) or _("nobody yet")
    blocks: list[Block] = [
        Paragraph(
            _(
                "Sent the debrief packet of cycle #{id} by direct message to the team "
                "({names}): {counts}, as a message, Markdown and PDF.",
                id=cycle.id,
                names=names,
                counts=packets.counted(packet),
            )
        )
    ]
    if not packet.notes:
        blocks.append(Note(_("It has no notes yet: observers write them with /cycle observe.")))
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
            _(
                "The discussion of cycle #{id} is already at step {n}; "
                "/cycle debrief #{id} next moves on.",
                id=cycle.id,
                n=study.step + 1,
            )
        )
    steps = community_protocol(ctx.community.settings)
    study.protocol = [step.to_json() for step in steps]
    study.discussion_started_at = ctx.now
    study.discussion_ended_at = None
    sent_packet = False
    if study.packet_sent_at is None:
        await packets.send_packet(ctx, cycle)
        sent_packet = True
    with speaking(_post_language(ctx, cycle)):
        post = await _begin_step(ctx, cycle, study, 0)
        lead = Paragraph(
            _(
                "{name} started the post-lesson discussion of {cycle}: {steps}, {minutes}.",
                name=ctx.member.display_name,
                cycle=cycle.name,
                steps=ngettext("{n} step", "{n} steps", len(steps)),
                minutes=ngettext("{n} minute", "{n} minutes", sum(s.minutes for s in steps)),
            )
        )
    post.blocks.insert(0, lead)
    extra = [_("The debrief packet went to the team by direct message.")] if sent_packet else []
    return _in_channel(ctx, cycle, post, extra)


async def _next(ctx: Context, cycle: Cycle, study: CycleStudy) -> Reply:
    if not running(study):
        raise UserError(
            _(
                "The discussion of cycle #{id} is not running; start it with "
                "/cycle debrief #{id} start.",
                id=cycle.id,
            )
        )
    steps = _protocol(study)
    assert study.step is not None
    await _cancel_timebox(ctx, cycle)
    if study.step + 1 >= len(steps):
        return await _end(ctx, cycle, study)
    with speaking(_post_language(ctx, cycle)):
        post = await _begin_step(ctx, cycle, study, study.step + 1)
    return _in_channel(ctx, cycle, post, [])


async def _end(ctx: Context, cycle: Cycle, study: CycleStudy) -> Reply:
    if not running(study):
        raise UserError(_("The discussion of cycle #{id} is not running.", id=cycle.id))
    await _cancel_timebox(ctx, cycle)
    assert study.discussion_started_at is not None
    study.discussion_ended_at = ctx.now
    study.step = None
    study.step_started_at = None
    minutes = max(1, round((ctx.now - study.discussion_started_at).total_seconds() / 60))
    count = len(await discussion_records(ctx.session, cycle))
    with speaking(_post_language(ctx, cycle)):
        post = Reply(
            [
                Paragraph(
                    ngettext(
                        "The post-lesson discussion of {name} has ended after {n} minute. "
                        "Thank you, team.",
                        "The post-lesson discussion of {name} has ended after {n} minutes. "
                        "Thank you, team.",
                        minutes,
                        name=cycle.name,
                    )
                ),
                Note(
                    ngettext(
                        "{n} record kept with the cycle for the team: /cycle debrief #{id}. "
                        "They feed the end-of-cycle report.",
                        "{n} records kept with the cycle for the team: /cycle debrief #{id}. "
                        "They feed the end-of-cycle report.",
                        count,
                        id=cycle.id,
                    )
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
            return [
                _(
                    "Focus students, in turn: {codes}. The packet has every note.",
                    codes=", ".join(codes),
                )
            ]
        return [_("The packet has every note, in lesson order.")]
    if step.kind == THEME:
        return [_("Research theme: {theme}", theme=cycle.theme)]
    return []


def step_post(
    cycle: Cycle, steps: tuple[Step, ...], index: int, ends: datetime, lines: list[str]
) -> Reply:
    step = steps[index]
    command = f"/cycle debrief #{cycle.id}"
    if index + 1 < len(steps):
        following = _("Then: {n}. {title}.", n=index + 2, title=steps[index + 1].shown_title)
    else:
        following = _("Last step.")
    return Reply(
        [
            Header(
                _(
                    "Step {n} of {count}: {title}",
                    n=index + 1,
                    count=len(steps),
                    title=step.shown_title,
                )
            ),
            Paragraph(
                ngettext(
                    "{n} minute, until {time}. {prompt}",
                    "{n} minutes, until {time}. {prompt}",
                    step.minutes,
                    time=time_text(ends),
                    prompt=step.shown_prompt,
                )
            ),
            *(Paragraph(line) for line in lines),
            Note(
                _(
                    'Record what the team concludes: {command} record "...". {following}',
                    command=command,
                    following=following,
                )
            ),
            Buttons((_next_button(f"{command} next", index + 1 < len(steps)),)),
        ],
        private=False,
    )


def _next_button(command: str, more: bool) -> Button:
    label = pgettext("button", "Next step") if more else pgettext("button", "End the discussion")
    return Button(label, command, ButtonStyle.PRIMARY)


def _post_language(ctx: Context, cycle: Cycle) -> Language:
    """A post asked for in the cycle's channel is the asker's reply, in their language;
    one the bot sends there from elsewhere is in the channel's (the community's)."""
    if ctx.address.channel is not None and ctx.address.channel == cycle.channel_id:
        return current_language()
    return community_language(ctx.community)


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
        [Paragraph(_("Posted in #{channel}.", channel=shown)), *(Note(text) for text in extra)],
        tone=Tone.SUCCESS,
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
    with speaking(community_language(ctx.community)):
        return [Outgoing(address, _time_is_up(cycle, steps, index))]


def _time_is_up(cycle: Cycle, steps: tuple[Step, ...], index: int) -> Reply:
    if index + 1 < len(steps):
        following = _(
            "Next: {n}. {title} ({minutes} min).",
            n=index + 2,
            title=steps[index + 1].shown_title,
            minutes=steps[index + 1].minutes,
        )
    else:
        following = _("That was the last step.")
    return Reply(
        [
            Paragraph(
                _(
                    "Time is up for step {n} of {count}: {title}. {following}",
                    n=index + 1,
                    count=len(steps),
                    title=steps[index].shown_title,
                    following=following,
                )
            ),
            Buttons((_next_button(f"/cycle debrief #{cycle.id} next", index + 1 < len(steps)),)),
        ],
        private=False,
    )


DELIVERY_KINDS = (DeliveryKind(KIND, compose),)


# -- what the team records ---------------------------------------------------------------


async def _record(ctx: Context, cycle: Cycle, args: Args) -> Reply:
    text = (args.get("text") or "").strip()
    if not text:
        raise UserError(
            _('Say what to record, e.g. /cycle debrief #{id} record "...".', id=cycle.id)
        )
    if len(text) > RECORD_LIMIT:
        raise UserError(
            _(
                "A record is at most {limit} characters ({n} given).",
                limit=RECORD_LIMIT,
                n=len(text),
            )
        )
    study = await study_for(ctx.session, cycle)
    steps = _protocol(study) or community_protocol(ctx.community.settings)
    if "step" in args:
        index = int(args["step"]) - 1
        if not 0 <= index < len(steps):
            raise UserError(_("The discussion has steps 1 to {n}.", n=len(steps)))
    elif running(study):
        assert study.step is not None
        index = study.step
    else:
        raise UserError(
            _("The discussion is not running, so say which step this belongs to, e.g. step:3.")
        )
    refuse_identifying(text, _("this record"), checked=bool(args.get("checked")))
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
        _(
            "Recorded under step {n}, {title}. The team reads it with /cycle debrief #{id}.",
            n=index + 1,
            title=steps[index].shown_title,
            id=cycle.id,
        ),
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
        if left > 0:
            state = ngettext(
                "Running: step {step} of {count}, {title}; {n} minute left.",
                "Running: step {step} of {count}, {title}; {n} minutes left.",
                math.ceil(left),
                step=study.step + 1,
                count=len(steps),
                title=step.shown_title,
            )
        else:
            state = _(
                "Running: step {step} of {count}, {title}; its time is up.",
                step=study.step + 1,
                count=len(steps),
                title=step.shown_title,
            )
    elif study.discussion_ended_at is not None:
        local = study.discussion_ended_at.astimezone(zone)
        state = _(
            "Held; it ended at {time} on {day}.",
            time=time_text(local),
            day=date_text(local, "day_short"),
        )
    else:
        state = _("Not started: /cycle debrief #{id} start, in the team's meeting.", id=cycle.id)
    if study.packet_sent_at is not None:
        sent = study.packet_sent_at.astimezone(zone)
        state += " " + _(
            "The packet went to the team at {time} on {day}.",
            time=time_text(sent),
            day=date_text(sent, "day_short"),
        )
    items = []
    for number, step in enumerate(steps, 1):
        mine = [r for r in records if r.step == number]
        detail = "\n".join(_record_line(r, people) for r in mine)
        items.append(
            Item(
                title=_(
                    "{n}. {title} ({minutes} min)",
                    n=number,
                    title=step.shown_title,
                    minutes=step.minutes,
                ),
                detail=detail or "—",
            )
        )
    return Reply(
        [
            Header(_("Post-lesson discussion of {name}", name=cycle.name)),
            Paragraph(state),
            ItemList(tuple(items)),
            Note(
                _("Kept with the cycle for its team and facilitators; never posted in the channel.")
            ),
        ]
    )


def _record_line(record: DiscussionRecord, people: dict[int, Member]) -> str:
    name = member_label(people.get(record.member_id) if record.member_id else None)
    if record.student:
        return _(
            "{name} (on {student}): {body}", name=name, student=record.student, body=record.body
        )
    return f"{name}: {record.body}"
