"""Looking up a Discord member named by id (a user option) before they used the bot.

From the guild's member cache, else the REST API (GET /guilds/{guild}/members/{user}):
a member of that guild becomes an `Identity` (the owner and Administrator members are
admins); a bot, or someone who is not in the guild, does not.
"""

from __future__ import annotations

import logging

import discord

from bot.kernel.model import Address, Identity

log = logging.getLogger("praxis.discord")


class DiscordPeople:
    platform = "discord"

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    async def identity(self, community: Address, user_id: str) -> Identity | None:
        if not (community.community.isdigit() and user_id.isdigit()):
            return None
        guild = self.client.get_guild(int(community.community))
        if guild is None:
            return None
        member = guild.get_member(int(user_id))
        if member is None:
            try:
                member = await guild.fetch_member(int(user_id))
            except discord.NotFound:
                return None
            except discord.HTTPException:
                log.warning("could not look up a guild member", exc_info=True)
                return None
        if member.bot:
            return None
        admin = member.guild_permissions.administrator or guild.owner_id == member.id
        return Identity(str(member.id), member.display_name, platform_admin=admin)
