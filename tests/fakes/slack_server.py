"""A local fake of Slack's Web API, owned by the test suite.

The Slack adapter talks to Slack only through slack_sdk's AsyncWebClient, whose
base URL is configurable; pointing it at this server lets end-to-end tests assert
on exactly what the bot sent (method, arguments, token) without the internet.
Every request is recorded, including rejected ones, because "we tried and were
rate limited" is itself behaviour worth asserting on.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from aiohttp import web

from tests.fakes.slack_limits import message_violations, view_violations
from tests.fakes.slack_signing import BOT_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

T = TypeVar("T")
Json = dict[str, Any]
Handler = Callable[[Json], Json]

RESPONSE_URL_METHOD = "response_url"
NO_TOKEN_METHODS = frozenset({"oauth.v2.access"})  # authenticated by the app's credentials
UPLOAD_METHOD = "file_upload"
DOWNLOAD_METHOD = "file_download"


@dataclass(frozen=True)
class RecordedCall:
    """One request the fake received.

    `method` is the Web API method name, or `response_url` / `file_upload` for the
    non-API endpoints; `key` is the response_url key or uploaded file id there.
    """

    method: str
    args: Json
    headers: dict[str, str]
    status: int
    key: str | None = None
    body: bytes = b""

    @property
    def token(self) -> str | None:
        """The token used, from `Authorization: Bearer` or a `token` argument."""
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            return auth.removeprefix("Bearer ")
        token = self.args.get("token")
        return str(token) if token is not None else None


@dataclass
class UploadedFile:
    """A file sent through the files_upload_v2 flow (URL, bytes, completion)."""

    file_id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str | None = None
    channel_id: str | None = None
    initial_comment: str | None = None
    thread_ts: str | None = None
    completed: bool = False


@dataclass
class FakeUser:
    """What users.info reports; admins/owners matter for permission checks."""

    user_id: str
    real_name: str = "Test Teacher"
    tz: str = "America/New_York"
    is_admin: bool = False
    is_owner: bool = False
    is_bot: bool = False
    deleted: bool = False
    team_id: str | None = None  # their own workspace (another one for a Slack Connect guest)
    locale: str = "en-US"  # Slack's language for them (`es-LA`, `es-ES`); told when asked


@dataclass(frozen=True)
class OAuthGrant:
    """What oauth.v2.access answers for one authorization code: a workspace's install."""

    team_id: str
    team_name: str
    bot_token: str
    installer: str = "U0INSTALLER"
    app_id: str = "A0PRAXIS"
    bot_user_id: str = BOT_USER_ID
    scope: str = "commands,chat:write"


@dataclass
class FakeChannel:
    """What conversations.info/members report for a channel."""

    channel_id: str
    name: str
    members: list[str] = field(default_factory=list)
    is_private: bool = False


