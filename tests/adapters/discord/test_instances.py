"""Many instances, each command once; the tree synced only when it changed.

Two `PraxisClient`s on one PostgreSQL database, both connected to the same fake gateway
and both receiving every interaction (a rolling deploy, or two processes on one shard),
save each reflection once and answer each interaction once, with no error in any log.
The same claim makes a re-delivered interaction a no-op on one instance (any database).
The command tree is synced at start only when its hash changed, or by `praxis discord
sync`; with shards only shard 0 syncs and each connection names its shard.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import discord
import pytest
from sqlalchemy import func, select

from adapters.discord.client import PraxisClient
from adapters.discord.endpoints import configure_endpoints, restore_default_endpoints
from bot.root.app import App
from bot.root.cli import main
from commands import all_families
from storage.community import Member
from storage.reflect import Reflection
from tests.adapters.discord.conftest import GUILD_ID, start_client
from tests.conftest import PG_URL, MakeApp
from tests.fakes.discord import FakeDiscord, FakeGuild, FakeUser, default_guild
from tests.fakes.probe import PROBE

NEWBIE = FakeUser(1_200_000_000_000_000_009, "newbie")


@dataclass
class Instance:
    app: App
    client: PraxisClient
    running: asyncio.Task[None]
    claims: list[bool] = field(default_factory=list)

    def record_claims(self) -> None:
        claim: Callable[[discord.Interaction], Awaitable[bool]] = self.client.praxis.claim

        async def recording(interaction: discord.Interaction) -> bool:
            won = await claim(interaction)
            self.claims.append(won)
            return won

        self.client.praxis.claim = recording  # type: ignore[method-assign]

    async def stop(self) -> None:
        await self.client.close()
        await asyncio.wait_for(self.running, 5)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    base = default_guild()
    guild = FakeGuild(
        id=base.id,
        name=base.name,
        owner=base.owner,
        channel_id=base.channel_id,
        admin_role_id=base.admin_role_id,
        admins=base.admins,
        members=(*base.members, NEWBIE),
    )
    async with FakeDiscord(guilds=[guild]) as server:
        configure_endpoints(server.api_url, server.gateway_url)
        try:
            yield server
        finally:
            restore_default_endpoints()


async def _instance(app: App, fake: FakeDiscord) -> Instance:
    client, running = await start_client(app, fake)
    instance = Instance(app, client, running)
    instance.record_claims()
    return instance


async def _count(app: App, model: type) -> int:
    async with app.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def _wait(condition: Callable[[], bool], what: str, timeout: float = 15) -> None:
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"not within {timeout}s: {what}") from None


@pytest.mark.skipif(
    not PG_URL,
    reason="several instances share one database only on PostgreSQL "
    "(set PRAXIS_TEST_DATABASE_URL); SQLite is one instance's file",
)
async def test_two_instances_on_one_database_answer_each_interaction_once(
    make_app: MakeApp, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    teacher = default_guild().members[0]
    first = await _instance(await make_app(), fake)
    second = await _instance(await make_app(), fake)
    assert len(fake.sessions) == 2
    try:
        tokens = []
        for i in range(10):
            payload = fake.slash_command(
                "reflect answer", {"text": f"Reflection {i}: wait time helped"}, user=teacher
            )
            tokens.append(await fake.send_interaction(payload, everyone=True))
        # Both instances heard every interaction and decided whether it was theirs.
        await _wait(lambda: len(first.claims) == len(second.claims) == 10, "both claimed")
        for token in tokens:
            await fake.wait_for_callback(token)
        assert first.claims.count(True) + second.claims.count(True) == 10
        assert await _count(first.app, Reflection) == 10
        for token in tokens:
            attempts = fake.callbacks(token)
            assert [r.status for r in attempts] == [200], "answered once, never refused"
            assert "Saved" in str(attempts[0].data)
        assert await _count(first.app, Member) == 1
    finally:
        await first.stop()
        await second.stop()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, "\n".join(r.getMessage() for r in errors)


async def test_an_interaction_delivered_twice_is_answered_once(
    make_app: MakeApp, fake: FakeDiscord
) -> None:
    one = await _instance(await make_app(), fake)
    try:
        token = await fake.send_interaction(
            fake.slash_command("reflect answer", {"text": "Once, please"})
        )
        await fake.wait_for_callback(token)
        await fake.redeliver_interaction(token)
        await _wait(lambda: len(one.claims) == 2, "the copy was looked at")
        assert one.claims == [True, False]
        assert len(fake.callbacks(token)) == 1
        assert await _count(one.app, Reflection) == 1
    finally:
        await one.stop()


async def test_the_tree_is_synced_only_when_it_changed(
    make_app: MakeApp, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch, database_url: str
) -> None:
    path = f"/applications/{fake.application_id}/guilds/{GUILD_ID}/commands"

    def syncs() -> int:
        return len(fake.requests_to("PUT", path))

    app = await make_app()
    one = await _instance(app, fake)
    await one.stop()
    assert syncs() == 1
    again = await _instance(await make_app(), fake)  # a restart, or a second instance
    await again.stop()
    assert syncs() == 1, "the same tree is not synced again"
    changed = await _instance(await make_app(families=[*all_families(), PROBE]), fake)
    await changed.stop()
    assert syncs() == 2, "a command was added: synced"
    assert any(c["name"] == PROBE.name for c in fake.commands(GUILD_ID))

    # `praxis discord sync` pushes it whatever the hash says.
    monkeypatch.setenv("PRAXIS_DATABASE_URL", database_url)
    monkeypatch.setenv("DISCORD_TOKEN", fake.token)
    monkeypatch.setenv("DISCORD_API_URL", fake.api_url)
    monkeypatch.setenv("DISCORD_GUILD_IDS", str(GUILD_ID))
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        assert await asyncio.to_thread(main, ["discord", "sync"]) == 0
    finally:  # the CLI configures logging for a process of its own
        root.handlers[:], root.level = handlers, level
    assert syncs() == 3
    assert not any(c["name"] == PROBE.name for c in fake.commands(GUILD_ID)), "the served tree"


async def test_each_shard_names_itself_and_only_shard_zero_syncs(
    make_app: MakeApp, fake: FakeDiscord
) -> None:
    app = await make_app()
    clients = []
    for shard in (0, 1):
        client = PraxisClient(
            app.core, guild_ids=[GUILD_ID], guild_ready_timeout=0.01, shard_id=shard, shard_count=2
        )
        await client.login(fake.token)
        clients.append((client, asyncio.create_task(client.connect(reconnect=False))))
    try:
        await _wait(lambda: len(fake.identifies) == 2, "both shards identified")
        assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]
        path = f"/applications/{fake.application_id}/guilds/{GUILD_ID}/commands"
        assert len(fake.requests_to("PUT", path)) == 1
    finally:
        for client, running in clients:
            await client.close()
            await asyncio.wait_for(running, 5)


async def test_save_as_resource_on_a_message_opens_the_share_form_prefilled(
    make_app: MakeApp, fake: FakeDiscord
) -> None:
    one = await _instance(await make_app(), fake)
    try:
        teacher = default_guild().members[0]
        message = fake.user_message(teacher, "Try this number talk: 18 x 5")
        token = await fake.send_interaction(fake.message_command("Save as resource", message))
        callback = await fake.wait_for_callback(token)
        assert callback.json["type"] == 9, "a modal"
        inputs = {
            c["custom_id"]: c.get("value")
            for row in callback.data["components"]
            for c in row["components"]
        }
        jump = f"https://discord.com/channels/{GUILD_ID}/{message['channel_id']}/{message['id']}"
        assert inputs["url"] == jump
        assert inputs["description"] == "Try this number talk: 18 x 5"
        assert set(inputs) == {"url", "title", "type", "grade", "description"}
    finally:
        await one.stop()


async def test_a_member_named_by_a_user_option_gets_a_role_before_speaking(
    make_app: MakeApp, fake: FakeDiscord
) -> None:
    one = await _instance(await make_app(), fake)
    try:
        owner = default_guild().owner
        token = await fake.send_interaction(
            fake.slash_command(
                "praxis role",
                {"action": "grant", "user": NEWBIE, "role": "facilitator"},
                user=owner,
            )
        )
        callback = await fake.wait_for_callback(token)
        assert "Newbie is now a facilitator" in str(callback.data), callback.data
        home = await fake.send_interaction(fake.slash_command("praxis home", {}, user=owner))
        shown = str((await fake.wait_for_callback(home)).data)
        assert "Your open prompt" in shown and "Saved resources" in shown
    finally:
        await one.stop()
