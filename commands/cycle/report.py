"""The end-of-cycle report, and publishing it to the resource library when there is one.

The report gathers the theme, what the team learned and the artifacts. Text
observation notes and student work stay on the cycle: they are written close
to real children, so the report only counts them and keeps their links.
The resource library is another family's (`storage.resources`); it is
imported lazily so this family works, and keeps the report on the cycle,
where that family is not installed.
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from commands.cycle.phases import ARTIFACT_LABELS, ROLE_LABELS
from commands.cycle.render import CycleView, fmt_when
from commands.cycle.timeline import PhaseState
from storage.community import Member
from storage.cycles import Cycle

log = logging.getLogger(__name__)

SHAREABLE_TEXT = ("theme", "lesson-plan", "report")
REPORT_LIMIT = 20_000


def compose_report(view: CycleView, learned: str | None) -> str:
    cycle, today = view.cycle, view.today
    lines = [f"Lesson-study cycle: {cycle.name}", f"Research theme: {cycle.theme}", ""]
    dated = [line for line in view.lines if line.day is not None]
    if dated:
        lines.append("Timeline:")
        lines.extend(
            f"- {line.phase}: {fmt_when(line.day, line.at, today)}"
            + (" (not held)" if line.state is PhaseState.NOT_HELD else "")
            for line in dated
            if line.day is not None
        )
        lines.append("")
    roles = [(row.role, member) for row, member in view.team if member is not None]
    if roles:
        lines.append("Team:")
        lines.extend(
            f"- {member.display_name}, {ROLE_LABELS[role]}"
            + (f" ({member.district})" if member.district else "")
            for role, member in roles
        )
        lines.append("")
    summaries = [row.body for row, _ in view.artifacts if row.kind == "report" and row.body]
    lines.append("What we learned:")
    if learned:
        lines.append(learned)
    lines.extend(summaries)
    if not learned and not summaries:
        lines.append("(The team did not write it down; add a report artifact next time.)")
    lines.append("")
    lines.append("Artifacts:")
    kept: dict[str, int] = {}
    for row, _member in view.artifacts:
        label = ARTIFACT_LABELS[row.kind]
        if row.url:
            lines.append(f"- {label}: {row.url}")
        elif row.kind in SHAREABLE_TEXT and row.kind != "report" and row.body:
            lines.append(f"- {label}: {row.body}")
        elif row.kind not in SHAREABLE_TEXT:
            kept[label] = kept.get(label, 0) + 1
    for label, count in kept.items():
        lines.append(f"- {count} text {label} kept with the cycle (not shared)")
    if not view.artifacts:
        lines.append("- none")
    text = "\n".join(lines).strip()
    return text if len(text) <= REPORT_LIMIT else text[: REPORT_LIMIT - 1] + "…"


def resource_library() -> Any | None:
    """`storage.resources` when the resource library is installed, else None."""
    try:
        module = importlib.import_module("storage.resources")
    except ImportError:
        return None
    return module if hasattr(module, "publish_resource") else None


async def publish_report(
    session: AsyncSession,
    cycle: Cycle,
    report: str,
    *,
    by: Member,
    now: datetime,
) -> int | None:
    """Publish the report as a library resource; its id, or None without a library."""
    library = resource_library()
    if library is None:
        return None
    resource = await library.publish_resource(
        session,
        cycle.community_id,
        title=f"Lesson study: {cycle.name}"[:200],
        type="lesson",
        description=f"End-of-cycle report. Research theme: {cycle.theme}"[:1000],
        body=report,
        tags=("lesson-study",),
        shared_by=by.id,
        origin="cycle",
        origin_id=cycle.id,
        now=now,
    )
    return int(resource.id)
