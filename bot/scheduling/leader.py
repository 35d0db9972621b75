"""Which instance runs the schedule: a PostgreSQL advisory lock held on its own connection.

The active instance holds `pg_advisory_lock` on a dedicated connection and LISTENs there for
schedule changes made on other instances. When it dies, the server drops the connection and
with it the lock; a standby polling every `poll` seconds (default 5, well within the 30 s
promise) takes it and reconciles. On SQLite there is one process: it is always active, and
the unique (schedule, occurrence, recipient) key still guards against a second one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.engine import make_url

from storage.schedules import CHANNEL

log = logging.getLogger("praxis.scheduler")

LOCK_KEY = 7_240_004  # any fixed number shared by every instance of this bot
Callback = Callable[[], Awaitable[None]]


class SoloLeadership:
    """SQLite: this process is the active one from the start."""

    def __init__(self, elected: Callback, lost: Callback, changed: Callable[[], None]) -> None:
        self._elected = elected

    @property
    def active(self) -> bool:
        return True

    async def start(self) -> None:
        await self._elected()

    async def stop(self) -> None:
        return None


class FileLeadership:
    """SQLite with several worker processes (`--workers N`): an exclusive file lock.

    The worker that holds `flock` on the lock file runs the schedule; the others try again
    every `poll` seconds, so one takes over within seconds when the holder dies (the kernel
    releases a dead process's lock). SQLite has no LISTEN/NOTIFY: the active worker watches
    `PRAGMA data_version`, which changes when another connection commits, and wakes the
    engine when it does, so a schedule made in another worker is armed within a second.
    """

    def __init__(
        self,
        lock_path: str,
        database_path: str,
        elected: Callback,
        lost: Callback,
        changed: Callable[[], None],
        *,
        poll: float = 1.0,
    ) -> None:
        self._lock_path, self._database_path = lock_path, database_path
        self._elected, self._changed = elected, changed
        self._poll = poll
        self._handle: Any = None
        self._task: asyncio.Task[None] | None = None
        self.active = False

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="praxis-leadership")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._handle is not None:
            self._handle.close()  # closing the file releases the lock
            self._handle = None
        self.active = False

    def _try_lock(self) -> bool:
        import fcntl

        handle = open(self._lock_path, "a+")  # noqa: SIM115 - held open while active
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    async def _loop(self) -> None:
        import sqlite3

        watcher: sqlite3.Connection | None = None
        version: int | None = None
        try:
            while True:
                if not self.active and self._try_lock():
                    self.active = True
                    log.info("this instance (pid %d) is now the active scheduler", os.getpid())
                    await self._elected()
                if self.active:
                    try:
                        if watcher is None:
                            watcher = sqlite3.connect(self._database_path)
                        seen = int(watcher.execute("PRAGMA data_version").fetchone()[0])
                        if version is not None and seen != version:
                            self._changed()
                        version = seen
                    except sqlite3.Error:
                        log.warning("watching the database for changes failed", exc_info=True)
                        watcher = None
                await asyncio.sleep(self._poll)
        finally:
            if watcher is not None:
                watcher.close()


class PgLeadership:
    def __init__(
        self,
        url: str,
        elected: Callback,
        lost: Callback,
        changed: Callable[[], None],
        *,
        poll: float = 5.0,
    ) -> None:
        self._dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._elected, self._lost, self._changed = elected, lost, changed
        self._poll = poll
        self._connection: Any = None
        self._task: asyncio.Task[None] | None = None
        self.active = False

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="praxis-leadership")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._drop()

    def _notified(self, *_args: Any) -> None:
        self._changed()

    async def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()

    async def _loop(self) -> None:
        import asyncpg

        while True:
            try:
                if self._connection is None or self._connection.is_closed():
                    self._connection = await asyncpg.connect(self._dsn, timeout=10)
                if not self.active:
                    got = await self._connection.fetchval(
                        "SELECT pg_try_advisory_lock($1)", LOCK_KEY
                    )
                    if got:
                        await self._connection.add_listener(CHANNEL, self._notified)
                        self.active = True
                        log.info("this instance is now the active scheduler")
                        await self._elected()
                else:
                    await asyncio.wait_for(self._connection.fetchval("SELECT 1"), self._poll)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("scheduler leadership check failed", exc_info=True)
                await self._drop()
                if self.active:
                    self.active = False
                    log.warning("this instance lost the scheduler lock; standing by")
                    await self._lost()
            await asyncio.sleep(self._poll)
