"""One thread hand-off per SQLite statement instead of four.

aiosqlite runs sqlite3 in a thread of its own and every call crosses to it
and back: SQLAlchemy's adapter makes a cursor, executes, fetches and closes,
four crossings for each statement. On a busy two-core machine each crossing
is a chance to wait for the scheduler, and they were most of a search
command's cost (about 25 crossings for a 0.1 ms query; docs/PERFORMANCE.md).

`OneHopCursor` does the whole statement (execute, fetch every row, read
description, rowcount and lastrowid, close) as one function in aiosqlite's
thread. Results are exactly what the stock adapter returns, which already
fetched every row eagerly; server-side cursors are untouched. `install`
switches one SQLAlchemy-adapted connection over to it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)

_Outcome = tuple[Any, list[Any], int, int | None]


class OneHopCursor:
    """Stands in for aiosqlite's Cursor: one crossing per execute, results kept here."""

    arraysize = 1

    def __init__(self, connection: Any) -> None:
        self._connection = connection  # the aiosqlite Connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self._rows: list[Any] = []

    async def __aenter__(self) -> OneHopCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        return None

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> OneHopCursor:
        def run(conn: sqlite3.Connection) -> _Outcome:
            cursor = conn.cursor()
            try:
                cursor.execute(sql, () if parameters is None else parameters)
                rows = cursor.fetchall() if cursor.description else []
                return cursor.description, rows, cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        self._keep(await self._connection._execute(run, self._connection._conn))
        return self

    async def executemany(self, sql: str, seq_of_parameters: Any) -> OneHopCursor:
        def run(conn: sqlite3.Connection) -> _Outcome:
            cursor = conn.cursor()
            try:
                cursor.executemany(sql, seq_of_parameters)
                return cursor.description, [], cursor.rowcount, cursor.lastrowid
            finally:
                cursor.close()

        self._keep(await self._connection._execute(run, self._connection._conn))
        return self

    def _keep(self, outcome: _Outcome) -> None:
        self.description, self._rows, self.rowcount, self.lastrowid = outcome

    async def fetchall(self) -> list[Any]:
        rows, self._rows = self._rows, []
        return rows

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        size = size or self.arraysize
        rows, self._rows = self._rows[:size], self._rows[size:]
        return rows

    async def close(self) -> None:
        self._rows = []

    async def setinputsizes(self, *_: Any) -> None:
        return None

    async def nextset(self) -> None:
        return None


class _OneHopAdaptedCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def _make_new_cursor(self, connection: Any) -> Any:
        return OneHopCursor(connection)


class _OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """Also skips the crossing for a commit or rollback with no transaction open.

    sqlite3 itself does nothing then (it checks `sqlite3_get_autocommit`), so a
    read-only command, and the pool's rollback when a connection is returned,
    cost no crossing at all. `in_transaction` reads a flag of the connection
    without touching the database; aiosqlite's thread is idle between calls.
    """

    __slots__ = ()
    _cursor_cls = _OneHopAdaptedCursor

    def _idle(self) -> bool:
        connection = self._connection._connection
        return connection is not None and not connection.in_transaction

    def commit(self) -> None:
        if not self._idle():
            super().commit()

    def rollback(self) -> None:
        if not self._idle():
            super().rollback()


def install(dbapi_connection: Any) -> bool:
    """Make a freshly connected aiosqlite connection use one crossing per statement.

    Leaves the connection as it is (and says so) if it is not the adapter this
    was written against, e.g. after an aiosqlite release renames `_execute`.
    """
    inner = getattr(dbapi_connection, "_connection", None)
    if type(dbapi_connection) is not AsyncAdapt_aiosqlite_connection or not (
        hasattr(inner, "_execute") and hasattr(inner, "_conn")
    ):
        return False
    dbapi_connection.__class__ = _OneHopConnection
    return True
