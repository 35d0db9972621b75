"""Engine, sessions and schema upgrades for SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.util import await_

from storage import sqlite_driver

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).parent / "migrations"
# Any fixed number: instances starting together take turns upgrading the schema.
_MIGRATION_LOCK = 7_240_001


class Database:
    """One engine and its session factory; built once in the composition root."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = make_url(url)
        self.dialect = self.url.get_backend_name()
        # hide_parameters: a database error's message (logged with its traceback) never
        # carries the values of the statement, which are what people wrote.
        kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
        if self.is_sqlite:
            database = self.url.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": 30}
            # SQLite runs one statement per connection thread and serialises writes: on a
            # small VM more connections add memory (a page cache and a thread each), not
            # speed. Requests beyond these wait for a free connection.
            kwargs.update(pool_size=SQLITE_POOL, max_overflow=0, pool_timeout=30)
        else:
            # A pooled connection is pinged at each checkout; on asyncpg by `_ping`, in one
            # round trip instead of pool_pre_ping's three.
            asyncpg = self.url.get_driver_name() == "asyncpg"
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=not asyncpg)
            if asyncpg:
                kwargs["connect_args"] = {"server_settings": PG_SERVER_SETTINGS}
        self.engine: AsyncEngine = create_async_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        elif self.url.get_driver_name() == "asyncpg":
            event.listen(self.engine.sync_engine.pool, "connect", _fresh)
            event.listen(self.engine.sync_engine.pool, "checkout", _ping)
        event.listen(self.engine.sync_engine, "begin", _reset_writes)
        event.listen(self.engine.sync_engine, "before_cursor_execute", _note_writes)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Sessions between two rounds of fresh statistics (see `optimize`).
        self.optimize_every = OPTIMIZE_EVERY
        self._sessions = 0
        self._optimizing: asyncio.Task[None] | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A session in one transaction: committed on success, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session
        self._sessions += 1
        if self._sessions % self.optimize_every == 0 and self._optimizing is None:
            self._optimizing = asyncio.create_task(self._optimize_in_background())

    async def optimize(self) -> None:
        """Fresh planner statistics where they are missing or stale, as each database advises.

        SQLite's `PRAGMA optimize` analyzes the tables the connection's own queries
        would have planned better with statistics (none yet, or 25 times more rows
        since the last ANALYZE), with a bounded effort (`analysis_limit`); otherwise
        it does nothing. Before SQLite 3.46 it only considers tables the connection has
        queried, so the `optimize` at each new connection is a no-op there: the bot
        runs it every `optimize_every` sessions on a connection that has served
        requests, and when it closes.

        PostgreSQL's autovacuum analyzes on its own, and then this does nothing. Where
        it is off, a library grown by shares is never analyzed and its searches walk
        every resource of the community (22x slower at 20,000, docs/PERFORMANCE.md):
        the bot then analyzes, itself, the tables autovacuum would have (more rows
        changed than 50 + 10% of the table since the last ANALYZE), each a fixed
        sample whatever the table's size.
        """
        async with self.engine.connect() as connection:
            if self.is_sqlite:
                await connection.exec_driver_sql("PRAGMA optimize")
            else:
                due = await connection.execute(_PG_STALE)
                for (table,) in due.all():
                    await connection.exec_driver_sql(f'ANALYZE "{table}"')
            await connection.commit()

    async def _optimize_in_background(self) -> None:
        try:
            await self.optimize()
        except Exception:  # statistics are an optimisation: never a request's fault
            log.warning("PRAGMA optimize failed", exc_info=True)
        finally:
            self._optimizing = None

    @staticmethod
    async def wrote(session: AsyncSession) -> bool:
        """Whether this session's transaction has sent any INSERT, UPDATE or DELETE."""
        connection = await session.connection()
        return bool(connection.info.get(_WROTE))

    async def upgrade(self) -> None:
        """Bring the schema to the newest migration; safe with several instances."""
        async with self.engine.connect() as connection:
            if not self.is_sqlite:
                await connection.execute(text(f"SELECT pg_advisory_lock({_MIGRATION_LOCK})"))
            try:
                await connection.run_sync(_run_upgrade)
                await connection.commit()
            finally:
                if not self.is_sqlite:
                    await connection.execute(text(f"SELECT pg_advisory_unlock({_MIGRATION_LOCK})"))
                    await connection.commit()

    async def healthy(self, timeout: float = 2.0) -> bool:
        """True while the database answers a trivial query in time."""
        try:
            async with asyncio.timeout(timeout), self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return True
        except Exception:  # any failure to reach the database means unhealthy
            log.warning("database health check failed", exc_info=True)
            return False

    async def close(self) -> None:
        if self._optimizing is not None:
            await self._optimizing
        if self.is_sqlite and self._sessions:
            await self._optimize_in_background()  # SQLite's advice: before closing
        await self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _run_upgrade(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "head")


