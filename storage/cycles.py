"""Lesson-study cycles: the cycle, its phases, its team and its artifacts.

Every row carries community_id, and every query here filters by it, so a
cycle in one community can never be read, named or changed from another.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
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

ACTIVE = "active"
PAUSED = "paused"
CLOSED = "closed"
NOT_HELD = "not-held"  # a phase's outcome when its cycle closed before its day


class Cycle(Base):
    """One lesson-study cycle, living in one channel of one community."""

    __tablename__ = "cycles"
    __table_args__ = (UniqueConstraint("community_id", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))  # casefolded, for naming a cycle
    theme: Mapped[str] = mapped_column(Text)
    channel_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    channel_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    paused_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    paused_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    report: Mapped[str | None] = mapped_column(Text, nullable=True)
    resource_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # What the published report is filed under in the library (comma-joined, normalised).
    grade: Mapped[str | None] = mapped_column(String(8), nullable=True)
    standards: Mapped[str] = mapped_column(String(400), default="")
    focus: Mapped[str] = mapped_column(String(400), default="")
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class CyclePhase(Base):
    """One phase of a cycle on one day, with an optional wall-clock time ("HH:MM")."""

    __tablename__ = "cycle_phases"
    __table_args__ = (UniqueConstraint("cycle_id", "phase"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    phase: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    at: Mapped[str | None] = mapped_column(String(5), nullable=True)
    # NOT_HELD when the cycle closed before the phase's day: it never happened.
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # School days the running pause moved this phase by (given back on an early resume).
    shifted: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class CycleMember(Base):
    """A person on a cycle's team, with their lesson-study role."""

    __tablename__ = "cycle_members"
    __table_args__ = (UniqueConstraint("cycle_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(24))


class CycleArtifact(Base):
    """Something the team produced: a link or a text of one artifact kind."""

    __tablename__ = "cycle_artifacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A library resource this artifact is (attached, or the lesson plan shared to the library).
    resource_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    added_by: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set while the identifying-details check holds a text back: the findings its author
    # was shown. A held artifact is seen by its author only, until they confirm it.
    held_findings: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True), nullable=True)

    @property
    def held(self) -> bool:
        return bool(self.held_findings)


def cycle_name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


async def cycle_by_id(session: AsyncSession, community_id: int, cycle_id: int) -> Cycle | None:
    query = select(Cycle).where(Cycle.community_id == community_id, Cycle.id == cycle_id)
    return (await session.execute(query)).scalar_one_or_none()


async def cycle_by_name(session: AsyncSession, community_id: int, name: str) -> Cycle | None:
    query = select(Cycle).where(
        Cycle.community_id == community_id, Cycle.name_key == cycle_name_key(name)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def cycles_in_channel(
    session: AsyncSession, community_id: int, channel_id: str
) -> list[Cycle]:
    query = (
        select(Cycle)
        .where(Cycle.community_id == community_id, Cycle.channel_id == channel_id)
        .order_by(Cycle.status == CLOSED, Cycle.id.desc())
    )
    return list((await session.execute(query)).scalars())


async def open_cycles(session: AsyncSession, community_id: int) -> list[Cycle]:
    """Active and paused cycles, newest first."""
    query = (
        select(Cycle)
        .where(Cycle.community_id == community_id, Cycle.status != CLOSED)
        .order_by(Cycle.id.desc())
    )
    return list((await session.execute(query)).scalars())


async def cycle_phases(session: AsyncSession, cycle: Cycle) -> list[CyclePhase]:
    query = select(CyclePhase).where(
        CyclePhase.community_id == cycle.community_id, CyclePhase.cycle_id == cycle.id
    )
    return list((await session.execute(query)).scalars())


async def cycle_team(session: AsyncSession, cycle: Cycle) -> list[CycleMember]:
    query = (
        select(CycleMember)
        .where(CycleMember.community_id == cycle.community_id, CycleMember.cycle_id == cycle.id)
        .order_by(CycleMember.id)
    )
    return list((await session.execute(query)).scalars())


async def cycle_artifacts(session: AsyncSession, cycle: Cycle) -> list[CycleArtifact]:
    query = (
        select(CycleArtifact)
        .where(CycleArtifact.community_id == cycle.community_id, CycleArtifact.cycle_id == cycle.id)
        .order_by(CycleArtifact.id)
    )
    return list((await session.execute(query)).scalars())


async def team_member(session: AsyncSession, cycle: Cycle, member_id: int) -> CycleMember | None:
    query = select(CycleMember).where(
        CycleMember.community_id == cycle.community_id,
        CycleMember.cycle_id == cycle.id,
        CycleMember.member_id == member_id,
    )
    return (await session.execute(query)).scalar_one_or_none()


async def held_artifact(
    session: AsyncSession, cycle: Cycle, member_id: int
) -> CycleArtifact | None:
    """The member's newest artifact on this cycle that the identifying-details check holds."""
    query = (
        select(CycleArtifact)
        .where(
            CycleArtifact.community_id == cycle.community_id,
            CycleArtifact.cycle_id == cycle.id,
            CycleArtifact.added_by == member_id,
            CycleArtifact.held_findings.is_not(None),
        )
        .order_by(CycleArtifact.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


def _held_artifacts_of(member: Member) -> tuple[ColumnElement[bool], ...]:
    return (
        CycleArtifact.community_id == member.community_id,
        CycleArtifact.added_by == member.id,
        CycleArtifact.held_findings.is_not(None),
    )


async def count_held_artifacts(session: AsyncSession, member: Member) -> int:
    """A person's artifacts the check held back, which only they can see (forget-me)."""
    query = select(func.count()).select_from(CycleArtifact).where(*_held_artifacts_of(member))
    return int(await session.scalar(query) or 0)


async def delete_held_artifacts(session: AsyncSession, member: Member) -> int:
    count = await count_held_artifacts(session, member)
    await session.execute(delete(CycleArtifact).where(*_held_artifacts_of(member)))
    return count
