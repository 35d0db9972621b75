"""Reflection prompts: the prompt bank and the reflections people write.

Revision ID: 0005_reflections
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_reflections"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflect_prompts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer,
            sa.ForeignKey(
                "communities.id",
                ondelete="CASCADE",
                name="fk_reflect_prompts_community_id_communities",
            ),
            nullable=False,
        ),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("phase", sa.String(16), nullable=True),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("starter", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column(
            "created_by",
            sa.Integer,
            sa.ForeignKey(
                "members.id", ondelete="SET NULL", name="fk_reflect_prompts_created_by_members"
            ),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("community_id", "number", name="uq_reflect_prompts_number"),
    )
    op.create_index("ix_reflect_prompts_community_id", "reflect_prompts", ["community_id"])
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer,
            sa.ForeignKey(
                "communities.id", ondelete="CASCADE", name="fk_reflections_community_id_communities"
            ),
            nullable=False,
        ),
        sa.Column(
            "member_id",
            sa.Integer,
            sa.ForeignKey(
                "members.id", ondelete="CASCADE", name="fk_reflections_member_id_members"
            ),
            nullable=False,
        ),
        sa.Column(
            "prompt_id",
            sa.Integer,
            sa.ForeignKey(
                "reflect_prompts.id",
                ondelete="SET NULL",
                name="fk_reflections_prompt_id_reflect_prompts",
            ),
            nullable=True,
        ),
        sa.Column("status", sa.String(16), nullable=False, server_default="open"),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("schedule_id", sa.Integer, nullable=True),
        sa.Column("occurrence", sa.DateTime(timezone=True), nullable=True),
        sa.Column("team", sa.String(120), nullable=True),
        sa.Column("snoozed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.Text, nullable=True),
        sa.Column("share", sa.String(16), nullable=False, server_default="private"),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("skipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint(
            "member_id", "schedule_id", "occurrence", name="uq_reflections_delivery"
        ),
    )
    op.create_index("ix_reflections_community_id", "reflections", ["community_id"])
    op.create_index("ix_reflections_member", "reflections", ["community_id", "member_id", "status"])


def downgrade() -> None:
    op.drop_table("reflections")
    op.drop_table("reflect_prompts")
