"""Discord: payloads behind short component custom ids.

Revision ID: 0009_discord
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_discord"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "discord_components",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer,
            sa.ForeignKey("communities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_discord_components_community_id", "discord_components", ["community_id"])


def downgrade() -> None:
    op.drop_index("ix_discord_components_community_id", "discord_components")
    op.drop_table("discord_components")
