"""Which days each member used the bot: the history behind participation figures.

`Member.last_seen_at` says only when someone was last seen, so it cannot tell
whether they were active in the period *before* this one, nor draw
participation over time. One row per member per day they used the bot is
enough for both, and small: it holds no content, only that they were there.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, UniqueConstraint, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, affected_rows
from storage.community import Member


class MemberActivity(Base):
    __tablename__ = "member_activity"
    __table_args__ = (UniqueConstraint("member_id", "day", name="uq_member_activity_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)  # the UTC day


async def record_activity(session: AsyncSession, member: Member, now: datetime) -> None:
    """Note that `member` used the bot today (UTC); once per day, whatever the races."""
    day = now.date()
    query = select(MemberActivity.id).where(
        MemberActivity.member_id == member.id, MemberActivity.day == day
    )
    if (await session.execute(query)).first() is not None:
        return
    row = MemberActivity(community_id=member.community_id, member_id=member.id, day=day)
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same person's other request recorded it a moment ago
        if row in session:
            session.expunge(row)


async def active_member_ids(
    session: AsyncSession, community_id: int, first_day: date, last_day: date
) -> set[int]:
    """Members of this community active on any day in [first_day, last_day]."""
    query = select(MemberActivity.member_id).where(
        MemberActivity.community_id == community_id,
        MemberActivity.day >= first_day,
        MemberActivity.day <= last_day,
    )
    return set((await session.execute(query)).scalars())


async def activity_days(
    session: AsyncSession, community_id: int, first_day: date, last_day: date
) -> list[tuple[int, date]]:
    """(member id, day) pairs in [first_day, last_day], for participation over time."""
    query = select(MemberActivity.member_id, MemberActivity.day).where(
        MemberActivity.community_id == community_id,
        MemberActivity.day >= first_day,
        MemberActivity.day <= last_day,
    )
    return [(member_id, day) for member_id, day in (await session.execute(query)).all()]


async def community_members(session: AsyncSession, community_id: int) -> list[Member]:
    query = select(Member).where(Member.community_id == community_id).order_by(Member.id)
    return list((await session.execute(query)).scalars())


async def count_member_days(session: AsyncSession, member: Member) -> int:
    query = (
        select(func.count())
        .select_from(MemberActivity)
        .where(
            MemberActivity.community_id == member.community_id,
            MemberActivity.member_id == member.id,
        )
    )
    return int(await session.scalar(query) or 0)


async def delete_member_days(session: AsyncSession, member: Member) -> int:
    """For `/praxis forget-me`: the days someone used the bot are about them too."""
    result = await session.execute(
        delete(MemberActivity).where(
            MemberActivity.community_id == member.community_id,
            MemberActivity.member_id == member.id,
        )
    )
    return affected_rows(result)
