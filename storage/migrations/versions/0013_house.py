"""Merge the two heads (0010_reports and 0012_once) into one line of history.

Revision ID: 0013_house
Revises: 0010_reports, 0012_once
"""

revision = "0013_house"
down_revision = ("0010_reports", "0012_once")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the schema is the union of both heads."""


def downgrade() -> None:
    """Nothing to undo."""
