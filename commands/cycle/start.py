"""/cycle start and /cycle defaults: a cycle planned backwards from its research lesson."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.exc import IntegrityError

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.grammar.values import parse_user
from bot.kernel.errors import UserError
from bot.kernel.i18n import _, time_text
from bot.kernel.reply import Fields, Header, Note, Paragraph, Reply, Tone
from bot.kernel.roles import Role
from commands.cycle import nudges
from commands.cycle.labels import apply_labels
from commands.cycle.lookup import local_today, looks_like_id
from commands.cycle.planning import (
    SETTINGS_KEY,
    CycleDefaults,
    check_offset,
    plan_backwards,
)
from commands.cycle.render import fmt_day, full_status
from commands.cycle.schooldays import districts_text, lesson_warning, team_calendar
from commands.cycle.texts import phase_name
from commands.cycle.views import load_view
from storage.community import Member
from storage.cycles import Cycle, CycleMember, CyclePhase, cycle_by_name, cycle_name_key

NAME_LIMIT = 120


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UserError(_('Give the cycle a name, e.g. name:"Fractions on a number line".'))
    if looks_like_id(name):
        raise UserError(
            _("“{name}” looks like an id; give the cycle a name with letters in it.", name=name)
        )
    if len(name) > NAME_LIMIT:
        raise UserError(
            _(
                "name: is too long ({n} characters; at most {limit}).",
                n=len(name),
                limit=NAME_LIMIT,
            )
        )
    return name


async def _team(ctx: Context, raw: tuple[str, ...]) -> list[Member]:
    people: list[Member] = []
    for text in raw:
        member = await ctx.resolve_member(parse_user(text))
        if all(member.id != other.id for other in people):
            people.append(member)
    return people


async def start(ctx: Context, args: Args) -> Reply:
    if ctx.address.channel is None:
        raise UserError(
            _("Start a cycle in the channel its team talks in, not in a direct message.")
        )
    name = check_name(args["name"])
    existing = await cycle_by_name(ctx.session, ctx.community.id, name)
    if existing is not None:
        raise UserError(
            _(
                "This community already has a cycle named “{name}” (#{id}); pick another name.",
                name=existing.name,
                id=existing.id,
            )
        )
    team = await _team(ctx, args.get("team", ()))
    today = local_today(ctx)
    defaults = CycleDefaults.from_settings(ctx.community.settings)
    calendar = await team_calendar(ctx.session, ctx.community, None, [ctx.member, *team])
    lesson = args.get("lesson-date")
    plan = plan_backwards(lesson, defaults, today=today, calendar=calendar) if lesson else []
    cycle = Cycle(
        community_id=ctx.community.id,
        name=name,
        name_key=cycle_name_key(name),
        theme=args["theme"].strip(),
        channel_id=ctx.address.channel,
        channel_name=ctx.address.channel_name,
        status="active",
        created_by=ctx.member.id,
        created_at=ctx.now,
    )
    apply_labels(cycle, args, ctx.community.settings)
    try:
        async with ctx.session.begin_nested():
            ctx.session.add(cycle)
    except IntegrityError:  # someone started one with this name a moment ago
        raise UserError(
            _("This community already has a cycle named “{name}”.", name=name)
        ) from None
    ctx.session.add(
        CycleMember(
            community_id=ctx.community.id,
            cycle_id=cycle.id,
            member_id=ctx.member.id,
            role="facilitator",
        )
    )
    for member in team:
        if member.id != ctx.member.id:
            ctx.session.add(
                CycleMember(
                    community_id=ctx.community.id,
                    cycle_id=cycle.id,
                    member_id=member.id,
                    role="observer",
                )
            )
    for planned in plan:
        ctx.session.add(
            CyclePhase(
                community_id=ctx.community.id,
                cycle_id=cycle.id,
                phase=planned.phase,
                day=planned.day,
            )
        )
    await ctx.session.flush()
    await nudges.schedule_all(ctx, cycle, calendar)
    view = await load_view(ctx, cycle)
    blocks = [
        Paragraph(
            _("{name} started a lesson-study cycle in this channel.", name=ctx.member.display_name)
        ),
        *full_status(view),
    ]
    tone = Tone.SUCCESS
    if lesson is not None:
        warning = lesson_warning(calendar, lesson, today, cycle)
        if warning is not None:
            blocks.append(warning)
            tone = Tone.WARNING
        if len(calendar.parts) > 1 or calendar.parts[0].label != "the community":
            blocks.append(
                Note(_("School days counted in {where}.", where=districts_text(calendar)))
            )
    moved = [(p.phase, p.moved_from) for p in plan if p.moved_from is not None]
    if moved:
        names = ", ".join(
            _("{phase} (would have been {day})", phase=phase_name(phase), day=fmt_day(day, today))
            for phase, day in moved
        )
        blocks.append(Note(_("Starts today rather than in the past: {phases}.", phases=names)))
    if not plan:
        blocks.append(
            Note(_("No lesson date yet: set one with /cycle schedule <cycle> teach <date>."))
        )
    if team:
        blocks.append(
            Note(_("Team members start as observers; name the teacher with /cycle role."))
        )
    return Reply(blocks, private=False, tone=tone)


DEFAULT_NAMES = ("study", "plan", "reflect", "revise", "reteach", "lead", "morning")


async def defaults(ctx: Context, args: Args) -> Reply:
    current = CycleDefaults.from_settings(ctx.community.settings)
    given = args.given(DEFAULT_NAMES)
    if not given:
        return Reply(
            [
                Header(_("Cycle defaults in this community")),
                Paragraph(
                    _(
                        "Given a lesson date, /cycle start plans each phase this many school "
                        "days from the research lesson: days that are school days in the "
                        "calendar of every district on the team (/praxis calendar)."
                    )
                ),
                Fields(tuple(current.describe())),
                Note(_("Facilitators change them with e.g. /cycle defaults study:10 plan:4.")),
            ]
        )
    ctx.require(Role.FACILITATOR, _("Only facilitators can change the cycle defaults."))
    changed = current
    for name in given:
        if name == "morning":
            at = args["morning"]
            changed = replace(changed, morning=time_text(at))
        else:
            # `name` is an offset field; check_offset gives None only to the optional ones.
            change: dict[str, Any] = {name: check_offset(name, args[name])}
            changed = replace(changed, **change)
    _check_order(changed)
    settings = dict(ctx.community.settings or {})
    settings[SETTINGS_KEY] = changed.to_json()
    ctx.community.settings = settings
    return Reply(
        [
            Paragraph(_("Saved the cycle defaults; they apply to cycles started from now on.")),
            Fields(tuple(changed.describe())),
        ],
        tone=Tone.SUCCESS,
    )


def _check_order(defaults: CycleDefaults) -> None:
    study, plan = defaults.study or 0, defaults.plan or 0
    if study > plan:
        raise UserError(_("study: must start before plan: (more school days before the lesson)."))
    last = defaults.reflect or 0
    for name in ("revise", "reteach"):
        value = getattr(defaults, name)
        if value is not None:
            if value < last:
                raise UserError(_("{name}: must come after the phases before it.", name=name))
            last = value
