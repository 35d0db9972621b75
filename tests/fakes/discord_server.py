"""A local fake of Discord's REST API and gateway, owned by the test suite.

The Discord adapter runs on the real discord.py client; pointing that client at this
server (see `adapters.discord.endpoints.configure_endpoints`) proves the adapter end to
end without the internet: login, the gateway handshake, command-tree sync, interactions
arriving over the websocket, and every reply the bot makes. Every REST request is
recorded, rejected ones included, because "we were rate limited and retried" is itself
behaviour worth asserting on.

What discord.py 2.7 needs, in order (the adapter author relies on this):

1. `GET /users/@me` (the bot user; 401 here means a bad token -> `LoginFailure`), then
   `GET /oauth2/applications/@me` (`id`, `name`, `description`, `icon`, `bot_public`,
   `bot_require_code_grant`, `owner`, `verify_key`, `flags`). `Client.connect` does NOT
   call `/gateway/bot`; it opens `DiscordWebSocket.DEFAULT_GATEWAY` with
   `?v=10&encoding=json&compress=zlib-stream` (zstd-stream if a zstd module is present).
2. Gateway: server sends HELLO (op 10, `heartbeat_interval` ms); client heartbeats at once
   (op 1, answered by op 11) and sends IDENTIFY (op 2: token, intents, properties); server
   sends READY (`user`, `application` {id, flags}, `guilds` as unavailable stubs,
   `session_id`, `resume_gateway_url`) then one GUILD_CREATE per guild with
   `unavailable: false`. discord.py waits `guild_ready_timeout` (default 2 s) after the
   last GUILD_CREATE before `on_ready`; tests pass a small value. Guilds are sent with
   `member_count == len(members)`, so they count as chunked; if the client asks anyway
   (op 8) it gets one GUILD_MEMBERS_CHUNK.
3. Binary frames are zlib-stream compressed when asked (one stream per connection, each
   message ending in Z_SYNC_FLUSH), as Discord does; with zstd-stream the fake sends text
   frames, which discord.py also accepts (it decompresses only binary frames).
4. Interaction callbacks are sent with `?with_response=1` and the answer is parsed:
   `{"interaction": {"id", "type", "response_message_id", "response_message_loading",
   "response_message_ephemeral"}, "resource": {"type", "message"?}}`.
5. A 429 is retried only if it carries a `Via` header (otherwise discord.py assumes a
   Cloudflare ban and raises) and a JSON body with `retry_after`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
import zlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from aiohttp import BodyPartReader, WSMsgType, web

from tests.fakes.discord_limits import choices_violations, message_violations, modal_violations

Json = dict[str, Any]

API_PREFIX = "/api/v10"
EPHEMERAL = 64
LOADING = 128
NONCE_WINDOW = 300.0  # seconds Discord remembers an enforced nonce ("a few minutes")
ADMINISTRATOR = 1 << 3
EVERYONE_PERMISSIONS = (
    (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 31)  # use application commands
)
ALL_PERMISSIONS = (1 << 51) - 1

# Option types, used when a slash-command option's type cannot be read from the synced tree.
_OPTION_TYPE_BY_PYTHON = {bool: 5, int: 4, float: 10, str: 3}
_SUB_COMMAND, _SUB_COMMAND_GROUP, _USER_OPTION = 1, 2, 6


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class FakeUser:
    """A Discord account the fake knows; `bot=True` for the bot itself."""

    id: int
    username: str
    bot: bool = False

    def payload(self) -> Json:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": None if self.bot else self.username.title(),
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass(frozen=True)
class FakeGuild:
    """A guild (a Praxis community): its owner, admins (Admin role) and plain members."""

    id: int
    name: str
    owner: FakeUser
    channel_id: int
    channel_name: str = "general"
    admin_role_id: int | None = None
    admins: tuple[FakeUser, ...] = ()
    members: tuple[FakeUser, ...] = ()

    @property
    def everyone_role_id(self) -> int:
        return self.id

    def humans(self) -> tuple[FakeUser, ...]:
        return (self.owner, *self.admins, *self.members)

    def role_ids_of(self, user: FakeUser) -> list[str]:
        if user in self.admins and self.admin_role_id is not None:
            return [str(self.admin_role_id)]
        return []

    def permissions_of(self, user: FakeUser) -> int:
        if user == self.owner:
            return ALL_PERMISSIONS
        if user in self.admins:
            return EVERYONE_PERMISSIONS | ADMINISTRATOR
        return EVERYONE_PERMISSIONS

    def channel_payload(self) -> Json:
        return {
            "id": str(self.channel_id),
            "type": 0,
            "guild_id": str(self.id),
            "name": self.channel_name,
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def roles_payload(self) -> list[Json]:
        roles = [_role(self.everyone_role_id, "@everyone", EVERYONE_PERMISSIONS, 0)]
        if self.admin_role_id is not None:
            roles.append(_role(self.admin_role_id, "Admin", ADMINISTRATOR, 1))
        return roles

    def member_payload(self, user: FakeUser, *, with_permissions: bool = False) -> Json:
        member: Json = {
            "user": user.payload(),
            "roles": self.role_ids_of(user),
            "joined_at": "2024-09-01T12:00:00+00:00",
            "nick": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }
        if with_permissions:
            member["permissions"] = str(self.permissions_of(user))
        return member


def _role(role_id: int, name: str, permissions: int, position: int) -> Json:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


@dataclass(frozen=True)
class RecordedFile:
    """A file from a multipart request (`files[n]` parts)."""

    field: str
    filename: str | None
    size: int
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    """One REST request the fake received and what it answered.

    `path` is relative to the API base (`/channels/1/messages`); `json` is the JSON body,
    or the parsed `payload_json` part of a multipart body.
    """

    method: str
    path: str
    query: dict[str, str]
    json: Any
    headers: dict[str, str]
    files: list[RecordedFile] = field(default_factory=list)
    status: int = 0
    response: Any = None

    @property
    def data(self) -> Json:
        """The message body of an interaction callback (`json["data"]`), else the JSON."""
        body = self.json if isinstance(self.json, dict) else {}
        inner = body.get("data")
        return inner if isinstance(inner, dict) else body

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags") or 0) & EPHEMERAL)


@dataclass
class _RateLimit:
    method: str
    path_prefix: str
    retry_after: float
    is_global: bool


@dataclass
class _Interaction:
    payload: Json
    responded: bool = False
    original_message_id: int | None = None


class _GatewaySession:
    """One websocket connection: sequence numbers and the connection's zlib stream."""

    def __init__(self, ws: web.WebSocketResponse, compression: str | None) -> None:
        self.ws = ws
        self.compression = compression
        self.sequence = 0
        self.identified = False
        self._deflate = zlib.compressobj() if compression == "zlib-stream" else None
        self._lock = asyncio.Lock()

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        async with self._lock:
            seq = None
            if op == 0:
                self.sequence += 1
                seq = self.sequence
            await self._write(json.dumps({"op": op, "d": data, "s": seq, "t": event}))

    async def send_text(self, text: str) -> None:
        """One frame as is (a malformed one, in robustness tests), compressed like the rest."""
        async with self._lock:
            await self._write(text)

    async def _write(self, text: str) -> None:
        if self._deflate is None:
            await self.ws.send_str(text)
        else:
            body = self._deflate.compress(text.encode()) + self._deflate.flush(zlib.Z_SYNC_FLUSH)
            await self.ws.send_bytes(body)


