"""APScheduler 3.x drives the engine in the bot's asyncio loop.

Design (scales to 100k schedules): APScheduler holds two jobs, not one per schedule. A
`wakeup` date job is re-armed to the earliest `due_at` in the database (a schedule's, or a
person's share held by quiet hours) after every run and whenever a schedule changes (locally
through `Scheduling.wake`, on other instances through PostgreSQL LISTEN/NOTIFY); a `sweep`
interval job runs every 30 s as a safety net (a missed notification, a clock jump). The
database row stays the source of truth, so memory does not grow with the number of
schedules and start-up reads two indexed MIN(due_at).

Job defaults are set deliberately: misfire_grace_time=None (3.x's default of one second would
silently drop a wakeup that fell due while the loop was busy; lateness policy belongs to the
engine's grace period instead), coalesce=True (several missed wakeups are one run), and
max_instances=1 (runs never overlap; the engine also serializes claims with a lock).

A run that fails (the database is down, say) is retried after a doubling pause (1 s, 2 s,
... up to the sweep interval), never at once: re-arming to a due time in the past would
retry in a hot loop that fills the log. One schedule's own fault never gets this far; the
engine sets that schedule aside.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.scheduling.engine import Engine
from bot.scheduling.leader import FileLeadership, PgLeadership, SoloLeadership

log = logging.getLogger("praxis.scheduler")


def sqlite_path(database_url: str) -> str | None:
    """The file behind a SQLite URL, or None (PostgreSQL, in-memory)."""
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if not url.drivername.startswith("sqlite") or not url.database or url.database == ":memory:":
        return None
    return url.database


SWEEP_SECONDS = 30.0
JOB_DEFAULTS = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}


class SchedulerRunner:
    def __init__(
        self,
        engine: Engine,
        database_url: str,
        *,
        sweep_seconds: float = SWEEP_SECONDS,
        leader_poll: float = 5.0,
        shared: bool = False,
    ) -> None:
        """`shared`: other processes of this bot use the same SQLite file (`--workers`)."""
        self.engine = engine
        self.sweep_seconds = sweep_seconds
        self.scheduler = AsyncIOScheduler(timezone=UTC, job_defaults=JOB_DEFAULTS)
        self._loop: asyncio.AbstractEventLoop | None = None
        self.failures = 0  # runs failed in a row; the next retry waits 2**(failures-1) s
        if database_url.startswith("postgresql"):
            self.leadership: PgLeadership | SoloLeadership | FileLeadership = PgLeadership(
                database_url, self._elected, self._lost, self.wake, poll=leader_poll
            )
        elif shared and (path := sqlite_path(database_url)) is not None:
            self.leadership = FileLeadership(
                f"{path}.scheduler.lock", path, self._elected, self._lost, self.wake
            )
        else:
            self.leadership = SoloLeadership(self._elected, self._lost, self.wake)

    @property
    def active(self) -> bool:
        return self.leadership.active

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.scheduler.start(paused=True)
        self.scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=self.sweep_seconds, timezone=UTC),
            id="sweep",
            replace_existing=True,
        )
        self.engine.scheduling.wake = self.wake
        await self.leadership.start()

    async def stop(self) -> None:
        self.engine.scheduling.wake = None
        await self.leadership.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.engine.drain()

    async def _elected(self) -> None:
        try:
            await self.engine.reconcile()
        except Exception:
            log.exception("reconciling schedules failed; the sweep will retry")
        self.scheduler.resume()
        await self._arm()

    async def _lost(self) -> None:
        self.scheduler.pause()

    def wake(self) -> None:
        """Run now (a schedule changed); safe to call from any thread or callback."""
        if self._loop is None or not self.scheduler.running:
            return
        self._loop.call_soon_threadsafe(self._arm_at, datetime.now(UTC))

    def _arm_at(self, when: datetime) -> None:
        if not self.scheduler.running:
            return
        # A run re-arms the wakeup while it is itself still running: with the default of one
        # instance, APScheduler would skip that wakeup ("maximum number of running instances
        # reached") and nothing would run until the sweep. Two may overlap; the engine
        # serialises its claims with its own lock, so an overlap only waits.
        self.scheduler.add_job(
            self._tick,
            DateTrigger(run_date=when, timezone=UTC),
            id="wakeup",
            replace_existing=True,
            max_instances=2,
        )

    async def _arm(self) -> None:
        due = await self.engine.next_due()
        if due is not None:
            # Never in the past (it would run at once anyway) and not sooner than needed.
            self._arm_at(max(due, datetime.now(UTC) + timedelta(milliseconds=1)))

    def retry_delay(self) -> float:
        """How long to wait before retrying after `failures` failed runs in a row."""
        return min(2.0 ** max(self.failures - 1, 0), self.sweep_seconds)

    async def _tick(self) -> None:
        if not self.active:
            return
        try:
            await self.engine.run_due(wait=False)
            due = await self.engine.next_due()
        except Exception as error:
            self.failures += 1
            delay = self.retry_delay()
            if self.failures == 1:
                log.exception("a scheduler run failed; retrying in %.0f s", delay)
            else:
                log.warning(
                    "scheduler run failed again (%d in a row, %s); retrying in %.0f s",
                    self.failures,
                    type(error).__name__,
                    delay,
                )
            self._arm_at(datetime.now(UTC) + timedelta(seconds=delay))
            return
        if self.failures:
            log.info("the scheduler runs again after %d failed runs", self.failures)
            self.failures = 0
        if due is not None:
            self._arm_at(max(due, datetime.now(UTC) + timedelta(milliseconds=1)))