# Set on every PostgreSQL connection (bench/search.py uses them for its raw queries too).
# plan_cache_mode: plan each statement for its own values; asyncpg prepares statements and
#   after five runs PostgreSQL may switch to a generic plan that cannot know how common a
#   searched word is, and then reads every match of a word half the library contains
#   through the GIN index (40 ms at 100k) instead of walking the newest rows (1 ms).
# random_page_cost: the usual value for data in memory or on SSD; with the default (4) the
#   planner walks 25,000 rows for a word in 2% of them (14 ms at 100k) instead of using
#   the GIN index (2 ms). At 1M it still walks, which is right there (11 ms vs 50 ms).
PG_SERVER_SETTINGS = {"plan_cache_mode": "force_custom_plan", "random_page_cost": "1.1"}
# The tables autovacuum's analyze would pick (its default threshold and scale factor),
# when autovacuum is off; none when it is on.
_PG_STALE = text(
    "SELECT relname FROM pg_stat_user_tables"
    " WHERE current_setting('autovacuum') = 'off' AND schemaname = current_schema()"
    " AND n_mod_since_analyze > 50 + 0.1 * n_live_tup"
)
_WROTE = "praxis.wrote"
_WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _reset_writes(connection: Connection) -> None:
    connection.info[_WROTE] = False


def _note_writes(connection: Connection, _cursor: Any, statement: str, *_: Any) -> None:
    """Remember that the transaction wrote: a retry of it must then be recognised."""
    if statement.lstrip()[:7].upper().startswith(_WRITE_VERBS):
        connection.info[_WROTE] = True


def _ping(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """A pooled PostgreSQL connection still answers, or the pool replaces it.

    SQLAlchemy's `pool_pre_ping` on asyncpg costs three round trips per checkout (BEGIN,
    the ping, ROLLBACK, for pgbouncer's transaction mode), nearly half of a search's
    round trips; `SELECT 1` outside a transaction is one (asyncpg's `execute`
    without arguments uses the simple query protocol: nothing is prepared, which is what
    that pgbouncer mode needs). A connection just made needs none.
    """
    import asyncpg

    if record.info.pop(_FRESH, False):
        return
    try:
        await_(dbapi_connection.driver_connection.execute("SELECT 1"))
    except (
        asyncpg.PostgresError,
        asyncpg.InterfaceError,
        asyncpg.InternalClientError,  # a connection caught mid-way by the server's goodbye
        OSError,
        TimeoutError,
    ) as error:
        # As pool_pre_ping does: every pooled connection is discarded (a database that
        # went away took them all), and the checkout is tried again on a new one.
        raise InvalidatePoolError(type(error).__name__) from error


def _fresh(_dbapi_connection: Any, record: Any) -> None:
    record.info[_FRESH] = True


_FRESH = "praxis.fresh"

SQLITE_POOL = 4

OPTIMIZE_EVERY = 1_000

# Set on every SQLite connection (bench/search.py applies them to its raw connection too).
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=30000",
    "PRAGMA synchronous=NORMAL",
    # Read the file through the OS page cache without copying it (the 1M library's
    # index pages are read by every broad search; the map is shared by all connections),
    # keep a modest page cache per connection (private to each: it multiplies with the pool),
    # and sort in memory.
    "PRAGMA mmap_size=268435456",
    "PRAGMA cache_size=-4000",
    "PRAGMA temp_store=MEMORY",
    # Statistics for the planner, the way SQLite recommends for long-lived connections: a
    # library grown one share at a time never had an ANALYZE. 0x10002 analyzes what needs
    # it with a bounded effort (analysis_limit) at each new connection on SQLite 3.46 and
    # later; `Database.optimize` runs it again every `OPTIMIZE_EVERY` sessions, which
    # is what takes effect on older SQLite (3.40 here). The search's plan does not
    # depend on them (storage/search.py, `LeftFirst`).
    "PRAGMA analysis_limit=400",
    "PRAGMA optimize=0x10002",
)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    sqlite_driver.install(dbapi_connection)
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS:
        cursor.execute(pragma)
    cursor.close()
