"""Calling a family's lookups as Discord's autocomplete would, on the test database."""

from __future__ import annotations

from sqlalchemy import select

from bot.lookup.matching import LookupQuery, Suggestion, lookups_of
from storage.community import Community
from tests.harness import Harness


async def suggest(
    harness: Harness,
    kind: str,
    user: str,
    text: str = "",
    *,
    community: str = "console",
    limit: int = 25,
) -> list[Suggestion]:
    """What `user` is offered for a `kind` option after typing `text`."""
    lookup = lookups_of(harness.app.registry)[kind]
    async with harness.app.services.db.session() as session:
        query = select(Community).where(
            Community.platform == "console", Community.external_id == community
        )
        found = (await session.execute(query)).scalar_one()
        now = harness.app.services.clock.now()
        return list(await lookup(LookupQuery(session, found, user, text, limit, now=now)))


def values(suggestions: list[Suggestion]) -> list[str]:
    return [s.value for s in suggestions]


def labels(suggestions: list[Suggestion]) -> list[str]:
    return [s.label for s in suggestions]
