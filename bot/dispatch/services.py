"""What the composition root hands every command: shared, long-lived parts.

Complete at construction: families reach the scheduling API (`ctx.scheduling`), the
delivery router and the registry through here, never through a global, and never find
a part missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.dispatch.people import PeopleRouter
from bot.observe.health import Health
from bot.observe.metrics import Metrics
from bot.scheduling.port import DeliveryRouter
from bot.time.clock import Clock
from storage.db import Database

if TYPE_CHECKING:
    from bot.grammar.registry import Registry
    from bot.scheduling.facade import Scheduling


@dataclass
class Services:
    db: Database
    clock: Clock
    delivery: DeliveryRouter
    default_timezone: str
    registry: Registry
    scheduling: Scheduling
    metrics: Metrics
    health: Health
    # Profiles of people named before they have used the bot (each adapter's port).
    people: PeopleRouter = field(default_factory=PeopleRouter)
