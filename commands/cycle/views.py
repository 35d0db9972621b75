"""Loading a cycle with its phases, team and artifacts, and settling an ended pause."""

from __future__ import annotations

from datetime import date

from bot.dispatch.context import Context
from bot.kernel.roles import Role
from commands.cycle.lookup import local_today
from commands.cycle.render import CycleView
from commands.cycle.timeline import timeline
from storage.cycles import (
    ACTIVE,
    CLOSED,
    PAUSED,
    Cycle,
    cycle_artifacts,
    cycle_phases,
    cycle_team,
)
from storage.members import members_by_ids


def settle(cycle: Cycle, today: date) -> None:
    """A pause whose date has come is over: the cycle is active again.

    Its phases were shifted and its nudges made when it was paused, so the
    only thing left to do is the status.
    """
    if cycle.status == PAUSED and cycle.paused_until is not None and cycle.paused_until <= today:
        cycle.status = ACTIVE
        cycle.paused_on = None
        cycle.paused_until = None


async def load_view(ctx: Context, cycle: Cycle) -> CycleView:
    today = local_today(ctx)
    settle(cycle, today)
    phases = await cycle_phases(ctx.session, cycle)
    team = await cycle_team(ctx.session, cycle)
    # A held artifact is its author's alone until they confirm it.
    artifacts = [
        a
        for a in await cycle_artifacts(ctx.session, cycle)
        if not a.held or a.added_by == ctx.member.id
    ]
    reader = ctx.role.at_least(Role.FACILITATOR) or any(
        row.member_id == ctx.member.id for row in team
    )
    ids = [row.member_id for row in team] + [a.added_by for a in artifacts if a.added_by]
    people = await members_by_ids(ctx.session, ctx.community.id, ids)
    days = {row.phase: (row.day, row.at) for row in phases}
    return CycleView(
        cycle=cycle,
        lines=timeline(days, today=today, closed=cycle.status == CLOSED),
        team=[(row, people.get(row.member_id)) for row in team],
        artifacts=[(a, people.get(a.added_by) if a.added_by else None) for a in artifacts],
        today=today,
        team_reader=reader,
    )
