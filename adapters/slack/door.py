"""The HTTP front door: every request to `POST /slack/events` is checked before Bolt sees it.

Bolt parses a body before it verifies the signature (a malformed unsigned body is a 500
and a traceback), logs the whole body of a request that fails verification (a stale but
signed `/reflect answer` would put a private reflection in the log), and a client that
hangs up mid-body is an "Error handling request" traceback. So the door, in this order:
reads the body (bounded in size and time), verifies the v0 signature on the raw bytes
(constant-time, five-minute window), decodes it, checks that it has the shape Slack sends
(a slash command, an interactive `payload` of JSON, an Events API JSON body; a modal
submission's view, state and metadata), and only then hands it to Bolt, which verifies it
again. A refusal is a clean status (400 malformed, 401 unsigned or stale, 408 too slow,
413 too large) and one log line with the reason and the body's length and hash, never its
text.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from aiohttp import ClientPayloadError, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.forms import CALLBACK_ID, FormOrigin

log = logging.getLogger("praxis.slack")

MAX_BODY = 1024 * 1024  # Slack's payloads are tens of kilobytes at most
READ_SECONDS = 10.0
MAX_AGE_SECONDS = 5 * 60
Json = dict[str, Any]


class Refused(Exception):
    """Why a request was turned away, and with which status."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def fingerprint(body: bytes) -> str:
    """`412 bytes, sha256 1a2b3c4d`: which request it was, never what it said."""
    return f"{len(body)} bytes, sha256 {hashlib.sha256(body).hexdigest()[:8]}"


def verify(
    body: bytes, timestamp: str | None, signature: str | None, secret: str, now: float
) -> None:
    """Slack's v0 signature over the raw bytes; raises Refused."""
    if not timestamp or not signature:
        raise Refused(401, "no signature")
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise Refused(400, "a timestamp that is not a number")
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        raise Refused(401, "a stale timestamp")
    base = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise Refused(401, "a signature that does not match")


def _is_dict_of_dicts(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())


def check_interactive(payload: Any) -> None:
    """The shape of an interactivity payload, as far as our listeners read it."""
    if not isinstance(payload, dict) or not isinstance(payload.get("type"), str):
        raise Refused(400, "an interactive payload that is not an object with a type")
    for key in ("user", "team", "channel", "container", "view"):
        if payload.get(key) is not None and not isinstance(payload[key], dict):
            raise Refused(400, f"an interactive payload whose {key} is not an object")
    if payload["type"] == "block_actions":
        actions = payload.get("actions")
        if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
            raise Refused(400, "a click without a list of actions")
    if payload["type"] in ("view_submission", "view_closed"):
        view = payload.get("view")
        if not isinstance(view, dict):
            raise Refused(400, "a modal submission without a view")
        state = view.get("state") or {}
        values = state.get("values", {}) if isinstance(state, dict) else None
        if not isinstance(values, dict) or not all(_is_dict_of_dicts(v) for v in values.values()):
            raise Refused(400, "a modal submission whose state is not Slack's shape")
        for actions in values.values():
            for element in actions.values():
                value = element.get("value")
                if value is not None and not isinstance(value, str):
                    raise Refused(400, "a modal submission with a value that is not text")
        metadata = view.get("private_metadata", "")
        if not isinstance(metadata, str):
            raise Refused(400, "a modal submission whose metadata is not text")
        if view.get("callback_id") == CALLBACK_ID:
            try:
                FormOrigin.load(metadata)
            except (ValueError, TypeError, AttributeError):
                raise Refused(400, "a modal submission whose metadata cannot be read") from None


def check_shape(text: str, content_type: str) -> None:
    """A body Slack would send: a form (a command, or an interactive `payload`), or JSON."""
    if content_type == "application/json":
        try:
            body = json.loads(text)
        except ValueError:
            raise Refused(400, "a JSON body that does not parse") from None
        if not isinstance(body, dict):
            raise Refused(400, "a JSON body that is not an object")
        if body.get("event") is not None and not isinstance(body["event"], dict):
            raise Refused(400, "an event that is not an object")
        return
    form = parse_qs(text, keep_blank_values=True)
    if "payload" in form:
        try:
            payload = json.loads(form["payload"][0])
        except ValueError:
            raise Refused(400, "an interactive payload that does not parse") from None
        check_interactive(payload)
        return
    if "command" not in form and "ssl_check" not in form:
        raise Refused(400, "a form that is neither a command nor an interaction")


class SlackDoor:
    """The aiohttp handler in front of Bolt."""

    def __init__(
        self, bolt: AsyncApp, signing_secret: str, *, clock: Callable[[], float] = time.time
    ) -> None:
        self.bolt = bolt
        self.secret = signing_secret
        self.clock = clock

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = b""
        try:
            body = await self._read(request)
            headers = request.headers
            verify(
                body,
                headers.get("X-Slack-Request-Timestamp"),
                headers.get("X-Slack-Signature"),
                self.secret,
                self.clock(),
            )
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise Refused(400, "a body that is not UTF-8") from None
            check_shape(text, request.content_type)
        except Refused as refused:
            log.info(
                "refused a Slack request: %s (%d; body %s)",
                refused.reason,
                refused.status,
                fingerprint(body),
            )
            return web.json_response({"error": refused.reason}, status=refused.status)
        bolt_request = AsyncBoltRequest(
            body=text,
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
        return await to_aiohttp_response(await self.bolt.async_dispatch(bolt_request))

    async def _read(self, request: web.Request) -> bytes:
        if request.content_length is not None and request.content_length > MAX_BODY:
            raise Refused(413, "a body over a megabyte")
        try:
            async with asyncio.timeout(READ_SECONDS):
                return await request.read()
        except TimeoutError:
            raise Refused(408, "a body that took too long to arrive") from None
        except web.HTTPRequestEntityTooLarge:
            raise Refused(413, "a body over a megabyte") from None
        except (ConnectionError, ClientPayloadError, asyncio.IncompleteReadError):
            raise Refused(400, "a client that hung up before the body ended") from None
