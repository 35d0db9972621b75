"""The composition root: settings in, a wired application out.

Everything long-lived is built here once and passed down; nothing is read
from the environment or connected at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.dispatch import Dispatcher
from bot.registry import Registry
from bot.services import Services
from commands import all_families
from storage.db import Database


@dataclass
class App:
    settings: Settings
    services: Services
    registry: Registry
    dispatcher: Dispatcher

    @property
    def db(self) -> Database:
        return self.services.db

    async def start(self) -> None:
        """Bring the schema up to date; every entry point calls this first."""
        await self.db.upgrade()

    async def close(self) -> None:
        await self.db.close()


def build_app(settings: Settings, *, clock: Clock | None = None) -> App:
    registry = Registry(all_families())
    services = Services(
        db=Database(settings.database_url),
        clock=clock or SystemClock(),
        default_timezone=settings.timezone,
        registry=registry,
    )
    return App(settings, services, registry, Dispatcher(registry, services))
