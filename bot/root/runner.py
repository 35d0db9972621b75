"""`praxis run slack|discord|all`: several platforms in one process, on one loop.

Each platform is a coroutine `serve(stop_event)` that runs until the event is set;
SIGINT/SIGTERM set it. Each runs under `supervise` (bot/root/supervise.py): a crash of its
connection is logged and retried with backoff while the other platforms keep serving; only a
platform that refuses the bot for good (`PlatformRefused`: a bad token) ends, and the exit
status then says so (1). The dispatcher logs one line per command handled,
whichever platform it came from. The root builds each adapter's own config from the
settings, so no adapter reads the settings itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.kernel.errors import PlatformRefused
from bot.root.app import App
from bot.root.config import Settings, secret
from bot.root.supervise import Backoff, supervise

if TYPE_CHECKING:
    from aiohttp.web import AppRunner

    from adapters.discord.run import DiscordConfig
    from adapters.slack.app import SlackConfig
    from adapters.slack.install import SlackOAuth

log = logging.getLogger("praxis.run")

Serve = Callable[[asyncio.Event], Coroutine[object, object, None]]
OAUTH_STATE_SECONDS = 600  # an install started must be finished within ten minutes


@dataclass(frozen=True)
class RunOptions:
    """What `praxis run` was asked for, typed (the command line builds it)."""

    platform: str = "slack"  # slack, discord or all
    http: bool = False
    host: str = "0.0.0.0"
    port: int = 3000
    # One of several worker processes on one port (`--workers N`): the listening socket is
    # shared with SO_REUSEPORT and the scheduler runs in whichever worker holds the lock.
    worker: bool = False
    # Set once every platform has registered its delivery port and the scheduler is up:
    # tests wait on this instead of sleeping.
    ready: asyncio.Event = field(default_factory=asyncio.Event, compare=False)
    # How a crashed platform is started again (tests shorten it).
    backoff: Backoff = field(default_factory=Backoff)
    # The port Slack's HTTP mode bound (with port 0, the one the system picked).
    listening: list[int] = field(default_factory=list, compare=False)


class NotConfigured(Exception):
    """A setting a platform needs is missing; the message names it."""


def slack_config(settings: Settings, *, http: bool, app: App | None = None) -> SlackConfig:
    """What the Slack adapter needs; with OAuth, slack_sdk's stores on the bot's database."""
    from adapters.slack.app import SlackConfig
    from adapters.slack.manifest import bot_scopes

    oauth = None
    if settings.slack_oauth:
        if not http:
            raise NotConfigured(
                "Installing across workspaces (SLACK_CLIENT_ID) needs HTTP mode: run with --http."
            )
        if app is None:
            raise NotConfigured("OAuth keeps installations in the database: build the app first.")
        oauth = slack_oauth(settings, app, scopes=bot_scopes(settings.slack_strict_resend))
    elif not secret(settings.slack_bot_token):
        raise NotConfigured(
            "Set SLACK_BOT_TOKEN (the xoxb- bot token) to run on Slack, or SLACK_CLIENT_ID "
            "and SLACK_CLIENT_SECRET to install it across workspaces."
        )
    if http and not secret(settings.slack_signing_secret):
        raise NotConfigured("HTTP mode verifies requests: set SLACK_SIGNING_SECRET.")
    if not http and not secret(settings.slack_app_token):
        raise NotConfigured(
            "Socket Mode needs SLACK_APP_TOKEN (an xapp- token); or run with --http."
        )
    return SlackConfig(
        bot_token=None if oauth else secret(settings.slack_bot_token),
        signing_secret=secret(settings.slack_signing_secret),
        app_token=secret(settings.slack_app_token),
        api_url=settings.slack_api_url,
        command_prefix=settings.command_prefix,
        strict_resend=settings.slack_strict_resend,
        oauth=oauth,
    )


def slack_oauth(settings: Settings, app: App, *, scopes: list[str]) -> SlackOAuth:
    """slack_sdk's own SQLAlchemy stores, on the bot's engine (tables from migrations)."""
    from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore

    from adapters.slack.install import SlackOAuth

    client_id = settings.slack_client_id or ""
    return SlackOAuth(
        client_id=client_id,
        client_secret=secret(settings.slack_client_secret) or "",
        installation_store=AsyncSQLAlchemyInstallationStore(client_id, app.db.engine),
        state_store=AsyncSQLAlchemyOAuthStateStore(OAUTH_STATE_SECONDS, app.db.engine),
        scopes=scopes,
    )


def discord_config(settings: Settings) -> DiscordConfig:
    from adapters.discord.run import DiscordConfig

    token = secret(settings.discord_token)
    if not token:
        raise NotConfigured("Set DISCORD_TOKEN (the bot's token) to run on Discord.")
    if (settings.discord_shard_id is None) != (settings.discord_shard_count is None):
        raise NotConfigured("Set DISCORD_SHARD_ID and DISCORD_SHARD_COUNT together.")
    count, shard = settings.discord_shard_count, settings.discord_shard_id
    if count is not None and shard is not None and shard >= count:
        raise NotConfigured("DISCORD_SHARD_ID counts from 0: it must be below the count.")
    return DiscordConfig(
        token=token,
        api_url=settings.discord_api_url,
        gateway_url=settings.discord_gateway_url,
        guild_ids=tuple(settings.guild_ids()),
        shard_id=settings.discord_shard_id,
        shard_count=count,
    )


def _slack(app: App, options: RunOptions) -> Serve:
    from adapters.slack.app import SlackAdapter, serve_adapter

    adapter = SlackAdapter(app.core, slack_config(app.settings, http=options.http, app=app))
    # Registered before the scheduler starts, so a due delivery finds its port.
    adapter.register_delivery()

    def serve(stop: asyncio.Event) -> Coroutine[object, object, None]:
        return serve_adapter(
            adapter,
            stop,
            http=options.http,
            host=options.host,
            port=options.port,
            listening=options.listening,
            reuse_port=options.worker,
        )

    return serve


def _discord(app: App) -> Serve:
    from adapters.discord.run import serve_discord

    config = discord_config(app.settings)

    def serve(stop: asyncio.Event) -> Coroutine[object, object, None]:
        return serve_discord(app.core, config, stop)

    return serve


async def _serve_health(
    app: App, options: RunOptions, chosen: dict[str, Serve]
) -> AppRunner | None:
    """/healthz, /readyz and /metrics on PRAXIS_HEALTH_PORT, unless Slack's HTTP mode
    already serves them on its own port."""
    port = app.settings.health_port
    if port is None or ("slack" in chosen and options.http):
        return None
    from adapters.health import serve_health

    runner = await serve_health(app.core, options.host, port)
    log.info("health and metrics on %s:%s", options.host, port)
    return runner


def platforms(app: App, options: RunOptions) -> dict[str, Serve]:
    wanted = ["slack", "discord"] if options.platform == "all" else [options.platform]
    return {name: _slack(app, options) if name == "slack" else _discord(app) for name in wanted}


async def run_platforms(app: App, options: RunOptions) -> int:
    """Serve the chosen platforms until SIGINT or SIGTERM; 0 on a clean stop."""
    try:
        chosen = platforms(app, options)
    except NotConfigured as missing:
        log.error("praxis: %s", missing)
        return 2
    await app.start()
    # Platforms retry within minutes; older retry keys only take space.
    await app.dispatcher.forget_handled_requests()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    for name in chosen:
        app.services.health.expect(name)
    health = await _serve_health(app, options, chosen)

    def down(name: str) -> Callable[[], None]:
        return lambda: app.services.health.connected(name, False)

    tasks = {
        asyncio.create_task(
            supervise(name, serve, stop, options.backoff, on_down=down(name)), name=name
        ): name
        for name, serve in chosen.items()
    }
    await asyncio.sleep(0)  # let each platform register its delivery port
    await app.start_scheduler(shared=options.worker)
    options.ready.set()
    status = 0
    try:
        pending = set(tasks)
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                app.services.health.connected(tasks[task], False)
                error = task.exception()
                if error is not None:
                    # A platform that refused the bot for good (or a bug in supervising it):
                    # the others keep serving; the exit status says one was lost.
                    why = str(error) if isinstance(error, PlatformRefused) else repr(type(error))
                    log.error("%s stopped for good: %s", tasks[task], why)
                    status = 1
    finally:
        await app.stop_scheduler()
        if health is not None:
            await health.cleanup()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    return status