class FakeSlack:
    """Slack's Web API on 127.0.0.1:<random port>; use as `async with FakeSlack() as fake`.

    Unknown users and channels are answered with plausible defaults rather than
    errors so tests only set up what they assert on; use `fail_next` for error paths.
    """

    def __init__(
        self,
        *,
        team_id: str = TEAM_ID,
        team_domain: str = TEAM_DOMAIN,
        bot_user_id: str = BOT_USER_ID,
        bot_id: str = BOT_ID,
    ) -> None:
        self.team_id = team_id
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.users: dict[str, FakeUser] = {}
        self.channels: dict[str, FakeChannel] = {}
        self.uploads: dict[str, UploadedFile] = {}
        self.shared: dict[str, bytes] = {}  # files people shared, served to the bot
        self.views: dict[str, Json] = {}
        self.messages: dict[str, list[Json]] = {}  # posted messages per channel, oldest first
        self._calls: list[RecordedCall] = []
        # Calls refused for breaking a Block Kit limit: (method, what was wrong).
        self.refused: list[tuple[str, list[str]]] = []
        self._rate_limits: dict[str, list[int]] = {}
        self._failures: dict[str, list[str]] = {}
        self._changed = asyncio.Condition()
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._current = RecordedCall("", {}, {}, 0)
        # Installing across workspaces: each bot token speaks for its workspace.
        self.tokens: dict[str, str] = {}  # bot token -> team id
        self.revoked: set[str] = set()
        self.oauth_client: tuple[str, str] | None = None  # (client id, client secret)
        self.oauth_codes: dict[str, OAuthGrant] = {}
        self._handlers: dict[str, Handler] = {
            "auth.test": self._auth_test,
            "oauth.v2.access": self._oauth_v2_access,
            "chat.getPermalink": self._chat_get_permalink,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "conversations.open": self._conversations_open,
            "conversations.history": self._conversations_history,
            "conversations.info": self._conversations_info,
            "conversations.members": self._conversations_members,
            "users.info": self._users_info,
            "views.open": self._views_open,
            "views.push": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
        }

    # ----- lifecycle -------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/response/{key}", self._handle_response_url)
        app.router.add_post("/upload/{file_id}", self._handle_upload)
        app.router.add_get("/files-pri/{file_id}/{tail:.*}", self._handle_download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeSlack:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeSlack is not started")
        return f"http://127.0.0.1:{self._port}/"

    @property
    def api_url(self) -> str:
        """Pass as AsyncWebClient(base_url=...) / SLACK_API_URL."""
        return self.base_url + "api/"

    def response_url(self, key: str) -> str:
        """A response_url to put in a signed payload; posts to it are recorded under `key`."""
        return f"{self.base_url}response/{key}"

    def dm_channel(self, user_id: str) -> str:
        """The IM channel id conversations.open returns for `user_id` (stable per user)."""
        return "D" + user_id

    # ----- setup -------------------------------------------------------------------

    def add_user(self, user_id: str, **profile: Any) -> FakeUser:
        """Register a user; keyword args are FakeUser fields (tz, real_name, is_admin, ...)."""
        user = FakeUser(user_id=user_id, **profile)
        self.users[user_id] = user
        return user

    def add_channel(
        self, channel_id: str, name: str, members: list[str] | None = None, is_private: bool = False
    ) -> FakeChannel:
        channel = FakeChannel(channel_id, name, list(members or []), is_private)
        self.channels[channel_id] = channel
        return channel

    def share_file(self, name: str, content: bytes, mimetype: str = "text/calendar") -> Json:
        """A file a person shared: the `files` entry of their message event. Slack serves
        its `url_private_download` only with a bot token (recorded as `file_download`)."""
        file_id = self._next_id("F")
        self.shared[file_id] = content
        return {
            "id": file_id,
            "name": name,
            "mimetype": mimetype,
            "filetype": name.rsplit(".", 1)[-1],
            "size": len(content),
            "url_private": f"{self.base_url}files-pri/{file_id}/{name}",
            "url_private_download": f"{self.base_url}files-pri/{file_id}/download/{name}",
        }

    def rate_limit_next(self, method: str, retry_after: int = 1) -> None:
        """Answer the next call to `method` with HTTP 429 and `Retry-After: retry_after`."""
        self._rate_limits.setdefault(method, []).append(retry_after)

    def handle(self, method: str, handler: Handler) -> None:
        """Answer `method` with `handler(args)` (another fake adds its own methods)."""
        self._handlers[method] = handler

    def grant(self, code: str, grant: OAuthGrant) -> None:
        """Let oauth.v2.access exchange `code` for this installation."""
        self.oauth_codes[code] = grant
        self.tokens[grant.bot_token] = grant.team_id

    def fail_next(self, method: str, error: str) -> None:
        """Answer the next call to `method` with {"ok": false, "error": error} (HTTP 200)."""
        self._failures.setdefault(method, []).append(error)

    # ----- inspection --------------------------------------------------------------

    def calls(self, method: str | None = None) -> list[RecordedCall]:
        """Recorded calls, oldest first, optionally only those to `method`."""
        return [c for c in self._calls if method is None or c.method == method]

    def successful(self, method: str) -> list[RecordedCall]:
        """Calls to `method` that got HTTP 200 (rate-limited attempts excluded)."""
        return [c for c in self.calls(method) if c.status == 200]

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 15) -> T:
        """Wait until `predicate()` is truthy (re-checked after each call) and return it.

        Bolt runs listeners after acking, so a test must wait for the API call the
        listener makes rather than assume it happened before the HTTP response.
        """

        async def until_true() -> T:
            async with self._changed:
                while not (result := predicate()):
                    await self._changed.wait()
                return result

        try:
            return await asyncio.wait_for(until_true(), timeout)
        except TimeoutError:
            seen = [c.method for c in self._calls]
            raise AssertionError(f"condition not met within {timeout}s; calls: {seen}") from None

    async def wait_for_call(self, method: str, count: int = 1, timeout: float = 15) -> RecordedCall:
        """Wait for the `count`-th successful call to `method` and return it."""
        await self.wait_for(lambda: len(self.successful(method)) >= count, timeout)
        return self.successful(method)[count - 1]

    async def _record(self, call: RecordedCall) -> None:
        self._calls.append(call)
        async with self._changed:
            self._changed.notify_all()

    # ----- HTTP endpoints ----------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _parse_args(request)
        headers = dict(request.headers)
        limited = self._take_rate_limit(method)
        if limited is not None:
            await self._record(RecordedCall(method, args, headers, 429))
            return web.json_response(
                {"ok": False, "error": "ratelimited"},
                status=429,
                headers={"Retry-After": str(limited)},
            )
        call = RecordedCall(method, args, headers, 200)
        await self._record(call)
        self._current = call
        return web.json_response(self._answer(method, args, headers))

    def _answer(self, method: str, args: Json, headers: dict[str, str]) -> Json:
        handler = self._handlers.get(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        if method in NO_TOKEN_METHODS:
            return handler({**args, "_authorization": headers.get("Authorization", "")})
        if not headers.get("Authorization", "").startswith("Bearer ") and not args.get("token"):
            return {"ok": False, "error": "not_authed"}
        if self._current.token in self.revoked:
            return {"ok": False, "error": "token_revoked"}
        queued = self._failures.get(method)
        if queued:
            return {"ok": False, "error": queued.pop(0)}
        problems = _limit_problems(method, args)
        if problems:  # Slack refuses the whole call; the person sees nothing
            self.refused.append((method, problems))
            return {"ok": False, "error": "invalid_blocks", "errors": problems}
        return handler(args)

    async def _handle_response_url(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        body = await request.read()
        args = json.loads(body) if body else {}
        limited = self._take_rate_limit(RESPONSE_URL_METHOD)
        problems = message_violations(args)
        status = 429 if limited is not None else 400 if problems else 200
        call = RecordedCall(RESPONSE_URL_METHOD, args, dict(request.headers), status, key, body)
        await self._record(call)
        if limited is not None:
            return web.Response(status=429, text="rate_limited", headers={"Retry-After": "1"})
        if problems:
            self.refused.append((RESPONSE_URL_METHOD, problems))
            return web.Response(status=400, text="invalid_blocks")
        return web.json_response({"ok": True})

    async def _handle_upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        body = await request.read()
        upload = self.uploads.get(file_id)
        status = 200 if upload is not None else 404
        if upload is not None:
            upload.content = body
        call = RecordedCall(UPLOAD_METHOD, {}, dict(request.headers), status, file_id, body)
        await self._record(call)
        if upload is None:
            return web.Response(status=404, text="unknown upload")
        return web.Response(text=f"OK - {len(body)}")

    async def _handle_download(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        headers = dict(request.headers)
        authorised = headers.get("Authorization", "").startswith("Bearer xox")
        content = self.shared.get(file_id)
        status = 200 if content is not None and authorised else 403 if content else 404
        call = RecordedCall(DOWNLOAD_METHOD, {}, headers, status, file_id)
        await self._record(call)
        if status != 200:
            return web.Response(status=status, text="not for you")
        return web.Response(body=content, content_type="application/octet-stream")

    def _take_rate_limit(self, method: str) -> int | None:
        queued = self._rate_limits.get(method)
        return queued.pop(0) if queued else None

    # ----- Web API methods ---------------------------------------------------------

    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    def team_of(self, token: str | None) -> str:
        """The workspace a bot token speaks for (the default team for the single token)."""
        return self.tokens.get(token or "", self.team_id)

    def _auth_test(self, args: Json) -> Json:
        return {
            "ok": True,
            "url": f"https://{self.team_domain}.slack.com/",
            "team": "Praxis Test",
            "user": "praxis",
            "team_id": self.team_of(self._current.token),
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _oauth_v2_access(self, args: Json) -> Json:
        """Exchange an authorization code, checking the app's credentials as Slack does."""
        import base64

        authorization = str(args.get("_authorization", ""))
        client_id, client_secret = args.get("client_id"), args.get("client_secret")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization.removeprefix("Basic ")).decode()
            client_id, _, client_secret = decoded.partition(":")
        if self.oauth_client is None or (client_id, client_secret) != self.oauth_client:
            return {"ok": False, "error": "invalid_client_id"}
        grant = self.oauth_codes.pop(str(args.get("code", "")), None)
        if grant is None:
            return {"ok": False, "error": "invalid_code"}
        return {
            "ok": True,
            "app_id": grant.app_id,
            "authed_user": {"id": grant.installer},
            "scope": grant.scope,
            "token_type": "bot",
            "access_token": grant.bot_token,
            "bot_user_id": grant.bot_user_id,
            "team": {"id": grant.team_id, "name": grant.team_name},
            "enterprise": None,
            "is_enterprise_install": False,
        }

    def _chat_get_permalink(self, args: Json) -> Json:
        channel, ts = str(args.get("channel", "")), str(args.get("message_ts", ""))
        if not channel or not ts:
            return {"ok": False, "error": "message_not_found"}
        link = f"https://{self.team_domain}.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": link}

    def _message(self, args: Json, ts: str) -> Json:
        message: Json = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "text": args.get("text", ""),
            "ts": ts,
        }
        if "blocks" in args:
            message["blocks"] = _maybe_json(args["blocks"])
        if args.get("thread_ts"):
            message["thread_ts"] = args["thread_ts"]
        if args.get("metadata"):
            message["metadata"] = _maybe_json(args["metadata"])
        return message

    def _chat_post_message(self, args: Json) -> Json:
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        if not args.get("text") and not args.get("blocks") and not args.get("attachments"):
            return {"ok": False, "error": "no_text"}
        ts = self._next_ts()
        message = self._message(args, ts)
        self.messages.setdefault(str(args["channel"]), []).append(message)
        return {"ok": True, "channel": args["channel"], "ts": ts, "message": message}

    def _conversations_history(self, args: Json) -> Json:
        """Newest first, `limit` of them; metadata only with include_all_metadata, as Slack."""
        posted = self.messages.get(str(args.get("channel", "")), [])
        limit = int(args.get("limit") or 100)
        with_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        newest = []
        for message in reversed(posted[-limit:] if limit else posted):
            shown = dict(message)
            if not with_metadata:
                shown.pop("metadata", None)
            newest.append(shown)
        return {"ok": True, "messages": newest, "has_more": len(posted) > limit}

    def _chat_post_ephemeral(self, args: Json) -> Json:
        if not args.get("channel") or not args.get("user"):
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "message_ts": self._next_ts()}

    def _chat_update(self, args: Json) -> Json:
        if not args.get("channel") or not args.get("ts"):
            return {"ok": False, "error": "message_not_found"}
        ts = str(args["ts"])
        return {
            "ok": True,
            "channel": args["channel"],
            "ts": ts,
            "text": args.get("text", ""),
            "message": self._message(args, ts),
        }

    def _chat_delete(self, args: Json) -> Json:
        if not args.get("channel") or not args.get("ts"):
            return {"ok": False, "error": "message_not_found"}
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}

    def _conversations_open(self, args: Json) -> Json:
        users = [u for u in str(args.get("users", "")).split(",") if u]
        if len(users) != 1:
            # Group DMs exist in Slack but the bot only ever opens 1:1 DMs.
            return {"ok": False, "error": "users_list_not_supplied"}
        return {"ok": True, "channel": {"id": self.dm_channel(users[0])}}

    def _channel_info(self, channel_id: str) -> Json:
        if channel_id.startswith("D"):
            return {"id": channel_id, "is_im": True, "is_channel": False, "user": channel_id[1:]}
        channel = self.channels.get(channel_id) or FakeChannel(channel_id, channel_id.lower())
        return {
            "id": channel.channel_id,
            "name": channel.name,
            "is_channel": not channel.is_private,
            "is_group": channel.is_private,
            "is_im": False,
            "is_private": channel.is_private,
            "is_member": self.bot_user_id in channel.members,
            "num_members": len(channel.members),
        }

    def _conversations_info(self, args: Json) -> Json:
        if not args.get("channel"):
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, "channel": self._channel_info(str(args["channel"]))}

    def _conversations_members(self, args: Json) -> Json:
        channel = self.channels.get(str(args.get("channel", "")))
        members = channel.members if channel else []
        start = int(args.get("cursor") or 0)
        limit = int(args.get("limit") or 100)
        page = members[start : start + limit]
        end = start + len(page)
        next_cursor = str(end) if end < len(members) else ""
        return {"ok": True, "members": page, "response_metadata": {"next_cursor": next_cursor}}

    def _users_info(self, args: Json) -> Json:
        user_id = str(args.get("user", ""))
        if not user_id:
            return {"ok": False, "error": "user_not_found"}
        user = self.users.get(user_id) or FakeUser(user_id)
        zone = ZoneInfo(user.tz)
        offset = datetime.now(zone).utcoffset()
        return {
            "ok": True,
            "user": {
                "id": user.user_id,
                "team_id": user.team_id or self.team_of(self._current.token),
                "name": user.real_name.lower().replace(" ", "."),
                "real_name": user.real_name,
                "deleted": user.deleted,
                "tz": user.tz,
                "tz_label": datetime.now(zone).tzname(),
                "tz_offset": int(offset.total_seconds()) if offset is not None else 0,
                "is_admin": user.is_admin,
                "is_owner": user.is_owner,
                "is_primary_owner": False,
                "is_bot": user.is_bot,
                "profile": {"real_name": user.real_name, "display_name": user.real_name},
                # Slack tells a user's locale only to a caller who asks (include_locale).
                **({"locale": user.locale} if _truthy(args.get("include_locale")) else {}),
            },
        }

    def _store_view(self, view_id: str, args: Json) -> Json:
        view = dict(_maybe_json(args.get("view", {})))
        view.update({"id": view_id, "team_id": self.team_id, "hash": self._next_ts()})
        view.setdefault("private_metadata", "")
        view.setdefault("state", {"values": {}})
        self.views[view_id] = view
        return {"ok": True, "view": view}

    def _views_open(self, args: Json) -> Json:
        if not args.get("trigger_id") and not args.get("interactivity_pointer"):
            return {"ok": False, "error": "invalid_arguments"}
        if not args.get("view"):
            return {"ok": False, "error": "invalid_arguments"}
        return self._store_view(self._next_id("V"), args)

    def _views_update(self, args: Json) -> Json:
        view_id = args.get("view_id") or self._view_by_external_id(args.get("external_id"))
        if not view_id:
            return {"ok": False, "error": "not_found"}
        return self._store_view(str(view_id), args)

    def _view_by_external_id(self, external_id: str | None) -> str | None:
        if not external_id:
            return None
        found = [k for k, v in self.views.items() if v.get("external_id") == external_id]
        return found[0] if found else None

    def _views_publish(self, args: Json) -> Json:
        if not args.get("user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        return self._store_view(f"VHOME{args['user_id']}", args)

    def _files_get_upload_url(self, args: Json) -> Json:
        if not args.get("filename") or not args.get("length"):
            return {"ok": False, "error": "invalid_arguments"}
        file_id = self._next_id("F")
        upload = UploadedFile(file_id, str(args["filename"]), int(args["length"]))
        self.uploads[file_id] = upload
        return {"ok": True, "upload_url": f"{self.base_url}upload/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, args: Json) -> Json:
        files = _maybe_json(args.get("files", "[]"))
        done: list[Json] = []
        for item in files:
            upload = self.uploads.get(item.get("id", ""))
            if upload is None or upload.content is None:
                return {"ok": False, "error": "file_not_found"}
            upload.title = item.get("title") or upload.filename
            upload.channel_id = args.get("channel_id")
            upload.initial_comment = args.get("initial_comment")
            upload.thread_ts = args.get("thread_ts")
            upload.completed = True
            done.append({"id": upload.file_id, "name": upload.filename, "title": upload.title})
        return {"ok": True, "files": done}


def _truthy(value: Any) -> bool:
    """A boolean argument as the Web API reads it: `true`, `1` (form-encoded or JSON)."""
    return value is True or str(value).lower() in ("true", "1")


def _maybe_json(value: Any) -> Any:
    """Form-encoded calls carry structured args (view, blocks, files) as JSON strings."""
    return json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value


async def _parse_args(request: web.Request) -> Json:
    """Merge query string, form or JSON body: slack_sdk uses all three depending on the call."""
    args: Json = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return args
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            args.update(body)
    else:
        form = await request.post()
        args.update({k: v for k, v in form.items() if isinstance(v, str)})
    return args


_MESSAGE_METHODS = frozenset({"chat.postMessage", "chat.postEphemeral", "chat.update"})
_VIEW_METHODS = frozenset({"views.open", "views.push", "views.update", "views.publish"})


def _decoded(value: Any) -> Any:
    """Form-encoded calls carry blocks and views as JSON strings."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _limit_problems(method: str, args: Json) -> list[str]:
    """What Slack would refuse in this call (tests/fakes/slack_limits.py)."""
    if method in _MESSAGE_METHODS:
        body = {"text": args.get("text"), "blocks": _decoded(args.get("blocks"))}
        return message_violations(body)
    if method in _VIEW_METHODS:
        view = _decoded(args.get("view"))
        return view_violations(view) if isinstance(view, dict) else ["view: not an object"]
    return []
