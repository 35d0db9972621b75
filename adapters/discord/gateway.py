"""One malformed gateway event is dropped, never the connection.

discord.py parses each gateway frame inside its websocket's `received_message`; an event
whose data lacks a field the library expects (a KeyError in a parser, a frame that is not
JSON, a READY without a session) raises out of the poll loop, which `Client.connect` does
not catch, and `praxis run discord` exits (with `run all`, Slack goes down with it).
`guard` wraps `received_message` of each websocket the client opens: what the library
uses to steer the connection (reconnect, closed) still passes; any other error drops that
one frame with one log line (its event name, the error's type, its size; never its data).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
from discord.errors import ConnectionClosed
from discord.gateway import ReconnectWebSocket, WebSocketClosure

log = logging.getLogger("praxis.discord")

# How discord.py steers its connection: never swallowed.
_CONTROL = (
    ReconnectWebSocket,
    WebSocketClosure,
    ConnectionClosed,
    OSError,
    aiohttp.ClientError,
    asyncio.TimeoutError,
)
_EVENT = re.compile(r'"t"\s*:\s*"([A-Z_]{1,40})"')
_GUARDED = "_praxis_guarded"


def event_name(frame: Any) -> str:
    """The frame's event name (`INTERACTION_CREATE`) if it can be seen, else "?"."""
    if isinstance(frame, str):
        match = _EVENT.search(frame[:4096])
        if match:
            return match.group(1)
    return "?"


def guard(websocket: Any) -> Any:
    """Make one websocket drop malformed frames instead of raising (idempotent)."""
    if websocket is None or getattr(websocket, _GUARDED, False):
        return websocket
    received: Callable[[Any], Awaitable[None]] = websocket.received_message
    log_receive: Callable[[Any], None] = websocket.log_receive
    seen: dict[str, Any] = {}

    def note(frame: Any, /) -> None:
        """discord.py hands every frame here once it is decompressed: remember its name."""
        seen["event"], seen["size"] = event_name(frame), len(frame)
        log_receive(frame)

    async def received_message(frame: Any, /) -> None:
        seen["event"], seen["size"] = event_name(frame), len(frame)
        try:
            await received(frame)
        except _CONTROL:
            raise
        except Exception as error:
            log.warning(
                "dropped a malformed gateway event %s (%s, %d bytes); still connected",
                seen["event"],
                type(error).__name__,
                seen["size"],
            )

    websocket.log_receive = note
    websocket.received_message = received_message
    setattr(websocket, _GUARDED, True)
    return websocket
