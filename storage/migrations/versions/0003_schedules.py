"""Schedules and their deliveries, unique per (schedule, occurrence).

Revision ID: 0003_schedules
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_schedules"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer,
            sa.ForeignKey("communities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("target", sa.String(200), nullable=False),
        sa.Column("recurrence", sa.String(300), nullable=False),
        sa.Column("zone", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("owner", sa.String(100), nullable=True),
        sa.Column(
            "created_by",
            sa.Integer,
            sa.ForeignKey("members.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("status", sa.String(16), nullable=False, server_default="active"),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_schedules_community_id", "schedules", ["community_id"])
    op.create_index("ix_schedules_due", "schedules", ["status", "due_at"])
    op.create_index("ix_schedules_owner", "schedules", ["community_id", "owner"])
    op.create_table(
        "schedule_deliveries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer,
            sa.ForeignKey("communities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "schedule_id",
            sa.Integer,
            sa.ForeignKey("schedules.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("occurrence", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("messages", sa.Integer, nullable=False, server_default="0"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("instance", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("schedule_id", "occurrence", name="uq_schedule_deliveries_occurrence"),
    )
    op.create_index("ix_schedule_deliveries_community_id", "schedule_deliveries", ["community_id"])
    op.create_index("ix_schedule_deliveries_status", "schedule_deliveries", ["status"])


def downgrade() -> None:
    op.drop_table("schedule_deliveries")
    op.drop_table("schedules")
