"""Suggestions while someone types a cycle: `#12 Fractions on the number line (plan phase)`.

Open cycles whose team the asker is on come first, then the community's other open
cycles, then closed ones (newest first); the label says where each stands today.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.kernel.i18n import _, pgettext
from bot.lookup.matching import (
    LABEL_LIMIT,
    Candidate,
    Lookup,
    LookupQuery,
    Suggestion,
    asker,
    best_matches,
    schedule_lookup,
    short_label,
)
from commands.cycle.texts import phase_name
from commands.cycle.timeline import current_phase, next_phase, timeline
from storage.cycles import ACTIVE, CLOSED, Cycle, CycleMember, CyclePhase, open_cycles
from storage.schedules import Schedule

POOL = 200  # cycles considered, newest first


Days = dict[str, tuple[date, str | None]]


def _state(cycle: Cycle, days: Days, today: date) -> str:
    if cycle.status == CLOSED:
        return _("(closed)")
    if cycle.status != ACTIVE:
        return _("(paused)") if cycle.status == "paused" else f"({cycle.status})"
    lines = timeline(days, today=today)
    current = current_phase(lines)
    if current is not None:
        return _("({phase} phase)", phase=phase_name(current.phase))
    upcoming = next_phase(lines)
    if upcoming:
        return _("(next: {phase})", phase=phase_name(upcoming.phase))
    return _("(not scheduled)")


async def suggest_cycles(query: LookupQuery) -> list[Suggestion]:
    session, community_id = query.session, query.community.id
    who = await asker(query)
    cycles = list(
        (
            await session.execute(
                select(Cycle)
                .where(Cycle.community_id == community_id)
                .order_by(Cycle.id.desc())
                .limit(POOL)
            )
        ).scalars()
    )
    ids = [c.id for c in cycles]
    days: dict[int, Days] = {i: {} for i in ids}
    mine: set[int] = set()
    if ids:
        phases = await session.execute(
            select(CyclePhase).where(
                CyclePhase.community_id == community_id, CyclePhase.cycle_id.in_(ids)
            )
        )
        for row in phases.scalars():
            days[row.cycle_id][row.phase] = (row.day, row.at)
        if who.member_id is not None:
            teams = await session.execute(
                select(CycleMember.cycle_id).where(
                    CycleMember.community_id == community_id,
                    CycleMember.member_id == who.member_id,
                    CycleMember.cycle_id.in_(ids),
                )
            )
            mine = set(teams.scalars())
    try:
        zone = ZoneInfo(query.community.timezone or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    today = query.moment().astimezone(zone).date()
    candidates = []
    for cycle in cycles:
        group = 2 if cycle.status == CLOSED else (0 if cycle.id in mine else 1)
        label = short_label(f"#{cycle.id}", cycle.name, _state(cycle, days[cycle.id], today))
        candidates.append(Candidate(str(cycle.id), label, cycle.name, cycle.id, group))
    return best_matches(query.text, candidates, query.limit)


async def suggest_teams(query: LookupQuery) -> list[Suggestion]:
    """`team:<cycle>` targets for open cycles, by name (by id when the name is too long)."""
    candidates = []
    for cycle in await open_cycles(query.session, query.community.id):
        value = f"team:{cycle.name}"
        if len(value) > LABEL_LIMIT:
            value = f"team:{cycle.id}"
        if cycle.status == ACTIVE:
            tail = _("(its team)")
        else:
            tail = _("(its team; {status})", status=pgettext("cycle status", "paused"))
        label = short_label("", f"team:{cycle.name}", tail)
        candidates.append(Candidate(value, label, cycle.name, cycle.id))
    return best_matches(query.text, candidates, query.limit)


def _reminder_text(item: Schedule) -> str:
    payload = item.payload or {}
    return _(
        "cycle #{id} {phase} {moment}",
        id=payload.get("cycle"),
        phase=phase_name(str(payload.get("phase"))),
        moment=payload.get("moment"),
    )


LOOKUPS = (
    Lookup("cycle", suggest_cycles),
    Lookup("cycle-reminder", schedule_lookup("cycle", _reminder_text)),
)
