"""`praxis run`: platforms on one loop until SIGTERM; a clear refusal without tokens."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import time

import aiohttp
import pytest

from adapters.discord.endpoints import restore_default_endpoints
from bot.root.app import App
from bot.root.runner import RunOptions
from tests.conftest import MakeApp
from tests.fakes import slack_signing as sig
from tests.fakes.discord import FakeDiscord
from tests.fakes.slack_server import FakeSlack
from tests.logguard import GUARD

SECRET = "praxis-test-signing-secret"


def _args(platform: str = "slack") -> RunOptions:
    return RunOptions(platform=platform, http=True, host="127.0.0.1", port=0)


async def test_missing_slack_tokens_are_named_and_nothing_starts(app: App, caplog) -> None:
    from bot.root.runner import run_platforms

    assert await run_platforms(app, _args()) == 2
    assert "SLACK_BOT_TOKEN" in caplog.text


async def test_missing_discord_token_is_named_and_nothing_starts(app: App, caplog) -> None:
    from bot.root.runner import run_platforms

    assert await run_platforms(app, _args("discord")) == 2
    assert "DISCORD_TOKEN" in caplog.text
    assert not app.services.delivery.can_deliver("discord")


async def test_runs_slack_over_http_until_sigterm(make_app: MakeApp) -> None:
    from bot.root.runner import run_platforms

    app = await make_app(
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET="secret",
        SLACK_API_URL="http://127.0.0.1:1/api/",
    )
    options = _args()
    running = asyncio.create_task(run_platforms(app, options))
    ready = asyncio.create_task(options.ready.wait())
    await asyncio.wait({running, ready}, return_when=asyncio.FIRST_COMPLETED)
    assert not running.done(), "the platform is serving, not stopped"
    assert app.services.delivery.can_deliver("slack")
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(running, 10) == 0


# -- supervision: one platform's crash is retried, the others keep serving --------------------


async def test_a_crashing_platform_is_started_again_with_a_growing_pause() -> None:
    from bot.root.supervise import Backoff, supervise

    stop = asyncio.Event()
    starts: list[float] = []
    loop = asyncio.get_running_loop()

    async def serve(event: asyncio.Event) -> None:
        starts.append(loop.time())
        if len(starts) <= 3:
            raise ConnectionResetError("the connection dropped")
        await event.wait()

    task = asyncio.create_task(supervise("probe", serve, stop, Backoff(first=0.05, cap=0.2)))
    async with asyncio.timeout(10):
        while len(starts) < 4:
            await asyncio.sleep(0.01)
    assert not task.done(), "the fourth start is serving"
    pauses = [b - a for a, b in itertools.pairwise(starts)]
    assert pauses[0] >= 0.05 and pauses[1] >= 0.1 and pauses[2] >= 0.2
    stop.set()
    assert await asyncio.wait_for(task, 5) == 3


async def test_a_platform_that_refuses_the_bot_ends_without_retrying() -> None:
    from bot.kernel.errors import PlatformRefused
    from bot.root.supervise import Backoff, supervise

    calls = 0

    async def serve(_: asyncio.Event) -> None:
        nonlocal calls
        calls += 1
        raise PlatformRefused("the token was refused")

    with pytest.raises(PlatformRefused):
        await supervise("probe", serve, asyncio.Event(), Backoff(first=0.01))
    assert calls == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def both(
    make_app: MakeApp, slack: FakeSlack, discord: FakeDiscord, *, token: str | None = None
) -> App:
    """An app configured for `praxis run all` against the two fakes."""
    return await make_app(
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=slack.api_url,
        DISCORD_TOKEN=token or discord.token,
        DISCORD_API_URL=discord.api_url,
        DISCORD_GATEWAY_URL=discord.gateway_url,
    )


async def slack_answers(port: int) -> bool:
    payload = sig.slash_command("/praxis", "whoami", trigger_id=f"t-{time.monotonic_ns()}")
    request = sig.signed(payload, SECRET)
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"http://127.0.0.1:{port}/slack/events", data=request.body, headers=request.headers
        ) as response,
    ):
        return response.status == 200 and "Role" in await response.text()


async def until(predicate, timeout: float = 15) -> None:
    async with asyncio.timeout(timeout):
        while not await predicate():
            await asyncio.sleep(0.05)


async def test_run_all_keeps_slack_while_discords_connection_crashes_and_comes_back(
    make_app: MakeApp,
) -> None:
    """Discord's first gateway handshake breaks (a HELLO it cannot use): `run all` starts
    Discord again after a pause; Slack answers all along; SIGTERM still stops cleanly."""
    from bot.root.runner import run_platforms
    from bot.root.supervise import Backoff

    async with FakeSlack() as slack, FakeDiscord() as discord:
        discord.broken_hellos = 1
        app = await both(make_app, slack, discord)
        port = free_port()
        options = RunOptions("all", True, "127.0.0.1", port, backoff=Backoff(first=0.1))
        running = asyncio.create_task(run_platforms(app, options))
        try:
            await asyncio.wait_for(options.ready.wait(), 10)
            await until(lambda: slack_answers(port))
            await asyncio.wait_for(discord.wait_until_identified(), 15)
            assert len(discord.identifies) == 1  # the first attempt never got that far
            assert not running.done()
            assert await slack_answers(port)
            restarts = [r for r in GUARD.records if "starting it again" in r.getMessage()]
            assert [r.getMessage().split(" ", 1)[0] for r in restarts] == ["discord"]
        finally:
            restore_default_endpoints()
            os.kill(os.getpid(), signal.SIGTERM)
            status = await asyncio.wait_for(running, 15)
    assert status == 0


async def test_run_all_keeps_slack_when_discord_refuses_the_token(make_app: MakeApp) -> None:
    from bot.root.runner import run_platforms
    from bot.root.supervise import Backoff

    async with FakeSlack() as slack, FakeDiscord() as discord:
        app = await both(make_app, slack, discord, token="not-the-token")
        port = free_port()
        options = RunOptions("all", True, "127.0.0.1", port, backoff=Backoff(first=0.1))
        running = asyncio.create_task(run_platforms(app, options))
        try:
            await asyncio.wait_for(options.ready.wait(), 10)

            async def discord_given_up() -> bool:
                return any("stopped for good" in r.getMessage() for r in GUARD.records)

            await until(discord_given_up)
            assert await slack_answers(port)
            assert not running.done()
        finally:
            restore_default_endpoints()
            os.kill(os.getpid(), signal.SIGTERM)
            status = await asyncio.wait_for(running, 15)
    assert status == 1  # one platform was lost for good: the exit status says so


async def test_oauth_needs_http_mode_and_says_so(make_app: MakeApp, caplog) -> None:
    from bot.root.runner import run_platforms

    app = await make_app(
        SLACK_CLIENT_ID="1.2", SLACK_CLIENT_SECRET="client-secret-value", SLACK_APP_TOKEN="xapp-1"
    )
    assert await run_platforms(app, RunOptions(platform="slack")) == 2
    assert "--http" in caplog.text and "client-secret-value" not in caplog.text


def test_secrets_never_show_in_the_settings_and_a_bad_prefix_is_named() -> None:
    import pytest
    from pydantic import ValidationError

    from bot.root.config import Settings

    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-secret-1",
        SLACK_SIGNING_SECRET="signing-2",
        DISCORD_TOKEN="discord-3",
        PRAXIS_COMMAND_PREFIX="PX-",
        _env_file=None,
    )
    shown = repr(settings) + str(settings.model_dump())
    assert not any(s in shown for s in ("xoxb-secret-1", "signing-2", "discord-3"))
    assert settings.command_prefix == "px-"
    with pytest.raises(ValidationError, match="PRAXIS_COMMAND_PREFIX"):
        Settings(PRAXIS_COMMAND_PREFIX="p x/", _env_file=None)
