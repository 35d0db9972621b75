"""Cases of practice.

Revision ID: 0006_cases
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_cases"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer,
            sa.ForeignKey("communities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "author_id",
            sa.Integer,
            sa.ForeignKey("members.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(16), nullable=False, server_default="draft"),
        sa.Column("anonymous", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("title", sa.String(200), nullable=False, server_default=""),
        sa.Column("grade", sa.String(8), nullable=False, server_default=""),
        sa.Column("context", sa.Text, nullable=False),
        sa.Column("problem", sa.Text, nullable=False),
        sa.Column("focus", sa.JSON, nullable=False),
        sa.Column("tried", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("held_findings", sa.JSON, nullable=False),
        sa.Column("confirmed_findings", sa.JSON, nullable=False),
        sa.Column("review_note", sa.Text, nullable=True),
        sa.Column(
            "reviewer_id",
            sa.Integer,
            sa.ForeignKey("members.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_cases_community_id", "cases", ["community_id", "status"])
    op.create_index("ix_cases_author_id", "cases", ["author_id"])


def downgrade() -> None:
    op.drop_table("cases")
