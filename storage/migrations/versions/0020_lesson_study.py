"""Lesson study: focus students, observers' notes, the debrief, and a cycle's library labels.

Revision ID: 0020_lesson_study
Revises: 0014_trust
"""

import sqlalchemy as sa
from alembic import op

revision = "0020_lesson_study"
down_revision = "0014_trust"
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


def _member(name: str) -> sa.Column[int]:
    return sa.Column(
        name, sa.Integer, sa.ForeignKey("members.id", ondelete="SET NULL"), nullable=True
    )


def upgrade() -> None:
    with op.batch_alter_table("cycles") as batch:
        batch.add_column(sa.Column("grade", sa.String(8), nullable=True))
        batch.add_column(sa.Column("standards", sa.String(400), nullable=False, server_default=""))
        batch.add_column(sa.Column("focus", sa.String(400), nullable=False, server_default=""))
    with op.batch_alter_table("cycle_artifacts") as batch:
        batch.add_column(sa.Column("resource_id", sa.Integer, nullable=True))

    op.create_table(
        "cycle_focus_students",
        sa.Column("id", sa.Integer, primary_key=True),
        _community(),
        _cycle(),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default="0"),
        sa.Column("watch_for", sa.Text, nullable=True),
        sa.Column("summary", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("cycle_id", "code", name="uq_cycle_focus_students_cycle_id"),
    )
    op.create_index(
        "ix_cycle_focus_students_community_id", "cycle_focus_students", ["community_id"]
    )
    op.create_index("ix_cycle_focus_students_cycle_id", "cycle_focus_students", ["cycle_id"])

    op.create_table(
        "cycle_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        _community(),
        _cycle(),
        _member("observer_id"),
        sa.Column("student", sa.String(12), nullable=True),
        sa.Column("segment", sa.String(40), nullable=True),
        sa.Column("minute", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(8), nullable=False, server_default="kept"),
        sa.Column("confirmed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_cycle_notes_community_id", "cycle_notes", ["community_id"])
    op.create_index("ix_cycle_notes_observer_id", "cycle_notes", ["observer_id"])
    op.create_index("ix_cycle_notes_cycle_minute", "cycle_notes", ["cycle_id", "minute"])

    op.create_table(
        "cycle_studies",
        sa.Column("id", sa.Integer, primary_key=True),
        _community(),
        _cycle(),
        sa.Column("segments", sa.JSON, nullable=True),
        sa.Column("clock_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("packet_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("protocol", sa.JSON, nullable=True),
        sa.Column("step", sa.Integer, nullable=True),
        sa.Column("step_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("discussion_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("discussion_ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("cycle_id", name="uq_cycle_studies_cycle_id"),
    )
    op.create_index("ix_cycle_studies_community_id", "cycle_studies", ["community_id"])

    op.create_table(
        "cycle_discussion_records",
        sa.Column("id", sa.Integer, primary_key=True),
        _community(),
        _cycle(),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("step_kind", sa.String(24), nullable=False),
        sa.Column("student", sa.String(12), nullable=True),
        _member("member_id"),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_cycle_discussion_records_community_id", "cycle_discussion_records", ["community_id"]
    )
    op.create_index(
        "ix_cycle_discussion_records_cycle_id", "cycle_discussion_records", ["cycle_id"]
    )


def downgrade() -> None:
    op.drop_table("cycle_discussion_records")
    op.drop_table("cycle_studies")
    op.drop_table("cycle_notes")
    op.drop_table("cycle_focus_students")
    with op.batch_alter_table("cycle_artifacts") as batch:
        batch.drop_column("resource_id")
    with op.batch_alter_table("cycles") as batch:
        batch.drop_column("focus")
        batch.drop_column("standards")
        batch.drop_column("grade")
