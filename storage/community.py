"""Communities and their members: the scope of every other record."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.kernel.language import Language, choose_language
from storage.base import Base, UTCDateTime


class Community(Base):
    """One Slack workspace, one Discord guild, or the console."""

    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    quiet_hours: Mapped[str | None] = mapped_column(String(11), nullable=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Bumped by the database on every change to the community's resources (triggers of
    # migration 0024): the key under which ranked search windows are kept.
    search_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Member(Base):
    """A person in one community; the same human elsewhere is another member."""

    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("community_id", "user_id"),
        # @name lookups are always within one community (migration 0001).
        Index("ix_members_name_key", "community_id", "name_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))  # lower-cased, for @name
    role: Mapped[str] = mapped_column(String(16), default="member")
    district: Mapped[str | None] = mapped_column(String(120), nullable=True)
    school: Mapped[str | None] = mapped_column(String(120), nullable=True)
    position: Mapped[str | None] = mapped_column(String(120), nullable=True)
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    platform_timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)  # their own choice
    platform_language: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())


def settings_language(settings: dict[str, Any] | None) -> str | None:
    """The default language an admin set in a community's settings, as stored."""
    chosen = (settings or {}).get("language")
    return chosen if isinstance(chosen, str) else None


def community_default_language(community: Community) -> Language | None:
    """The community's default (`/praxis settings language:`), None when none is set."""
    return Language.parse(settings_language(community.settings))


def member_language(member: Member, community: Community) -> Language:
    """The language `member` reads: their choice, their platform's, the community's."""
    return choose_language(
        member.language, member.platform_language, settings_language(community.settings)
    )


def community_language(community: Community) -> Language:
    """The language of the community's channels: its default (a channel has many readers)."""
    return choose_language(None, None, settings_language(community.settings))


class HandledRequest(Base):
    """A platform request already handled, so a retry of it is not run twice."""

    __tablename__ = "handled_requests"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
