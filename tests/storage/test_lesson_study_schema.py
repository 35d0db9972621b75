"""The lesson-study tables as migrated agree with the models the code uses."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import storage.lesson_study  # noqa: F401  (registers the tables)
from storage.base import Base
from storage.db import Database

TABLES = {"cycle_focus_students", "cycle_notes", "cycle_studies", "cycle_discussion_records"}
COLUMNS = {("cycles", "grade"), ("cycles", "standards"), ("cycles", "focus")}
COLUMNS |= {("cycle_artifacts", "resource_id")}


def _touches_ours(diff: object) -> bool:
    """Whether one autogenerate difference concerns this migration's tables or columns."""
    text = repr(diff)
    if any(f"'{table}'" in text or f"name='{table}'" in text for table in TABLES):
        return True
    return any(f"'{table}'" in text and f"'{column}'" in text for table, column in COLUMNS)


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    database = Database(database_url)
    try:
        async with database.engine.connect() as connection:
            diffs = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
    finally:
        await database.close()
    ours = [d for d in diffs if _touches_ours(d)]
    assert ours == [], ours
