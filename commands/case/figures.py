"""Cases in `/praxis report`, the weekly digest and `/praxis export cases`.

Counts are for the whole community even when the report is narrowed to a
team: counting a small team's cases would tell who wrote an anonymous one.
The export never names an anonymous case's author, and carries the text of
published cases only: a case still in review may hold details its author is
asked to remove.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import astuple, fields
from datetime import datetime

from sqlalchemy import func, select

from bot.kernel.i18n import N_, _, pgettext
from bot.kernel.reply import Item
from bot.reporting.model import (
    Cell,
    DigestPart,
    DigestScope,
    Export,
    ExportScope,
    Figure,
    Period,
    ReportScope,
    ReportSection,
    SectionResult,
)
from commands.case.export import CaseExportRow, case_export_rows
from storage.cases import AWAITING_REVIEW, Case, CaseStatus

TEXT_FIELDS = ("context", "problem", "tried", "evidence", "question")
EXPORTED = (CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.PUBLISHED)


async def _count(scope: ReportScope, column: object, period: Period) -> int:
    query = (
        select(func.count())
        .select_from(Case)
        .where(Case.community_id == scope.community.id, period.where(column))
    )
    return int(await scope.session.scalar(query) or 0)


async def _in_status(scope: ReportScope, statuses: Sequence[CaseStatus]) -> int:
    query = (
        select(func.count())
        .select_from(Case)
        .where(Case.community_id == scope.community.id)
        .where(Case.status.in_([s.value for s in statuses]))
    )
    return int(await scope.session.scalar(query) or 0)


async def compute(scope: ReportScope) -> SectionResult:
    figures = (
        Figure(
            pgettext("case report", "Submitted"),
            await _count(scope, Case.submitted_at, scope.period),
            await _count(scope, Case.submitted_at, scope.previous),
        ),
        Figure(
            pgettext("case report", "Published"),
            await _count(scope, Case.published_at, scope.period),
            await _count(scope, Case.published_at, scope.previous),
        ),
        Figure(_("Waiting for review now"), await _in_status(scope, sorted(AWAITING_REVIEW))),
        Figure(_("In the case library"), await _in_status(scope, (CaseStatus.PUBLISHED,))),
    )
    notes: tuple[str, ...] = ()
    if scope.member_ids is not None:
        notes = (
            _("Cases are counted for the whole community, so no anonymous author is singled out."),
        )
    return SectionResult(_("Cases of practice"), figures, notes=notes)


async def digest(scope: DigestScope) -> DigestPart | None:
    query = (
        select(Case)
        .where(
            Case.community_id == scope.community.id,
            Case.status == CaseStatus.PUBLISHED.value,
            scope.week.where(Case.published_at),
        )
        .order_by(Case.published_at.desc(), Case.id.desc())
        .limit(5)
    )
    cases = list((await scope.session.execute(query)).scalars())
    if not cases:
        return None
    items = tuple(Item(case.title, f"/case show {case.id}", ref=f"#{case.id}") for case in cases)
    return DigestPart(_("Newly published cases"), items, order=20)


SECTION = ReportSection("cases", "Cases of practice", compute, order=50, digest=digest)

HEADER = tuple(f.name for f in fields(CaseExportRow))


async def rows(scope: ExportScope) -> Sequence[Sequence[Cell]]:
    found = await case_export_rows(scope.session, scope.community.id, EXPORTED)
    out: list[Sequence[Cell]] = []
    for row in found:
        values = dict(zip(HEADER, astuple(row), strict=True))
        if row.status != CaseStatus.PUBLISHED.value:
            values.update(dict.fromkeys(TEXT_FIELDS, ""))
        if scope.since is not None and not _since(row, scope.since):
            continue
        out.append(tuple(values[name] for name in HEADER))
    return out


def _since(row: CaseExportRow, since: datetime) -> bool:
    day = since.date().isoformat()
    return max(row.submitted, row.published) >= day


EXPORT = Export(
    "cases",
    "submitted, in review and published cases; anonymous ones carry no author",
    HEADER,
    rows,
    notes=(N_("Anonymous cases carry no author. Only published cases carry their text."),),
)
