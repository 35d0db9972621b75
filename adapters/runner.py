"""`praxis run slack|discord|all`: several platforms in one process, on one loop.

Each platform is a coroutine `serve(core, settings, stop_event)` that runs until
the event is set; SIGINT/SIGTERM set it, and a platform that fails stops the
others so a half-working process does not look healthy. The dispatcher logs one
line per command handled, whichever platform it came from.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import importlib.util
import logging
import signal
from collections.abc import Awaitable, Callable

from bot.app import App

log = logging.getLogger("praxis.run")

Serve = Callable[[asyncio.Event], Awaitable[None]]


def _slack(app: App, args: argparse.Namespace) -> Serve:
    from adapters.slack.app import SlackAdapter, SlackConfig, SlackConfigError, serve_adapter

    http = bool(getattr(args, "http", False))
    try:
        config = SlackConfig.from_settings(app.settings, http=http)
    except SlackConfigError as missing:
        raise SystemExit(f"praxis: {missing}") from None
    adapter = SlackAdapter(app, config)
    # Registered before the scheduler starts, so a due delivery finds its port.
    adapter.register_delivery()

    def serve(stop: asyncio.Event) -> Awaitable[None]:
        return serve_adapter(
            adapter,
            stop,
            http=http,
            host=getattr(args, "host", "0.0.0.0"),
            port=int(getattr(args, "port", 3000)),
        )

    return serve


def _discord(app: App) -> Serve | None:
    if importlib.util.find_spec("adapters.discord.run") is None:
        return None
    if not app.settings.discord_token:
        raise SystemExit("praxis: Set DISCORD_TOKEN (the bot's token) to run on Discord.")
    module = importlib.import_module("adapters.discord.run")

    def serve(stop: asyncio.Event) -> Awaitable[None]:
        return module.serve_discord(app, app.settings, stop)

    return serve


def platforms(app: App, args: argparse.Namespace) -> dict[str, Serve]:
    wanted = ["slack", "discord"] if args.platform == "all" else [args.platform]
    chosen: dict[str, Serve] = {}
    for name in wanted:
        serve = _slack(app, args) if name == "slack" else _discord(app)
        if serve is None:
            raise SystemExit(f"praxis: {name} is not available in this build.")
        chosen[name] = serve
    return chosen


async def run_platforms(app: App, args: argparse.Namespace) -> int:
    """Serve the chosen platforms until SIGINT or SIGTERM; 0 on a clean stop."""
    try:
        chosen = platforms(app, args)
    except SystemExit as refusal:
        log.error("%s", refusal)
        return 2
    await app.start()
    # Platforms retry within minutes; older retry keys only take space.
    await app.dispatcher.forget_handled_requests()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    tasks = {asyncio.create_task(serve(stop), name=name): name for name, serve in chosen.items()}
    await asyncio.sleep(0)  # let each platform register its delivery port
    start_scheduler = getattr(app, "start_scheduler", None)
    if start_scheduler is not None:
        await start_scheduler()
    status = 0
    try:
        pending = set(tasks)
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task.exception() is not None:
                    log.error("%s stopped", tasks[task], exc_info=task.exception())
                    status = 1
                if not stop.is_set():
                    stop.set()  # one platform ended: stop the others too
    finally:
        stop_scheduler = getattr(app, "stop_scheduler", None)
        if stop_scheduler is not None:
            await stop_scheduler()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    return status
