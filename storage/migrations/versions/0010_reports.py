"""Member activity by day, for participation reports.

Revision ID: 0010_reports
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_reports"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_activity",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer,
            sa.ForeignKey("communities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "member_id",
            sa.Integer,
            sa.ForeignKey("members.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("day", sa.Date, nullable=False),
        sa.UniqueConstraint("member_id", "day", name="uq_member_activity_day"),
    )
    op.create_index("ix_member_activity_community_id", "member_activity", ["community_id"])


def downgrade() -> None:
    op.drop_index("ix_member_activity_community_id", table_name="member_activity")
    op.drop_table("member_activity")
