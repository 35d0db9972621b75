"""The language each reflection prompt is written in, and the key pairing translations.

`reflect_prompts.language` is canonical ("en", "es"); every prompt written so far is
English. `pair` is shared by prompts asking the same question in different languages
(the starter banks' counterparts), so a schedule naming one prompt can send each person
the one in their language.

Revision ID: 0022_prompt_language
Revises: 0021_language
"""

import sqlalchemy as sa
from alembic import op

revision = "0022_prompt_language"
down_revision = "0021_language"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reflect_prompts") as batch:
        batch.add_column(sa.Column("language", sa.String(8), nullable=False, server_default="en"))
        batch.add_column(sa.Column("pair", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reflect_prompts") as batch:
        batch.drop_column("pair")
        batch.drop_column("language")
