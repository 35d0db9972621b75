"""The end-of-cycle report, and publishing it to the resource library when there is one.

Compiled from the cycle when it closes: the theme and what it is filed under
(grade band, standards, equity focus), the timeline, the team's roles, the
lesson plan, what the observations showed by focus student, the discussion's
conclusions, what the team learned, next steps, and the artifacts.

What stays out, because it is written close to real children: the text of the
observers' notes and of text observation artifacts and student work (they are
counted), and what the team recorded in the teacher's reflection and the
evidence step. The observations enter the report only as counts and as the
de-identified summary the team chose to write per focus student
(`/cycle focus <cycle> A summary:"..."`). Records of the theme, the
knowledgeable other's and the community's own steps are the conclusions;
those of the last step are the next steps. All of it passed the
de-identification check when it was written.

Text artifacts of every kind (a text lesson plan, report notes, observations, student
work) stay with the cycle's team: the report names a lesson plan by its link or its
place in the library, and otherwise only counts them.

The report is published through the library's own API (`storage.resources`) when
this app serves the library (`/resource`); otherwise it is kept on the cycle.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.context import Context
from bot.grammar.registry import Registry
from bot.kernel.i18n import _, ngettext
from bot.kernel.reply import Attachment
from bot.reporting.document import (
    Bullets,
    Document,
    Element,
    Facts,
    Heading,
    Text,
    to_markdown,
    to_plain,
)
from bot.reporting.pdf import render_pdf
from commands.cycle import labels
from commands.cycle.protocol import CUSTOM, NEXT, OTHER, THEME
from commands.cycle.render import CycleView, fmt_day, fmt_when
from commands.cycle.texts import artifact_name, phase_name, role_name
from commands.cycle.timeline import PhaseLine, PhaseState
from storage.community import Member
from storage.cycles import Cycle, CycleArtifact
from storage.lesson_study import discussion_records, focus_students, lesson_notes
from storage.resources import publish_resource

log = logging.getLogger(__name__)

SHAREABLE_TEXT = ("resource",)  # a library item's title: public already
REPORT_LIMIT = 20_000
LIBRARY_FAMILY = "resource"
CONCLUSION_STEPS = (THEME, OTHER, CUSTOM)


async def report_document(ctx: Context, view: CycleView, learned: str | None) -> Document:
    cycle, today = view.cycle, view.today
    session = ctx.session
    facts: list[tuple[str, str]] = [(_("Research theme"), cycle.theme)]
    if cycle.grade:
        facts.append((_("Grade band"), cycle.grade))
    if labels.split(cycle.standards):
        facts.append((_("Standards"), ", ".join(labels.split(cycle.standards))))
    if labels.split(cycle.focus):
        facts.append((_("Equity focus"), ", ".join(labels.split(cycle.focus))))
    elements: list[Element] = [Facts(tuple(facts))]

    dated = [line for line in view.lines if line.day is not None]
    if dated:
        elements += [
            Heading(_("Timeline")),
            Bullets(tuple(_timeline_line(line, today) for line in dated)),
        ]
    roles = [(row.role, member) for row, member in view.team if member is not None]
    if roles:
        elements += [Heading(_("Team")), Bullets(tuple(_person(role, m) for role, m in roles))]

    plans = [row for row, _ in view.artifacts if row.kind in ("lesson-plan", "resource")]
    elements += [
        Heading(_("The lesson plan")),
        Bullets(
            tuple(
                _("{plan} (in the library as #{id})", plan=_plan_line(row), id=row.resource_id)
                if row.kind == "lesson-plan" and row.resource_id
                else _plan_line(row)
                for row in plans
            ),
            empty_text=_("No lesson plan was added to the cycle."),
        ),
    ]

    elements += await _observations(session, cycle)

    records = await discussion_records(session, cycle)
    conclusions = tuple(r.body for r in records if r.step_kind in CONCLUSION_STEPS)
    next_steps = tuple(r.body for r in records if r.step_kind == NEXT)
    elements += [
        Heading(_("The post-lesson discussion's conclusions")),
        Bullets(conclusions, empty_text=_("Not recorded.")),
    ]
    learned_lines = [learned] if learned else []
    elements.append(Heading(_("What we learned")))
    if learned_lines:
        elements.extend(Text(text) for text in learned_lines)
    else:
        elements.append(Text(_('(Not written down at closing; close with learned:"...".)')))
    elements += [Heading(_("Next steps")), Bullets(next_steps, empty_text=_("Not recorded."))]
    elements += [Heading(_("Artifacts")), Bullets(_artifacts(view), empty_text=_("none"))]
    closed = cycle.closed_at or ctx.now
    subtitle = _(
        "End-of-cycle report of a lesson-study cycle, closed {day}.", day=fmt_day(closed.date())
    )
    return Document(_("Lesson study: {name}", name=cycle.name), tuple(elements), subtitle)


def _timeline_line(line: PhaseLine, today: date) -> str:
    when = fmt_when(line.day, line.at, today) if line.day is not None else ""
    if line.state is PhaseState.NOT_HELD:
        return _("{phase}: {when} (not held)", phase=phase_name(line.phase), when=when)
    return _("{phase}: {when}", phase=phase_name(line.phase), when=when)


def _plan_line(row: CycleArtifact) -> str:
    """A lesson plan by its link; a text plan's words stay with the team."""
    if row.kind == "resource":
        return " ".join(p for p in (row.body or "", row.url or "") if p)
    if row.url:
        return row.url
    return _("a text lesson plan, kept with the cycle's team")


