"""/healthz, /readyz and /metrics in every `praxis run` mode, as an orchestrator scrapes them."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from adapters.discord.endpoints import restore_default_endpoints
from bot.root.app import App
from bot.root.config import Settings
from bot.root.runner import RunOptions, run_platforms
from storage.db import Database
from tests.conftest import MakeApp
from tests.fakes.discord import FakeDiscord
from tests.fakes.slack_server import FakeSlack
from tests.fakes.slack_socket import APP_TOKEN, FakeSocketMode

UNREACHABLE = "postgresql+asyncpg://nobody@127.0.0.1:1/nothing"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def status_of(session: aiohttp.ClientSession, url: str) -> int:
    async with session.get(url) as response:
        return response.status


async def eventually(check: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> bool:
    """Poll an observable condition until it holds or `timeout` passes."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if await check():
            return True
        await asyncio.sleep(0.05)
    return await check()


@pytest_asyncio.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server:
        try:
            yield server
        finally:
            restore_default_endpoints()


async def _readiness_follows_the_database(app: App, base: str) -> dict[str, Any]:
    """Ready, unready while the database is away (with its reason), ready again within
    5 s of its return; the last /readyz answer's body, for what it says of platforms."""
    async with aiohttp.ClientSession() as session:
        assert await eventually(lambda: _is(session, base + "/readyz", 200))
        assert await status_of(session, base + "/healthz") == 200
        reachable = app.services.db
        app.services.db = Database(UNREACHABLE)
        try:
            async with session.get(base + "/readyz") as response:
                assert response.status == 503
                assert (await response.json())["database"] == "unreachable", "the reason"
            assert await status_of(session, base + "/healthz") == 200, "alive all the same"
        finally:
            await app.services.db.close()
            app.services.db = reachable
        # Back within 5 s of the database's return: no verdict is cached.
        assert await eventually(lambda: _is(session, base + "/readyz", 200), timeout=5.0)
        metrics = await (await session.get(base + "/metrics")).text()
        assert "praxis_database_errors_total" in metrics
        body: dict[str, Any] = await (await session.get(base + "/readyz")).json()
        return body


async def _is(session: aiohttp.ClientSession, url: str, status: int) -> bool:
    try:
        return await status_of(session, url) == status
    except aiohttp.ClientConnectionError:  # not listening yet
        return False


async def _run(app: App, options: RunOptions) -> asyncio.Task[int]:
    running = asyncio.create_task(run_platforms(app, options))
    ready = asyncio.create_task(options.ready.wait())
    await asyncio.wait({running, ready}, return_when=asyncio.FIRST_COMPLETED)
    assert not running.done(), running.result()
    return running


async def _stop(running: asyncio.Task[int]) -> None:
    import os
    import signal

    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(running, 10) == 0


async def test_slack_http_mode_serves_readiness_and_metrics_on_its_own_port(
    make_app: MakeApp,
) -> None:
    port = free_port()
    async with FakeSlack() as fake:
        app = await make_app(
            SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="secret", SLACK_API_URL=fake.api_url
        )
        running = await _run(app, RunOptions("slack", http=True, host="127.0.0.1", port=port))
        try:
            await _readiness_follows_the_database(app, f"http://127.0.0.1:{port}")
        finally:
            await _stop(running)


async def test_a_worker_of_several_serves_them_on_the_shared_port(make_app: MakeApp) -> None:
    """What each process of `--workers N` runs (`praxis run slack --http --worker`): the
    shared port (SO_REUSEPORT) answers /readyz for the worker that took the connection;
    tests/root/test_workers.py takes a real database away from real worker processes."""
    port = free_port()
    async with FakeSlack() as fake:
        app = await make_app(
            SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET="secret", SLACK_API_URL=fake.api_url
        )
        options = RunOptions("slack", http=True, host="127.0.0.1", port=port, worker=True)
        running = await _run(app, options)
        try:
            await _readiness_follows_the_database(app, f"http://127.0.0.1:{port}")
        finally:
            await _stop(running)


async def test_slack_socket_mode_serves_them_on_the_health_port(make_app: MakeApp) -> None:
    port = free_port()
    async with FakeSlack() as fake, FakeSocketMode(fake) as sockets:
        app = await make_app(
            SLACK_BOT_TOKEN="xoxb-test",
            SLACK_APP_TOKEN=APP_TOKEN,
            SLACK_API_URL=fake.api_url,
            PRAXIS_HEALTH_PORT=str(port),
        )
        running = await _run(app, RunOptions("slack", host="127.0.0.1"))
        try:
            await sockets.wait_connections(1)  # the bot holds its websocket
            body = await _readiness_follows_the_database(app, f"http://127.0.0.1:{port}")
            assert body["platforms"] == {"slack": "connected"}
            assert sockets.current().open, "the socket stayed up while the database was away"
        finally:
            await _stop(running)


