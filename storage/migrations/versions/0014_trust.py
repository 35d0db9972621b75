"""Trust: the moderation audit log, held shares of reflections, held cycle artifacts.

Revision ID: 0014_trust
Revises: 0013_house
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_trust"
down_revision = "0013_house"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer(),
            sa.ForeignKey("communities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "actor_id",
            sa.Integer(),
            sa.ForeignKey("members.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("target_kind", sa.String(16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column(
            "subject_id",
            sa.Integer(),
            sa.ForeignKey("members.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=True),
    )
    op.create_index("ix_audit_log_community_at", "audit_log", ["community_id", "at"])
    with op.batch_alter_table("reflections") as batch:
        batch.add_column(sa.Column("held_share", sa.String(16), nullable=True))
        batch.add_column(sa.Column("held_findings", sa.JSON(), nullable=True))
    with op.batch_alter_table("cycle_artifacts") as batch:
        batch.add_column(sa.Column("held_findings", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cycle_artifacts") as batch:
        batch.drop_column("held_findings")
    with op.batch_alter_table("reflections") as batch:
        batch.drop_column("held_findings")
        batch.drop_column("held_share")
    op.drop_index("ix_audit_log_community_at", "audit_log")
    op.drop_table("audit_log")
