"""A library grown one share at a time is searched with the plan of one built in bulk.

Such a library has no planner statistics (nobody ran ANALYZE), and SQLite before 3.46
runs no `PRAGMA optimize` analysis on a fresh connection. Without statistics the planner
drove the search window's join from `resources` (every resource of the community,
probing the FTS scan through an automatic index); the window's join is now fixed with
the scan as the outer loop, and the bot gathers statistics itself as it serves.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import sqlite

from storage.db import Database
from storage.search import Filters, _sqlite_statements, fts5_query


@pytest.fixture
async def db(database_url: str, on_postgres: bool):
    if on_postgres:
        pytest.skip("SQLite's planner and PRAGMA optimize")
    database = Database(database_url)
    yield database
    await database.close()


async def _add_resources(db: Database, n: int) -> None:
    async with db.session() as session:
        await session.execute(
            text(
                "INSERT INTO communities (id, platform, external_id, name, timezone, settings,"
                " created_at) VALUES (1, 'console', 'c', 'c', 'UTC', '{}', '2026-01-01')"
            )
        )
        for i in range(1, n + 1):
            await session.execute(
                text(
                    "INSERT INTO resources (id, community_id, title, type, url, url_key,"
                    " created_at, updated_at) VALUES (:id, 1, :t, 'task', :u, :u,"
                    " '2026-01-01', '2026-01-01')"
                ),
                {"id": i, "t": f"ratio task {i}", "u": f"https://example.org/{i}"},
            )
            await session.execute(
                text(
                    "INSERT INTO resource_search (rowid, title, body, tags)"
                    " VALUES (:id, :t, '', '')"
                ),
                {"id": i, "t": f"ratio task {i}"},
            )


async def _statistics(db: Database) -> list[str]:
    async with db.session() as session:
        has = await session.scalar(
            text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        )
        if not has:
            return []
        return list((await session.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1"))).all())


async def test_the_window_is_driven_by_the_scan_without_statistics(db: Database) -> None:
    await _add_resources(db, 50)
    assert await _statistics(db) == []
    query, _ = _sqlite_statements("relevance", Filters((), {"f_community": 1}))
    compiled = query.compile(dialect=sqlite.dialect())
    params = compiled.construct_params({"f_community": 1, "q": fts5_query([("ratio",)])})
    values = [params[name] for name in compiled.positiontup or ()]
    async with db.engine.connect() as connection:
        plan = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", tuple(values))
        steps = [str(row._mapping["detail"]) for row in plan.all()]
    window = steps[steps.index("MATERIALIZE window") :]
    joined = [
        step
        for step in window
        if step.startswith(("SCAN", "SEARCH")) and ("scanned" in step or "resources " in step)
    ]
    assert joined[0] == "SCAN scanned", steps  # the newest matches are the outer loop
    assert not any("AUTOMATIC" in step for step in steps), steps
    async with db.session() as session:  # and it answers as before
        rows = (await session.execute(query, params)).all()
    assert len(rows) == 50 and rows[0][2] == 50, "the whole window: all fifty matches"


async def test_the_bot_gathers_statistics_as_it_serves(db: Database) -> None:
    await _add_resources(db, 50)
    db.optimize_every = 6  # the one that added them, and five searches
    for _unused in range(5):
        async with db.session() as session:
            await session.execute(text("SELECT id FROM resources WHERE community_id = 1"))
    assert db._optimizing is not None, "started after the sixth session, in the background"
    await db._optimizing
    assert "resources" in await _statistics(db)


async def test_on_postgresql_with_autovacuum_off_the_bot_analyzes_a_grown_table(
    database_url: str, on_postgres: bool
) -> None:
    if not on_postgres:
        pytest.skip("PostgreSQL's statistics")
    database = Database(database_url)
    database.optimize_every = 3  # this one, the one that adds resources, and a search
    try:
        async with database.session() as session:
            autovacuum = await session.scalar(text("SHOW autovacuum"))
        if autovacuum != "off":
            pytest.skip("autovacuum analyzes on its own; the bot leaves it alone")
        await _add_postgres_resources(database, 200)
        async with database.session() as session:
            await session.execute(text("SELECT id FROM resources WHERE community_id = 1"))
        assert database._optimizing is not None, "started in the background"
        await database._optimizing
        async with database.session() as session:
            rows = await session.scalar(  # ANALYZE sets it; -1 until then
                text("SELECT reltuples FROM pg_class WHERE relname = 'resources'")
            )
        assert rows == 200
    finally:
        await database.close()


async def _add_postgres_resources(db: Database, n: int) -> None:
    async with db.session() as session:
        await session.execute(
            text(
                "INSERT INTO communities (id, platform, external_id, name, timezone, settings,"
                " created_at) VALUES (1, 'console', 'c', 'c', 'UTC', '{}', '2026-01-01')"
            )
        )
        await session.execute(
            text(
                "INSERT INTO resources (id, community_id, title, type, url, url_key, description,"
                " body, standards, focus, tags, views, rating_count, rating_sum, rating_avg,"
                " created_at, updated_at) SELECT i, 1, 'ratio task ' || i, 'task',"
                " 'https://example.org/' || i, 'https://example.org/' || i, '', '', '', '', '',"
                " 0, 0, 0, 0, '2026-01-01', '2026-01-01' FROM generate_series(1, :n) AS i"
            ),
            {"n": n},
        )
        # The counts of changed rows reach pg_stat_user_tables when this backend goes idle.
        await session.execute(text("SELECT pg_stat_force_next_flush()"))
