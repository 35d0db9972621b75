"""A local fake of Slack's Socket Mode, beside FakeSlack's Web API.

What the real slack-bolt / slack_sdk client does, and so what this fake serves:

1. `apps.connections.open` on the Web API, with the app-level token (`xapp-…`) as the
   bearer, answers a one-time `wss://` URL; here `ws://127.0.0.1:<port>/link/<n>`.
2. On connect the server sends `{"type": "hello", "num_connections": …}`.
3. Envelopes arrive as JSON text frames: `{"envelope_id", "type": "slash_commands" |
   "interactive" | "events_api", "payload", "accepts_response_payload", "retry_attempt",
   "retry_reason"}`; the client acks each with `{"envelope_id", "payload"?}` on the same
   socket (a slash command's reply may travel in the ack's payload).
4. `{"type": "disconnect", "reason": "refresh_requested"}` asks the client to move: it
   calls apps.connections.open again, connects to the new URL and closes the old socket.
   Slack re-sends an event whose ack it did not get, with `retry_attempt` counting up.

Every ack is recorded with the connection it came on, so a test can say each envelope
was acked once and that nothing went missing across a reconnect. Bound to port 0.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aiohttp import WSMsgType, web

from tests.fakes.slack_server import FakeSlack
from tests.fakes.slack_signing import API_APP_ID

Json = dict[str, Any]
T = TypeVar("T")
APP_TOKEN = "xapp-1-A0PRAXIS-1-fake"


@dataclass
class Connection:
    """One websocket a client opened with a URL from apps.connections.open."""

    number: int
    ws: web.WebSocketResponse
    received: list[Json] = field(default_factory=list)

    @property
    def open(self) -> bool:
        return not self.ws.closed


@dataclass(frozen=True)
class Ack:
    envelope_id: str
    connection: int
    payload: Json | None


class FakeSocketMode:
    """Use as `async with FakeSocketMode(fake_slack) as sockets`; start FakeSlack first."""

    def __init__(self, slack: FakeSlack, *, app_token: str = APP_TOKEN) -> None:
        self.slack = slack
        self.app_token = app_token
        self.connections: list[Connection] = []
        self.issued: list[str] = []  # URLs handed out by apps.connections.open
        self.acks: list[Ack] = []
        self.sent: dict[str, Json] = {}  # envelope id -> the envelope as last sent
        self._numbers = itertools.count(1)
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port = 0
        slack.handle("apps.connections.open", self._connections_open)

    # ----- lifecycle -------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/link/{n}", self._link)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        for connection in self.connections:
            if connection.open:
                await connection.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSocketMode:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ----- what the client asks for ------------------------------------------------

    def _connections_open(self, args: Json) -> Json:
        call = self.slack.calls("apps.connections.open")[-1]
        if call.token != self.app_token:
            return {"ok": False, "error": "invalid_auth"}
        url = f"ws://127.0.0.1:{self._port}/link/{len(self.issued) + 1}"
        self.issued.append(url)
        return {"ok": True, "url": url}

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        connection = Connection(next(self._numbers), ws)
        self.connections.append(connection)
        await ws.send_str(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": sum(1 for c in self.connections if c.open),
                    "debug_info": {"host": f"applink-fake-{connection.number}"},
                    "connection_info": {"app_id": API_APP_ID},
                }
            )
        )
        await self._notify()
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                continue
            data = json.loads(message.data)
            connection.received.append(data)
            if "envelope_id" in data:
                self.acks.append(Ack(data["envelope_id"], connection.number, data.get("payload")))
            await self._notify()
        await self._notify()
        return ws

    # ----- what a test does --------------------------------------------------------

    def current(self) -> Connection:
        live = [c for c in self.connections if c.open]
        if not live:
            raise AssertionError("no open Socket Mode connection")
        return live[-1]

    async def send(
        self,
        kind: str,
        payload: Json,
        *,
        envelope_id: str | None = None,
        retry_attempt: int | None = None,
        retry_reason: str | None = None,
        connection: Connection | None = None,
    ) -> str:
        """Send one envelope on the newest open connection; returns its envelope id."""
        envelope_id = envelope_id or f"env-{next(self._ids):04d}"
        envelope: Json = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
        }
        if retry_attempt is not None:
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason or "timeout"
        self.sent[envelope_id] = envelope
        await (connection or self.current()).ws.send_str(json.dumps(envelope))
        return envelope_id

    async def redeliver(self, envelope_id: str, *, retry_attempt: int = 1) -> None:
        """Send an envelope again, as Slack does for an event it saw no ack for."""
        envelope = self.sent[envelope_id]
        await self.send(
            envelope["type"],
            envelope["payload"],
            envelope_id=envelope_id,
            retry_attempt=retry_attempt,
            retry_reason="timeout",
        )

    async def ask_to_disconnect(self, reason: str = "refresh_requested") -> Connection:
        """Ask the client on the current connection to move; returns that old connection."""
        old = self.current()
        await old.ws.send_str(
            json.dumps({"type": "disconnect", "reason": reason, "debug_info": {"host": "fake"}})
        )
        return old

    def acks_of(self, envelope_id: str) -> list[Ack]:
        return [a for a in self.acks if a.envelope_id == envelope_id]

    async def wait_ack(self, envelope_id: str, count: int = 1, timeout: float = 10) -> Ack:
        await self.wait_for(lambda: len(self.acks_of(envelope_id)) >= count, timeout)
        return self.acks_of(envelope_id)[count - 1]

    async def wait_connections(self, count: int, timeout: float = 10) -> Connection:
        """Wait until `count` connections were opened (and the newest is open)."""
        await self.wait_for(
            lambda: len(self.connections) >= count and self.connections[count - 1].open, timeout
        )
        return self.connections[count - 1]

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 10) -> T:
        async def until() -> T:
            async with self._changed:
                while not (result := predicate()):
                    await self._changed.wait()
                return result

        try:
            return await asyncio.wait_for(until(), timeout)
        except TimeoutError:
            raise AssertionError(
                f"Socket Mode condition not met within {timeout}s; acks: {self.acks}, "
                f"connections: {[(c.number, c.open) for c in self.connections]}"
            ) from None

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()