async def test_discord_mode_serves_them_on_the_health_port(
    make_app: MakeApp, fake_discord: FakeDiscord
) -> None:
    port = free_port()
    app = await make_app(
        DISCORD_TOKEN=fake_discord.token,
        DISCORD_API_URL=fake_discord.api_url,
        DISCORD_GATEWAY_URL=fake_discord.gateway_url,
        PRAXIS_HEALTH_PORT=str(port),
    )
    running = await _run(app, RunOptions("discord", host="127.0.0.1"))
    try:
        body = await _readiness_follows_the_database(app, f"http://127.0.0.1:{port}")
        assert body["platforms"] == {"discord": "connected"}
    finally:
        await _stop(running)


async def test_run_all_over_socket_mode_serves_them_on_the_health_port(
    make_app: MakeApp, fake_discord: FakeDiscord
) -> None:
    """`praxis run all`: Slack over Socket Mode and Discord in one process, one health port."""
    port = free_port()
    async with FakeSlack() as fake, FakeSocketMode(fake) as sockets:
        app = await make_app(
            SLACK_BOT_TOKEN="xoxb-test",
            SLACK_APP_TOKEN=APP_TOKEN,
            SLACK_API_URL=fake.api_url,
            DISCORD_TOKEN=fake_discord.token,
            DISCORD_API_URL=fake_discord.api_url,
            DISCORD_GATEWAY_URL=fake_discord.gateway_url,
            PRAXIS_HEALTH_PORT=str(port),
        )
        running = await _run(app, RunOptions("all", host="127.0.0.1"))
        try:
            await sockets.wait_connections(1)
            body = await _readiness_follows_the_database(app, f"http://127.0.0.1:{port}")
            assert body["platforms"] == {"slack": "connected", "discord": "connected"}
        finally:
            await _stop(running)


async def test_run_all_over_http_serves_them_beside_slacks_events(
    make_app: MakeApp, fake_discord: FakeDiscord
) -> None:
    """`praxis run all --http`: Slack's port answers for Discord's connection too."""
    port = free_port()
    async with FakeSlack() as fake:
        app = await make_app(
            SLACK_BOT_TOKEN="xoxb-test",
            SLACK_SIGNING_SECRET="secret",
            SLACK_API_URL=fake.api_url,
            DISCORD_TOKEN=fake_discord.token,
            DISCORD_API_URL=fake_discord.api_url,
            DISCORD_GATEWAY_URL=fake_discord.gateway_url,
        )
        running = await _run(app, RunOptions("all", http=True, host="127.0.0.1", port=port))
        try:
            body = await _readiness_follows_the_database(app, f"http://127.0.0.1:{port}")
            assert body["platforms"] == {"slack": "connected", "discord": "connected"}
        finally:
            await _stop(running)


async def test_metrics_count_each_command_and_its_latency(app: App, harness) -> None:
    from adapters.health import health_app

    await harness.ok("ana", "/resource search fractions")
    await harness.ok("ana", "/resource search ratio")
    await harness.run("ana", "/resource share url:nope title:x type:task")
    runner = aiohttp.web.AppRunner(health_app(app.core))
    await runner.setup()
    port = free_port()
    await aiohttp.web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/metrics") as response,
        ):
            assert response.status == 200
            assert response.headers["Content-Type"].startswith("text/plain")
            text = await response.text()
    finally:
        await runner.cleanup()
    assert 'praxis_commands_total{family="resource",outcome="ok"} 2.0' in text
    assert 'praxis_commands_total{family="resource",outcome="user_error"} 1.0' in text
    assert 'praxis_command_seconds_count{family="resource"} 3.0' in text
    assert "fractions" not in text and "ana" not in text, "labels never carry what people typed"


def test_tokens_never_print_with_the_settings() -> None:
    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-very-secret", DISCORD_TOKEN="d-secret", _env_file=None
    )
    shown = f"{settings!r} {settings} {settings.model_dump()}"
    assert "xoxb-very-secret" not in shown and "d-secret" not in shown


def test_json_logs_are_one_object_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    import json
    import logging

    from bot.root.logs import configure_logging

    configure_logging(logging.INFO, "json")
    try:
        logging.getLogger("praxis.commands").info("community=%s outcome=%s", "slack:T1", "ok")
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logging.getLogger("praxis.commands").exception("internal fault ref=AB12")
    finally:
        logging.getLogger().handlers.clear()
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert lines[0]["message"] == "community=slack:T1 outcome=ok" and lines[0]["level"] == "info"
    assert lines[1]["level"] == "error" and "RuntimeError: boom" in lines[1]["exception"]
