"""A library version per community, bumped by the database on every change to it.

Ranked search windows are kept per `communities.search_version`
(`storage.search_cache`). The version is bumped by triggers, not by the code that
writes, so no write path can forget it, whichever process or tool makes it: a resource
added, edited, rated, moved or removed bumps its community's version in the same
transaction. A view (`views`) changes no search and bumps nothing.

SQLite triggers are per row. On PostgreSQL, inserts and deletes bump once per statement
(transition tables: a bulk import of thousands is one bump, not thousands of row
versions of the community), updates once per row, as PostgreSQL allows column lists
only on row triggers.

Revision ID: 0024_search_version
Revises: 0023_search_merge
"""

import sqlalchemy as sa
from alembic import op

revision = "0024_search_version"
down_revision = "0023_search_merge"
branch_labels = None
depends_on = None

# Every column a search reads, filters or orders by: all but `views`.
SEARCHED = (
    "community_id, title, type, grade, description, body, url, url_key, standards, focus, "
    "tags, shared_by, origin, origin_id, rating_count, rating_sum, rating_avg, created_at, "
    "updated_at"
)
BUMP = "UPDATE communities SET search_version = search_version + 1 WHERE id = {row}.community_id"

SQLITE_TRIGGERS = {
    "resources_version_insert": f"AFTER INSERT ON resources BEGIN {BUMP.format(row='NEW')}; END",
    "resources_version_delete": f"AFTER DELETE ON resources BEGIN {BUMP.format(row='OLD')}; END",
    "resources_version_update": (
        f"AFTER UPDATE OF {SEARCHED} ON resources BEGIN "
        "UPDATE communities SET search_version = search_version + 1 "
        "WHERE id IN (OLD.community_id, NEW.community_id); END"
    ),
}

PG_FUNCTIONS = {
    "praxis_search_version_rows": """
        CREATE FUNCTION praxis_search_version_rows() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE communities SET search_version = search_version + 1
            WHERE id IN (OLD.community_id, NEW.community_id);
            RETURN NULL;
        END $$
    """,
    "praxis_search_version_inserted": """
        CREATE FUNCTION praxis_search_version_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE communities SET search_version = search_version + 1
            WHERE id IN (SELECT DISTINCT community_id FROM changed);
            RETURN NULL;
        END $$
    """,
}
PG_TRIGGERS = {
    "resources_version_insert": (
        "AFTER INSERT ON resources REFERENCING NEW TABLE AS changed "
        "FOR EACH STATEMENT EXECUTE FUNCTION praxis_search_version_inserted()"
    ),
    "resources_version_delete": (
        "AFTER DELETE ON resources REFERENCING OLD TABLE AS changed "
        "FOR EACH STATEMENT EXECUTE FUNCTION praxis_search_version_inserted()"
    ),
    "resources_version_update": (
        f"AFTER UPDATE OF {SEARCHED} ON resources "
        "FOR EACH ROW EXECUTE FUNCTION praxis_search_version_rows()"
    ),
}


def upgrade() -> None:
    with op.batch_alter_table("communities") as batch:
        batch.add_column(
            sa.Column("search_version", sa.Integer(), nullable=False, server_default="0")
        )
    if op.get_bind().dialect.name == "sqlite":
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        return
    for body in PG_FUNCTIONS.values():
        op.execute(body)
    for name, body in PG_TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    for name in SQLITE_TRIGGERS:
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON resources")
    if op.get_bind().dialect.name != "sqlite":
        for name in PG_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    with op.batch_alter_table("communities") as batch:
        batch.drop_column("search_version")
