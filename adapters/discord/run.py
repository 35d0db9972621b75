"""`praxis run discord`: connect, sync the commands, deliver, and stop cleanly.

The composition root (bot/root/runner.py) calls `serve_discord` (alone, or beside Slack on the same
event loop for `praxis run all`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

import discord

from adapters.discord.client import PraxisClient
from adapters.discord.delivery import DiscordDelivery
from adapters.discord.endpoints import configure_endpoints
from adapters.discord.people import DiscordPeople
from bot.face import Core
from bot.kernel.errors import PlatformRefused

log = logging.getLogger("praxis.discord")


class DiscordNotConfigured(PlatformRefused):
    """Raised at start when DISCORD_TOKEN is missing."""


# Gateway close codes after which reconnecting cannot help: authentication failed, an
# invalid shard or API version, intents that are invalid or not allowed.
REFUSED_CODES = frozenset({4004, 4010, 4011, 4012, 4013, 4014})


@dataclass(frozen=True)
class DiscordConfig:
    """What the Discord adapter needs, built from the settings by the composition root."""

    token: str | None
    api_url: str | None = None
    gateway_url: str | None = None
    guild_ids: tuple[int, ...] = ()
    # discord.py's sharding: this process is shard `shard_id` of `shard_count`.
    shard_id: int | None = None
    shard_count: int | None = None

    def __repr__(self) -> str:  # never the token in a log line or a traceback
        return f"DiscordConfig(api_url={self.api_url!r}, guilds={self.guild_ids!r})"


async def serve_discord(
    app: Core,
    config: DiscordConfig,
    stop: asyncio.Event,
    *,
    guild_ready_timeout: float = 2.0,
    ready: asyncio.Event | None = None,
) -> None:
    """Run the Discord bot until `stop` is set (or the connection ends for good)."""
    if not config.token:
        raise DiscordNotConfigured("DISCORD_TOKEN is not set; it is the bot's token.")
    endpoints = configure_endpoints(config.api_url, config.gateway_url)
    log.info("discord endpoints: api=%s gateway=%s", endpoints.api_url, endpoints.gateway_url)
    client = PraxisClient(
        app,
        guild_ids=config.guild_ids,
        guild_ready_timeout=guild_ready_timeout,
        shard_id=config.shard_id,
        shard_count=config.shard_count,
    )
    helpers: list[asyncio.Task[object]] = []
    connection: asyncio.Task[None] | None = None
    try:
        try:
            await client.login(config.token)
        except discord.LoginFailure:
            raise PlatformRefused("Discord refused the token (DISCORD_TOKEN).") from None
        app.register_delivery(DiscordDelivery(client, client.praxis.store))
        app.register_people(DiscordPeople(client))
        connection = asyncio.create_task(client.connect(reconnect=True), name="discord-gateway")
        stopping = asyncio.create_task(stop.wait(), name="discord-stop")
        helpers.append(stopping)
        if ready is not None:

            def on_ready(task: asyncio.Task[None]) -> None:
                if not task.cancelled():
                    ready.set()

            waiting = asyncio.create_task(client.wait_until_ready())
            waiting.add_done_callback(on_ready)
            helpers.append(waiting)
        done, _ = await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if connection in done:
            try:
                connection.result()  # the connection ended: the runner starts it again
            except discord.PrivilegedIntentsRequired:
                raise PlatformRefused("Discord refused the intents this bot asks for.") from None
            except discord.ConnectionClosed as closed:
                if closed.code in REFUSED_CODES:
                    raise PlatformRefused(
                        f"Discord closed the gateway for good (code {closed.code})."
                    ) from None
                raise
    finally:
        for helper in helpers:
            helper.cancel()
        await client.close()
        if connection is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(connection, 5)
        log.info("discord stopped")


async def sync_discord(app: Core, config: DiscordConfig) -> int:
    """`praxis discord sync`: log in (no gateway), push the command tree, log out.

    Forced: for when commands were changed by hand on Discord's side, or a sync failed.
    Returns how many scopes (guilds, or the global scope) were synced.
    """
    if not config.token:
        raise DiscordNotConfigured("DISCORD_TOKEN is not set; it is the bot's token.")
    configure_endpoints(config.api_url, config.gateway_url)
    client = PraxisClient(app, guild_ids=config.guild_ids, sync=False)
    try:
        await client.login(config.token)
        return await client.sync_commands(force=True)
    finally:
        await client.close()
