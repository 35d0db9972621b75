"""Naming a cycle (by #id or by name) and checking who may act on it."""

from __future__ import annotations

import re
from datetime import date

from bot.dispatch.context import Context
from bot.kernel.errors import NotFound, Refusal, UserError
from bot.kernel.i18n import _
from bot.kernel.roles import Role
from storage.community import Member
from storage.cycles import (
    CLOSED,
    Cycle,
    CyclePhase,
    cycle_by_id,
    cycle_by_name,
    cycle_phases,
    team_member,
)

_ID = re.compile(r"^#?(\d{1,9})$")


def looks_like_id(text: str) -> bool:
    return bool(_ID.match(text.strip()))


async def find_cycle(ctx: Context, text: str) -> Cycle:
    """The cycle named `text` in this community: `12`, `#12` or its name."""
    text = text.strip()
    match = _ID.match(text)
    found = None
    if match:
        found = await cycle_by_id(ctx.session, ctx.community.id, int(match.group(1)))
    if found is None:
        found = await cycle_by_name(ctx.session, ctx.community.id, text.lstrip("#"))
    if found is None:
        raise NotFound(
            _(
                "There is no cycle “{text}” here. /cycle status lists the cycles in this channel.",
                text=text,
            )
        )
    return found


def require_open(cycle: Cycle) -> None:
    if cycle.status == CLOSED:
        raise UserError(
            _(
                "Cycle #{id} {name} is closed; start a new cycle instead.",
                id=cycle.id,
                name=cycle.name,
            )
        )


async def require_team(ctx: Context, cycle: Cycle, what: str) -> None:
    """Team members, and the community's facilitators, may add to a cycle (`what`, in the
    reader's language, is what they may do: "add artifacts")."""
    if ctx.role.at_least(Role.FACILITATOR):
        return
    if await team_member(ctx.session, cycle, ctx.member.id) is None:
        raise Refusal(_("Only the cycle's team and facilitators can {what}.", what=what))


async def phase_days(ctx: Context, cycle: Cycle) -> dict[str, CyclePhase]:
    return {row.phase: row for row in await cycle_phases(ctx.session, cycle)}


def local_today(ctx: Context) -> date:
    return ctx.now.astimezone(ctx.community_zone()).date()


def member_label(member: Member | None) -> str:
    return member.display_name if member is not None else _("someone who left")
