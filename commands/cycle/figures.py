"""Lesson-study cycles in `/praxis report`, the weekly digest and `/praxis export cycles`.

"On schedule" means: the cycle is running (not paused) and every phase whose
day has passed left the artifact it exists to produce: a research theme after
study, a lesson plan after plan, observation notes after the research lesson.
A cycle missing one is "behind", and the report says what is missing, which
is what a facilitator would chase. Artifacts' text is never exported.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.i18n import _, date_text, ngettext, pgettext
from bot.kernel.reply import Item
from bot.reporting.model import (
    Breakdown,
    Cell,
    DigestPart,
    DigestScope,
    Export,
    ExportScope,
    Figure,
    Period,
    ReportScope,
    ReportSection,
    Row,
    SectionResult,
)
from commands.cycle.phases import PHASES
from commands.cycle.texts import artifact_name, phase_name
from commands.cycle.timeline import PhaseState, current_phase, timeline
from storage.cycles import (
    CLOSED,
    PAUSED,
    Cycle,
    CycleArtifact,
    CycleMember,
    cycle_artifacts,
    cycle_phases,
    cycle_team,
)

# The artifact each phase exists to produce, expected once the phase is done.
EXPECTED = {"study": "theme", "plan": "lesson-plan", "teach": "observation"}
NOT_STARTED = "not started"
# The export is a file for tools: its values stay in English, as its column names do.
EXPORTED_KINDS = {
    "theme": "research theme",
    "lesson-plan": "lesson plan",
    "observation": "observation notes",
}


@dataclass(frozen=True)
class Standing:
    """Where one cycle stands today."""

    cycle: Cycle
    days: dict[str, tuple[date, str | None]]
    phase: str  # the current phase, "not started", "paused" or "closed"
    missing: tuple[str, ...]  # artifact kinds a finished phase should have left
    team: int
    artifacts: int

    @property
    def on_schedule(self) -> bool | None:
        if self.cycle.status != "active":
            return None
        return not self.missing

    def shown(self) -> str:
        if self.cycle.status == PAUSED:
            return pgettext("cycle status", "paused")
        if self.cycle.status == CLOSED:
            return pgettext("cycle status", "closed")
        phase = _phase_label(self.phase)
        if self.missing:
            # "no research theme, no lesson plan": the joiner is a text of its own.
            joiner = pgettext("between missing artifacts", ", no ")
            return _(
                "{phase}; behind: no {artifacts} yet",
                phase=phase,
                artifacts=joiner.join(artifact_name(kind) for kind in self.missing),
            )
        return _("{phase}; on schedule", phase=phase)


def _phase_label(phase: str) -> str:
    return _("not started") if phase == NOT_STARTED else phase_name(phase)


async def standing(session: AsyncSession, cycle: Cycle, today: date) -> Standing:
    days = {row.phase: (row.day, row.at) for row in await cycle_phases(session, cycle)}
    artifacts = await cycle_artifacts(session, cycle)
    team = await cycle_team(session, cycle)
    lines = timeline(days, today=today, closed=cycle.status == CLOSED)
    current = current_phase(lines)
    kinds = {a.kind for a in artifacts}
    missing = tuple(
        EXPECTED[line.phase]
        for line in lines
        if line.state is PhaseState.DONE
        and line.phase in EXPECTED
        and EXPECTED[line.phase] not in kinds
    )
    if cycle.status in (PAUSED, CLOSED):
        phase = cycle.status
    else:
        phase = current.phase if current else NOT_STARTED
    return Standing(cycle, days, phase, missing, len(team), len(artifacts))


async def _cycles(
    session: AsyncSession, community_id: int, ids: frozenset[int] | None
) -> list[Cycle]:
    query = select(Cycle).where(Cycle.community_id == community_id).order_by(Cycle.id)
    if ids is not None:
        teams = select(CycleMember.cycle_id).where(
            CycleMember.community_id == community_id, CycleMember.member_id.in_(ids)
        )
        query = query.where(Cycle.id.in_(teams))
    return list((await session.execute(query)).scalars())


async def _artifacts_added(scope: ReportScope, cycle_ids: list[int], period: Period) -> int:
    if not cycle_ids:
        return 0
    query = (
        select(func.count())
        .select_from(CycleArtifact)
        .where(
            CycleArtifact.community_id == scope.community.id,
            CycleArtifact.cycle_id.in_(cycle_ids),
            period.where(CycleArtifact.created_at),
        )
    )
    return int(await scope.session.scalar(query) or 0)


async def compute(scope: ReportScope) -> SectionResult | None:
    cycles = await _cycles(scope.session, scope.community.id, scope.member_ids)
    today = scope.now.astimezone(scope.zone).date()
    standings = [await standing(scope.session, c, today) for c in cycles if c.status != CLOSED]
    ids = [c.id for c in cycles]

    def started(p: Period) -> int:
        return sum(p.contains(c.created_at) for c in cycles)

    def closed(p: Period) -> int:
        return sum(p.contains(c.closed_at) for c in cycles)

    running = [s for s in standings if s.cycle.status == "active"]
    figures = (
        Figure(_("Cycles started"), started(scope.period), started(scope.previous)),
        Figure(_("Cycles closed"), closed(scope.period), closed(scope.previous)),
        Figure(
            _("Artifacts added"),
            await _artifacts_added(scope, ids, scope.period),
            await _artifacts_added(scope, ids, scope.previous),
        ),
        Figure(_("Open now"), len(standings)),
        Figure(_("On schedule now"), sum(1 for s in running if s.on_schedule)),
    )
    by_phase = Counter(s.phase for s in standings)
    order = [NOT_STARTED, *PHASES, PAUSED]
    rows = tuple(
        Row(
            pgettext("cycle status", "paused") if p == PAUSED else _phase_label(p),
            by_phase[p],
        )
        for p in order
        if by_phase[p]
    )
    items = tuple(
        Item(s.cycle.name, s.shown(), ref=f"#{s.cycle.id}")
        for s in sorted(standings, key=lambda s: (s.on_schedule is not False, s.cycle.id))
    )
    return SectionResult(
        _("Lesson-study cycles"),
        figures,
        (
            Breakdown(
                _("Open cycles by phase"),
                rows,
                counted=lambda n: ngettext("open", "open", n),
                empty_text=_("No open cycles."),
            ),
        ),
        items=items,
        items_title=_("Open cycles (those behind first):") if items else "",
    )


async def digest(scope: DigestScope) -> DigestPart | None:
    """Phases starting in the coming week, in the community's calendar."""
    today = scope.now.astimezone(scope.zone).date()
    horizon = today + timedelta(days=7)
    items: list[tuple[date, Item]] = []
    query = select(Cycle).where(Cycle.community_id == scope.community.id, Cycle.status == "active")
    for cycle in (await scope.session.execute(query)).scalars():
        for row in await cycle_phases(scope.session, cycle):
            if today <= row.day < horizon:
                when = date_text(row.day, "day_short") + (f" {row.at}" if row.at else "")
                if cycle.channel_name:
                    detail = _(
                        "{when} in #{channel}; /cycle status {id}",
                        when=when,
                        channel=cycle.channel_name,
                        id=cycle.id,
                    )
                else:
                    detail = _("{when}; /cycle status {id}", when=when, id=cycle.id)
                items.append((row.day, Item(f"{cycle.name}: {phase_name(row.phase)}", detail)))
    if not items:
        return None
    items.sort(key=lambda pair: pair[0])
    return DigestPart(
        _("Coming up in lesson study"), tuple(item for _day, item in items[:6]), order=30
    )


