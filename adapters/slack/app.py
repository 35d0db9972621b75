"""The Slack adapter: a slack-bolt AsyncApp wired to the core.

Socket Mode when `SLACK_APP_TOKEN` is set (no public URL needed), HTTP with
`--http`: slash commands, interactivity and events at `POST /slack/events`,
signatures verified by Bolt, and `GET /healthz` for load balancers. With OAuth
(`SlackOAuth`, HTTP only) one process serves every workspace that installed the app,
each with its own token from the installation store. Built from the core face
(`bot.face.Core`) the composition root hands it; nothing here runs at import time.

`process_before_response=True` (measured in docs/PERFORMANCE.md): Bolt then
answers as soon as the listener returns instead of polling for the ack every
10 ms, and our listeners never hold the response past the ack budget because
slow work continues in a task of its own.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.app.async_server import AsyncSlackAppServer
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from adapters.health import add_health_routes
from adapters.slack.client import make_web_client
from adapters.slack.commands import register_commands, register_events
from adapters.slack.delivery import SlackDelivery
from adapters.slack.door import MAX_BODY, SlackDoor
from adapters.slack.home import HomeTab
from adapters.slack.identity import IdentityCache
from adapters.slack.inbound import Inbound, Translator
from adapters.slack.install import SlackOAuth, register_uninstall
from adapters.slack.interactions import register_interactions
from adapters.slack.naming import CommandNames
from adapters.slack.people import SlackPeople
from adapters.slack.replies import Presenter
from adapters.slack.shortcuts import register_shortcuts
from adapters.slack.workspaces import Workspaces
from bot.face import Core, Result
from bot.kernel.errors import PlatformRefused
from bot.kernel.language import Language

log = logging.getLogger("praxis.slack")

EVENTS_PATH = "/slack/events"


class SlackConfigError(PlatformRefused):
    """A setting Slack needs is missing; the message names it."""


# Web API errors after which reconnecting cannot help: the token is not (or no longer) good.
REFUSED_ERRORS = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "not_allowed_token_type"}
)


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str | None = None  # one workspace; None with OAuth
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str | None = None
    process_before_response: bool = True
    ack_budget: float = 2.0
    command_prefix: str = ""
    strict_resend: bool = False
    oauth: SlackOAuth | None = None

    def __repr__(self) -> str:  # never a token in a log line or a traceback
        mode = "oauth" if self.oauth else "single-token"
        return f"SlackConfig({mode}, prefix={self.command_prefix!r}, api_url={self.api_url!r})"


class SlackAdapter:
    def __init__(self, core: Core, config: SlackConfig) -> None:
        if config.oauth is None and not config.bot_token:
            raise SlackConfigError("Slack needs a bot token, or OAuth credentials.")
        self.core = core
        self.config = config
        token = None if config.oauth else config.bot_token
        self.client = make_web_client(token, config.api_url)
        store = config.oauth.installation_store if config.oauth else None
        self.workspaces = Workspaces(self.client, store)
        self.names = CommandNames.of(core.registry.names(), config.command_prefix)
        self.identities = IdentityCache()
        self.delivery = SlackDelivery(self.workspaces, self.names, config.strict_resend)
        self.translator = Translator(self.identities, self.names)
        self.presenter = Presenter(
            self.delivery,
            ack_budget=config.ack_budget,
            names=self.names,
            answered=self._answered,
            language_of=self._language_of,
        )
        self.people = SlackPeople(self.workspaces, self.identities)
        self.bolt = AsyncApp(
            client=self.client,
            signing_secret=config.signing_secret or "socket-mode-has-no-signing-secret",
            process_before_response=config.process_before_response,
            oauth_settings=config.oauth.settings() if config.oauth else None,
        )
        self.home = HomeTab(self)
        self.delivery.direct_message_sent = self._direct_message_sent
        self.routed = register_commands(self)
        self.shortcuts = register_shortcuts(self)
        register_interactions(self)
        self.events = [*register_events(self), *self.home.register(), *register_uninstall(self)]
        self.bolt.error(self._on_error)

    async def _language_of(self, inbound: Inbound) -> Language:
        return await self.core.language(inbound.request.address, inbound.request.identity)

    def _answered(self, inbound: Inbound, result: Result) -> None:
        self.home.after_answer(inbound, result)

    def _direct_message_sent(self, team: str, user: str) -> None:
        if (team, user) in self.home.viewers:
            self.presenter.spawn(self.home.after_delivery(team, user))

    async def _on_error(self, error: Exception, body: dict[str, Any]) -> None:
        """Bolt's own error hook: a fault outside the dispatcher is logged, never shown."""
        kind = body.get("type") or body.get("command") or "request"
        log.error("slack listener failed for %s", kind, exc_info=error)

    def web_app(self) -> web.Application:
        """Slack's endpoint behind the front door (adapters.slack.door), and the health
        routes. Needs the signing secret: HTTP mode verifies every request."""
        if not self.config.signing_secret:
            raise SlackConfigError("HTTP mode verifies requests: set SLACK_SIGNING_SECRET.")
        door = SlackDoor(self.bolt, self.config.signing_secret)
        application = web.Application(client_max_size=MAX_BODY)
        application.router.add_post(EVENTS_PATH, door.handle)
        flow = self.bolt.oauth_flow
        if flow is not None:  # the install page and Slack's redirect: unsigned GETs, Bolt's
            server = AsyncSlackAppServer(port=0, path=EVENTS_PATH, app=self.bolt)
            application.router.add_get(flow.install_path, server.handle_get_requests)
            application.router.add_get(flow.redirect_uri_path, server.handle_get_requests)
        add_health_routes(application, self.core)
        return application

    def register_delivery(self) -> None:
        """The ports through which the core reaches Slack unasked."""
        self.core.register_delivery(self.delivery)
        self.core.register_people(self.people)

    async def close(self) -> None:
        await self.presenter.drain()


async def serve_http(
    adapter: SlackAdapter,
    host: str,
    port: int,
    stop: asyncio.Event,
    *,
    reuse_port: bool = False,
    listening: list[int] | None = None,
) -> None:
    """Serve until `stop`; the bound port is appended to `listening` (port 0 picks one)."""
    runner = web.AppRunner(adapter.web_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port, reuse_port=reuse_port or None)
    await site.start()
    bound = runner.addresses[0][1] if runner.addresses else port
    if listening is not None:
        listening.append(bound)
    adapter.core.report_connected("slack", True)
    log.info("Slack over HTTP on %s:%s%s", host, bound, EVENTS_PATH)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


async def serve_socket_mode(adapter: SlackAdapter, stop: asyncio.Event) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(adapter.bolt, adapter.config.app_token)
    try:
        await handler.connect_async()
    except SlackApiError as error:
        if error.response.get("error") in REFUSED_ERRORS:
            raise PlatformRefused(
                f"Slack refused the app token ({error.response.get('error')})."
            ) from None
        raise
    adapter.core.report_connected("slack", True)
    log.info("Slack over Socket Mode")
    try:
        await stop.wait()
    finally:
        await handler.close_async()


async def serve_adapter(
    adapter: SlackAdapter,
    stop: asyncio.Event,
    *,
    http: bool = False,
    host: str = "0.0.0.0",
    port: int = 3000,
    reuse_port: bool = False,
    listening: list[int] | None = None,
) -> None:
    try:
        if http:
            await serve_http(adapter, host, port, stop, reuse_port=reuse_port, listening=listening)
        else:
            await serve_socket_mode(adapter, stop)
    finally:
        await adapter.close()
