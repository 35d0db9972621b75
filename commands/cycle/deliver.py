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
from bot.kernel.model import Address
from bot.kernel.reply import Header, Note, Paragraph, Reply
from bot.scheduling.kinds import (
    ComposeContext,
    DeliveryKind,
    Outgoing,
    Recipient,
    TargetKind,
    member_address,
)
from commands.cycle.lookups import suggest_teams
from commands.cycle.moments import BEFORE, MORNING, OBSERVE
from commands.cycle.packet import after_lesson
from commands.cycle.phases import GUIDES
from commands.cycle.planning import school_days_between
from commands.cycle.render import fmt_when
from storage.community import Community
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
        raise NotFound(f"There is no cycle “{value}” here, so no team:{value}.")
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
    if address is None or moment not in (BEFORE, MORNING):
        return []
    return [Outgoing(address, phase_reminder(cycle, phase, row.day, row.at, today, moment))]


def phase_reminder(
    cycle: Cycle, phase: str, day: date, at: str | None, today: date, moment: str
) -> Reply:
    guide = GUIDES[phase]
    when = fmt_when(day, at, today)
    if moment == BEFORE:
        ahead = school_days_between(today, day)
        soon = "in 1 school day" if ahead == 1 else f"in {ahead} school days"
        head = f"{guide.title} for {cycle.name} is {when} ({soon})"
    else:
        head = f"Today: {guide.title.lower()} for {cycle.name}" + (f" at {at}" if at else "")
    return Reply(
        [
            Header(head),
            Paragraph(guide.purpose),
            Paragraph(f"Bring: {guide.bring}"),
            Note(f"Lesson-study cycle #{cycle.id}. /cycle status #{cycle.id} shows the plan."),
        ],
        private=False,
    )


async def _observers(ctx: ComposeContext, cycle: Cycle) -> list[Outgoing]:
    roles = {row.member_id: row.role for row in await cycle_team(ctx.session, cycle)}
    reply = Reply(
        [
            Header(f"Your observation notes for {cycle.name}"),
            Paragraph(
                "Thank you for observing the research lesson. While it is fresh, please add "
                f'your notes: /cycle observe #{cycle.id} "..." minute:<lesson minute>, or '
                f"/cycle artifact #{cycle.id} observation followed by a link or the text."
            ),
            Note("Describe what students said, did and wrote; never who they are."),
        ]
    )
    return [
        Outgoing(recipient.address, reply)
        for recipient in ctx.recipients
        if recipient.member is not None and roles.get(recipient.member.id) == "observer"
    ]


DELIVERY_KINDS = (DeliveryKind(KIND, compose),)
TARGET_KINDS = (TargetKind("team", resolve_team, suggest_teams),)
