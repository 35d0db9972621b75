"""The fake's gateway: the websocket discord.py connects to after logging in.

HELLO (op 10, `heartbeat_interval` ms); the client heartbeats at once (op 1, answered by
op 11) and sends IDENTIFY (op 2: token, intents, properties); the fake answers READY
(`user`, `application` {id, flags}, `guilds` as unavailable stubs, `session_id`,
`resume_gateway_url`) then one GUILD_CREATE per guild. Guilds count as chunked; a client
that asks anyway (op 8) gets one GUILD_MEMBERS_CHUNK. Binary frames are zlib-stream
compressed when asked (one stream per connection, each message ending in Z_SYNC_FLUSH),
as Discord does; with zstd-stream the fake sends text frames, which discord.py also
accepts (it decompresses only binary frames).
"""

from __future__ import annotations

import asyncio
import json
import zlib
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.discord.payloads import Json, guild_payload
from tests.fakes.discord.state import DiscordState


class GatewaySession:
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


class Gateway:
    """Serves `/gateway` for one fake: handshakes, heartbeats and DISPATCH events."""

    def __init__(self, state: DiscordState) -> None:
        self.state = state
        self.sessions: list[GatewaySession] = []
        self.identified = asyncio.Event()

    async def dispatch(self, event: str, data: Json, *, everyone: bool = False) -> None:
        """Send a DISPATCH event (op 0) to the most recently identified connection, or with
        `everyone` to every identified one (several instances on one shard)."""
        sessions = [s for s in self.sessions if s.identified and not s.ws.closed]
        if not sessions:
            raise RuntimeError("no identified gateway connection to dispatch to")
        for session in sessions if everyone else sessions[-1:]:
            await session.send(0, data, event)

    async def dispatch_text(self, text: str) -> None:
        """Send a raw text frame to the most recently identified connection."""
        sessions = [s for s in self.sessions if s.identified and not s.ws.closed]
        if not sessions:
            raise RuntimeError("no identified gateway connection to send to")
        await sessions[-1].send_text(text)

    async def close(self) -> None:
        for session in list(self.sessions):
            await session.ws.close(code=1000)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        wanted = request.query.get("compress")
        session = GatewaySession(ws, wanted if self.state.compress else None)
        self.sessions.append(session)
        try:
            if self.state.broken_hellos > 0:  # a HELLO the client cannot use (robustness tests)
                self.state.broken_hellos -= 1
                await session.send(10, {})
            else:
                await session.send(10, {"heartbeat_interval": self.state.heartbeat_interval_ms})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(message.data)
                self.state.gateway_received.append(frame)
                await self._on_frame(session, frame)
        finally:
            self.sessions.remove(session)
        return ws

    async def _on_frame(self, session: GatewaySession, frame: Json) -> None:
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

    async def _identify(self, session: GatewaySession, data: Json) -> None:
        state = self.state
        state.identifies.append(data)
        if data.get("token") != state.token:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        session.identified = True
        ready = {
            "v": 10,
            "user": state.bot_user.payload(),
            "application": {"id": str(state.application_id), "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in state.guilds],
            "session_id": f"fake-session-{state.new_id()}",
            "resume_gateway_url": state.gateway_url,
            "private_channels": [],
            "relationships": [],
        }
        await session.send(0, ready, "READY")
        for guild in state.guilds:
            await session.send(0, guild_payload(guild, state.bot_user), "GUILD_CREATE")
        self.identified.set()

    async def _members_chunk(self, session: GatewaySession, data: Json) -> None:
        state = self.state
        guild = state.guild(int(data["guild_id"]))
        members = [guild.member_payload(u) for u in (state.bot_user, *guild.humans())]
        chunk = {
            "guild_id": str(guild.id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "nonce": data.get("nonce"),
        }
        await session.send(0, chunk, "GUILD_MEMBERS_CHUNK")
