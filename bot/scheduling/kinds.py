"""What a family declares to the scheduler: how it composes a delivery, which targets it resolves.

A family puts `DeliveryKind`s (a composer run at send time) and `TargetKind`s (a target prefix
such as "team:" from the lesson-study cycles) on its `Family`; the facade collects them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.language import Language, speaking
from bot.kernel.model import Address
from bot.kernel.reply import Reply
from storage.community import Community, Member, community_language, member_language
from storage.schedules import Schedule

if TYPE_CHECKING:
    from bot.dispatch.context import Context
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
    # Set when this is one person's (or channel's) share held apart (quiet hours, a
    # non-school day): a composer that posts to a place of its own, not to its recipients,
    # has already posted there with the occurrence and sends nothing now.
    held_for: str | None = None

    def language_of(self, recipient: Recipient) -> Language:
        """The language a recipient reads: a person's own, a channel's the community's."""
        if recipient.member is not None:
            return member_language(recipient.member, self.community)
        return community_language(self.community)

    def speaking_to(self, recipient: Recipient) -> AbstractContextManager[Language]:
        """Build one recipient's message in their language: each Reply made inside it keeps
        it (`with ctx.speaking_to(r): outgoing.append(Outgoing(r.address, frame(...)))`)."""
        return speaking(self.language_of(recipient))


@dataclass(frozen=True)
class DeliveryKind:
    name: str
    compose: Callable[[ComposeContext], Awaitable[list[Outgoing]]]
    # For a kind that keeps one schedule per time zone (reflection prompts to a team): run
    # after the community's or a person's zone changed, to make the schedules a zone now
    # needs; returns how many it made. The facade re-plans every other schedule itself.
    zones_changed: Callable[[Context], Awaitable[int]] | None = None


@dataclass(frozen=True)
class TargetKind:
    prefix: str  # "team" for "team:<cycle>"
    resolve: Callable[[AsyncSession, Community, str], Awaitable[list[Recipient]]]
    # Suggestions while a facilitator types this kind (the query's text is what follows
    # "prefix:"); values are whole targets, e.g. "team:Fractions". None suggests nothing.
    suggest: Suggest | None = None
