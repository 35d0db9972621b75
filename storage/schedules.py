"""Schedules and their deliveries: the database rows are the source of truth.

A schedule row says what to deliver (`kind`, `payload`), to whom (`target`, as text, resolved
again at every occurrence so a team's current members are reached), and when (`recurrence`,
the stored form of bot.time.recurrence, read in `zone`). `next_run_at` is the planned instant of
the next occurrence; `due_at` is when it is actually sent (later when quiet hours hold it).

A delivery row is written once per (schedule, occurrence, recipient): the unique key is what
keeps a crash, a restart or a second instance from claiming the same occurrence twice.
`recipient` is "" for the occurrence itself; a multi-person target (everyone, a team) gets
one more row per person whose own quiet hours hold their message (status HELD until then).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime

ACTIVE = "active"
PAUSED = "paused"
CANCELLED = "cancelled"
DONE = "done"  # a one-off that has happened, or a rule with no further occurrence
# The engine could not handle it (its time could not be worked out, its row could not be
# read or recorded): kept out of the engine's way, shown in listings with `fault`, until a
# facilitator resumes it. One faulty schedule so never holds up another.
SET_ASIDE = "set_aside"
LISTED = (ACTIVE, PAUSED, SET_ASIDE)

# Delivery states. READY: claimed, nothing sent yet (composed and sent after a crash).
# SENDING: a send has begun; after a crash it is re-sent with the same idempotency keys, which
# each platform port honours, so a message that arrived is not posted twice. SENT, FAILED,
# MISSED (overdue beyond the grace period, recorded, not sent), HELD (one recipient's share of
# an occurrence, waiting for their quiet hours to end), INTERRUPTED (a send cut short by a
# crash and not finished within the grace period; rows from before idempotency keys).
READY = "ready"
SENDING = "sending"
SENT = "sent"
FAILED = "failed"
MISSED = "missed"
INTERRUPTED = "interrupted"
HELD = "held"


class Schedule(Base):
    __tablename__ = "schedules"
    __table_args__ = (
        Index("ix_schedules_due", "status", "due_at"),
        Index("ix_schedules_owner", "community_id", "owner"),
        UniqueConstraint("community_id", "kind", "number", name="uq_schedules_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    # What people see and type (nudge #3, reminder #12): numbered per community and kind,
    # as every id in the product is; `id` stays internal (delivery keys, owners).
    number: Mapped[int] = mapped_column(Integer)
    target: Mapped[str] = mapped_column(String(200))
    recurrence: Mapped[str] = mapped_column(String(300))
    zone: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    owner: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(16), default=ACTIVE)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Why the engine set it aside: a reference and a stage, never user text.
    fault: Mapped[str | None] = mapped_column(String(200), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Delivery(Base):
    __tablename__ = "schedule_deliveries"
    __table_args__ = (
        UniqueConstraint(
            "schedule_id", "occurrence", "recipient", name="uq_schedule_deliveries_occurrence"
        ),
        Index("ix_schedule_deliveries_status", "status"),
        Index("ix_schedule_deliveries_held", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    schedule_id: Mapped[int] = mapped_column(ForeignKey("schedules.id", ondelete="CASCADE"))
    occurrence: Mapped[datetime] = mapped_column(UTCDateTime())
    # "" for the occurrence; a person's user id for their share held by quiet hours
    recipient: Mapped[str] = mapped_column(String(64), default="", server_default="")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    messages: Mapped[int] = mapped_column(Integer, default=0)  # messages sent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    instance: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


async def get_schedule(
    session: AsyncSession, community_id: int, schedule_id: int
) -> Schedule | None:
    """A schedule of this community; None for another community's (never crosses)."""
    query = select(Schedule).where(
        Schedule.id == schedule_id, Schedule.community_id == community_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def schedule_by_number(
    session: AsyncSession, community_id: int, kind: str, number: int
) -> Schedule | None:
    """A schedule of this community by the number people see for its kind."""
    query = select(Schedule).where(
        Schedule.community_id == community_id, Schedule.kind == kind, Schedule.number == number
    )
    return (await session.execute(query)).scalar_one_or_none()


async def next_schedule_number(session: AsyncSession, community_id: int, kind: str) -> int:
    query = select(func.max(Schedule.number)).where(
        Schedule.community_id == community_id, Schedule.kind == kind
    )
    return int((await session.execute(query)).scalar_one_or_none() or 0) + 1


async def list_schedules(
    session: AsyncSession,
    community_id: int,
    *,
    kind: str | None = None,
    owner: str | None = None,
    statuses: tuple[str, ...] = LISTED,
) -> list[Schedule]:
    query = select(Schedule).where(
        Schedule.community_id == community_id, Schedule.status.in_(statuses)
    )
    if kind is not None:
        query = query.where(Schedule.kind == kind)
    if owner is not None:
        query = query.where(Schedule.owner == owner)
    query = query.order_by(Schedule.next_run_at.is_(None), Schedule.next_run_at, Schedule.id)
    try:
        async with session.begin_nested():
            return list((await session.execute(query)).scalars())
    except (OperationalError, InterfaceError):
        raise
    except Exception:  # a row whose payload cannot be decoded (a hand edit): list it anyway
        return await _list_without_payloads(session, query)


async def _list_without_payloads(session: AsyncSession, query: Select[Schedule]) -> list[Schedule]:
    """The same schedules with every column but the payload, as detached copies, so a
    listing still shows an unreadable row (the engine sets it aside) instead of failing."""
    columns = [c for c in Schedule.__table__.columns if c.key != "payload"]
    rows = await session.execute(query.with_only_columns(*columns))
    return [Schedule(**dict(row._mapping), payload={}) for row in rows]


async def due_schedules(session: AsyncSession, now: datetime, limit: int) -> list[Schedule]:
    """Active schedules whose delivery time has come, oldest first, locked when the database
    can (a second engine skips them rather than waiting)."""
    query = (
        select(Schedule)
        .where(Schedule.status == ACTIVE, Schedule.due_at <= now)
        .order_by(Schedule.due_at, Schedule.id)
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list((await session.execute(query)).scalars())


async def due_schedule_ids(session: AsyncSession, now: datetime, limit: int) -> list[int]:
    """The ids `due_schedules` would return (locked the same way), for reading the rows one by
    one when one of them cannot be read at all."""
    query = (
        select(Schedule.id)
        .where(Schedule.status == ACTIVE, Schedule.due_at <= now)
        .order_by(Schedule.due_at, Schedule.id)
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list((await session.execute(query)).scalars())


async def set_aside(session: AsyncSession, schedule_id: int, fault: str, now: datetime) -> None:
    """Take a schedule out of the engine's way, by id: the row may be unreadable, and an
    object a rolled-back savepoint expired must not be touched."""
    await session.execute(
        update(Schedule)
        .where(Schedule.id == schedule_id)
        .values(status=SET_ASIDE, fault=fault[:200], due_at=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def earliest_due(session: AsyncSession) -> datetime | None:
    """The next moment the engine has work: a schedule's next delivery or a held share."""
    query = select(func.min(Schedule.due_at)).where(Schedule.status == ACTIVE)
    schedules = (await session.execute(query)).scalar_one_or_none()
    query = select(func.min(Delivery.due_at)).where(Delivery.status == HELD)
    held = (await session.execute(query)).scalar_one_or_none()
    return min((d for d in (schedules, held) if d is not None), default=None)


async def due_held(session: AsyncSession, now: datetime, limit: int) -> list[Delivery]:
    """Held shares whose quiet hours have ended, locked like due schedules."""
    query = (
        select(Delivery)
        .where(Delivery.status == HELD, Delivery.due_at <= now)
        .order_by(Delivery.due_at, Delivery.id)
        .limit(limit)
    )
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list((await session.execute(query)).scalars())


async def deliveries_in(session: AsyncSession, statuses: tuple[str, ...]) -> list[Delivery]:
    query = select(Delivery).where(Delivery.status.in_(statuses)).order_by(Delivery.due_at)
    return list((await session.execute(query)).scalars())


async def deliveries_of(session: AsyncSession, schedule_id: int) -> list[Delivery]:
    query = (
        select(Delivery).where(Delivery.schedule_id == schedule_id).order_by(Delivery.occurrence)
    )
    return list((await session.execute(query)).scalars())


CHANNEL = "praxis_schedules"


async def notify_change(session: AsyncSession) -> None:
    """Tell the active engine on any instance that schedules changed (PostgreSQL NOTIFY is
    delivered when this transaction commits, and not at all if it rolls back)."""
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        from sqlalchemy import text

        await session.execute(text(f"NOTIFY {CHANNEL}"))
