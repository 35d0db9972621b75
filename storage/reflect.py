"""Reflection prompts and the reflections people write: tables and the queries on them.

Two tables. `reflect_prompts` is a community's prompt bank (never deleted, only retired, so
a reflection always knows which question it answered). `reflections` holds one row per
prompt sent to one person, or per free reflection: its status moves from open to answered
or skipped, and the answer text lives only here.

Privacy is a property of the queries: the only query that returns another person's answer
text is `shared_with`, and it returns only answers their authors shared with the viewer.
Counting queries (`stats_rows`) select no text column at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

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
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.community import Member


class Status(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    SKIPPED = "skipped"


class Share(StrEnum):
    PRIVATE = "private"
    TEAM = "team"
    COMMUNITY = "community"


class Prompt(Base):
    """One question in a community's bank, tagged by lesson-study phase and equity themes."""

    __tablename__ = "reflect_prompts"
    __table_args__ = (UniqueConstraint("community_id", "number", name="uq_reflect_prompts_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    # What people see and type (#12): numbered per community, so every bank reads #1, #2...
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    phase: Mapped[str | None] = mapped_column(String(16), nullable=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    starter: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language the prompt is written in ("en", "es"): a person is sent prompts in theirs.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    # Prompts that ask the same question in different languages share a pair key, so a
    # schedule naming one sends each person its counterpart in their language.
    pair: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    @property
    def active(self) -> bool:
        return self.retired_at is None

    def in_pool(self, pool: str) -> bool:
        """A pool is a tag or a phase: `pool:identity`, `pool:reflect`."""
        return pool == self.phase or pool in (self.tags or [])


class Reflection(Base):
    """A prompt sent to one person (open, then answered or skipped) or a free reflection."""

    __tablename__ = "reflections"
    __table_args__ = (
        UniqueConstraint("member_id", "schedule_id", "occurrence", name="uq_reflections_delivery"),
        Index("ix_reflections_member", "community_id", "member_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    prompt_id: Mapped[int | None] = mapped_column(
        ForeignKey("reflect_prompts.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default=Status.OPEN.value)
    # Set when the bot sent the prompt; None for a free reflection.
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    schedule_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    occurrence: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The team the prompt went to ("cycle:12", "team:lincoln-7"): who may read a team share.
    team: Mapped[str | None] = mapped_column(String(120), nullable=True)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    answer: Mapped[str | None] = mapped_column(Text, nullable=True)
    share: Mapped[str] = mapped_column(String(16), default=Share.PRIVATE.value)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    skipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # A share held back by the identifying-details check: kept private, with the share the
    # author asked for and the findings they were shown, until they confirm or edit it.
    held_share: Mapped[str | None] = mapped_column(String(16), nullable=True)
    held_findings: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True), nullable=True)


# ---------------------------------------------------------------------------------------------
# Prompts


async def has_prompts(session: AsyncSession, community_id: int) -> bool:
    query = select(Prompt.id).where(Prompt.community_id == community_id).limit(1)
    return (await session.execute(query)).first() is not None


async def starter_languages(session: AsyncSession, community_id: int) -> set[str]:
    """The languages whose starter prompts this community's bank was given (retired ones
    count: a retired starter stays retired)."""
    query = (
        select(Prompt.language)
        .where(Prompt.community_id == community_id, Prompt.starter.is_(True))
        .distinct()
    )
    return {language for (language,) in (await session.execute(query)).all()}


async def get_prompt(session: AsyncSession, community_id: int, number: int) -> Prompt | None:
    """A prompt of this community by the number people see (#12)."""
    query = select(Prompt).where(Prompt.community_id == community_id, Prompt.number == number)
    return (await session.execute(query)).scalar_one_or_none()


async def next_prompt_number(session: AsyncSession, community_id: int) -> int:
    query = select(func.max(Prompt.number)).where(Prompt.community_id == community_id)
    return int(await session.scalar(query) or 0) + 1


async def list_prompts(
    session: AsyncSession,
    community_id: int,
    *,
    include_retired: bool = False,
) -> list[Prompt]:
    query = select(Prompt).where(Prompt.community_id == community_id).order_by(Prompt.number)
    if not include_retired:
        query = query.where(Prompt.retired_at.is_(None))
    return list((await session.execute(query)).scalars())


async def prompts_by_ids(
    session: AsyncSession, community_id: int, ids: set[int]
) -> dict[int, Prompt]:
    if not ids:
        return {}
    query = select(Prompt).where(Prompt.community_id == community_id, Prompt.id.in_(ids))
    return {p.id: p for p in (await session.execute(query)).scalars()}


# ---------------------------------------------------------------------------------------------
# One person's reflections


async def open_reflections(
    session: AsyncSession, community_id: int, member_id: int, *, now: datetime
) -> tuple[list[Reflection], list[Reflection]]:
    """(ready, snoozed): this person's open prompts, newest first."""
    query = (
        select(Reflection)
        .where(
            Reflection.community_id == community_id,
            Reflection.member_id == member_id,
            Reflection.status == Status.OPEN.value,
        )
        .order_by(Reflection.sent_at.desc(), Reflection.id.desc())
    )
    rows = list((await session.execute(query)).scalars())
    ready = [r for r in rows if r.snoozed_until is None or r.snoozed_until <= now]
    snoozed = [r for r in rows if r.snoozed_until is not None and r.snoozed_until > now]
    return ready, snoozed


async def history_page(
    session: AsyncSession, community_id: int, member_id: int, *, offset: int, limit: int
) -> tuple[list[Reflection], int]:
    """This person's answered and skipped reflections, newest first, and how many there are."""
    where = (
        Reflection.community_id == community_id,
        Reflection.member_id == member_id,
        Reflection.status != Status.OPEN.value,
    )
    total = await session.scalar(select(func.count()).select_from(Reflection).where(*where))
    moment = func.coalesce(Reflection.answered_at, Reflection.skipped_at)
    query = (
        select(Reflection)
        .where(*where)
        .order_by(moment.desc(), Reflection.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars()), int(total or 0)


async def last_prompt_ids(
    session: AsyncSession, community_id: int, member_id: int
) -> dict[int, datetime]:
    """When this person was last sent each prompt: what pool rotation needs."""
    query = (
        select(Reflection.prompt_id, func.max(Reflection.sent_at))
        .where(
            Reflection.community_id == community_id,
            Reflection.member_id == member_id,
            Reflection.sent_at.is_not(None),
            Reflection.prompt_id.is_not(None),
        )
        .group_by(Reflection.prompt_id)
    )
    rows = (await session.execute(query)).all()
    return {pid: at for pid, at in rows if pid is not None and at is not None}


async def find_delivery(
    session: AsyncSession, member_id: int, schedule_id: int, occurrence: datetime
) -> Reflection | None:
    query = select(Reflection).where(
        Reflection.member_id == member_id,
        Reflection.schedule_id == schedule_id,
        Reflection.occurrence == occurrence,
    )
    return (await session.execute(query)).scalar_one_or_none()


async def count_for_member(session: AsyncSession, member: Member) -> int:
    query = (
        select(func.count())
        .select_from(Reflection)
        .where(Reflection.community_id == member.community_id, Reflection.member_id == member.id)
    )
    return int(await session.scalar(query) or 0)


async def delete_for_member(session: AsyncSession, member: Member) -> int:
    """Every reflection of this person, open, answered or skipped (forget-me)."""
    count = await count_for_member(session, member)
    await session.execute(
        delete(Reflection).where(
            Reflection.community_id == member.community_id, Reflection.member_id == member.id
        )
    )
    return count


# ---------------------------------------------------------------------------------------------
# What others may see


async def teams_of(session: AsyncSession, community_id: int, member_id: int) -> list[str]:
    """The teams this person received prompts as a member of."""
    query = (
        select(Reflection.team)
        .where(
            Reflection.community_id == community_id,
            Reflection.member_id == member_id,
            Reflection.team.is_not(None),
        )
        .distinct()
    )
    return [team for (team,) in (await session.execute(query)).all() if team]


async def shared_with(
    session: AsyncSession,
    community_id: int,
    teams: list[str],
    *,
    offset: int,
    limit: int,
) -> tuple[list[tuple[Reflection, Member]], int]:
    """Answers shared with the community, or with a team the viewer is on; newest first.

    The one query that returns someone else's text: it can only return shared answers.
    """
    visible = Reflection.share == Share.COMMUNITY.value
    if teams:
        visible = or_(visible, (Reflection.share == Share.TEAM.value) & Reflection.team.in_(teams))
    where = (
        Reflection.community_id == community_id,
        Reflection.status == Status.ANSWERED.value,
        Reflection.share != Share.PRIVATE.value,
        visible,
    )
    total = await session.scalar(select(func.count()).select_from(Reflection).where(*where))
    query = (
        select(Reflection, Member)
        .join(Member, Member.id == Reflection.member_id)
        .where(*where, Member.community_id == community_id)
        .order_by(Reflection.answered_at.desc(), Reflection.id.desc())
        .offset(offset)
        .limit(limit)
    )
    rows = [(r, m) for r, m in (await session.execute(query)).all()]
    return rows, int(total or 0)


@dataclass(frozen=True)
class StatsRow:
    """One reflection as the counts see it: who and when, never what."""

    member_id: int
    sent_at: datetime | None
    answered_at: datetime | None
    skipped_at: datetime | None


async def stats_rows(session: AsyncSession, community_id: int, since: datetime) -> list[StatsRow]:
    """Prompted reflections touched since `since`; selects no text column by design."""
    query = select(
        Reflection.member_id, Reflection.sent_at, Reflection.answered_at, Reflection.skipped_at
    ).where(
        Reflection.community_id == community_id,
        Reflection.sent_at.is_not(None),
        or_(
            Reflection.sent_at >= since,
            Reflection.answered_at >= since,
            Reflection.skipped_at >= since,
        ),
    )
    return [StatsRow(*row) for row in (await session.execute(query)).all()]


async def held_reflection(
    session: AsyncSession, community_id: int, member_id: int
) -> Reflection | None:
    """The member's newest reflection whose share the identifying-details check holds."""
    query = (
        select(Reflection)
        .where(
            Reflection.community_id == community_id,
            Reflection.member_id == member_id,
            Reflection.held_share.is_not(None),
        )
        .order_by(Reflection.answered_at.desc(), Reflection.id.desc())
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()
