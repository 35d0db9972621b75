"""Looking up a Slack user named by id (`<@U…>`) before they have used the bot.

users.info with the workspace's own token: a person of that workspace is returned as
an `Identity` for the core to create their member record from; a bot, a deactivated
account, or a Slack Connect guest from another organisation (whose community is their
own workspace's) is not.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from adapters.slack.identity import IdentityCache
from adapters.slack.workspaces import NotInstalled, Workspaces
from bot.kernel.model import Address, Identity

log = logging.getLogger("praxis.slack")


@dataclass
class SlackPeople:
    workspaces: Workspaces
    identities: IdentityCache
    platform: str = "slack"

    async def identity(self, community: Address, user_id: str) -> Identity | None:
        try:
            client = await self.workspaces.client(community.community)
        except NotInstalled:
            return None
        profile = await self.identities.profile(client, community.community, user_id)
        if profile is None or profile.is_bot or profile.deleted:
            return None
        if profile.team and profile.team != community.community:
            log.info("a person named from another workspace is not added to this community")
            return None
        return profile.identity
