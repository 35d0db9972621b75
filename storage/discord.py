"""What the Discord adapter must remember across restarts: long button payloads.

Discord limits a component's custom id to 100 characters. A button whose command
fits is sent as `px:<command>` and needs nothing stored; a longer command, or a
form behind an "Open" button, is stored here under a short key derived from its
content, so the same payload always gets the same key (no duplicates, no growth
when a page of results is rendered again) and a click still works after the bot
restarts. Rows belong to one community, like every other record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime
from storage.community import Community

KEY_LENGTH = 24


class DiscordComponent(Base):
    """A payload behind a short custom id: a command text or a serialised form."""

    __tablename__ = "discord_components"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # "command" or "form"
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class StoredComponent:
    community_external_id: str
    kind: str
    payload: str


def component_key(community_id: int, kind: str, payload: str) -> str:
    digest = hashlib.sha256(f"{community_id}\n{kind}\n{payload}".encode()).hexdigest()
    return digest[:KEY_LENGTH]


async def remember_component(
    session: AsyncSession, community_id: int, kind: str, payload: str, *, now: datetime
) -> str:
    """Store `payload` (idempotently) and return its short key."""
    key = component_key(community_id, kind, payload)
    if await session.get(DiscordComponent, key) is not None:
        return key
    row = DiscordComponent(
        key=key, community_id=community_id, kind=kind, payload=payload, created_at=now
    )
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another instance stored the same payload a moment ago
        session.expunge(row)
    return key


async def recall_component(session: AsyncSession, key: str) -> StoredComponent | None:
    query = (
        select(Community.external_id, DiscordComponent.kind, DiscordComponent.payload)
        .join(Community, Community.id == DiscordComponent.community_id)
        .where(DiscordComponent.key == key)
    )
    row = (await session.execute(query)).first()
    if row is None:
        return None
    return StoredComponent(row[0], row[1], row[2])
