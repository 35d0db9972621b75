"""The research lesson and what follows it: focus students, observers' notes, the debrief.

Notes are written close to real children, so this module keeps them apart from
the cycle's artifacts: every query filters by community and cycle, and the use
cases (commands/cycle) decide who may read them (the team and facilitators).
A note the de-identification check flags is kept with status "held": saved,
so the observer's text is not lost, but shown to nobody else until its author
edits or confirms it.

One `CycleStudy` row per cycle holds what is per lesson rather than per note:
the lesson's own segments, when the packet went out, and the post-lesson
discussion's state (the protocol it runs, as it was when it started).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from storage.base import Base, UTCDateTime
from storage.community import Member
from storage.cycles import Cycle

KEPT = "kept"
HELD = "held"


class FocusStudent(Base):
    """A student the observers watch, known only by a pseudonym ("A", "S2")."""

    __tablename__ = "cycle_focus_students"
    __table_args__ = (UniqueConstraint("cycle_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(Integer, default=0)
    watch_for: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The team's de-identified summary of what the notes showed, for the report.
    summary: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LessonNote(Base):
    """One observer's note during the research lesson, stamped with the lesson minute."""

    __tablename__ = "cycle_notes"
    __table_args__ = (Index("ix_cycle_notes_cycle_minute", "cycle_id", "minute"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    observer_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True
    )
    student: Mapped[str | None] = mapped_column(String(12), nullable=True)
    segment: Mapped[str | None] = mapped_column(String(40), nullable=True)
    minute: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default=KEPT)
    # The author confirmed the details the check flagged are not a student's.
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CycleStudy(Base):
    """Per cycle: the lesson's segments, its clock, the packet and the discussion's state."""

    __tablename__ = "cycle_studies"
    __table_args__ = (UniqueConstraint("cycle_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    segments: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    # When the teach phase has no time, the lesson's clock starts at its first note.
    clock_start: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    packet_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    protocol: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    step_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    discussion_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    discussion_ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DiscussionRecord(Base):
    """What the team wrote down in one step of the post-lesson discussion."""

    __tablename__ = "cycle_discussion_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)  # 1-based, in the protocol the discussion ran
    step_kind: Mapped[str] = mapped_column(String(24))
    student: Mapped[str | None] = mapped_column(String(12), nullable=True)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# -- queries: each takes the cycle, so its community scopes it ---------------------------------


async def focus_students(session: AsyncSession, cycle: Cycle) -> list[FocusStudent]:
    query = (
        select(FocusStudent)
        .where(FocusStudent.community_id == cycle.community_id, FocusStudent.cycle_id == cycle.id)
        .order_by(FocusStudent.position, FocusStudent.id)
    )
    return list((await session.execute(query)).scalars())


async def lesson_notes(
    session: AsyncSession, cycle: Cycle, *, status: str | None = KEPT
) -> list[LessonNote]:
    """A cycle's notes in lesson order (minute, then when they were written)."""
    query = select(LessonNote).where(
        LessonNote.community_id == cycle.community_id, LessonNote.cycle_id == cycle.id
    )
    if status is not None:
        query = query.where(LessonNote.status == status)
    query = query.order_by(LessonNote.minute, LessonNote.created_at, LessonNote.id)
    return list((await session.execute(query)).scalars())


async def note_by_id(session: AsyncSession, cycle: Cycle, note_id: int) -> LessonNote | None:
    query = select(LessonNote).where(
        LessonNote.community_id == cycle.community_id,
        LessonNote.cycle_id == cycle.id,
        LessonNote.id == note_id,
    )
    return (await session.execute(query)).scalar_one_or_none()


async def study_of(session: AsyncSession, cycle: Cycle) -> CycleStudy | None:
    query = select(CycleStudy).where(
        CycleStudy.community_id == cycle.community_id, CycleStudy.cycle_id == cycle.id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def study_for(session: AsyncSession, cycle: Cycle) -> CycleStudy:
    """The cycle's study row, made on first use."""
    found = await study_of(session, cycle)
    if found is None:
        found = CycleStudy(community_id=cycle.community_id, cycle_id=cycle.id)
        session.add(found)
        await session.flush()
    return found


async def discussion_records(session: AsyncSession, cycle: Cycle) -> list[DiscussionRecord]:
    query = (
        select(DiscussionRecord)
        .where(
            DiscussionRecord.community_id == cycle.community_id,
            DiscussionRecord.cycle_id == cycle.id,
        )
        .order_by(DiscussionRecord.step, DiscussionRecord.id)
    )
    return list((await session.execute(query)).scalars())


def _held_notes_of(member: Member) -> tuple[ColumnElement[bool], ...]:
    return (
        LessonNote.community_id == member.community_id,
        LessonNote.observer_id == member.id,
        LessonNote.status == HELD,
    )


async def count_held_notes(session: AsyncSession, member: Member) -> int:
    """An observer's notes the check held back, which only they can see (forget-me)."""
    query = select(func.count()).select_from(LessonNote).where(*_held_notes_of(member))
    return int(await session.scalar(query) or 0)


async def delete_held_notes(session: AsyncSession, member: Member) -> int:
    count = await count_held_notes(session, member)
    await session.execute(delete(LessonNote).where(*_held_notes_of(member)))
    return count
