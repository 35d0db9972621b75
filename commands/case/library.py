"""Where published cases meet the resource library.

Approving a case publishes it; withdrawing a published case takes it back;
`/case search` finds published cases. Until the resource library's search
engine is merged, search here is a plain scan of this community's published
cases, case- and accent-insensitive, matching every word.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from commands.case.views import case_text
from storage.cases import Case, CaseStatus, cases_with_status
from storage.community import Member
from storage.members import members_by_ids

PAGE_SIZE = 10


def fold(text: str) -> str:
    """Lower case without accents: `Ñandú` and `nandu` fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class CaseQuery:
    words: str = ""
    grade: str | None = None
    focus: tuple[str, ...] = ()
    page: int = 1


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    total: int
    page: int
    pages: int


def searchable_text(case: Case, author: Member | None) -> str:
    """What search reads: the case, and its author's name only when it is not anonymous."""
    text = f"{case.title}\n{case_text(case)}"
    if author is not None and not case.anonymous:
        text += f"\n{author.display_name}"
    return fold(text)


async def publish_case(session: AsyncSession, case: Case, author: Member | None) -> None:
    """Hook for the resource library; published cases are already searchable here."""


async def unpublish_case(session: AsyncSession, case: Case) -> None:
    """Hook for the resource library; a withdrawn case is no longer published here."""


async def search_cases(session: AsyncSession, community_id: int, query: CaseQuery) -> CasePage:
    """Published cases of one community matching every word; most hits first, then newest."""
    words = [fold(w) for w in query.words.split() if w.strip()]
    published = await cases_with_status(session, community_id, [CaseStatus.PUBLISHED])
    authors = await members_by_ids(session, community_id, list({c.author_id for c in published}))
    scored: list[tuple[int, Case]] = []
    for case in published:
        if query.grade and case.grade != query.grade:
            continue
        if query.focus and not set(query.focus) & set(case.focus or []):
            continue
        text = searchable_text(case, authors.get(case.author_id))
        if all(w in text for w in words):
            scored.append((sum(text.count(w) for w in words), case))
    if words:  # a stable sort keeps newest first among equal scores
        scored.sort(key=lambda pair: -pair[0])
    total = len(scored)
    pages = max(1, -(-total // PAGE_SIZE))
    start = (query.page - 1) * PAGE_SIZE
    return CasePage([c for _, c in scored[start : start + PAGE_SIZE]], total, query.page, pages)
