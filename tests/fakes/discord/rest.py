"""The fake's REST API under `/api/v10`: what discord.py calls, answered from the state.

Login is `GET /users/@me` (401 here means a bad token -> `LoginFailure`), then
`GET /oauth2/applications/@me`. Interaction callbacks are sent with `?with_response=1`
and the answer is parsed (`{"interaction": {...}, "resource": {...}}`). A 429 is retried
by discord.py only if it carries a `Via` header (otherwise it assumes a Cloudflare ban
and raises) and a JSON body with `retry_after`. Every request is recorded, rejected ones
included, because "we were rate limited and retried" is itself behaviour worth asserting on.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import BodyPartReader, web

from tests.fakes.discord.payloads import EPHEMERAL, LOADING, Json, message_fields, now_iso
from tests.fakes.discord.state import (
    DiscordState,
    Interaction,
    RateLimit,
    RecordedFile,
    RecordedRequest,
)
from tests.fakes.discord_limits import (
    choices_violations,
    commands_violations,
    message_violations,
    modal_violations,
)

NONCE_WINDOW = 300.0  # seconds Discord remembers an enforced nonce ("a few minutes")

Handler = Callable[[RecordedRequest, "re.Match[str]"], Awaitable[tuple[int, Any]]]


class Rest:
    """Routes each request to a handler that reads or changes the state."""

    def __init__(self, state: DiscordState) -> None:
        self.state = state
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = self._route_table()

    def _route_table(self) -> list[tuple[str, re.Pattern[str], Handler]]:
        app, guild = r"/applications/(?P<app>\d+)", r"/guilds/(?P<guild>\d+)"
        hook = r"/webhooks/(?P<app>\d+)/(?P<token>[^/]+)"
        hook_message = hook + r"/messages/(?P<mid>@original|\d+)"
        channel_message = r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)"
        table: list[tuple[str, str, Handler]] = [
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
            ("GET", guild + r"/members/(?P<user_id>\d+)", self._get_member),
            ("GET", r"/channels/(?P<cid>\d+)", self._get_channel),
            ("POST", r"/channels/(?P<cid>\d+)/messages", self._post_message),
            ("PATCH", channel_message, self._edit_message),
            ("DELETE", channel_message, self._delete_message),
        ]
        return [(method, re.compile(pattern + "$"), handler) for method, pattern, handler in table]

    async def handle(self, request: web.Request) -> web.Response:
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
        self.state.record(recorded)
        if status == 204:
            return web.Response(status=204, headers=headers)
        # discord.py parses JSON only when Content-Type is exactly `application/json`.
        headers = {**headers, "Content-Type": "application/json"}
        return web.Response(body=json.dumps(body).encode(), status=status, headers=headers)

    async def _answer(self, recorded: RecordedRequest) -> tuple[int, Any, dict[str, str]]:
        limit = self.state.take_rate_limit(recorded)
        if limit is not None:
            return 429, *_rate_limited(limit)
        if not self._authorised(recorded):
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        problems = _limit_problems(recorded)
        if problems:  # as Discord: the whole message is refused and nothing is shown
            self.state.refused.append((recorded.method, recorded.path, problems))
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
        return recorded.headers.get("Authorization") == f"Bot {self.state.token}"

    # -- login and the gateway's address --------------------------------------------------

    async def _get_me(self, _: RecordedRequest, __: re.Match[str]) -> tuple[int, Any]:
        return 200, self.state.bot_user.payload()

    async def _get_application(self, _: RecordedRequest, __: re.Match[str]) -> tuple[int, Any]:
        state = self.state
        owner = state.guilds[0].owner if state.guilds else state.bot_user
        return 200, {
            "id": str(state.application_id),
            "name": state.bot_user.username,
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": owner.payload(),
            "verify_key": "0" * 64,
            "flags": 0,
            "bot": state.bot_user.payload(),
        }

    async def _get_gateway_bot(self, _: RecordedRequest, __: re.Match[str]) -> tuple[int, Any]:
        limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
        return 200, {"url": self.state.gateway_url, "shards": 1, "session_start_limit": limit}

    async def _get_gateway(self, _: RecordedRequest, __: re.Match[str]) -> tuple[int, Any]:
        return 200, {"url": self.state.gateway_url}

    # -- users and the command tree --------------------------------------------------------

    async def _get_user(self, _: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        user = self.state.user(int(match["user_id"]))
        if user is None:
            return 404, {"message": "Unknown User", "code": 10013}
        return 200, user.payload()

    async def _create_dm(self, recorded: RecordedRequest, _: re.Match[str]) -> tuple[int, Any]:
        return 200, self.state.dm_channel(int(recorded.json["recipient_id"]))

    async def _put_commands(
        self, recorded: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        guild_id = int(match["guild"]) if "guild" in match.groupdict() else None
        commands = [self._with_ids(command, guild_id) for command in recorded.json]
        if guild_id is None:
            self.state.global_commands = commands
        else:
            self.state.guild_commands[guild_id] = commands
        return 200, commands

    async def _get_commands(self, _: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        guild_id = int(match["guild"]) if "guild" in match.groupdict() else None
        return 200, self.state.commands(guild_id)

    def _with_ids(self, command: Json, guild_id: int | None) -> Json:
        state = self.state
        stored = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **command,
            "id": str(state.new_id()),
            "application_id": str(state.application_id),
            "version": str(state.new_id()),
        }
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        return stored

    # -- interactions: callback, follow-ups, the original response ----------------------

    async def _callback(self, recorded: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        state = self.state
        interaction = state.interactions.get(match["token"])
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
            message = state.stored(interaction.payload["message"])
            if kind == 7:
                message.update(message_fields(body, recorded.files, state))
                message["edited_timestamp"] = now_iso()
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
        self, interaction: Interaction, body: Json, files: list[RecordedFile]
    ) -> Json:
        state = self.state
        payload = interaction.payload
        message = state.make_message(
            int(payload["channel_id"]),
            body,
            state.bot_user,
            guild_id=int(payload["guild_id"]) if payload.get("guild_id") else None,
            files=files,
        )
        message.update(
            type=20 if payload["type"] == 2 else 0,
            webhook_id=str(state.application_id),
            application_id=str(state.application_id),
        )
        return message

    async def _followup(self, recorded: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        interaction = self.state.interactions.get(match["token"])
        if interaction is None:
            return 404, {"message": "Unknown Webhook", "code": 10015}
        message = self._reply_message(interaction, recorded.json or {}, recorded.files)
        if interaction.original_message_id is None:
            interaction.original_message_id = int(message["id"])
        return 200, message

    def _webhook_target(self, match: re.Match[str]) -> Json | None:
        interaction = self.state.interactions.get(match["token"])
        if interaction is None:
            return None
        if match["mid"] == "@original":
            mid = interaction.original_message_id
            return None if mid is None else self.state.messages.get(mid)
        return self.state.messages.get(int(match["mid"]))

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
        message.update(message_fields(recorded.json or {}, recorded.files, self.state))
        message["flags"] = int(message.get("flags") or 0) & ~LOADING
        message["edited_timestamp"] = now_iso()
        return 200, message

    async def _delete_webhook_message(
        self, _: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        message = self._webhook_target(match)
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        self.state.messages.pop(int(message["id"]))
        return 204, None

    # -- channels and their messages -------------------------------------------------------

    async def _get_member(self, _: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        guild = self.state.guild(int(match["guild"]))
        user = next((u for u in guild.humans() if u.id == int(match["user_id"])), None)
        if user is None:
            return 404, {"message": "Unknown Member", "code": 10007}
        return 200, guild.member_payload(user, with_permissions=False)

    async def _get_channel(self, _: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        channel = self.state.channel(int(match["cid"]))
        return (200, channel) if channel else (404, {"message": "Unknown Channel", "code": 10003})

    async def _post_message(
        self, recorded: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        state = self.state
        channel = state.channel(int(match["cid"]))
        if channel is None:
            return 404, {"message": "Unknown Channel", "code": 10003}
        guild_id = int(channel["guild_id"]) if "guild_id" in channel else None
        body = recorded.json or {}
        nonce = body.get("nonce")
        if nonce is not None and body.get("enforce_nonce"):
            # As Discord: the same nonce from the same author within a few minutes returns
            # the message it created then, and creates none.
            seen = state.nonces.get((state.bot_user.id, str(nonce)))
            if seen is not None and time.monotonic() - seen[0] < NONCE_WINDOW:
                existing = state.messages.get(seen[1])
                if existing is not None:
                    return 200, existing
        message = state.make_message(
            int(channel["id"]), body, state.bot_user, guild_id=guild_id, files=recorded.files
        )
        if nonce is not None:
            message["nonce"] = str(nonce)
            state.nonces[(state.bot_user.id, str(nonce))] = (time.monotonic(), int(message["id"]))
        return 200, message

    async def _edit_message(
        self, recorded: RecordedRequest, match: re.Match[str]
    ) -> tuple[int, Any]:
        message = self.state.messages.get(int(match["mid"]))
        if message is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        message.update(message_fields(recorded.json or {}, recorded.files, self.state))
        message["edited_timestamp"] = now_iso()
        return 200, message

    async def _delete_message(self, _: RecordedRequest, match: re.Match[str]) -> tuple[int, Any]:
        if self.state.messages.pop(int(match["mid"]), None) is None:
            return 404, {"message": "Unknown Message", "code": 10008}
        return 204, None


def _rate_limited(limit: RateLimit) -> tuple[Json, dict[str, str]]:
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
    if method == "PUT" and path.endswith("/commands"):
        return commands_violations(recorded.json or [])
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
