"""What the scheduling engine sends for a cycle: the `team:<cycle>` target and phase nudges.

Every schedule a cycle makes targets `team:<id>`. Reminders before and on the
morning of a phase go to the cycle's channel (the composer builds that address
from the cycle, so a renamed or Slack-id channel keeps working); the request
for observation notes goes by direct message to the team's observers, read
at send time so a late role change is respected. A composer checks the cycle
again when it runs: closed, paused or moved since, it sends nothing.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.errors import NotFound
from bot.kernel.i18n import _, ngettext
from bot.kernel.language import speaking
from bot.kernel.model import Address
from bot.kernel.reply import Block, Header, Note, Paragraph, Reply
from bot.scheduling.kinds import (
    ComposeContext,
    DeliveryKind,
    Outgoing,
    Recipient,
    TargetKind,
    member_address,
)
from bot.time.calendar import WEEKDAYS, Calendar
from commands.cycle.lookups import suggest_teams
from commands.cycle.moments import BEFORE, MORNING, OBSERVE
from commands.cycle.packet import after_lesson
from commands.cycle.phases import GUIDES
from commands.cycle.planning import school_days_between
from commands.cycle.render import fmt_when, when_text
from commands.cycle.schooldays import team_calendar
from commands.cycle.texts import rich_text
from storage.community import Community, community_language
from storage.cycles import (
    CLOSED,
    PAUSED,
    Cycle,
    cycle_by_id,
    cycle_by_name,
    cycle_phases,
    cycle_team,
)
from storage.members import members_by_ids

KIND = "cycle"


async def _find(session: AsyncSession, community: Community, value: str) -> Cycle | None:
    text = value.strip()
    if text.lstrip("#").isdigit():
        found = await cycle_by_id(session, community.id, int(text.lstrip("#")))
        if found is not None:
            return found
    return await cycle_by_name(session, community.id, text.lstrip("#"))


async def resolve_team(session: AsyncSession, community: Community, value: str) -> list[Recipient]:
    """`team:<cycle>`: each team member, by direct message."""
    cycle = await _find(session, community, value)
    if cycle is None:
        raise NotFound(_("There is no cycle “{value}” here, so no team:{value}.", value=value))
    team = await cycle_team(session, cycle)
    people = await members_by_ids(session, community.id, [row.member_id for row in team])
    recipients = []
    for row in team:
        member = people.get(row.member_id)
        if member is not None:
            recipients.append(Recipient(member_address(community, member), member))
    return recipients


def channel_address(community: Community, cycle: Cycle) -> Address | None:
    if cycle.channel_id is None:
        return None
    return Address(
        community.platform,
        community.external_id,
        cycle.channel_id,
        None,
        None,
        cycle.channel_name or cycle.channel_id,
    )


async def compose(ctx: ComposeContext) -> list[Outgoing]:
    payload = ctx.schedule.payload or {}
    cycle = await cycle_by_id(ctx.session, ctx.community.id, int(payload.get("cycle", 0)))
    if cycle is None or cycle.status == CLOSED:
        return []
    zone = ZoneInfo(ctx.community.timezone)
    today = ctx.occurrence.astimezone(zone).date()
    if cycle.status == PAUSED and (cycle.paused_until is None or today < cycle.paused_until):
        return []
    phase = str(payload.get("phase"))
    row = next((r for r in await cycle_phases(ctx.session, cycle) if r.phase == phase), None)
    if row is None or row.day.isoformat() != payload.get("day"):
        return []  # the phase moved or went away; its new schedules speak for it
    moment = payload.get("moment")
    if moment == OBSERVE:
        # After the lesson: the debrief packet to the team once observers have written notes.
        return await after_lesson(ctx, cycle) or await _observers(ctx, cycle)
    address = channel_address(ctx.community, cycle)
    if address is None or moment not in (BEFORE, MORNING) or ctx.held_for:
        # A channel reminder is posted once, with the occurrence; a team member's share
        # held apart (quiet hours in their zone) has nothing of its own to post.
        return []
    calendar = await team_calendar(ctx.session, ctx.community, cycle)
    # A channel is read by the whole team: the reminder is in the community's language.
    with speaking(community_language(ctx.community)):
        reply = phase_reminder(
            cycle, phase, row.day, row.at, today, moment, calendar, ctx.community.timezone
        )
    return [Outgoing(address, reply)]


def phase_reminder(
    cycle: Cycle,
    phase: str,
    day: date,
    at: str | None,
    today: date,
    moment: str,
    calendar: Calendar = WEEKDAYS,
    zone: str = "UTC",
) -> Reply:
    guide = GUIDES[phase]
    title = _(guide.title)
    when = fmt_when(day, at, today)
    if moment == BEFORE:
        ahead = school_days_between(today, day, calendar)
        head = ngettext(
            "{phase} for {name} is {when} (in {n} school day)",
            "{phase} for {name} is {when} (in {n} school days)",
            ahead,
            phase=title,
            name=cycle.name,
            when=when,
        )
    elif at:
        head = _(
            "Today: {phase} for {name} at {time}", phase=title.lower(), name=cycle.name, time=at
        )
    else:
        head = _("Today: {phase} for {name}", phase=title.lower(), name=cycle.name)
    blocks: list[Block] = [Header(head)]
    if at:
        # A channel is read in many zones: the platforms show the moment in each reader's.
        blocks.append(
            Paragraph(rich_text(_("When: {when}"), when=when_text(day, at, today, zone, zone)))
        )
    return Reply(
        [
            *blocks,
            Paragraph(_(guide.purpose)),
            Paragraph(_("Bring: {what}", what=_(guide.bring))),
            Note(
                _(
                    "Lesson-study cycle #{id}. /cycle status #{id} shows the plan.",
                    id=cycle.id,
                )
            ),
        ],
        private=False,
    )


async def _observers(ctx: ComposeContext, cycle: Cycle) -> list[Outgoing]:
    roles = {row.member_id: row.role for row in await cycle_team(ctx.session, cycle)}
    out = []
    for recipient in ctx.recipients:
        if recipient.member is None or roles.get(recipient.member.id) != "observer":
            continue
        # A direct message: in the observer's own language.
        with ctx.speaking_to(recipient):
            out.append(Outgoing(recipient.address, observers_request(cycle)))
    return out


def observers_request(cycle: Cycle) -> Reply:
    """After the research lesson, to each observer: please add your notes."""
    return Reply(
        [
            Header(_("Your observation notes for {name}", name=cycle.name)),
            Paragraph(
                _(
                    "Thank you for observing the research lesson. While it is fresh, please "
                    'add your notes: /cycle observe #{id} "..." minute:<lesson minute>, or '
                    "/cycle artifact #{id} observation followed by a link or the text.",
                    id=cycle.id,
                )
            ),
            Note(_("Describe what students said, did and wrote; never who they are.")),
        ]
    )


DELIVERY_KINDS = (DeliveryKind(KIND, compose),)
TARGET_KINDS = (TargetKind("team", resolve_team, suggest_teams),)
