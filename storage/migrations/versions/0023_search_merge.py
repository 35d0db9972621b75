"""The SQLite search index merges any two segments of a level (FTS5 `usermerge=2`).

Each transaction that writes `resource_search` adds a segment to the FTS5 index, and a
search reads every segment for each word. `storage.search.SqliteSearch` does a bounded
step of merging every few index writes (FTS5's positive 'merge'); with the default
`usermerge` (4) such a step merges only levels holding four segments, so a library grown
by single shares kept up to 25 segments (15 on average). With 2, about 7 (10 at most).
FTS5 stores the option in the table's own config, so it holds for every connection.
PostgreSQL's GIN index has no segments: nothing to do there.

Revision ID: 0023_search_merge
Revises: 0022_prompt_language
"""

from alembic import op

revision = "0023_search_merge"
down_revision = "0022_prompt_language"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("INSERT INTO resource_search (resource_search, rank) VALUES ('usermerge', 2)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # FTS5's default
        op.execute("INSERT INTO resource_search (resource_search, rank) VALUES ('usermerge', 4)")
