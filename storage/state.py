"""Small values an adapter keeps across restarts, under a key of its own.

Discord's command tree, for one: its hash is kept here after a sync, so an instance
that starts with the same tree does not sync again (Discord rate-limits command
updates, and a rolling restart of many instances would otherwise sync each time).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime


class AdapterState(Base):
    __tablename__ = "adapter_state"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


async def read_state(session: AsyncSession, key: str) -> str | None:
    return (
        await session.execute(select(AdapterState.value).where(AdapterState.key == key))
    ).scalar_one_or_none()


async def write_state(session: AsyncSession, key: str, value: str, *, now: datetime) -> None:
    row = await session.get(AdapterState, key)
    if row is not None:
        row.value, row.updated_at = value, now
        return
    try:
        async with session.begin_nested():
            session.add(AdapterState(key=key, value=value, updated_at=now))
    except IntegrityError:  # another instance wrote it a moment ago: ours wins
        row = await session.get(AdapterState, key)
        if row is not None:
            row.value, row.updated_at = value, now
