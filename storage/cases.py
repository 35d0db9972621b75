"""Cases of practice: the table and its queries.

A case belongs to one community and one author. Its status walks
draft -> submitted -> in-review -> published | returned | withdrawn; a
returned case goes back to its author, who may edit and submit it again.
Whether a case is anonymous only changes what *members* are shown: the
author is always stored, so facilitators always know who wrote it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime, affected_rows


class CaseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in-review"
    PUBLISHED = "published"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


# Statuses in which the author may still edit the text and (re)submit it.
EDITABLE = frozenset({CaseStatus.DRAFT, CaseStatus.RETURNED})
# Statuses waiting for a facilitator.
AWAITING_REVIEW = frozenset({CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW})


class Case(Base):
    """One case of practice, from first draft to the library."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_community_id", "community_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.DRAFT.value)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    title: Mapped[str] = mapped_column(String(200), default="")
    grade: Mapped[str] = mapped_column(String(8), default="")
    context: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    focus: Mapped[list[str]] = mapped_column(JSON, default=list)
    tried: Mapped[str] = mapped_column(Text, default="")
    evidence: Mapped[str] = mapped_column(Text, default="")
    question: Mapped[str] = mapped_column(Text, default="")
    # Findings of the identifying-details check the author has been shown and
    # not yet confirmed ("field|kind|excerpt" keys); confirm:yes accepts only these.
    held_findings: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What the author confirmed at submission, shown to the reviewing facilitator.
    confirmed_findings: Mapped[list[str]] = mapped_column(JSON, default=list)
    review_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    reviewer_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    @property
    def state(self) -> CaseStatus:
        return CaseStatus(self.status)

    @property
    def ever_submitted(self) -> bool:
        """Facilitators may see a case only once its author has submitted it."""
        return self.submitted_at is not None


async def get_case(session: AsyncSession, community_id: int, case_id: int) -> Case | None:
    """One case of this community; another community's id finds nothing."""
    query = select(Case).where(Case.community_id == community_id, Case.id == case_id)
    return (await session.execute(query)).scalar_one_or_none()


async def latest_draft(session: AsyncSession, community_id: int, author_id: int) -> Case | None:
    """The author's most recently touched draft, which `/case submit` continues."""
    query = (
        select(Case)
        .where(
            Case.community_id == community_id,
            Case.author_id == author_id,
            Case.status == CaseStatus.DRAFT.value,
        )
        .order_by(Case.updated_at.desc(), Case.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def cases_by_author(session: AsyncSession, community_id: int, author_id: int) -> list[Case]:
    query = (
        select(Case)
        .where(Case.community_id == community_id, Case.author_id == author_id)
        .order_by(Case.updated_at.desc(), Case.id.desc())
    )
    return list((await session.execute(query)).scalars())


async def cases_with_status(
    session: AsyncSession,
    community_id: int,
    statuses: Sequence[CaseStatus],
    *,
    submitted_only: bool = True,
    author_id: int | None = None,
    oldest_first: bool = False,
) -> list[Case]:
    """Cases in any of `statuses`; drafts never submitted stay out unless asked for."""
    query = select(Case).where(
        Case.community_id == community_id, Case.status.in_([s.value for s in statuses])
    )
    if submitted_only:
        query = query.where(Case.submitted_at.is_not(None))
    if author_id is not None:
        query = query.where(Case.author_id == author_id)
    if oldest_first:
        query = query.order_by(Case.submitted_at.asc(), Case.id.asc())
    else:
        query = query.order_by(
            func.coalesce(Case.published_at, Case.submitted_at, Case.updated_at).desc(),
            Case.id.desc(),
        )
    return list((await session.execute(query)).scalars())


async def count_drafts(session: AsyncSession, community_id: int, author_id: int) -> int:
    query = (
        select(func.count())
        .select_from(Case)
        .where(
            Case.community_id == community_id,
            Case.author_id == author_id,
            Case.submitted_at.is_(None),
        )
    )
    return int((await session.execute(query)).scalar_one())


async def delete_drafts(session: AsyncSession, community_id: int, author_id: int) -> int:
    """Delete cases the author never submitted: nobody else has seen them."""
    result = await session.execute(
        delete(Case).where(
            Case.community_id == community_id,
            Case.author_id == author_id,
            Case.submitted_at.is_(None),
        )
    )
    return affected_rows(result)
