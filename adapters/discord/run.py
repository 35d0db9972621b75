"""`praxis run discord`: connect, sync the commands, deliver, and stop cleanly.

adapters/runner.py calls `serve_discord` (alone, or beside Slack on the same
event loop for `praxis run all`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from adapters.discord.client import PraxisClient
from adapters.discord.delivery import DiscordDelivery
from adapters.discord.endpoints import configure_endpoints
from bot.app import App
from bot.config import Settings

log = logging.getLogger("praxis.discord")


class DiscordNotConfigured(RuntimeError):
    """Raised at start when DISCORD_TOKEN is missing."""


async def serve_discord(
    app: App,
    settings: Settings,
    stop: asyncio.Event,
    *,
    guild_ready_timeout: float = 2.0,
    ready: asyncio.Event | None = None,
) -> None:
    """Run the Discord bot until `stop` is set (or the connection ends for good)."""
    if not settings.discord_token:
        raise DiscordNotConfigured("DISCORD_TOKEN is not set; it is the bot's token.")
    endpoints = configure_endpoints(settings.discord_api_url, settings.discord_gateway_url)
    log.info("discord endpoints: api=%s gateway=%s", endpoints.api_url, endpoints.gateway_url)
    client = PraxisClient(
        app, guild_ids=settings.guild_ids(), guild_ready_timeout=guild_ready_timeout
    )
    helpers: list[asyncio.Task[object]] = []
    connection: asyncio.Task[None] | None = None
    try:
        await client.login(settings.discord_token)
        app.services.delivery.register(DiscordDelivery(client, client.praxis.store))
        connection = asyncio.create_task(client.connect(reconnect=True), name="discord-gateway")
        stopping = asyncio.create_task(stop.wait(), name="discord-stop")
        helpers.append(stopping)
        if ready is not None:
            waiting = asyncio.create_task(client.wait_until_ready())
            waiting.add_done_callback(lambda task: task.cancelled() or ready.set())
            helpers.append(waiting)
        done, _ = await asyncio.wait({connection, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if connection in done:
            connection.result()  # a fatal error (bad token, disallowed intents) surfaces here
    finally:
        for helper in helpers:
            helper.cancel()
        await client.close()
        if connection is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(connection, 5)
        log.info("discord stopped")
