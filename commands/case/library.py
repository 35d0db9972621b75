"""Where published cases meet the resource library.

Approving a case publishes it as a `case-study` resource (origin "case", the
case's id), so it appears in `/resource search type:case-study` and is ranked
by the library's one search engine; `/case search` is that same search,
limited to cases. Withdrawing a published case unpublishes it.

An anonymous case is published with no sharer and a body without its
author, so the library can neither show nor find it by its author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.errors import UserError
from bot.kernel.i18n import _
from bot.kernel.language import Language, speaking
from bot.text.normalize import normalize_standard
from commands.case.views import case_text
from storage.cases import Case, CaseStatus, get_case
from storage.resource_models import MAX_DESCRIPTION, MAX_LABELS
from storage.resources import SearchQuery, publish_resource, search_resources, unpublish_origin

ORIGIN = "case"
RESOURCE_TYPE = "case-study"
PAGE_SIZE = 10
# Standard codes as teachers write them: 7.RP.A.2, 3.NF.A.1, K.CC.B.4, HSF-LE.A.1.
_STANDARD_RE = re.compile(
    r"(?<![\w.])(?:[K1-8]\.[A-Z]{1,4}(?:\.[A-Z])?(?:\.\d{1,2}[a-z]?)?"
    r"|HS[A-Z]-[A-Z]{2,4}(?:\.[A-Z])?(?:\.\d{1,2}[a-z]?)?)(?![A-Za-z0-9])"
)


@dataclass(frozen=True)
class CaseQuery:
    words: str = ""
    grade: str | None = None
    focus: str | None = None
    by: int | None = None  # a member id; anonymous cases are never found by it
    page: int = 1


@dataclass(frozen=True)
class CasePage:
    cases: list[Case]
    total: int
    page: int
    pages: int
    snippets: dict[int, str] = field(default_factory=dict)  # case id -> matching words


def standards_in(case: Case) -> tuple[str, ...]:
    """Standard codes named anywhere in the case, so `standard:7.RP` finds it."""
    found: list[str] = []
    for part in (case.title, case.context, case.problem, case.tried, case.evidence):
        for match in _STANDARD_RE.finditer(part or ""):
            try:
                code = normalize_standard(match.group())
            except UserError:
                continue
            if code not in found:
                found.append(code)
    return tuple(found[:MAX_LABELS])


def _description(case: Case) -> str:
    text = " ".join(case.problem.split())
    limit = min(400, MAX_DESCRIPTION)
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return _("A case of practice (/case show {id}). {problem}", id=case.id, problem=text)


async def publish_case(
    session: AsyncSession, case: Case, *, now: datetime, language: Language = Language.EN
) -> None:
    """Put the case in the library; an anonymous case is published with no sharer.

    Its description and body are stored once for every reader, so their labels are in
    `language`: the community's, the language of its channels."""
    await unpublish_origin(session, case.community_id, ORIGIN, case.id)  # never twice
    with speaking(language):
        description, body = _description(case), case_text(case)
    await publish_resource(
        session,
        case.community_id,
        title=case.title,
        type=RESOURCE_TYPE,
        description=description,
        body=body,
        grade=case.grade or None,
        standards=standards_in(case),
        focus=tuple(case.focus or ()),
        shared_by=None if case.anonymous else case.author_id,
        origin=ORIGIN,
        origin_id=case.id,
        now=now,
    )


async def unpublish_case(session: AsyncSession, case: Case) -> None:
    await unpublish_origin(session, case.community_id, ORIGIN, case.id)


async def search_cases(session: AsyncSession, community_id: int, query: CaseQuery) -> CasePage:
    """Published cases of one community, ranked by the library's search engine."""
    found = await search_resources(
        session,
        community_id,
        SearchQuery(
            words=query.words,
            type=RESOURCE_TYPE,
            origin=ORIGIN,
            grade=query.grade,
            focus=query.focus,
            by=query.by,
            sort="relevance" if query.words.strip() else "new",
            page=query.page,
            page_size=PAGE_SIZE,
        ),
    )
    cases: list[Case] = []
    snippets: dict[int, str] = {}
    for hit in found.hits:
        origin_id = hit.resource.origin_id
        case = await get_case(session, community_id, origin_id) if origin_id else None
        if case is not None and case.state is CaseStatus.PUBLISHED:
            cases.append(case)
            if hit.snippet:
                snippets[case.id] = hit.snippet
    return CasePage(cases, found.total, found.page, found.pages, snippets)
