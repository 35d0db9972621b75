"""Suggestions while someone types a case id: `#4 Wait time in algebra 1 (draft)`.

Privacy first: a label is the case's number, title and status, never its author, so an
anonymous case stays anonymous; a draft is offered to its author only, a case in review
to its author and facilitators, a published case to everyone (the same rule as
`Viewer.may_see`). The asker's own cases come first, then (for facilitators) cases
waiting for review, then the library, newest first.
"""

from __future__ import annotations

from sqlalchemy import func, or_, select

from bot.kernel.i18n import _
from bot.lookup.matching import (
    Candidate,
    Lookup,
    LookupQuery,
    Suggestion,
    asker,
    best_matches,
    short_label,
)
from commands.case.views import STATUSES
from storage.cases import AWAITING_REVIEW, EDITABLE, Case, CaseStatus

POOL = 200  # other people's cases considered, newest first
MINE = 100


def case_label(case: Case, *, status: bool) -> str:
    tail = f"({STATUSES[case.status]})" if status and case.state is not CaseStatus.PUBLISHED else ""
    return short_label(f"#{case.id}", case.title or _("Untitled case"), tail)


def _candidate(case: Case, group: int, *, status: bool = True) -> Candidate:
    return Candidate(str(case.id), case_label(case, status=status), case.title, case.id, group)


async def _own(query: LookupQuery, member_id: int, statuses: frozenset[CaseStatus]) -> list[Case]:
    rows = await query.session.execute(
        select(Case)
        .where(
            Case.community_id == query.community.id,
            Case.author_id == member_id,
            Case.status.in_([s.value for s in statuses]),
        )
        .order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(MINE)
    )
    return list(rows.scalars())


async def suggest_cases(query: LookupQuery) -> list[Suggestion]:
    """Every case the asker may open: their own, reviewable ones if a facilitator, published."""
    who = await asker(query)
    candidates: list[Candidate] = []
    if who.member_id is not None:
        mine = await _own(query, who.member_id, frozenset(CaseStatus))
        candidates += [_candidate(c, 0) for c in mine]
    visible = [Case.status == CaseStatus.PUBLISHED.value]
    if who.facilitator:
        visible.append(Case.submitted_at.is_not(None))
    others = await query.session.execute(
        select(Case)
        .where(Case.community_id == query.community.id, or_(*visible))
        .order_by(
            func.coalesce(Case.published_at, Case.submitted_at, Case.updated_at).desc(),
            Case.id.desc(),
        )
        .limit(POOL)
    )
    for case in others.scalars():
        if case.author_id == who.member_id:
            continue
        waiting = who.facilitator and case.state in AWAITING_REVIEW
        candidates.append(_candidate(case, 1 if waiting else 2, status=who.facilitator))
    return best_matches(query.text, candidates, query.limit)


async def suggest_drafts(query: LookupQuery) -> list[Suggestion]:
    """The asker's cases they can still edit: drafts and returned cases."""
    who = await asker(query)
    if who.member_id is None:
        return []
    mine = await _own(query, who.member_id, EDITABLE)
    return best_matches(query.text, [_candidate(c, 0) for c in mine], query.limit)


async def suggest_withdrawable(query: LookupQuery) -> list[Suggestion]:
    """The asker's cases in review or in the library: what `/case withdraw` takes."""
    who = await asker(query)
    if who.member_id is None:
        return []
    statuses = frozenset({*AWAITING_REVIEW, CaseStatus.PUBLISHED})
    mine = await _own(query, who.member_id, statuses)
    return best_matches(query.text, [_candidate(c, 0) for c in mine], query.limit)


LOOKUPS = (
    Lookup("case", suggest_cases),
    Lookup("draft", suggest_drafts),
    Lookup("own-case", suggest_withdrawable),
)