_Handler = Callable[[RecordedRequest, "re.Match[str]"], Awaitable[tuple[int, Any]]]


class FakeDiscord:
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
        self.token = token
        self.application_id = application_id
        self.bot_user = bot_user or FakeUser(1_300_000_000_000_000_002, "praxis", bot=True)
        self.guilds: list[FakeGuild] = list(guilds) if guilds is not None else [default_guild()]
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.compress = compress
        self.requests: list[RecordedRequest] = []
        self.identifies: list[Json] = []
        self.gateway_received: list[Json] = []
        self.global_commands: list[Json] = []
        self.guild_commands: dict[int, list[Json]] = {}
        self.messages: dict[int, Json] = {}
        # (author id, nonce) -> (monotonic time, message id): Discord's enforce_nonce memory
        self.nonces: dict[tuple[int, str], tuple[float, int]] = {}
        self.dm_channels: dict[int, Json] = {}
        self.interactions: dict[str, _Interaction] = {}
        self._ids = itertools.count(1_400_000_000_000_000_001)
        self._rate_limits: list[_RateLimit] = []
        self.broken_hellos = 0  # the next connections that get a HELLO without an interval
        # Bodies refused for breaking a limit: (method, path, what was wrong).
        self.refused: list[tuple[str, str, list[str]]] = []
        self._waiters: list[tuple[Callable[[RecordedRequest], bool], asyncio.Future[Any]]] = []
        self._sessions: list[_GatewaySession] = []
        self._identified = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._routes: list[tuple[str, re.Pattern[str], _Handler]] = self._route_table()

    # lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for session in list(self._sessions):
            await session.ws.close(code=1000)
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

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/gateway"

    @property
    def sessions(self) -> list[_GatewaySession]:
        """Open gateway connections (each has `compression`, `sequence`, `identified`)."""
        return list(self._sessions)

    @property
    def intents(self) -> int | None:
        """The intents of the latest IDENTIFY, or None before any."""
        return self.identifies[-1].get("intents") if self.identifies else None

    def new_id(self) -> int:
        return next(self._ids)

    # test controls -----------------------------------------------------------------------

    def rate_limit_next(
        self, method: str, path_prefix: str, retry_after: float = 0.3, *, is_global: bool = False
    ) -> None:
        """Answer the next `method` request whose path starts with `path_prefix` with a 429."""
        self._rate_limits.append(_RateLimit(method.upper(), path_prefix, retry_after, is_global))

    async def wait_for(
        self, predicate: Callable[[RecordedRequest], bool], timeout: float = 5.0
    ) -> RecordedRequest:
        """The first recorded request matching `predicate`, waiting for it if needed."""
        for request in self.requests:
            if predicate(request):
                return request
        future: asyncio.Future[RecordedRequest] = asyncio.get_running_loop().create_future()
        waiter = (predicate, future)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(future, timeout)
        except TimeoutError:
            seen = ", ".join(f"{r.method} {r.path} -> {r.status}" for r in self.requests)
            raise AssertionError(f"no matching request within {timeout}s; saw: {seen}") from None
        finally:
            self._waiters.remove(waiter)

    async def wait_for_callback(self, token: str, timeout: float = 5.0) -> RecordedRequest:
        """The successful interaction callback for the interaction with this token."""
        return await self.wait_for(
            lambda r: r.path.endswith(f"/{token}/callback") and r.status < 300, timeout
        )

    async def wait_until_identified(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._identified.wait(), timeout)

    def requests_to(self, method: str, path_prefix: str) -> list[RecordedRequest]:
        return [
            r
            for r in self.requests
            if r.method == method.upper() and r.path.startswith(path_prefix)
        ]

    def commands(self, guild_id: int | None = None) -> list[Json]:
        """The synced command tree: global when `guild_id` is None."""
        if guild_id is None:
            return self.global_commands
        return self.guild_commands.get(guild_id, [])

    # gateway -----------------------------------------------------------------------------

    async def dispatch(self, event: str, data: Json) -> None:
        """Send a DISPATCH event (op 0) to the most recently identified connection."""
        sessions = [s for s in self._sessions if s.identified and not s.ws.closed]
        if not sessions:
            raise RuntimeError("no identified gateway connection to dispatch to")
        await sessions[-1].send(0, data, event)

    async def dispatch_text(self, text: str) -> None:
        """Send a raw text frame to the most recently identified connection."""
        sessions = [s for s in self._sessions if s.identified and not s.ws.closed]
        if not sessions:
            raise RuntimeError("no identified gateway connection to send to")
        await sessions[-1].send_text(text)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        wanted = request.query.get("compress")
        session = _GatewaySession(ws, wanted if self.compress else None)
        self._sessions.append(session)
        try:
            if self.broken_hellos > 0:  # a HELLO the client cannot use (robustness tests)
                self.broken_hellos -= 1
                await session.send(10, {})
            else:
                await session.send(10, {"heartbeat_interval": self.heartbeat_interval_ms})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(message.data)
                self.gateway_received.append(frame)
                await self._on_gateway_frame(session, frame)
        finally:
            self._sessions.remove(session)
        return ws

    async def _on_gateway_frame(self, session: _GatewaySession, frame: Json) -> None:
        op, data = frame.get("op"), frame.get("d") or {}
        if op == 1:
            await session.send(11, None)
        elif op == 2:
            await self._identify(session, data)
        elif op == 6:
            session.identified = True
            await session.send(0, {}, "RESUMED")
        elif op == 8:
            await self._members_chunk(session, data)

    async def _identify(self, session: _GatewaySession, data: Json) -> None:
        self.identifies.append(data)
        if data.get("token") != self.token:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        session.identified = True
        ready = {
            "v": 10,
            "user": self.bot_user.payload(),
            "application": {"id": str(self.application_id), "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in self.guilds],
            "session_id": f"fake-session-{self.new_id()}",
            "resume_gateway_url": self.gateway_url,
            "private_channels": [],
            "relationships": [],
        }
        await session.send(0, ready, "READY")
        for guild in self.guilds:
            await session.send(0, self.guild_payload(guild), "GUILD_CREATE")
        self._identified.set()

    async def _members_chunk(self, session: _GatewaySession, data: Json) -> None:
        guild = self._guild(int(data["guild_id"]))
        members = [guild.member_payload(u) for u in (self.bot_user, *guild.humans())]
        chunk = {
            "guild_id": str(guild.id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "nonce": data.get("nonce"),
        }
        await session.send(0, chunk, "GUILD_MEMBERS_CHUNK")

    def guild_payload(self, guild: FakeGuild) -> Json:
        members = [guild.member_payload(u) for u in (self.bot_user, *guild.humans())]
        return {
            "id": str(guild.id),
            "name": guild.name,
            "owner_id": str(guild.owner.id),
            "unavailable": False,
            "large": False,
            "member_count": len(members),
            "roles": guild.roles_payload(),
            "channels": [guild.channel_payload()],
            "members": members,
            "threads": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "joined_at": "2024-09-01T12:00:00+00:00",
            "preferred_locale": "en-US",
            "verification_level": 0,
            "default_message_notifications": 0,
            "premium_tier": 0,
            "system_channel_id": str(guild.channel_id),
        }

    # interactions --------------------------------------------------------------------

    async def send_interaction(self, payload: Json) -> str:
        """Fill in what Discord always sends, dispatch INTERACTION_CREATE, return the token.

        Defaults: the first guild, its text channel, its owner as the invoking member. A
        payload with `"guild_id": None` is a DM interaction (`user` instead of `member`).
        """
        guild = self._guild(int(payload["guild_id"])) if payload.get("guild_id") else None
        in_dm = "guild_id" in payload and payload["guild_id"] is None
        guild = None if in_dm else (guild or self.guilds[0])
        full: Json = {
            "id": str(self.new_id()),
            "application_id": str(self.application_id),
            "token": f"fake-interaction-token-{self.new_id()}",
            "version": 1,
            "locale": "en-US",
            "app_permissions": str(ALL_PERMISSIONS),
            "attachment_size_limit": 25 * 1024 * 1024,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild.id) if guild else "0"},
            "context": 1 if in_dm else 0,
            **payload,
        }
        if guild is not None:
            full["guild_id"] = str(guild.id)
            full.setdefault("guild_locale", "en-US")
            full.setdefault("guild", {"id": str(guild.id), "locale": "en-US", "features": []})
            full.setdefault("channel", guild.channel_payload())
            full.setdefault("member", guild.member_payload(guild.owner, with_permissions=True))
        else:
            full.pop("guild_id", None)
            user = full.setdefault("user", self.guilds[0].owner.payload())
            full.setdefault("channel", self._dm_channel(int(user["id"])))
        full.setdefault("channel_id", full["channel"]["id"])
        self.interactions[full["token"]] = _Interaction(full)
        await self.dispatch("INTERACTION_CREATE", full)
        return str(full["token"])

    def slash_command(
        self,
        qualified_name: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser | None = None,
        guild: FakeGuild | None = None,
        dm: bool = False,
    ) -> Json:
        """A type 2 interaction for e.g. `"resource search"` or `"admin roles grant"`.

        Option types come from the synced tree when the command is registered, else from
        the Python values (`FakeUser` -> user option, resolved into `data.resolved`).
        """
        data = self._command_data(qualified_name, options or {}, guild, dm, focused=None)
        return self._invocation(2, data, user, guild, dm)

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
        data = self._command_data(qualified_name, options, guild, False, focused=focused)
        return self._invocation(4, data, user, guild, False)

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
        data: Json = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        payload = self._invocation(3, data, user, guild, False)
        payload["message"] = self._component_message(custom_id, message, guild)
        return payload

    def modal_submit(
        self,
        custom_id: str,
        fields: Mapping[str, str],
        *,
        user: FakeUser | None = None,
        guild: FakeGuild | None = None,
    ) -> Json:
        """A type 5 interaction: one action row per text input, as Discord sends them."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in fields.items()
        ]
        data = {"custom_id": custom_id, "components": rows}
        return self._invocation(5, data, user, guild, False)

    def _invocation(
        self, kind: int, data: Json, user: FakeUser | None, guild: FakeGuild | None, dm: bool
    ) -> Json:
        payload: Json = {"type": kind, "data": data}
        if dm:
            payload["guild_id"] = None
            payload["user"] = (user or self.guilds[0].owner).payload()
            return payload
        target = guild or self.guilds[0]
        payload["guild_id"] = str(target.id)
        payload["member"] = target.member_payload(user or target.owner, with_permissions=True)
        return payload

    def _command_data(
        self,
        qualified_name: str,
        options: Mapping[str, Any],
        guild: FakeGuild | None,
        dm: bool,
        focused: str | None,
    ) -> Json:
        names = qualified_name.split()
        target = None if dm else (guild or self.guilds[0])
        registered, guild_scoped = self._registered(names[0], target)
        spec = registered
        for name in names[1:]:
            spec = _child(spec, name)
        resolved: Json = {}
        leaf = [
            self._option(name, value, _child(spec, name), target, resolved, name == focused)
            for name, value in options.items()
        ]
        for depth in range(len(names) - 1, 0, -1):
            kind = _SUB_COMMAND if depth == len(names) - 1 else _SUB_COMMAND_GROUP
            leaf = [{"name": names[depth], "type": kind, "options": leaf}]
        data: Json = {
            "id": registered["id"] if registered else str(self.new_id()),
            "name": names[0],
            "type": 1,
            "options": leaf,
        }
        if guild_scoped and target is not None:
            data["guild_id"] = str(target.id)
        if resolved:
            data["resolved"] = resolved
        return data

    def _option(
        self,
        name: str,
        value: Any,
        spec: Json | None,
        guild: FakeGuild | None,
        resolved: Json,
        focused: bool,
    ) -> Json:
        if spec is not None:
            kind = int(spec["type"])
        elif isinstance(value, FakeUser):
            kind = _USER_OPTION
        else:
            kind = _OPTION_TYPE_BY_PYTHON.get(type(value), 3)
        if isinstance(value, FakeUser):
            resolved.setdefault("users", {})[str(value.id)] = value.payload()
            if guild is not None:
                member = guild.member_payload(value, with_permissions=True)
                member.pop("user")
                resolved.setdefault("members", {})[str(value.id)] = member
            value = str(value.id)
        option: Json = {"name": name, "type": kind, "value": value}
        if focused:
            option["focused"] = True
        return option

    def _registered(self, name: str, guild: FakeGuild | None) -> tuple[Json | None, bool]:
        if guild is not None:
            for command in self.guild_commands.get(guild.id, []):
                if command["name"] == name:
                    return command, True
        for command in self.global_commands:
            if command["name"] == name:
                return command, False
        return None, False

    def _component_message(
        self, custom_id: str, message: Json | int | None, guild: FakeGuild | None
    ) -> Json:
        if isinstance(message, dict):
            return message
        if isinstance(message, int):
            return self.messages[message]
        target = guild or self.guilds[0]
        button = {"type": 2, "style": 1, "label": custom_id, "custom_id": custom_id}
        body = {"content": "", "components": [{"type": 1, "components": [button]}]}
        return self._make_message(target.channel_id, body, self.bot_user, guild_id=target.id)

    # REST -----------------------------------------------------------------------------

    def _route_table(self) -> list[tuple[str, re.Pattern[str], _Handler]]:
        app, guild = r"/applications/(?P<app>\d+)", r"/guilds/(?P<guild>\d+)"
        hook = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"
        hook_message = hook + r"/messages/(?P<mid>@original|\d+)"
        channel_message = r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)"
        table: list[tuple[str, str, _Handler]] = [
            ("GET", r"/users/@me", self._get_me),
            ("GET", r"/oauth2/applications/@me", self._get_application),
            ("GET", r"/applications/@me", self._get_application),
            ("GET", r"/gateway/bot", self._get_gateway_bot),
            ("GET", r"/gateway", self._get_gateway),
            ("GET", r"/users/(?P<user_id>\d+)", self._get_user),
            ("POST", r"/users/@me/channels", self._create_dm),
            ("PUT", app + r"/commands", self._put_commands),
            ("GET", app + r"/commands", self._get_commands),
            ("PUT", app + guild + r"/commands", self._put_commands),
            ("GET", app + guild + r"/commands", self._get_commands),
            ("POST", r"/interactions/(?P<iid>\d+)/(?P<token>[^/]+)/callback", self._callback),
            ("POST", hook, self._followup),
            ("GET", hook_message, self._get_webhook_message),
            ("PATCH", hook_message, self._edit_webhook_message),
            ("DELETE", hook_message, self._delete_webhook_message),
            ("GET", r"/channels/(?P<cid>\d+)", self._get_channel),
            ("POST", r"/channels/(?P<cid>\d+)/messages", self._post_message),
            ("PATCH", channel_message, self._edit_message),
            ("DELETE", channel_message, self._delete_message),
        ]
        return [(method, re.compile(pattern + "$"), handler) for method, pattern, handler in table]

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        recorded = RecordedRequest(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=None,
            headers=dict(request.headers),
        )
        await _read_body(request, recorded)
        status, body, headers = await self._answer(recorded)
        recorded.status, recorded.response = status, body
        self._record(recorded)
        if status == 204:
            return web.Response(status=204, headers=headers)
        # discord.py parses JSON only when Content-Type is exactly `application/json`.
        headers = {**headers, "Content-Type": "application/json"}
        return web.Response(body=json.dumps(body).encode(), status=status, headers=headers)

    async def _answer(self, recorded: RecordedRequest) -> tuple[int, Any, dict[str, str]]:
        limit = self._take_rate_limit(recorded)
        if limit is not None:
            return 429, *_rate_limited(limit)
        if not self._authorised(recorded):
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        problems = _limit_problems(recorded)
        if problems:  # as Discord: the whole message is refused and nothing is shown
            self.refused.append((recorded.method, recorded.path, problems))
            return 400, {"message": "Invalid Form Body", "code": 50035, "errors": problems}, {}
        for method, pattern, handler in self._routes:
            match = pattern.match(recorded.path)
            if match and method == recorded.method:
                status, body = await handler(recorded, match)
                return status, body, {}
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _authorised(self, recorded: RecordedRequest) -> bool:
        # Webhook and interaction-callback routes are authorised by their token in the path.
        if recorded.path.startswith(("/webhooks/", "/interactions/")):
            return True
        return recorded.headers.get("Authorization") == f"Bot {self.token}"

    def _take_rate_limit(self, recorded: RecordedRequest) -> _RateLimit | None:
        for limit in self._rate_limits:
            if limit.method == recorded.method and recorded.path.startswith(limit.path_prefix):
                self._rate_limits.remove(limit)
                return limit
        return None

    def _record(self, recorded: RecordedRequest) -> None:
        self.requests.append(recorded)
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(recorded):
                future.set_result(recorded)

    async def _get_me(self, _: RecordedRequest, __: re.Match[str]) -> tuple[int, Any]:
        return 200, self.bot_user.payload()

    async def _get_application(self, _: RecordedRequest, __: re.Match[str]) -> tuple[int, Any]:
        owner = self.guilds[0].owner if self.guilds else self.bot_user
        return 200, {
            "id": str(self.application_id),
            "name": self.bot_user.username,
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": owner.payload(),
            "verify_key": "0" * 64,
            "flags": 0,
            "bot": self.bot_user.payload(),
        }

    async def _get_gateway_bot(self, _: RecordedRequest, __: re.Match[str]) -> tuple[int, Any]:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}

    async def _get_gateway(self, _: RecordedRequest, __: re.Match[str]) -> tuple[int, Any]:
        return 200, {"url": self.gateway_url}

    async def _get_user(self, _: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        user = self._user(int(match["user_id"]))
        if user is None:
            return 404, {"message": "Unknown User", "code": 10013}
        return 200, user.payload()

    async def _create_dm(self, recorded: RecordedRequest, _: re.Match[str]) -> tuple[int, Any]:
        return 200, self._dm_channel(int(recorded.json["recipient_id"]))

    async def _put_commands(
        self, recorded: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        guild_id = int(match["guild"]) if "guild" in match.groupdict() else None
        commands = [self._with_ids(command, guild_id) for command in recorded.json]
        if guild_id is None:
            self.global_commands = commands
        else:
            self.guild_commands[guild_id] = commands
        return 200, commands

    async def _get_commands(self, _: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        guild_id = int(match["guild"]) if "guild" in match.groupdict() else None
        return 200, self.commands(guild_id)

    def _with_ids(self, command: Json, guild_id: int | None) -> Json:
        stored = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **command,
            "id": str(self.new_id()),
            "application_id": str(self.application_id),
            "version": str(self.new_id()),
        }
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        return stored

    async def _callback(self, recorded: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        interaction = self.interactions.get(match["token"])
        if interaction is None or interaction.payload["id"] != match["iid"]:
            return 404, {"message": "Unknown interaction", "code": 10062}
        if interaction.responded:
            return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
        interaction.responded = True
        kind = int(recorded.json["type"])
        body = recorded.json.get("data") or {}
        flags = int(body.get("flags") or 0)
        resource: Json = {"type": kind}
        message: Json | None = None
        if kind in (4, 5):
            if kind == 5:
                body, flags = {"content": "", "flags": flags | LOADING}, flags | LOADING
            message = self._reply_message(interaction, body, recorded.files)
        elif kind in (6, 7) and "message" in interaction.payload:
            message = self._stored(interaction.payload["message"])
            if kind == 7:
                message.update(_message_fields(body, recorded.files, self))
                message["edited_timestamp"] = _now_iso()
        if message is not None:
            interaction.original_message_id = int(message["id"])
            if kind != 5:
                resource["message"] = message
        response = {
            "interaction": {
                "id": interaction.payload["id"],
                "type": interaction.payload["type"],
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(flags & EPHEMERAL),
            },
            "resource": resource,
        }
        return 200, response

    def _reply_message(
        self, interaction: _Interaction, body: Json, files: list[RecordedFile]
    ) -> Json:
        payload = interaction.payload
        message = self._make_message(
            int(payload["channel_id"]),
            body,
            self.bot_user,
            guild_id=int(payload["guild_id"]) if payload.get("guild_id") else None,
            files=files,
        )
        message.update(
            type=20 if payload["type"] == 2 else 0,
            webhook_id=str(self.application_id),
            application_id=str(self.application_id),
        )
        return message

    async def _followup(self, recorded: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        interaction = self.interactions.get(match["token"])
        if interaction is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        message = self._reply_message(interaction, recorded.json or {}, recorded.files)
        if interaction.original_message_id is None:
            interaction.original_message_id = int(message["id"])
        return 200, message

    def _webhook_target(self, match: re.Match[str]) -> Json | None:
        interaction = self.interactions.get(match["token"])
        if interaction is None:
            return None
        if match["mid"] == "@original":
            mid = interaction.original_message_id
            return None if mid is None else self.messages.get(mid)
        return self.messages.get(int(match["mid"]))

    async def _get_webhook_message(
        self, _: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        message = self._webhook_target(match)
        return (200, message) if message else (404, {"message": "Unknown Message", "code": 10008})

    async def _edit_webhook_message(
        self, recorded: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        message = self._webhook_target(match)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        message.update(_message_fields(recorded.json or {}, recorded.files, self))
        message["flags"] = int(message.get("flags") or 0) & ~LOADING
        message["edited_timestamp"] = _now_iso()
        return 200, message

    async def _delete_webhook_message(
        self, _: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        message = self._webhook_target(match)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        self.messages.pop(int(message["id"]))
        return 204, None

    async def _get_channel(self, _: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        channel = self._channel(int(match["cid"]))
        return (200, channel) if channel else (404, {"message": "Unknown Channel", "code": 10003})

    async def _post_message(
        self, recorded: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        channel = self._channel(int(match["cid"]))
        if channel is None:
            return 404, {"message": "Unknown Channel", "code": 10003}
        guild_id = int(channel["guild_id"]) if "guild_id" in channel else None
        body = recorded.json or {}
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            # As Discord: the same nonce from the same author within a few minutes returns
            # the message it created then, and creates none.
            seen = self.nonces.get((self.bot_user.id, str(nonce)))
            if seen is not None and time.monotonic() - seen[0] < NONCE_WINDOW:
                existing = self.messages.get(seen[1])
                if existing is not None:
                    return 200, existing
        message = self._make_message(
            int(channel["id"]), body, self.bot_user, guild_id=guild_id, files=recorded.files
        )
        if nonce is not None:
            message["nonce"] = str(nonce)
            self.nonces[(self.bot_user.id, str(nonce))] = (time.monotonic(), int(message["id"]))
        return 200, message

    async def _edit_message(
        self, recorded: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        message = self.messages.get(int(match["mid"]))
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        message.update(_message_fields(recorded.json or {}, recorded.files, self))
        message["edited_timestamp"] = _now_iso()
        return 200, message

    async def _delete_message(self, _: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        if self.messages.pop(int(match["mid"]), None) is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 204, None

    # state helpers ----------------------------------------------------------------------

    def _guild(self, guild_id: int) -> FakeGuild:
        for guild in self.guilds:
            if guild.id == guild_id:
                return guild
        raise KeyError(f"the fake has no guild {guild_id}")

    def _user(self, user_id: int) -> FakeUser | None:
        people = [self.bot_user, *(u for g in self.guilds for u in g.humans())]
        return next((u for u in people if u.id == user_id), None)

    def _channel(self, channel_id: int) -> Json | None:
        for guild in self.guilds:
            if guild.channel_id == channel_id:
                return guild.channel_payload()
        return next((c for c in self.dm_channels.values() if int(c["id"]) == channel_id), None)

    def _dm_channel(self, user_id: int) -> Json:
        if user_id not in self.dm_channels:
            user = self._user(user_id) or FakeUser(user_id, f"user{user_id}")
            self.dm_channels[user_id] = {
                "id": str(self.new_id()),
                "type": 1,
                "recipients": [user.payload()],
                "last_message_id": None,
            }
        return self.dm_channels[user_id]

    def _stored(self, message: Json) -> Json:
        return self.messages.setdefault(int(message["id"]), message)

    def _make_message(
        self,
        channel_id: int,
        body: Json,
        author: FakeUser,
        *,
        guild_id: int | None = None,
        files: list[RecordedFile] | None = None,
    ) -> Json:
        message: Json = {
            "id": str(self.new_id()),
            "channel_id": str(channel_id),
            "author": author.payload(),
            "content": "",
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
        }
        if guild_id is not None:
            message["guild_id"] = str(guild_id)
        message.update(_message_fields(body, files or [], self))
        self.messages[int(message["id"])] = message
        return message


def _message_fields(body: Json, files: list[RecordedFile], fake: FakeDiscord) -> Json:
    """The parts of a create/edit body that show up on the stored message."""
    fields: Json = {k: body[k] for k in ("content", "embeds", "components", "flags") if k in body}
    if fields.get("content") is None and "content" in fields:
        fields["content"] = ""
    if files:
        fields["attachments"] = [
            {
                "id": str(fake.new_id()),
                "filename": f.filename or f.field,
                "size": f.size,
                "content_type": f.content_type,
                "url": f"{fake.api_url}/attachments/{f.filename}",
                "proxy_url": f"{fake.api_url}/attachments/{f.filename}",
            }
            for f in files
        ]
    return fields


def _child(spec: Json | None, name: str) -> Json | None:
    if spec is None:
        return None
    return next((o for o in spec.get("options", []) if o.get("name") == name), None)


def _rate_limited(limit: _RateLimit) -> tuple[Json, dict[str, str]]:
    body = {
        "message": "You are being rate limited.",
        "retry_after": limit.retry_after,
        "global": limit.is_global,
    }
    headers = {
        # discord.py treats a 429 without `Via` as a Cloudflare ban and does not retry.
        "Via": "1.1 google",
        "Retry-After": str(limit.retry_after),
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": f"{time.time() + limit.retry_after:.3f}",
        "X-RateLimit-Reset-After": str(limit.retry_after),
        "X-RateLimit-Bucket": "fake-bucket",
        "X-RateLimit-Scope": "global" if limit.is_global else "user",
    }
    if limit.is_global:
        headers["X-RateLimit-Global"] = "true"
    return body, headers


_CHANNEL_MESSAGES = re.compile(r"/channels/\d+/messages$")
_CHANNEL_MESSAGE = re.compile(r"/channels/\d+/messages/\d+$")
_FOLLOWUP = re.compile(r"/webhooks/\d+/[^/]+$")
_WEBHOOK_MESSAGE = re.compile(r"/webhooks/\d+/[^/]+/messages/[^/]+$")


def _limit_problems(recorded: RecordedRequest) -> list[str]:
    """What Discord would refuse in this request (tests/fakes/discord_limits.py)."""
    body = recorded.json or {}
    files = len(recorded.files)
    path, method = recorded.path, recorded.method
    if method == "POST" and path.endswith("/callback"):
        kind, data = body.get("type"), body.get("data") or {}
        if kind == 4:
            return message_violations(data, files=files, policy=False)
        if kind == 7:
            return message_violations(data, files=files, edit=True, policy=False)
        if kind == 8:
            return choices_violations(data.get("choices") or [])
        if kind == 9:
            return modal_violations(data)
        return []
    if method == "POST" and (_CHANNEL_MESSAGES.search(path) or _FOLLOWUP.search(path)):
        return message_violations(body, files=files, policy=False)
    if method == "PATCH" and (_CHANNEL_MESSAGE.search(path) or _WEBHOOK_MESSAGE.search(path)):
        return message_violations(body, files=files, edit=True, policy=False)
    return []


async def _read_body(request: web.Request, recorded: RecordedRequest) -> None:
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):  # a nested multipart: not sent by discord.py
                continue
            data = await part.read()
            if part.name == "payload_json":
                recorded.json = json.loads(data)
            else:
                recorded.files.append(
                    RecordedFile(
                        field=part.name or "",
                        filename=part.filename,
                        size=len(data),
                        content_type=part.headers.get("Content-Type"),
                        data=bytes(data),
                    )
                )
    elif request.can_read_body:
        raw = await request.read()
        if raw:
            recorded.json = json.loads(raw)


def default_guild() -> FakeGuild:
    """One community with an owner, an admin, and a plain member."""
    return FakeGuild(
        id=1_100_000_000_000_000_001,
        name="Math Circle",
        owner=FakeUser(1_200_000_000_000_000_001, "owner"),
        channel_id=1_100_000_000_000_000_002,
        admin_role_id=1_100_000_000_000_000_003,
        admins=(FakeUser(1_200_000_000_000_000_002, "admin"),),
        members=(FakeUser(1_200_000_000_000_000_003, "teacher"),),
    )
