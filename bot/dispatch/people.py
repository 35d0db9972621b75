"""People the platform knows but the bot does not yet: looked up by their platform id.

A facilitator may grant a role to, add to a cycle's team, or nudge someone who has never
used the bot. When the platform gave their id (a Slack `<@U…>` mention, a Discord user
option), the adapter of that platform looks up their profile through this port, and the
core creates their member record from it. The core never sees a platform library.
"""

from __future__ import annotations

from typing import Protocol

from bot.kernel.model import Address, Identity


class PeoplePort(Protocol):
    platform: str

    async def identity(self, community: Address, user_id: str) -> Identity | None:
        """The person with `user_id` as a member of `community`, from their profile.

        None when the platform does not know them there: a bot, a deleted account, a guest
        from another organisation (who belongs to their own workspace's community), or
        no answer in time.
        """
        ...


class PeopleRouter:
    """Hands a lookup to the adapter of the community's platform; none answers None."""

    def __init__(self) -> None:
        self._ports: dict[str, PeoplePort] = {}

    def register(self, port: PeoplePort) -> None:
        self._ports[port.platform] = port

    async def identity(self, community: Address, user_id: str) -> Identity | None:
        port = self._ports.get(community.platform)
        if port is None:
            return None
        return await port.identity(community, user_id)
