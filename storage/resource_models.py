"""The library's tables: resources, their labels, ratings and saves.

Tags, standard codes and equity focus are kept twice on purpose: as one
comma-joined string on the resource for display, and as rows of
`resource_labels` with an index, so a filter such as `standard:7.RP` is an
index lookup, not a scan of a million strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UTCDateTime

RESOURCE_TYPES = (
    "task",
    "rubric",
    "lesson",
    "assessment",
    "article",
    "video",
    "case-study",
    "other",
)
GRADE_BANDS = ("K-2", "3-5", "6-8", "9-12", "all")
DEFAULT_FOCUS = (
    "deep-math",
    "multiple-competencies",
    "identity",
    "marginality",
    "funds-of-knowledge",
)


def focus_vocabulary(settings: dict[str, Any] | None) -> tuple[str, ...]:
    """The five default practices, then what a community added (its settings' "focus")."""
    extra = (settings or {}).get("focus", [])
    return DEFAULT_FOCUS + tuple(f for f in extra if f not in DEFAULT_FOCUS)


MAX_TITLE = 200
MAX_DESCRIPTION = 2000
MAX_BODY = 20000
MAX_URL = 2000
MAX_LABELS = 10


class Resource(Base):
    __tablename__ = "resources"
    __table_args__ = (
        UniqueConstraint("community_id", "url_key", name="uq_resources_community_url"),
        Index("ix_resources_community_id", "community_id", "id"),
        Index("ix_resources_community_type", "community_id", "type", "id"),
        Index("ix_resources_community_shared_by", "community_id", "shared_by", "id"),
        Index("ix_resources_community_rating", "community_id", "rating_avg", "rating_count", "id"),
        Index("ix_resources_origin", "community_id", "origin", "origin_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(MAX_TITLE))
    type: Mapped[str] = mapped_column(String(16))
    grade: Mapped[str | None] = mapped_column(String(8), nullable=True)
    description: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str | None] = mapped_column(String(MAX_URL), nullable=True)
    url_key: Mapped[str | None] = mapped_column(String(MAX_URL), nullable=True)
    standards: Mapped[str] = mapped_column(String(400), default="")
    focus: Mapped[str] = mapped_column(String(400), default="")
    tags: Mapped[str] = mapped_column(String(500), default="")
    shared_by: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )
    origin: Mapped[str | None] = mapped_column(String(32), nullable=True)
    origin_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    views: Mapped[int] = mapped_column(Integer, default=0)
    rating_count: Mapped[int] = mapped_column(Integer, default=0)
    rating_sum: Mapped[int] = mapped_column(Integer, default=0)
    rating_avg: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    def label_list(self, kind: str) -> tuple[str, ...]:
        text = {"tag": self.tags, "standard": self.standards, "focus": self.focus}[kind]
        return tuple(part for part in text.split(",") if part)


@dataclass
class NewResource:
    """A checked resource on its way in by bulk import: a plain row, not a mapped object.

    Bulk import inserts thousands at a time; a mapped object costs an attribute event per
    column, a plain row costs nothing. `id` is set once the row is inserted.
    """

    community_id: int
    title: str
    type: str
    grade: str | None
    description: str
    url: str
    url_key: str
    standards: str
    focus: str
    tags: str
    shared_by: int | None
    created_at: datetime
    body: str = ""
    id: int = 0

    def label_list(self, kind: str) -> tuple[str, ...]:
        text = {"tag": self.tags, "standard": self.standards, "focus": self.focus}[kind]
        return tuple(part for part in text.split(",") if part)

    def row(self) -> dict[str, object]:
        return {
            "community_id": self.community_id,
            "title": self.title,
            "type": self.type,
            "grade": self.grade,
            "description": self.description,
            "body": self.body,
            "url": self.url,
            "url_key": self.url_key,
            "standards": self.standards,
            "focus": self.focus,
            "tags": self.tags,
            "shared_by": self.shared_by,
            "views": 0,
            "rating_count": 0,
            "rating_sum": 0,
            "rating_avg": 0.0,
            "created_at": self.created_at,
            "updated_at": self.created_at,
        }


class ResourceLabel(Base):
    """One tag, standard code or focus of a resource, for indexed filters."""

    __tablename__ = "resource_labels"
    __table_args__ = (Index("ix_resource_labels_lookup", "community_id", "kind", "value"),)

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(String(64), primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))


class ResourceRating(Base):
    """One member's stars for one resource; rating again changes it."""

    __tablename__ = "resource_ratings"
    __table_args__ = (Index("ix_resource_ratings_member", "community_id", "member_id"),)

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    stars: Mapped[int] = mapped_column(Integer)
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ResourceSave(Base):
    """A member's bookmark."""

    __tablename__ = "resource_saves"
    __table_args__ = (Index("ix_resource_saves_member", "community_id", "member_id", "saved_at"),)

    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime())
