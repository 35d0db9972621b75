"""The moderation audit log: who approved, returned, unpublished, hid or removed what, and when.

One row per action, written in the same transaction as the action itself, so
the log never shows something that did not happen (nor misses what did). It
names the people by member id and the thing by kind and id; the note is the
moderator's own words to the author, never the text that was taken down.
Admins read it with `/praxis audit` and export it with `/praxis export audit`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime


class AuditAction(StrEnum):
    APPROVED = "approved"
    RETURNED = "returned"
    UNPUBLISHED = "unpublished"
    WITHDRAWN = "withdrawn"
    HIDDEN = "hidden"
    RESTORED = "restored"
    REMOVED = "removed"


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_community_at", "community_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    action: Mapped[str] = mapped_column(String(16))
    target_kind: Mapped[str] = mapped_column(String(16))  # "case", "resource"
    target_id: Mapped[int] = mapped_column(Integer)
    # Whose work it was: the case's author, the resource's sharer.
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


def record(
    session: AsyncSession,
    community_id: int,
    *,
    actor_id: int | None,
    action: AuditAction,
    target_kind: str,
    target_id: int,
    subject_id: int | None,
    note: str | None,
    now: datetime,
) -> AuditEntry:
    """Add one entry to the log, in the caller's transaction."""
    entry = AuditEntry(
        community_id=community_id,
        at=now,
        actor_id=actor_id,
        action=action.value,
        target_kind=target_kind,
        target_id=target_id,
        subject_id=subject_id,
        note=note,
    )
    session.add(entry)
    return entry


async def entries(
    session: AsyncSession, community_id: int, *, since: datetime | None = None, limit: int = 1000
) -> list[AuditEntry]:
    """One community's entries, newest first."""
    query = select(AuditEntry).where(AuditEntry.community_id == community_id)
    if since is not None:
        query = query.where(AuditEntry.at > since)
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    return list((await session.execute(query)).scalars())
