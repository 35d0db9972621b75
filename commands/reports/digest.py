"""The weekly digest: a short post to a channel, scheduled on the scheduling engine.

`/praxis digest to:#general when:"every monday 8:00"` makes a schedule of
kind "digest". At each occurrence the composer asks every family's report
section for its digest part over the seven days before the occurrence (new
resources, newly published cases, coming lesson-study phases, this week's
prompt) and posts them in one short message with links. A week with nothing
to tell sends nothing: an empty digest teaches people to ignore the next one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.context import Context
from bot.grammar.registry import Registry
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.i18n import _, date_text
from bot.kernel.language import speaking
from bot.kernel.reply import (
    Block,
    Header,
    Item,
    ItemList,
    Moment,
    Note,
    Paragraph,
    Reply,
    Rich,
    Text,
    Tone,
    rich,
)
from bot.kernel.reply import parts as text_parts
from bot.lookup.matching import Lookup, schedule_lookup
from bot.reporting.model import DigestPart, DigestScope
from bot.scheduling import shown
from bot.scheduling.kinds import ComposeContext, DeliveryKind, Outgoing
from storage.community import Community, community_language
from storage.schedules import PAUSED, SET_ASIDE, Schedule

KIND = "digest"
WEEK = timedelta(days=7)
DEFAULT_WHEN = "every monday 8:00"


async def digest_parts(
    registry: Registry,
    session: AsyncSession,
    community: Community,
    now: datetime,
) -> list[DigestPart]:
    """Every family's part for the week before `now`, in their order; empty ones left out."""
    scope = DigestScope(session, community, now - WEEK, now, ZoneInfo(community.timezone))
    parts: list[DigestPart] = []
    for family in registry:
        for section in family.report_sections:
            if section.digest is not None and (part := await section.digest(scope)):
                parts.append(part)
    return sorted(parts, key=lambda part: part.order)


def digest_reply(community: Community, parts: list[DigestPart], now: datetime) -> Reply:
    local = now.astimezone(ZoneInfo(community.timezone))
    blocks: list[Block] = [Header(_("This week in {community}", community=community.name))]
    for part in parts:
        blocks.append(Paragraph(part.title))
        blocks.append(ItemList(part.items))
    blocks.append(Note(_("Weekly digest, {day}.", day=date_text(local, "day"))))
    return Reply(blocks, private=False)


async def compose(ctx: ComposeContext) -> list[Outgoing]:
    registry = ctx.services.registry
    # A channel's post is read by everyone in it: the community's language.
    with speaking(community_language(ctx.community)):
        # The week before the planned time, so a delivery held by quiet hours covers the
        # same days.
        parts = await digest_parts(registry, ctx.session, ctx.community, ctx.occurrence)
        if not parts:
            return []
        reply = digest_reply(ctx.community, parts, ctx.occurrence)
    return [Outgoing(recipient.address, reply) for recipient in ctx.recipients]


DELIVERY = DeliveryKind(KIND, compose)
LOOKUP = Lookup(KIND, schedule_lookup(KIND, lambda item: _("weekly digest")))


def _with_moment(template: str, moment: Moment) -> Rich:
    """A translated sentence with one `{moment}` in it, the platform's timestamp there."""
    before, _found, after = template.partition("{moment}")
    return rich(before, moment, after)


def describe(schedule: Schedule) -> str:
    return shown.describe(schedule)


async def digest(ctx: Context, args: Args) -> Reply:
    """`/praxis digest [to:#channel] [when:] | preview | cancel <id>`."""
    action = args.get("action")
    if action == "preview":
        return await _preview(ctx)
    if action == "cancel":
        if "id" not in args:
            raise UserError(_("Say which digest to cancel, e.g. /praxis digest cancel 3."))
        found = await ctx.scheduling.get(ctx, args["id"], kind=KIND)
        await ctx.scheduling.cancel(ctx, found.id)
        return Reply.text(_("Cancelled digest #{number}.", number=found.number), tone=Tone.SUCCESS)
    if "to" not in args:
        if "when" in args:
            raise UserError(
                _('Say where the digest goes, e.g. to:#general when:"every monday 8:00".')
            )
        return await _list(ctx)
    return await _schedule(ctx, args["to"], args.get("when", DEFAULT_WHEN))


async def _schedule(ctx: Context, to: str, when: str) -> Reply:
    scheduling = ctx.scheduling
    target = await scheduling.resolve_target(ctx, to)
    if not target.recipients or any(r.address.channel is None for r in target.recipients):
        raise UserError(
            _("A digest is posted in a channel; name one, e.g. to:#general."), option="to"
        )
    created = await scheduling.create(ctx, kind=KIND, target=to, when=when)
    upcoming = await scheduling.preview(created, 3)
    return Reply(
        [
            Paragraph(
                _(
                    "Scheduled digest #{number} to {target}, {when}.",
                    number=created.number,
                    target=target.label,
                    when=describe(created),
                )
            ),
            Header(_("Next")),
            ItemList(tuple(Item(rich(ctx.moment(m))) for m in upcoming)),
            Note(_("See what it would say now with /praxis digest preview.")),
        ],
        tone=Tone.SUCCESS,
    )


async def _list(ctx: Context) -> Reply:
    schedules = await ctx.scheduling.list(ctx, kind=KIND)
    items = []
    for item in schedules:
        state: Text
        if item.status == SET_ASIDE:
            remedy = _("/praxis digest cancel {number}, then schedule it again", number=item.number)
            state = shown.set_aside_text(item, remedy)
        elif item.status == PAUSED:
            state = _("paused")
        elif item.next_run_at:
            state = _with_moment(_("next {moment}"), ctx.moment(item.next_run_at))
        else:
            state = item.status
        detail = rich(describe(item), "; ", *text_parts(state))
        items.append(Item(_("to {target}", target=item.target), detail, ref=f"#{item.number}"))
    return Reply(
        [
            Header(_("Weekly digests")),
            ItemList(tuple(items), empty_text=_("No digest is scheduled.")),
            Note(_('Schedule one with /praxis digest to:#general when:"every monday 8:00".')),
        ]
    )


async def _preview(ctx: Context) -> Reply:
    registry = ctx.services.registry
    parts = await digest_parts(registry, ctx.session, ctx.community, ctx.now)
    if not parts:
        return Reply.text(_("Nothing new in the past week: a digest now would not be sent."))
    reply = digest_reply(ctx.community, parts, ctx.now)
    reply.private = True
    return reply
