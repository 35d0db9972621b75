"""The migrations and the models describe one schema, on SQLite and on PostgreSQL.

A schema is defined once, in a migration; the models must say the same, or
`create_all`-style code, autogenerate and a reader of the models would believe in a
schema the database does not have. Alembic's own comparison (autogenerate) is the
judge, with only the search engines' full-text objects left out (`storage.schema`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from pprint import pformat
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

from storage import schema
from storage.db import Database, alembic_config


@pytest.fixture
async def empty_database_url(tmp_path: Path) -> AsyncIterator[str]:
    """A database with nothing in it yet, on the suite's engine (SQLite or PostgreSQL)."""
    pg_url = os.environ.get("PRAXIS_TEST_DATABASE_URL")
    if not pg_url:
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    import asyncpg

    name = f"praxis_empty_{uuid.uuid4().hex[:12]}"
    admin = make_url(pg_url).set(drivername="postgresql").render_as_string(hide_password=False)

    async def run(statement: str) -> None:
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    await run(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        await run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _drift(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts=schema.comparison_options())
    return list(compare_metadata(context, schema.metadata()))


async def _upgraded_drift(database_url: str, *, before: str | None = None) -> list[Any]:
    database = Database(database_url)
    try:
        await database.upgrade()
        async with database.engine.connect() as connection:
            if before is not None:
                await connection.execute(text(before))
                await connection.commit()
            return await connection.run_sync(_drift)
    finally:
        await database.close()


def test_the_migrations_have_exactly_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"several heads: {heads}; merge them in one migration"


async def test_the_models_say_what_the_migrations_built(empty_database_url: str) -> None:
    """Every migration from an empty database, then Alembic's autogenerate comparison."""
    drift = await _upgraded_drift(empty_database_url)
    assert drift == [], (
        "the models and the migrations disagree (fix the model, or add a migration):\n"
        + pformat(drift)
    )


async def test_the_comparison_sees_an_index_the_database_lacks(database_url: str) -> None:
    """The filter leaves out the full-text objects only: a missing index still shows."""
    drift = await _upgraded_drift(database_url, before="DROP INDEX ix_resources_origin")
    assert [(d[0], d[1].name) for d in drift] == [("add_index", "ix_resources_origin")]


def test_every_table_of_the_models_is_in_the_compared_metadata() -> None:
    """Each storage module is imported, so no model's tables are mistaken for extras."""
    tables = set(schema.metadata().tables)
    assert {"members", "resources", "schedules", "cases", "cycles", "reflections"} <= tables
    assert schema.FTS_TABLE not in tables
