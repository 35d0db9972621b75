"""Deliveries split per recipient: one person's share of an occurrence held by their own quiet
hours is its own row, unique per (schedule, occurrence, recipient).

Revision ID: 0012_once
Revises: the heads before it (0002, 0003, 0004, 0005, 0006, 0009)
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_once"
down_revision = (
    "0002_resources",
    "0003_schedules",
    "0004_cycles",
    "0005_reflections",
    "0006_cases",
    "0009_discord",
)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("schedule_deliveries") as batch:
        batch.add_column(sa.Column("recipient", sa.String(64), nullable=False, server_default=""))
        batch.drop_constraint("uq_schedule_deliveries_occurrence", type_="unique")
        batch.create_unique_constraint(
            "uq_schedule_deliveries_occurrence", ["schedule_id", "occurrence", "recipient"]
        )
    op.create_index("ix_schedule_deliveries_held", "schedule_deliveries", ["status", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_schedule_deliveries_held", "schedule_deliveries")
    op.execute("DELETE FROM schedule_deliveries WHERE recipient <> ''")
    with op.batch_alter_table("schedule_deliveries") as batch:
        batch.drop_constraint("uq_schedule_deliveries_occurrence", type_="unique")
        batch.create_unique_constraint(
            "uq_schedule_deliveries_occurrence", ["schedule_id", "occurrence"]
        )
        batch.drop_column("recipient")
