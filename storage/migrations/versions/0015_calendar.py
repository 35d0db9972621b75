"""School time: calendar entries per community and district; schedules numbered per kind;
a cycle phase's outcome (not held) and the school days a pause moved it by.

Existing schedules keep their row id as their number, so every id people were shown before
still names the same schedule.

Revision ID: 0015_calendar
Revises: 0017_installs (re-chained after main merged it; first written on 0013_house)
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_calendar"
down_revision = "0017_installs"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "community_id",
            sa.Integer(),
            sa.ForeignKey(
                "communities.id",
                ondelete="CASCADE",
                name="fk_calendar_entries_community_id_communities",
            ),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("district", sa.String(120), nullable=True),
        sa.Column("district_key", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("source", sa.String(300), nullable=True),
        sa.Column(
            "created_by",
            sa.Integer(),
            sa.ForeignKey(
                "members.id", ondelete="SET NULL", name="fk_calendar_entries_created_by_members"
            ),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("community_id", "number", name="uq_calendar_entries_number"),
    )
    op.create_index(
        "ix_calendar_entries_district", "calendar_entries", ["community_id", "district_key"]
    )

    with op.batch_alter_table("schedules") as batch:
        batch.add_column(sa.Column("number", sa.Integer(), nullable=True))
    op.execute("UPDATE schedules SET number = id")
    with op.batch_alter_table("schedules") as batch:
        batch.alter_column("number", existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint("uq_schedules_number", ["community_id", "kind", "number"])

    with op.batch_alter_table("cycle_phases") as batch:
        batch.add_column(sa.Column("outcome", sa.String(16), nullable=True))
        batch.add_column(sa.Column("shifted", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("cycle_phases") as batch:
        batch.drop_column("shifted")
        batch.drop_column("outcome")
    with op.batch_alter_table("schedules") as batch:
        batch.drop_constraint("uq_schedules_number", type_="unique")
        batch.drop_column("number")
    op.drop_index("ix_calendar_entries_district", "calendar_entries")
    op.drop_table("calendar_entries")
