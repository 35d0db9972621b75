"""The one-crossing SQLite cursor behaves as the stock aiosqlite adapter does."""

from __future__ import annotations

import pytest
from sqlalchemy import CursorResult, text
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection
from sqlalchemy.exc import IntegrityError

from storage.db import Database


@pytest.fixture
async def db(database_url: str, on_postgres: bool):
    if on_postgres:
        pytest.skip("the SQLite driver only")
    database = Database(database_url)
    async with database.session() as session:
        await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
    yield database
    await database.close()


async def test_rows_rowcount_and_lastrowid(db: Database) -> None:
    async with db.session() as session:
        inserted = await session.execute(text("INSERT INTO t (v) VALUES ('a')"))
        assert isinstance(inserted, CursorResult)
        assert inserted.lastrowid == 1
        await session.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}])
        updated = await session.execute(text("UPDATE t SET v = v || '!' WHERE id > 1"))
        assert isinstance(updated, CursorResult)
        assert updated.rowcount == 2
    async with db.session() as session:
        rows = (await session.execute(text("SELECT id, v FROM t ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "b!"), (3, "c!")]
        assert (await session.execute(text("SELECT v FROM t WHERE id = 9"))).first() is None


async def test_a_failed_transaction_is_rolled_back_and_the_connection_reused(
    db: Database,
) -> None:
    with pytest.raises(IntegrityError):
        async with db.session() as session:
            await session.execute(text("INSERT INTO t (v) VALUES ('x')"))
            await session.execute(text("INSERT INTO t (v) VALUES ('x')"))
    async with db.session() as session:
        assert await session.scalar(text("SELECT count(*) FROM t")) == 0
        await session.execute(text("INSERT INTO t (v) VALUES ('y')"))
    async with db.session() as session:
        assert await session.scalar(text("SELECT v FROM t")) == "y"


async def test_reads_leave_no_transaction_open(db: Database) -> None:
    async with db.session() as session:
        await session.execute(text("SELECT count(*) FROM t"))
    other = Database(str(db.url))
    try:
        async with other.session() as session:  # would wait for a lock a read left behind
            await session.execute(text("INSERT INTO t (v) VALUES ('z')"))
    finally:
        await other.close()
    async with db.session() as session:
        assert await session.scalar(text("SELECT count(*) FROM t")) == 1


async def test_the_app_connections_use_one_crossing_per_statement(db: Database) -> None:
    from storage.sqlite_driver import OneHopCursor

    async with db.session() as session:
        raw = await (await session.connection()).get_raw_connection()
        connection = raw.dbapi_connection
        assert isinstance(connection, AsyncAdapt_aiosqlite_connection)
        adapted = type(connection)._cursor_cls
        assert adapted._make_new_cursor(None, object()).__class__ is OneHopCursor