def _person(role: str, member: Member) -> str:
    if member.district:
        return _(
            "{name}, {role} ({district})",
            name=member.display_name,
            role=role_name(role),
            district=member.district,
        )
    return _("{name}, {role}", name=member.display_name, role=role_name(role))


async def _observations(session: AsyncSession, cycle: Cycle) -> list[Element]:
    """Counts by focus student, and the team's own summary; never a note's text."""
    students = await focus_students(session, cycle)
    notes = await lesson_notes(session, cycle)
    if not students and not notes:
        return []
    out: list[Element] = [Heading(_("What the observations showed"))]
    lines: list[str] = []
    for student in students:
        mine = [n for n in notes if n.student == student.code]
        if student.watch_for:
            who = _(
                "Student {code} (watching for: {watch})", code=student.code, watch=student.watch_for
            )
        else:
            who = _("Student {code}", code=student.code)
        if mine:
            observers = len({n.observer_id for n in mine})
            counts = _(
                "{notes} from {observers}",
                notes=ngettext("{n} note", "{n} notes", len(mine)),
                observers=ngettext("{n} observer", "{n} observers", observers),
            )
            span = _(
                "minutes {first}–{last}",
                first=min(n.minute for n in mine),
                last=max(n.minute for n in mine),
            )
            segments = sorted({n.segment for n in mine if n.segment})
            if segments:
                head = _(
                    "{who}: {counts}, {span}, during {segments}.",
                    who=who,
                    counts=counts,
                    span=span,
                    segments=", ".join(segments),
                )
            else:
                head = _("{who}: {counts}, {span}.", who=who, counts=counts, span=span)
        else:
            head = _("{who}: no notes.", who=who)
        if student.summary:
            summary = _("The team's summary: {summary}", summary=student.summary)
        else:
            summary = _("The notes stay with the cycle.")
        lines.append(f"{head} {summary}")
    general = [n for n in notes if not n.student]
    if general:
        lines.append(
            ngettext(
                "{n} note on the class as a whole stays with the cycle.",
                "{n} notes on the class as a whole stay with the cycle.",
                len(general),
            )
        )
    out.append(Bullets(tuple(lines)))
    return out


def _artifacts(view: CycleView) -> tuple[str, ...]:
    lines: list[str] = []
    kept: dict[str, int] = {}
    shown = [row for row, _member in view.artifacts if not row.held]
    for row in shown:
        label = artifact_name(row.kind)
        if row.url:
            lines.append(f"{label}: {row.url}")
        elif row.kind in SHAREABLE_TEXT and row.body:
            lines.append(f"{label}: {row.body}")
        elif row.kind not in SHAREABLE_TEXT:
            kept[label] = kept.get(label, 0) + 1
    for label, count in kept.items():
        lines.append(
            ngettext(
                "{n} text {kind} kept with the cycle's team (not shared)",
                "{n} text {kind} kept with the cycle's team (not shared)",
                count,
                kind=label,
            )
        )
    return tuple(lines)


async def compile_report(
    ctx: Context, view: CycleView, learned: str | None
) -> tuple[str, list[Attachment]]:
    """The report as plain text (kept on the cycle, published as the resource's body), and
    as Markdown and PDF files for the close announcement."""
    document = await report_document(ctx, view, learned)
    text = to_plain(document)
    if len(text) > REPORT_LIMIT:
        text = text[: REPORT_LIMIT - 1] + "…"
    stem = f"lesson-study-report-cycle-{view.cycle.id}"
    files = [
        Attachment(f"{stem}.md", to_markdown(document).encode("utf-8"), "text/markdown"),
        Attachment(f"{stem}.pdf", await render_pdf(document, created=ctx.now), "application/pdf"),
    ]
    return text, files


def library_served(registry: Registry) -> bool:
    """Whether this app serves the resource library, where a published report is found."""
    return registry.family(LIBRARY_FAMILY) is not None


async def publish_report(
    session: AsyncSession,
    cycle: Cycle,
    report: str,
    *,
    by: Member,
    now: datetime,
) -> int:
    """Publish the report as a library resource, filed under the cycle's grade band,
    standards and equity focus; its id."""
    resource = await publish_resource(
        session,
        cycle.community_id,
        title=_("Lesson study: {name}", name=cycle.name)[:200],
        type="lesson",
        description=_("End-of-cycle report. Research theme: {theme}", theme=cycle.theme)[:1000],
        body=report,
        grade=cycle.grade,
        standards=labels.split(cycle.standards),
        focus=labels.split(cycle.focus),
        tags=("lesson-study",),
        shared_by=by.id,
        origin="cycle",
        origin_id=cycle.id,
        now=now,
    )
    return int(resource.id)
