"""What a family declares to the scheduler: how it composes a delivery, which targets it resolves.

A family puts `DeliveryKind`s (a composer run at send time) and `TargetKind`s (a target prefix
such as "team:" from the lesson-study cycles) on its `Family`; the facade collects them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.model import Address
from bot.kernel.reply import Reply
from storage.community import Community, Member
from storage.schedules import Schedule

if TYPE_CHECKING:
    from bot.dispatch.services import Services
    from bot.lookup.matching import Suggest


def member_address(community: Community, member: Member) -> Address:
    """Where a person is reached: a direct message on their community's platform."""
    return Address(community.platform, community.external_id, None, member.user_id)


@dataclass(frozen=True)
class Recipient:
    address: Address  # a channel address, or a user address for a direct message
    member: Member | None  # the person, when the recipient is one person


@dataclass(frozen=True)
class Outgoing:
    address: Address
    reply: Reply


@dataclass
class ComposeContext:
    session: AsyncSession
    community: Community
    schedule: Schedule
    occurrence: datetime  # the planned time of this occurrence, aware UTC
    recipients: list[Recipient]  # the schedule's target, resolved now
    services: Services


@dataclass(frozen=True)
class DeliveryKind:
    name: str
    compose: Callable[[ComposeContext], Awaitable[list[Outgoing]]]


@dataclass(frozen=True)
class TargetKind:
    prefix: str  # "team" for "team:<cycle>"
    resolve: Callable[[AsyncSession, Community, str], Awaitable[list[Recipient]]]
    # Suggestions while a facilitator types this kind (the query's text is what follows
    # "prefix:"); values are whole targets, e.g. "team:Fractions". None suggests nothing.
    suggest: Suggest | None = None
