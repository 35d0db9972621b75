"""A local fake of Discord's REST API and gateway, owned by the test suite.

The Discord adapter runs on the real discord.py client; pointing that client at this
server (see `adapters.discord.endpoints.configure_endpoints`) proves the adapter end to
end without the internet: login, the gateway handshake, command-tree sync, interactions
arriving over the websocket, and every reply the bot makes.

Split like the fake Slack, one job a module:
- `state`: what the fake knows and remembers (accounts, guilds, synced commands,
  messages, interactions, nonces, recorded requests) and the waits tests use;
- `gateway`: the websocket (HELLO, IDENTIFY, READY, GUILD_CREATE, DISPATCH);
- `rest`: the REST API under `/api/v10` (login, tree sync, callbacks, messages, 429s);
- `payloads`: Discord's JSON shapes, interactions included.

What discord.py 2.7 needs, in order (the adapter author relies on this): `GET /users/@me`
then `GET /oauth2/applications/@me`; `Client.connect` does NOT call `/gateway/bot`, it
opens `DiscordWebSocket.DEFAULT_GATEWAY` with `?v=10&encoding=json&compress=zlib-stream`
(zstd-stream if a zstd module is present); then the gateway handshake (see `gateway`).
discord.py waits `guild_ready_timeout` (default 2 s) after the last GUILD_CREATE before
`on_ready`; tests pass a small value.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, Self

from aiohttp import web

from tests.fakes.discord import payloads
from tests.fakes.discord.gateway import Gateway, GatewaySession
from tests.fakes.discord.payloads import (
    ALL_PERMISSIONS,
    EPHEMERAL,
    LOADING,
    FakeGuild,
    FakeUser,
    Json,
    default_guild,
)
from tests.fakes.discord.rest import Rest
from tests.fakes.discord.state import (
    API_PREFIX,
    DiscordState,
    Interaction,
    RecordedFile,
    RecordedRequest,
)

__all__ = [
    "ALL_PERMISSIONS",
    "EPHEMERAL",
    "LOADING",
    "FakeDiscord",
    "FakeGuild",
    "FakeUser",
    "RecordedFile",
    "RecordedRequest",
    "default_guild",
]


class FakeDiscord(DiscordState):
    """Discord's REST API under `api_url` and its gateway at `gateway_url`, on 127.0.0.1."""

    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        application_id: int = 1_300_000_000_000_000_001,
        bot_user: FakeUser | None = None,
        guilds: Iterable[FakeGuild] | None = None,
        heartbeat_interval_ms: int = 41_250,
        compress: bool = True,
    ) -> None:
        super().__init__(
            token=token,
            application_id=application_id,
            bot_user=bot_user,
            guilds=guilds,
            heartbeat_interval_ms=heartbeat_interval_ms,
            compress=compress,
        )
        self._gateway = Gateway(self)
        self._rest = Rest(self)
        self._runner: web.AppRunner | None = None

    # lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway.handle)
        app.router.add_get(payloads.CDN_PREFIX + "/{aid}/{filename}", self._cdn)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest.handle)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        await self._gateway.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    # gateway ---------------------------------------------------------------------------

    @property
    def sessions(self) -> list[GatewaySession]:
        """Open gateway connections (each has `compression`, `sequence`, `identified`)."""
        return list(self._gateway.sessions)

    async def wait_until_identified(self, timeout: float = 15.0) -> None:
        await asyncio.wait_for(self._gateway.identified.wait(), timeout)

    async def dispatch(self, event: str, data: Json, *, everyone: bool = False) -> None:
        """Send a DISPATCH event (op 0) to the most recently identified connection, or with
        `everyone` to every identified one."""
        await self._gateway.dispatch(event, data, everyone=everyone)

    async def dispatch_text(self, text: str) -> None:
        """Send a raw text frame (a malformed one) to the most recently identified connection."""
        await self._gateway.dispatch_text(text)

    def guild_payload(self, guild: FakeGuild) -> Json:
        return payloads.guild_payload(guild, self.bot_user)

    # interactions ----------------------------------------------------------------------

    async def send_interaction(self, payload: Json, *, everyone: bool = False) -> str:
        """Fill in what Discord always sends, dispatch INTERACTION_CREATE, return the token.

        Defaults: the first guild, its text channel, its owner as the invoking member. A
        payload with `"guild_id": None` is a DM interaction (`user` instead of `member`).
        With `everyone`, every identified connection receives it (several instances).
        """
        full = payloads.full_interaction(self, payload)
        self.interactions[full["token"]] = Interaction(full)
        await self.dispatch("INTERACTION_CREATE", full, everyone=everyone)
        return str(full["token"])

    async def redeliver_interaction(self, token: str) -> None:
        """Dispatch the same interaction (same id and token) again."""
        await self.dispatch("INTERACTION_CREATE", self.interactions[token].payload)

    def callbacks(self, token: str) -> list[RecordedRequest]:
        """Every callback attempt for one interaction, rejected ones included."""
        return [r for r in self.requests if r.path.endswith(f"/{token}/callback")]

    def message_command(
        self,
        name: str,
        message: Json,
        *,
        user: FakeUser | None = None,
        guild: FakeGuild | None = None,
    ) -> Json:
        """A message context-menu invocation (Apps → `name`) on `message`."""
        return payloads.message_command(self, name, message, user=user, guild=guild)

    def user_message(self, author: FakeUser, content: str, guild: FakeGuild | None = None) -> Json:
        """A message someone posted in the guild's channel (for context menus)."""
        target = guild or self.guilds[0]
        return self.make_message(
            target.channel_id, {"content": content}, author, guild_id=target.id
        )

    def attachment(
        self, filename: str, content: bytes, content_type: str = "text/calendar"
    ) -> payloads.FakeAttachment:
        """A file to pass as an attachment option's value; downloads of it are recorded."""
        aid = self.new_id()
        url = f"http://127.0.0.1:{self.port}{payloads.CDN_PREFIX}/{aid}/{filename}"
        found = payloads.FakeAttachment(aid, filename, content, content_type, url)
        self.attachments[aid] = found
        return found

    async def _cdn(self, request: web.Request) -> web.Response:
        found = self.attachments.get(int(request.match_info["aid"]))
        self.cdn_downloads.append(request.path)
        if found is None:
            return web.Response(status=404)
        return web.Response(body=found.content, content_type=found.content_type)

    def slash_command(
        self,
        qualified_name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser | None = None,
        guild: FakeGuild | None = None,
        dm: bool = False,
    ) -> Json:
        """A type 2 interaction for e.g. `"resource search"` or `"admin roles grant"`."""
        return payloads.slash_command(self, qualified_name, options, user=user, guild=guild, dm=dm)

    def autocomplete(
        self,
        qualified_name: str,
        options: Mapping[str, Any],
        focused: str,
        *,
        user: FakeUser | None = None,
        guild: FakeGuild | None = None,
    ) -> Json:
        """A type 4 interaction: the user is typing `options[focused]`."""
        return payloads.autocomplete(self, qualified_name, options, focused, user=user, guild=guild)

    def button_click(
        self,
        custom_id: str,
        *,
        message: Json | int | None = None,
        user: FakeUser | None = None,
        guild: FakeGuild | None = None,
        component_type: int = 2,
        values: list[str] | None = None,
    ) -> Json:
        """A type 3 interaction; `message` is a stored message id, a payload, or a stub."""
        return payloads.button_click(
            self,
            custom_id,
            message=message,
            user=user,
            guild=guild,
            component_type=component_type,
            values=values,
        )

    def modal_submit(
        self,
        custom_id: str,
        fields: Mapping[str, str],
        *,
        user: FakeUser | None = None,
        guild: FakeGuild | None = None,
    ) -> Json:
        """A type 5 interaction: one action row per text input, as Discord sends them."""
        return payloads.modal_submit(self, custom_id, fields, user=user, guild=guild)
