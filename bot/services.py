"""What the composition root hands every command: shared, long-lived parts.

Families reach the scheduler or the delivery router through here, never
through a global.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.clock import Clock, SystemClock
from bot.delivery import DeliveryRouter
from storage.db import Database

if TYPE_CHECKING:
    from bot.registry import Registry


@dataclass
class Services:
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    delivery: DeliveryRouter = field(default_factory=DeliveryRouter)
    default_timezone: str = "UTC"
    # Set by the composition root when the scheduling engine runs; families
    # that schedule deliveries use it to wake the engine at once.
    scheduler: Any = None
    registry: Registry | None = None
