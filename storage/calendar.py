"""School calendars: the days schools are closed, testing windows and school years.

One row is one entry of a community's calendar: a day or an inclusive range of days, of one
kind (a break, a closure, a holiday, a PD day, a testing window, or a school year's first to
last day), for the whole community (`district_key` "") or for one district, the way members
name it in their profile (`district_key` is that name folded, so "Oak Unified" and
"oak  unified" are one district). Entries are numbered per community (#1, #2...), the number
people see and type. Every query filters by community: nothing crosses communities.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime

WHOLE_COMMUNITY = ""


def district_key(name: str | None) -> str:
    """The key a district is stored and matched under: its name, spaces collapsed, folded."""
    return " ".join((name or "").split()).casefold()


class CalendarEntry(Base):
    __tablename__ = "calendar_entries"
    __table_args__ = (
        UniqueConstraint("community_id", "number", name="uq_calendar_entries_number"),
        Index("ix_calendar_entries_district", "community_id", "district_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    district: Mapped[str | None] = mapped_column(String(120), nullable=True)  # as typed
    district_key: Mapped[str] = mapped_column(String(120), default=WHOLE_COMMUNITY)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)  # inclusive
    # Where it came from: "ics:<UID>" for an imported event, "holidays:US-CA" for a state
    # holiday; None when typed. Importing the same file again adds nothing twice.
    source: Mapped[str | None] = mapped_column(String(300), nullable=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


async def next_entry_number(session: AsyncSession, community_id: int) -> int:
    query = select(func.max(CalendarEntry.number)).where(CalendarEntry.community_id == community_id)
    return int((await session.execute(query)).scalar_one_or_none() or 0) + 1


async def calendar_entries(
    session: AsyncSession, community_id: int, *, district_keys: tuple[str, ...] | None = None
) -> list[CalendarEntry]:
    """This community's entries in date order; with `district_keys`, only those districts'
    (include WHOLE_COMMUNITY to get the community-wide entries too)."""
    query = select(CalendarEntry).where(CalendarEntry.community_id == community_id)
    if district_keys is not None:
        query = query.where(CalendarEntry.district_key.in_(district_keys))
    query = query.order_by(CalendarEntry.start, CalendarEntry.end, CalendarEntry.number)
    return list((await session.execute(query)).scalars())


async def calendar_entry(
    session: AsyncSession, community_id: int, number: int
) -> CalendarEntry | None:
    query = select(CalendarEntry).where(
        CalendarEntry.community_id == community_id, CalendarEntry.number == number
    )
    return (await session.execute(query)).scalar_one_or_none()


async def calendar_districts(session: AsyncSession, community_id: int) -> dict[str, str]:
    """The districts that have a calendar here: key -> the name as first typed."""
    query = (
        select(CalendarEntry.district_key, func.min(CalendarEntry.district))
        .where(
            CalendarEntry.community_id == community_id,
            CalendarEntry.district_key != WHOLE_COMMUNITY,
        )
        .group_by(CalendarEntry.district_key)
    )
    return {row[0]: row[1] or row[0] for row in await session.execute(query)}
