"""The language each member reads: their own choice, and what their platform says.

`members.language` is set only by `/praxis profile set language:`; `platform_language`
is refreshed from Discord's interaction locale or Slack's user locale. A community's
default lives in its settings (`language`), like its zone.

Revision ID: 0021_language
Revises: 0016_hardening
"""

import sqlalchemy as sa
from alembic import op

revision = "0021_language"
down_revision = "0016_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=True))
        batch.add_column(sa.Column("platform_language", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("platform_language")
        batch.drop_column("language")
