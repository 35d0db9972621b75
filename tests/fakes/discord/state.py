"""What the fake Discord knows and remembers: accounts, guilds, the synced command tree,
messages, interactions, enforced nonces, and every REST request it was sent.

The gateway and the REST API read and change this one state; a test asserts on it
(`fake.requests`, `fake.messages`, `fake.commands()`) and waits on it (`wait_for`), so
nothing needs a sleep to see what the bot did.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.discord.payloads import (
    EPHEMERAL,
    FakeGuild,
    FakeUser,
    Json,
    default_guild,
    dm_channel_payload,
    message_fields,
    message_payload,
)

API_PREFIX = "/api/v10"


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
class RateLimit:
    method: str
    path_prefix: str
    retry_after: float
    is_global: bool


@dataclass
class Interaction:
    payload: Json
    responded: bool = False
    original_message_id: int | None = None


class DiscordState:
    """The fake's memory, shared by its gateway and its REST API."""

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
        self.interactions: dict[str, Interaction] = {}
        self.rate_limits: list[RateLimit] = []
        self.attachments: dict[int, Any] = {}  # FakeAttachment by id, served by the CDN
        self.cdn_downloads: list[str] = []  # paths of CDN downloads, oldest first
        self.broken_hellos = 0  # the next connections that get a HELLO without an interval
        # Bodies refused for breaking a limit: (method, path, what was wrong).
        self.refused: list[tuple[str, str, list[str]]] = []
        self.port = 0
        self._ids = itertools.count(1_400_000_000_000_000_001)
        self._waiters: list[tuple[Callable[[RecordedRequest], bool], asyncio.Future[Any]]] = []

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def intents(self) -> int | None:
        """The intents of the latest IDENTIFY, or None before any."""
        return self.identifies[-1].get("intents") if self.identifies else None

    def new_id(self) -> int:
        return next(self._ids)

    # -- test controls and waits ---------------------------------------------------------

    def rate_limit_next(
        self, method: str, path_prefix: str, retry_after: float = 0.3, *, is_global: bool = False
    ) -> None:
        """Answer the next `method` request whose path starts with `path_prefix` with a 429."""
        self.rate_limits.append(RateLimit(method.upper(), path_prefix, retry_after, is_global))

    def take_rate_limit(self, recorded: RecordedRequest) -> RateLimit | None:
        for limit in self.rate_limits:
            if limit.method == recorded.method and recorded.path.startswith(limit.path_prefix):
                self.rate_limits.remove(limit)
                return limit
        return None

    def record(self, recorded: RecordedRequest) -> None:
        self.requests.append(recorded)
        for predicate, future in list(self._waiters):
            if not future.done() and predicate(recorded):
                future.set_result(recorded)

    async def wait_for(
        self, predicate: Callable[[RecordedRequest], bool], timeout: float = 15.0
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

    async def wait_for_callback(self, token: str, timeout: float = 15.0) -> RecordedRequest:
        """The successful interaction callback for the interaction with this token."""
        return await self.wait_for(
            lambda r: r.path.endswith(f"/{token}/callback") and r.status < 300, timeout
        )

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

    # -- lookups -------------------------------------------------------------------------

    def guild(self, guild_id: int) -> FakeGuild:
        for guild in self.guilds:
            if guild.id == guild_id:
                return guild
        raise KeyError(f"the fake has no guild {guild_id}")

    def user(self, user_id: int) -> FakeUser | None:
        people = [self.bot_user, *(u for g in self.guilds for u in g.humans())]
        return next((u for u in people if u.id == user_id), None)

    def channel(self, channel_id: int) -> Json | None:
        for guild in self.guilds:
            if guild.channel_id == channel_id:
                return guild.channel_payload()
        return next((c for c in self.dm_channels.values() if int(c["id"]) == channel_id), None)

    def dm_channel(self, user_id: int) -> Json:
        if user_id not in self.dm_channels:
            user = self.user(user_id) or FakeUser(user_id, f"user{user_id}")
            self.dm_channels[user_id] = dm_channel_payload(self.new_id(), user)
        return self.dm_channels[user_id]

    def registered(self, name: str, guild: FakeGuild | None) -> tuple[Json | None, bool]:
        """The synced command named `name` (the guild's first), and whether it is guild-scoped."""
        if guild is not None:
            for command in self.guild_commands.get(guild.id, []):
                if command["name"] == name:
                    return command, True
        for command in self.global_commands:
            if command["name"] == name:
                return command, False
        return None, False

    # -- messages ------------------------------------------------------------------------

    def stored(self, message: Json) -> Json:
        return self.messages.setdefault(int(message["id"]), message)

    def make_message(
        self,
        channel_id: int,
        body: Json,
        author: FakeUser,
        *,
        guild_id: int | None = None,
        files: list[RecordedFile] | None = None,
    ) -> Json:
        message = message_payload(self.new_id(), channel_id, author)
        if guild_id is not None:
            message["guild_id"] = str(guild_id)
        message.update(message_fields(body, files or [], self))
        self.messages[int(message["id"])] = message
        return message
