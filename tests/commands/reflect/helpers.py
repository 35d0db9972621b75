"""Sending prompts in tests the way a delivery does, without the scheduling engine."""

from __future__ import annotations

from sqlalchemy import select

from adapters.console.adapter import Delivered
from bot.kernel.model import Identity
from commands.reflect.core import SentPrompt, send_prompt_to
from storage.community import Community, Member
from storage.members import get_or_create_member
from tests.harness import Harness


async def send(
    harness: Harness,
    user: str,
    *,
    prompt: int | None = None,
    pool: str | None = None,
    team: str | None = None,
    community: str = "console",
) -> SentPrompt | None:
    """Record a prompt as sent to `user` (who is created if new) and deliver its message."""
    services = harness.app.services
    async with services.db.session() as session:
        found = await session.execute(
            select(Community).where(
                Community.platform == "console", Community.external_id == community
            )
        )
        where = found.scalar_one()
        person = await get_or_create_member(
            session, where, Identity(user, user), now=services.clock.now()
        )
        sent = await send_prompt_to(
            session,
            where,
            person,
            prompt_id=prompt,
            pool=pool,
            team=team,
            now=services.clock.now(),
        )
    if sent is not None:
        await services.delivery.send(sent.address, sent.reply)
    return sent


async def member(harness: Harness, user: str, community: str = "console") -> Member:
    services = harness.app.services
    async with services.db.session() as session:
        query = (
            select(Member)
            .join(Community, Community.id == Member.community_id)
            .where(Community.external_id == community, Member.user_id == user)
        )
        return (await session.execute(query)).scalar_one()


def dms(harness: Harness, user: str) -> list[Delivered]:
    """What the console delivered to `user` by direct message, oldest first."""
    return [d for d in harness.deliveries.delivered if d.address.user == user]
