"""What a family's `seed_demo` is handed: the sample community, its people, and the clock.

The loader that builds it lives in the composition root (`bot.root.demo`); families only
see this shape, so sample data never pulls the root into the core.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.services import Services
from bot.kernel.model import Address
from storage.community import Community, Member

CONSOLE_ADDRESS = Address("console", "console", "general", None, None, "general")


@dataclass
class DemoContext:
    session: AsyncSession
    community: Community
    members: dict[str, Member]
    now: datetime
    services: Services
    address: Address = CONSOLE_ADDRESS
