"""The Slack adapter: a slack-bolt AsyncApp wired to the core.

Socket Mode when `SLACK_APP_TOKEN` is set (no public URL needed), HTTP with
`--http`: slash commands, interactivity and events at `POST /slack/events`,
signatures verified by Bolt, and `GET /healthz` for load balancers. Built
from the composition root's `App`; nothing here runs at import time.

`process_before_response=True` (measured in docs/PERFORMANCE.md): Bolt then
answers as soon as the listener returns instead of polling for the ack every
10 ms, and our listeners never hold the response past the ack budget because
slow work continues in a task of its own.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.async_app import AsyncApp

from adapters.slack.client import make_web_client
from adapters.slack.commands import register_commands, register_events
from adapters.slack.delivery import SlackDelivery
from adapters.slack.identity import IdentityCache
from adapters.slack.inbound import Translator
from adapters.slack.interactions import register_interactions
from adapters.slack.replies import Presenter
from bot.app import App
from bot.config import Settings

log = logging.getLogger("praxis.slack")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


class SlackConfigError(Exception):
    """A setting Slack needs is missing; the message names it."""


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str | None = None
    process_before_response: bool = True
    ack_budget: float = 2.0

    @classmethod
    def from_settings(cls, settings: Settings, *, http: bool) -> SlackConfig:
        if not settings.slack_bot_token:
            raise SlackConfigError("Set SLACK_BOT_TOKEN (the xoxb- bot token) to run on Slack.")
        if http and not settings.slack_signing_secret:
            raise SlackConfigError("HTTP mode verifies requests: set SLACK_SIGNING_SECRET.")
        if not http and not settings.slack_app_token:
            raise SlackConfigError(
                "Socket Mode needs SLACK_APP_TOKEN (an xapp- token); or run with --http."
            )
        return cls(
            bot_token=settings.slack_bot_token,
            signing_secret=settings.slack_signing_secret,
            app_token=settings.slack_app_token,
            api_url=settings.slack_api_url,
        )


class SlackAdapter:
    def __init__(self, core: App, config: SlackConfig) -> None:
        self.core = core
        self.config = config
        self.client = make_web_client(config.bot_token, config.api_url)
        self.delivery = SlackDelivery(self.client)
        self.translator = Translator(IdentityCache(self.client))
        self.presenter = Presenter(self.client, self.delivery, ack_budget=config.ack_budget)
        self.bolt = AsyncApp(
            client=self.client,
            signing_secret=config.signing_secret or "socket-mode-has-no-signing-secret",
            process_before_response=config.process_before_response,
        )
        self.routed = register_commands(self)
        register_interactions(self)
        register_events(self)
        self.bolt.error(self._on_error)

    async def _on_error(self, error: Exception, body: dict) -> None:
        """Bolt's own error hook: a fault outside the dispatcher is logged, never shown."""
        kind = body.get("type") or body.get("command") or "request"
        log.error("slack listener failed for %s", kind, exc_info=error)

    def web_app(self) -> web.Application:
        application = self.bolt.web_app(path=EVENTS_PATH)
        application.router.add_get(HEALTH_PATH, self._healthz)
        return application

    async def _healthz(self, _request: web.Request) -> web.Response:
        if await self.core.db.healthy():
            return web.json_response({"ok": True, "database": "reachable"})
        return web.json_response({"ok": False, "database": "unreachable"}, status=503)

    def register_delivery(self) -> None:
        self.core.services.delivery.register(self.delivery)

    async def close(self) -> None:
        await self.presenter.drain()


async def serve_http(adapter: SlackAdapter, host: str, port: int, stop: asyncio.Event) -> None:
    runner = web.AppRunner(adapter.web_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    log.info("Slack over HTTP on %s:%s%s", host, port, EVENTS_PATH)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


async def serve_socket_mode(adapter: SlackAdapter, stop: asyncio.Event) -> None:
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    handler = AsyncSocketModeHandler(adapter.bolt, adapter.config.app_token)
    await handler.connect_async()
    log.info("Slack over Socket Mode")
    try:
        await stop.wait()
    finally:
        await handler.close_async()


async def serve_slack(
    core: App,
    settings: Settings,
    stop: asyncio.Event,
    *,
    http: bool = False,
    host: str = "0.0.0.0",
    port: int = 3000,
) -> None:
    """Run Slack until `stop` is set, next to other platforms on the same loop."""
    adapter = SlackAdapter(core, SlackConfig.from_settings(settings, http=http))
    adapter.register_delivery()
    await serve_adapter(adapter, stop, http=http, host=host, port=port)


async def serve_adapter(
    adapter: SlackAdapter,
    stop: asyncio.Event,
    *,
    http: bool = False,
    host: str = "0.0.0.0",
    port: int = 3000,
) -> None:
    try:
        if http:
            await serve_http(adapter, host, port, stop)
        else:
            await serve_socket_mode(adapter, stop)
    finally:
        await adapter.close()
