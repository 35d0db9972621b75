"""One FakeDiscord, one app and one connected PraxisClient per test module.

Starting a client costs a login, a gateway handshake and a tree sync, so a
module shares them (tests use their own users and commands, so they do not
interfere). The app serves the real families plus the shared probe family.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy.engine import make_url

from adapters.discord.client import PraxisClient
from adapters.discord.delivery import DiscordDelivery
from adapters.discord.endpoints import configure_endpoints, restore_default_endpoints
from adapters.discord.people import DiscordPeople
from bot.root.app import App
from bot.time.clock import FakeClock
from commands import all_families
from tests import logguard
from tests.conftest import PG_URL, START, _pg_execute, build_test_app
from tests.fakes.discord import FakeDiscord, FakeGuild
from tests.fakes.probe import PROBE

GUILD_ID = 1_100_000_000_000_000_001


@dataclass
class Stack:
    fake: FakeDiscord
    app: App
    client: PraxisClient
    running: asyncio.Task[None]

    async def restart(self) -> None:
        """Close the client and connect a new one on the same app and database."""
        await self.client.close()
        await asyncio.wait_for(self.running, 15)
        self.client, self.running = await start_client(self.app, self.fake)


async def start_client(app: App, fake: FakeDiscord) -> tuple[PraxisClient, asyncio.Task[None]]:
    client = PraxisClient(app.core, guild_ids=[GUILD_ID], guild_ready_timeout=0.01, defer_after=1.0)
    await client.login(fake.token)
    app.services.delivery.register(DiscordDelivery(client, client.praxis.store))
    app.core.register_people(DiscordPeople(client))
    running = asyncio.create_task(client.connect(reconnect=False))
    await asyncio.wait_for(client.wait_until_ready(), 30)
    return client, running


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def database(
    database_template: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    if PG_URL:
        name = f"praxis_d_{uuid.uuid4().hex[:12]}"
        await _pg_execute(f'CREATE DATABASE "{name}" TEMPLATE "{database_template}"')
        url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    else:
        path = Path(tmp_path_factory.mktemp("discord")) / "praxis.db"
        shutil.copyfile(database_template, path)
        url = f"sqlite+aiosqlite:///{path}"
    logguard.LIVE.add(url)  # the log guard reads its reflections and cases after each test
    try:
        yield url
    finally:
        logguard.LIVE.discard(url)
        if PG_URL:
            await _pg_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@asynccontextmanager
async def serve_guilds(
    database: str, guilds: list[FakeGuild] | None = None
) -> AsyncIterator[Stack]:
    """An app on `database` (the real families and the probe), a FakeDiscord with
    `guilds` (its default guild when None), and a connected client; closed in order."""
    app = build_test_app(database, clock=FakeClock(START), families=[*all_families(), PROBE])
    await app.start()
    async with FakeDiscord(guilds=guilds) as fake:
        configure_endpoints(fake.api_url, fake.gateway_url)
        client, running = await start_client(app, fake)
        result = Stack(fake, app, client, running)
        try:
            yield result
        finally:
            await result.client.close()
            await asyncio.wait_for(result.running, 15)
            restore_default_endpoints()
            await app.close()


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(database: str) -> AsyncIterator[Stack]:
    async with serve_guilds(database) as running:
        yield running
