"""The Discord fake, proven with the real discord.py client.

If these pass, the adapter's end-to-end tests can trust that what the fake records is
what discord.py really sent, and that what the fake sends is what discord.py accepts.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
import pytest_asyncio
from discord import app_commands

from adapters.discord.endpoints import (
    DEFAULT_API_URL,
    configure_endpoints,
    current_endpoints,
    endpoints_from_env,
    restore_default_endpoints,
)
from tests.fakes.discord import EPHEMERAL, FakeDiscord, RecordedRequest

GUILD_ONLY = discord.Object(id=1_100_000_000_000_000_001)


class Reflection(discord.ui.Modal, title="Reflect"):
    answer: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Answer", custom_id="answer")

    def __init__(self, seen: asyncio.Queue[Any]) -> None:
        super().__init__(custom_id="reflect-modal", timeout=None)
        self.seen = seen

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.seen.put(("modal", self.answer.value, interaction.user.id))
        await interaction.response.send_message("Thanks for reflecting", ephemeral=True)


class Upvote(discord.ui.View):
    def __init__(self, seen: asyncio.Queue[Any]) -> None:
        super().__init__(timeout=None)
        self.seen = seen

    @discord.ui.button(label="Upvote", custom_id="praxis:upvote:42")
    async def upvote(self, interaction: discord.Interaction, _: discord.ui.Button[Any]) -> None:
        await self.seen.put(("button", interaction.user.id))
        await interaction.response.edit_message(content="Upvoted (1)")


class Bot(discord.Client):
    """A minimal client shaped like the adapter's: a command tree and a persistent view."""

    def __init__(self, intents: discord.Intents | None = None) -> None:
        super().__init__(intents=intents or discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.seen: asyncio.Queue[Any] = asyncio.Queue()
        self.available: asyncio.Queue[discord.Guild] = asyncio.Queue()
        resource = app_commands.Group(name="resource", description="Resources")
        admin = app_commands.Group(name="admin", description="Admin tools")
        roles = app_commands.Group(name="roles", description="Roles", parent=admin)

        @resource.command(name="search", description="Find resources")
        @app_commands.describe(words="What to look for")
        @app_commands.choices(
            kind=[
                app_commands.Choice(name="Lesson", value="lesson"),
                app_commands.Choice(name="Task", value="task"),
            ]
        )
        async def search(
            interaction: discord.Interaction,
            words: str,
            kind: app_commands.Choice[str],
            page: int = 1,
        ) -> None:
            await self.seen.put(("search", words, kind.value, page))
            await interaction.response.send_message(
                f"Results for {words} ({kind.name}), page {page}",
                ephemeral=True,
                allowed_mentions=discord.AllowedMentions.none(),
            )

        @search.autocomplete("words")
        async def suggest(_: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
            return [app_commands.Choice(name=f"{current}ctions", value=f"{current}ctions")]

        @roles.command(name="grant", description="Make someone an admin")
        async def grant(interaction: discord.Interaction, who: discord.Member) -> None:
            await self.seen.put(("grant", who.id, who.display_name))
            await interaction.response.defer(ephemeral=True)
            await interaction.edit_original_response(content=f"{who.mention} is now an admin")
            await interaction.followup.send("Logged to the audit channel", ephemeral=True)

        @app_commands.command(name="reflect", description="Answer your prompt")
        async def reflect(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Reflection(self.seen))

        command: app_commands.Group | app_commands.Command[Any, ..., None]
        for command in (resource, admin, reflect):
            self.tree.add_command(command, guild=GUILD_ONLY)

    async def setup_hook(self) -> None:
        self.add_view(Upvote(self.seen))

    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self.available.put(guild)


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        configure_endpoints(server.api_url, server.gateway_url)
        try:
            yield server
        finally:
            restore_default_endpoints()


@pytest_asyncio.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[Bot]:
    client = Bot()
    await client.login(fake.token)
    running = asyncio.create_task(client.connect(reconnect=False))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 30)
        yield client
    finally:
        await client.close()
        await asyncio.wait_for(running, 15)


async def synced(bot: Bot, fake: FakeDiscord) -> None:
    await bot.tree.sync(guild=GUILD_ONLY)
    assert fake.commands(GUILD_ONLY.id), "the tree sync should have reached the fake"


async def test_login_connects_and_sees_the_guild(bot: Bot, fake: FakeDiscord) -> None:
    guild = await asyncio.wait_for(bot.available.get(), 15)

    assert bot.user is not None and bot.user.id == fake.bot_user.id
    assert bot.application_id == fake.application_id
    assert guild.name == "Math Circle"
    assert guild.owner_id == fake.guilds[0].owner.id
    assert [c.name for c in guild.text_channels] == ["general"]
    assert guild.member_count == 4 and guild.me is not None
    assert fake.intents == discord.Intents.default().value


async def test_members_intent_caches_members_and_roles(fake: FakeDiscord) -> None:
    client = Bot(discord.Intents.default() | discord.Intents(members=True))
    await client.login(fake.token)
    running = asyncio.create_task(client.connect(reconnect=False))
    try:
        await asyncio.wait_for(client.wait_until_ready(), 30)
        guild = client.guilds[0]
        assert {m.name for m in guild.members} == {"praxis", "owner", "admin", "teacher"}
        admin = guild.get_member(fake.guilds[0].admins[0].id)
        teacher = guild.get_member(fake.guilds[0].members[0].id)
        assert admin is not None and admin.guild_permissions.administrator
        assert teacher is not None and not teacher.guild_permissions.administrator
        assert fake.intents is not None and fake.intents & discord.Intents(members=True).value
        assert [s.compression for s in fake.sessions] == ["zlib-stream"]
    finally:
        await client.close()
        await running
    assert not fake.sessions, "closing the client should close its gateway connection"


async def test_a_wrong_token_fails_login(fake: FakeDiscord) -> None:
    client = discord.Client(intents=discord.Intents.default())
    with pytest.raises(discord.LoginFailure):
        await client.login("not-the-token")
    await client.close()


async def test_tree_sync_is_recorded_with_ids(bot: Bot, fake: FakeDiscord) -> None:
    returned = await bot.tree.sync(guild=GUILD_ONLY)

    stored = fake.commands(GUILD_ONLY.id)
    assert sorted(c["name"] for c in stored) == ["admin", "reflect", "resource"]
    assert {c.id for c in returned} == {int(c["id"]) for c in stored}
    resource = next(c for c in stored if c["name"] == "resource")
    search = resource["options"][0]
    assert search["name"] == "search"
    kind = next(o for o in search["options"] if o["name"] == "kind")
    assert [c["value"] for c in kind["choices"]] == ["lesson", "task"]
    assert fake.commands() == [], "nothing was synced globally"
    assert await bot.tree.sync() == []
    assert [r.status for r in fake.requests_to("PUT", f"/applications/{fake.application_id}/")] == [
        200,
        200,
    ]


async def test_slash_command_reply_is_recorded(bot: Bot, fake: FakeDiscord) -> None:
    await synced(bot, fake)

    token = await fake.send_interaction(
        fake.slash_command("resource search", {"words": "fractions", "kind": "task", "page": 2})
    )

    assert await asyncio.wait_for(bot.seen.get(), 15) == ("search", "fractions", "task", 2)
    callback = await fake.wait_for_callback(token)
    assert callback.json["type"] == 4
    assert callback.data["content"] == "Results for fractions (Task), page 2"
    assert callback.data["flags"] == EPHEMERAL and callback.ephemeral
    assert callback.data["allowed_mentions"]["parse"] == []
    assert callback.query.get("with_response") in ("1", "true", "True")


async def test_nested_group_with_a_user_option_and_deferred_edit(
    bot: Bot, fake: FakeDiscord
) -> None:
    await synced(bot, fake)
    teacher = fake.guilds[0].members[0]

    token = await fake.send_interaction(fake.slash_command("admin roles grant", {"who": teacher}))

    assert await asyncio.wait_for(bot.seen.get(), 15) == ("grant", teacher.id, "Teacher")
    deferred = await fake.wait_for_callback(token)
    assert deferred.json["type"] == 5 and deferred.ephemeral
    edit = await fake.wait_for(lambda r: r.method == "PATCH" and token in r.path)
    assert edit.path.endswith("/messages/@original")
    assert edit.json["content"] == f"<@{teacher.id}> is now an admin"
    followup = await fake.wait_for(lambda r: r.method == "POST" and r.path.endswith(token))
    assert followup.json["content"] == "Logged to the audit channel" and followup.ephemeral


async def test_autocomplete_result_is_recorded(bot: Bot, fake: FakeDiscord) -> None:
    await synced(bot, fake)

    token = await fake.send_interaction(
        fake.autocomplete("resource search", {"words": "fra"}, focused="words")
    )

    callback = await fake.wait_for_callback(token)
    assert callback.json["type"] == 8
    assert callback.data["choices"] == [{"name": "fractions", "value": "fractions"}]


async def test_button_click_reaches_the_persistent_view(bot: Bot, fake: FakeDiscord) -> None:
    member = fake.guilds[0].members[0]

    token = await fake.send_interaction(fake.button_click("praxis:upvote:42", user=member))

    assert await asyncio.wait_for(bot.seen.get(), 15) == ("button", member.id)
    callback = await fake.wait_for_callback(token)
    assert callback.json["type"] == 7
    assert callback.data["content"] == "Upvoted (1)"
    message_id = int(fake.interactions[token].payload["message"]["id"])
    assert fake.messages[message_id]["content"] == "Upvoted (1)"


async def test_modal_opened_by_a_command_is_submitted(bot: Bot, fake: FakeDiscord) -> None:
    await synced(bot, fake)
    opened = await fake.wait_for_callback(
        await fake.send_interaction(fake.slash_command("reflect"))
    )
    assert opened.json["type"] == 9
    assert opened.data["custom_id"] == "reflect-modal"

    token = await fake.send_interaction(
        fake.modal_submit("reflect-modal", {"answer": "Students argued about 1/2 vs 2/4"})
    )

    owner = fake.guilds[0].owner
    seen = await asyncio.wait_for(bot.seen.get(), 15)
    assert seen == ("modal", "Students argued about 1/2 vs 2/4", owner.id)
    callback = await fake.wait_for_callback(token)
    assert callback.data["content"] == "Thanks for reflecting" and callback.ephemeral


async def test_a_second_acknowledgement_is_rejected(bot: Bot, fake: FakeDiscord) -> None:
    await synced(bot, fake)
    token = await fake.send_interaction(
        fake.slash_command("resource search", {"words": "ratio", "kind": "lesson"})
    )
    await fake.wait_for_callback(token)
    interaction_id = fake.interactions[token].payload["id"]
    again = discord.http.Route(
        "POST", "/interactions/{iid}/{token}/callback", iid=interaction_id, token=token
    )

    with pytest.raises(discord.HTTPException) as raised:
        await bot.http.request(again, json={"type": 4, "data": {"content": "again"}})

    assert raised.value.code == 40060
    assert [r.status for r in fake.requests_to("POST", f"/interactions/{interaction_id}")] == [
        200,
        400,
    ]


async def test_channel_message_waits_out_a_rate_limit(bot: Bot, fake: FakeDiscord) -> None:
    channel = bot.get_channel(fake.guilds[0].channel_id)
    assert isinstance(channel, discord.TextChannel)
    fake.rate_limit_next("POST", f"/channels/{channel.id}/messages", retry_after=0.2)

    loop = asyncio.get_running_loop()
    started = loop.time()
    sent = await channel.send(
        "Weekly digest", file=discord.File(io.BytesIO(b"a,b\n1,2\n"), filename="digest.csv")
    )
    waited = loop.time() - started

    attempts = fake.requests_to("POST", f"/channels/{channel.id}/messages")
    assert [a.status for a in attempts] == [429, 200]
    assert waited >= 0.2
    success: RecordedRequest = attempts[1]
    assert success.json["content"] == "Weekly digest"
    assert [(f.filename, f.size) for f in success.files] == [("digest.csv", 8)]
    assert sent.content == "Weekly digest"
    assert [a.filename for a in sent.attachments] == ["digest.csv"]


async def test_direct_message_opens_a_dm_channel(bot: Bot, fake: FakeDiscord) -> None:
    teacher = fake.guilds[0].members[0]
    user = await bot.fetch_user(teacher.id)

    await user.send("Your reflection prompt is ready")

    opened = await fake.wait_for(lambda r: r.path == "/users/@me/channels")
    assert opened.json == {"recipient_id": teacher.id}
    dm_id = fake.dm_channels[teacher.id]["id"]
    sent = await fake.wait_for(lambda r: r.path == f"/channels/{dm_id}/messages")
    assert sent.json["content"] == "Your reflection prompt is ready"


def test_endpoints_come_from_the_environment_and_are_validated() -> None:
    env = {"DISCORD_API_URL": "http://127.0.0.1:9/api/v10/", "DISCORD_GATEWAY_URL": ""}
    endpoints = endpoints_from_env(env)
    assert endpoints.api_url == "http://127.0.0.1:9/api/v10"
    assert endpoints.gateway_url == "wss://gateway.discord.gg/"
    with pytest.raises(ValueError, match="DISCORD_API_URL"):
        endpoints_from_env({"DISCORD_API_URL": "http://127.0.0.1:9/api"})
    with pytest.raises(ValueError, match="DISCORD_GATEWAY_URL"):
        configure_endpoints(None, "http://127.0.0.1:9/gateway")
    assert current_endpoints().api_url == DEFAULT_API_URL, "a rejected value changes nothing"
