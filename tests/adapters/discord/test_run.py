"""`serve_discord`: what `praxis run discord` and `praxis run all` call."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from adapters.discord.endpoints import current_endpoints, restore_default_endpoints
from adapters.discord.run import DiscordConfig, DiscordNotConfigured, serve_discord
from bot.kernel.model import Address
from bot.kernel.reply import Reply
from bot.root.app import App
from bot.root.config import Settings
from bot.root.runner import discord_config
from tests.fakes.discord import FakeDiscord


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        try:
            yield server
        finally:
            restore_default_endpoints()


def settings_for(fake: FakeDiscord, app: App, guilds: str | None) -> Settings:
    return Settings(
        PRAXIS_DATABASE_URL=str(app.db.url),
        DISCORD_TOKEN=fake.token,
        DISCORD_API_URL=fake.api_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DISCORD_GUILD_IDS=guilds,
        _env_file=None,
    )


@pytest.mark.parametrize("guilds", [None, "1100000000000000001"])
async def test_serve_syncs_delivers_and_stops_cleanly(
    app: App, fake: FakeDiscord, guilds: str | None
) -> None:
    stop, ready = asyncio.Event(), asyncio.Event()
    serving = asyncio.create_task(
        serve_discord(
            app.core,
            discord_config(settings_for(fake, app, guilds)),
            stop,
            guild_ready_timeout=0.01,
            ready=ready,
        )
    )
    await asyncio.wait_for(ready.wait(), 30)

    assert current_endpoints().api_url == fake.api_url, "DISCORD_API_URL is honoured"
    if guilds:
        assert fake.commands(int(guilds)) and fake.commands() == []
    else:
        slash = {c["name"] for c in fake.commands() if c.get("type", 1) == 1}
        assert slash == set(app.registry.names())
    guild = fake.guilds[0]
    await app.services.delivery.send(
        Address("discord", str(guild.id), str(guild.channel_id)), Reply.text("Weekly nudge")
    )
    sent = await fake.wait_for(lambda r: r.path == f"/channels/{guild.channel_id}/messages")
    assert sent.json["content"] == "Weekly nudge"

    stop.set()
    await asyncio.wait_for(serving, 15)
    assert not fake.sessions, "the gateway connection is closed"


async def test_serve_without_a_token_says_what_is_missing(app: App) -> None:
    with pytest.raises(DiscordNotConfigured, match="DISCORD_TOKEN"):
        await serve_discord(app.core, DiscordConfig(token=None), asyncio.Event())
