"""Cases as rows for `/praxis export cases` (CSV).

An exported file travels: it is attached to messages, opened in shared
drives, forwarded. So an anonymous case's author is never in it, even when a
facilitator made the export; the case's id lets a facilitator look the author
up in the bot. Drafts are never exported.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields

from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.language import Language, speaking
from commands.case.views import Viewer, author_line
from storage.cases import Case, CaseStatus, cases_with_status
from storage.community import Member
from storage.members import members_by_ids


@dataclass(frozen=True)
class CaseExportRow:
    id: int
    title: str
    grade: str
    focus: str
    status: str
    author: str
    submitted: str
    published: str
    context: str
    problem: str
    tried: str
    evidence: str
    question: str


async def case_export_rows(
    session: AsyncSession,
    community_id: int,
    statuses: Sequence[CaseStatus] = (CaseStatus.PUBLISHED,),
) -> list[CaseExportRow]:
    """One community's submitted cases in `statuses`, newest first, authors as members see them."""
    cases = await cases_with_status(session, community_id, list(statuses))
    authors = await members_by_ids(session, community_id, list({c.author_id for c in cases}))
    # A file travels, and its column names are English: so are the words the bot puts in
    # its cells ("Anonymous"), whoever downloads it. What authors wrote stays as written.
    with speaking(Language.EN):
        return [_row(case, authors.get(case.author_id)) for case in cases]


def _row(case: Case, member: Member | None) -> CaseExportRow:
    return CaseExportRow(
        id=case.id,
        title=case.title,
        grade=case.grade,
        focus=", ".join(case.focus or []),
        status=case.status,
        author=author_line(case, member, Viewer.public()),
        submitted=f"{case.submitted_at:%Y-%m-%d}" if case.submitted_at else "",
        published=f"{case.published_at:%Y-%m-%d}" if case.published_at else "",
        context=case.context,
        problem=case.problem,
        tried=case.tried,
        evidence=case.evidence,
        question=case.question,
    )


def cases_csv(rows: Sequence[CaseExportRow]) -> bytes:
    """UTF-8 CSV with a header row; cells starting with = + - @ are quoted as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f.name for f in fields(CaseExportRow)])
    for row in rows:
        writer.writerow([_safe(value) for value in astuple(row)])
    return out.getvalue().encode("utf-8")


def _safe(value: object) -> object:
    """Keep spreadsheet apps from running a cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
