"""Shared fixtures: a real database per test, and a console harness over it.

By default each test gets its own SQLite file, copied from one migrated
template so the schema is built once per run. With PRAXIS_TEST_DATABASE_URL
pointing at PostgreSQL, each test gets its own database created from a
migrated template database, and every one is dropped at the end.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bot.grammar.spec import Family
from bot.root.app import App, build_app
from bot.root.config import Settings
from bot.time.clock import FakeClock
from storage.db import Database
from tests import catalogs, logguard
from tests.harness import Harness

PG_URL = os.environ.get("PRAXIS_TEST_DATABASE_URL")


def pytest_configure(config: pytest.Config) -> None:
    """As `praxis` does at start: the record factory that keeps text out of logs; then the
    suite's guard, which sees every record at every level."""
    from bot.root import logsafety

    logsafety.install()
    logguard.install()


@pytest.fixture(autouse=True)
def catalog_watch() -> Iterator[catalogs.Misses]:
    """Fail any test that showed a text the Spanish catalog lacks (tests/catalogs.py)."""
    if not catalogs.enabled():
        yield catalogs.MISSES
        return
    catalogs.MISSES.start()
    yield catalogs.MISSES
    catalogs.MISSES.stop()
    if catalogs.MISSES.failures():
        pytest.fail(catalogs.MISSES.report(), pytrace=False)


@pytest.fixture(autouse=True)
def log_guard() -> Iterator[logguard.LogGuard]:
    """Fail any test whose log lines carry a reflection, a case or a watched text.

    The root logger's handlers are put back afterwards: a test of the command line
    configures logging as `praxis` does (replacing the handlers, this guard's included)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    logguard.install()
    logguard.GUARD.start()
    yield logguard.GUARD
    root.handlers[:] = handlers
    root.setLevel(level)
    logguard.install()
    for url in logguard.LIVE:  # databases shared by a module: read them after each test
        for text in logguard.private_texts_sync(url):
            logguard.watch(text)
    leaks = logguard.GUARD.leaks()
    logguard.GUARD.start()
    if leaks:
        pytest.fail("a log line carries what a person wrote:\n" + "\n".join(map(str, leaks)))


START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # a Monday


def _pg_admin_url() -> str:
    assert PG_URL
    return make_url(PG_URL).set(drivername="postgresql").render_as_string(hide_password=False)


async def _pg_execute(statement: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(_pg_admin_url())
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _migrate(url: str) -> None:
    database = Database(url)
    try:
        await database.upgrade()
    finally:
        await database.close()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated database to copy for each test: a SQLite file or a PostgreSQL template."""
    if PG_URL:
        name = f"praxis_tpl_{uuid.uuid4().hex[:10]}"
        asyncio.run(_pg_execute(f'CREATE DATABASE "{name}"'))
        url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        asyncio.run(_migrate(url))
        yield name
        asyncio.run(_pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
        yield str(path)


@pytest.fixture
async def database_url(database_template: str, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh, migrated, empty database for one test."""
    if PG_URL:
        name = f"praxis_t_{uuid.uuid4().hex[:12]}"
        await _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{database_template}"')
        url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        yield url
        for text in await logguard.private_texts(url):  # for the log guard, before the drop
            logguard.watch(text)
        await _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        path = tmp_path / "praxis.db"
        shutil.copyfile(database_template, path)
        url = f"sqlite+aiosqlite:///{path}"
        yield url
        for text in await logguard.private_texts(url):  # for the log guard
            logguard.watch(text)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


MakeApp = Callable[..., Awaitable[App]]


def build_test_app(
    url: str, *, clock: FakeClock, families: list[Family] | None = None, **settings: Any
) -> App:
    """The app every test runs: this database, UTC, no `.env`, the test's clock.

    `families` replaces the served set (a test adds a probe family); `settings` are extra
    Settings fields by their environment names (`SLACK_BOT_TOKEN=...`).
    """
    config = Settings(PRAXIS_DATABASE_URL=url, PRAXIS_TIMEZONE="UTC", _env_file=None, **settings)
    return build_app(config, clock=clock, families=families)


@pytest.fixture
def families() -> list[Family] | None:
    """The families the `app` fixture serves; a test package overrides it to add probes."""
    return None


@pytest.fixture
async def make_app(database_url: str, clock: FakeClock) -> AsyncIterator[MakeApp]:
    """Build apps on this test's database (started unless told); each is closed at the end."""
    built: list[App] = []

    async def make(
        *,
        families: list[Family] | None = None,
        url: str | None = None,
        start: bool = True,
        **settings: Any,
    ) -> App:
        """`start=False` leaves the database untouched (one that cannot be reached, say)."""
        application = build_test_app(
            url or database_url, clock=clock, families=families, **settings
        )
        built.append(application)
        if start:
            await application.start()
        return application

    yield make
    for application in reversed(built):
        await application.close()


@pytest.fixture
async def app(make_app: MakeApp, families: list[Family] | None) -> App:
    return await make_app(families=families)


@pytest.fixture
def harness(app: App, tmp_path: Path) -> Harness:
    return Harness(app, tmp_path)


@pytest.fixture
def on_postgres() -> bool:
    return bool(PG_URL)
