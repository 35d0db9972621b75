"""The resource library: resources, labels, ratings, saves and the search index.

SQLite gets an FTS5 table keyed by the resource id; PostgreSQL a weighted
tsvector column with a GIN index. Both are filled by storage/search.py from
text folded in Python, so accents and case are handled alike.

Revision ID: 0002_resources
Revises: 0001_foundation
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002_resources"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "resources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer,
            sa.ForeignKey("communities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("grade", sa.String(8), nullable=True),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
        sa.Column("body", sa.Text, nullable=False, server_default=""),
        sa.Column("url", sa.String(2000), nullable=True),
        sa.Column("url_key", sa.String(2000), nullable=True),
        sa.Column("standards", sa.String(400), nullable=False, server_default=""),
        sa.Column("focus", sa.String(400), nullable=False, server_default=""),
        sa.Column("tags", sa.String(500), nullable=False, server_default=""),
        sa.Column(
            "shared_by",
            sa.Integer,
            sa.ForeignKey("members.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("origin", sa.String(32), nullable=True),
        sa.Column("origin_id", sa.Integer, nullable=True),
        sa.Column("views", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rating_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rating_sum", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rating_avg", sa.Float, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("community_id", "url_key", name="uq_resources_community_url"),
    )
    op.create_index("ix_resources_community_id", "resources", ["community_id", "id"])
    op.create_index("ix_resources_community_type", "resources", ["community_id", "type", "id"])
    op.create_index(
        "ix_resources_community_shared_by", "resources", ["community_id", "shared_by", "id"]
    )
    op.create_index(
        "ix_resources_community_rating",
        "resources",
        ["community_id", "rating_avg", "rating_count", "id"],
    )
    op.create_index("ix_resources_origin", "resources", ["community_id", "origin", "origin_id"])
    op.create_table(
        "resource_labels",
        sa.Column(
            "resource_id",
            sa.Integer,
            sa.ForeignKey("resources.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("value", sa.String(64), primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer,
            sa.ForeignKey("communities.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index(
        "ix_resource_labels_lookup", "resource_labels", ["community_id", "kind", "value"]
    )
    for name, when in (("resource_ratings", "rated_at"), ("resource_saves", "saved_at")):
        columns: list[sa.Column[Any]] = [
            sa.Column(
                "resource_id",
                sa.Integer,
                sa.ForeignKey("resources.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column(
                "member_id",
                sa.Integer,
                sa.ForeignKey("members.id", ondelete="CASCADE"),
                primary_key=True,
            ),
            sa.Column(
                "community_id",
                sa.Integer,
                sa.ForeignKey("communities.id", ondelete="CASCADE"),
                nullable=False,
            ),
        ]
        if name == "resource_ratings":
            columns.append(sa.Column("stars", sa.Integer, nullable=False))
        columns.append(sa.Column(when, sa.DateTime(timezone=True), nullable=False))
        op.create_table(name, *columns)
    op.create_index("ix_resource_ratings_member", "resource_ratings", ["community_id", "member_id"])
    op.create_index(
        "ix_resource_saves_member", "resource_saves", ["community_id", "member_id", "saved_at"]
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE resource_search USING fts5("
            "title, body, tags, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
    else:
        op.execute("ALTER TABLE resources ADD COLUMN search_vector tsvector")
        op.execute("CREATE INDEX ix_resources_search_vector ON resources USING gin (search_vector)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS resource_search")
    op.drop_table("resource_saves")
    op.drop_table("resource_ratings")
    op.drop_table("resource_labels")
    op.drop_table("resources")