SECTION = ReportSection("cycles", "Lesson-study cycles", compute, order=30, digest=digest)

HEADER = (
    "id",
    "name",
    "theme",
    "status",
    "channel",
    "current phase",
    "on schedule",
    "missing",
    *PHASES,
    "team size",
    "artifacts",
    "started",
    "closed",
)


async def rows(scope: ExportScope) -> Sequence[Sequence[Cell]]:
    """One row per cycle; artifacts are counted, their text never exported."""
    cycles = await _cycles(scope.session, scope.community.id, None)
    today = scope.now.astimezone(scope.zone).date()
    out: list[Sequence[Cell]] = []
    for cycle in cycles:
        if scope.since is not None and cycle.created_at < scope.since and cycle.status == CLOSED:
            continue
        s = await standing(scope.session, cycle, today)
        phase_days = [s.days[p][0] if p in s.days else None for p in PHASES]
        out.append(
            (
                cycle.id,
                cycle.name,
                cycle.theme,
                cycle.status,
                f"#{cycle.channel_name}" if cycle.channel_name else "",
                s.phase,
                s.on_schedule,
                "; ".join(EXPORTED_KINDS.get(kind, kind) for kind in s.missing),
                *phase_days,
                s.team,
                s.artifacts,
                cycle.created_at,
                cycle.closed_at,
            )
        )
    return out


EXPORT = Export(
    "cycles",
    "every cycle: phase dates, current phase, on schedule or not, team size, artifacts",
    HEADER,
    rows,
)
