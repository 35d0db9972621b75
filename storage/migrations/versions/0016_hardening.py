"""A schedule the engine could not handle is set aside, with a note of why.

`schedules.fault` says what went wrong ("ref 1A2B: its next time could not be worked out"),
never what anyone wrote; the status `set_aside` keeps it out of the engine's way until a
facilitator resumes it.

Revision ID: 0016_hardening
Revises: 0015_calendar (re-chained when merged after the calendars)
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_hardening"
down_revision = "0015_calendar"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("schedules") as batch:
        batch.add_column(sa.Column("fault", sa.String(200), nullable=True))


def downgrade() -> None:
    op.execute("UPDATE schedules SET status = 'paused' WHERE status = 'set_aside'")
    with op.batch_alter_table("schedules") as batch:
        batch.drop_column("fault")
