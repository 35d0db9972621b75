"""The composition root: settings in, a wired application out.

Everything long-lived is built here once and passed down; nothing is read
from the environment or connected at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.dispatch.dispatcher import Dispatcher
from bot.dispatch.services import Services
from bot.face import Core
from bot.grammar.registry import Registry
from bot.grammar.spec import Family
from bot.observe.health import Health
from bot.observe.metrics import Metrics
from bot.root import logsafety
from bot.root.config import Settings
from bot.scheduling.engine import Engine
from bot.scheduling.facade import Scheduling
from bot.scheduling.port import DeliveryRouter
from bot.time.clock import Clock, SystemClock
from commands import all_families
from storage.db import Database

if TYPE_CHECKING:
    from bot.scheduling.runner import SchedulerRunner


@dataclass
class App:
    settings: Settings
    services: Services
    registry: Registry
    dispatcher: Dispatcher
    engine: Engine
    core: Core  # the narrow face adapters are given
    runner: SchedulerRunner | None = field(default=None)

    @property
    def db(self) -> Database:
        return self.services.db

    async def start(self) -> None:
        """Bring the schema up to date; every entry point calls this first.

        The identifying-details check loads its word lists on first use (a third of a
        second, once per process); loading them here, in a thread beside the upgrade,
        held up the scheduler of a starting instance under load, so it is left lazy.
        """
        await self.db.upgrade()

    async def start_scheduler(self, *, shared: bool = False) -> None:
        """Run the scheduling engine in this loop (`praxis run`, interactive `praxis console`).

        On PostgreSQL this instance competes for leadership and stands by when another one
        is active; on SQLite it is the only one.
        """
        if self.runner is None:
            from bot.scheduling.runner import SchedulerRunner

            self.runner = SchedulerRunner(self.engine, self.settings.database_url, shared=shared)
            await self.runner.start()

    async def stop_scheduler(self) -> None:
        if self.runner is not None:
            await self.runner.stop()
            self.runner = None

    async def close(self) -> None:
        await self.stop_scheduler()
        await self.db.close()


def build_app(
    settings: Settings, *, clock: Clock | None = None, families: list[Family] | None = None
) -> App:
    """Wire the bot; `families` replaces the served set (tests add probe families)."""
    logsafety.install()  # before anything can log: no record carries what a person wrote
    registry = Registry(all_families() if families is None else families)
    scheduling = Scheduling(registry)
    metrics = Metrics()
    services = Services(
        db=Database(settings.database_url),
        clock=clock or SystemClock(),
        delivery=DeliveryRouter(),
        default_timezone=settings.timezone,
        registry=registry,
        scheduling=scheduling,
        metrics=metrics,
        health=Health(metrics),
    )
    dispatcher = Dispatcher(registry, services)
    core = Core(registry, dispatcher, services)
    return App(settings, services, registry, dispatcher, Engine(services, scheduling), core)
