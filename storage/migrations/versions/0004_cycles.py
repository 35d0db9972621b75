"""Lesson-study cycles: cycles, their phases, teams and artifacts.

Revision ID: 0004_cycles
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_cycles"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def _community() -> sa.Column[int]:
    return sa.Column(
        "community_id",
        sa.Integer,
        sa.ForeignKey("communities.id", ondelete="CASCADE"),
        nullable=False,
    )


def _cycle() -> sa.Column[int]:
    return sa.Column(
        "cycle_id", sa.Integer, sa.ForeignKey("cycles.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "cycles",
        sa.Column("id", sa.Integer, primary_key=True),
        _community(),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String(120), nullable=False),
        sa.Column("theme", sa.Text, nullable=False),
        sa.Column("channel_id", sa.String(64), nullable=True),
        sa.Column("channel_name", sa.String(120), nullable=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="active"),
        sa.Column("paused_on", sa.Date, nullable=True),
        sa.Column("paused_until", sa.Date, nullable=True),
        sa.Column("report", sa.Text, nullable=True),
        sa.Column("resource_id", sa.Integer, nullable=True),
        sa.Column(
            "created_by",
            sa.Integer,
            sa.ForeignKey("members.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("community_id", "name_key", name="uq_cycles_community_id"),
    )
    op.create_index("ix_cycles_community_id", "cycles", ["community_id"])
    op.create_table(
        "cycle_phases",
        sa.Column("id", sa.Integer, primary_key=True),
        _community(),
        _cycle(),
        sa.Column("phase", sa.String(16), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("at", sa.String(5), nullable=True),
        sa.UniqueConstraint("cycle_id", "phase", name="uq_cycle_phases_cycle_id"),
    )
    op.create_index("ix_cycle_phases_community_id", "cycle_phases", ["community_id"])
    op.create_index("ix_cycle_phases_cycle_id", "cycle_phases", ["cycle_id"])
    op.create_table(
        "cycle_members",
        sa.Column("id", sa.Integer, primary_key=True),
        _community(),
        _cycle(),
        sa.Column(
            "member_id",
            sa.Integer,
            sa.ForeignKey("members.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("role", sa.String(24), nullable=False),
        sa.UniqueConstraint("cycle_id", "member_id", name="uq_cycle_members_cycle_id"),
    )
    op.create_index("ix_cycle_members_community_id", "cycle_members", ["community_id"])
    op.create_index("ix_cycle_members_cycle_id", "cycle_members", ["cycle_id"])
    op.create_index("ix_cycle_members_member_id", "cycle_members", ["member_id"])
    op.create_table(
        "cycle_artifacts",
        sa.Column("id", sa.Integer, primary_key=True),
        _community(),
        _cycle(),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("url", sa.String(2000), nullable=True),
        sa.Column("body", sa.Text, nullable=True),
        sa.Column(
            "added_by",
            sa.Integer,
            sa.ForeignKey("members.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_cycle_artifacts_community_id", "cycle_artifacts", ["community_id"])
    op.create_index("ix_cycle_artifacts_cycle_id", "cycle_artifacts", ["cycle_id"])


def downgrade() -> None:
    op.drop_table("cycle_artifacts")
    op.drop_table("cycle_members")
    op.drop_table("cycle_phases")
    op.drop_table("cycles")
