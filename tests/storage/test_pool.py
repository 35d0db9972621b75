"""PostgreSQL's pooled connections: one that the server dropped is replaced unseen."""

from __future__ import annotations

import asyncpg
import pytest
from sqlalchemy import make_url, text

from storage.db import Database


async def test_a_connection_the_server_dropped_is_replaced_at_checkout(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite has no server to drop a connection")
    db = Database(database_url)
    try:
        async with db.session() as session:
            first = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with db.session() as session:
            again = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        assert again == first, "a connection that answers the ping is kept"
        dba = await asyncpg.connect(
            make_url(database_url).set(drivername="postgresql").render_as_string(False)
        )
        try:
            assert await dba.fetchval("SELECT pg_terminate_backend($1)", first)
        finally:
            await dba.close()
        # Every pooled connection is checked: the dropped one is never handed to a request.
        for _ in range(3):
            async with db.session() as session:
                pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
                assert pid != first
        assert await db.healthy()
    finally:
        await db.close()
