"""`praxis run slack --http --workers 2`: real processes on one port, one scheduler among them."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import aiohttp
import pytest

from tests.fakes import slack_signing as sig
from tests.fakes.slack_server import FakeSlack

ROOT = Path(__file__).resolve().parents[2]
SECRET = "workers-secret"
ACTIVE = re.compile(r"this instance \(pid (\d+)\) is now the active scheduler")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def until(condition, timeout: float = 60.0) -> None:
    """Wait for an observable condition (a log line, an answer) on a loaded machine."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await asyncio.sleep(0.1)


async def _answer(session: aiohttp.ClientSession, base: str, text: str) -> int:
    payload = sig.slash_command("/praxis", text, trigger_id=uuid.uuid4().hex)
    request = sig.signed(payload, SECRET)
    try:
        async with session.post(
            base + "/slack/events", data=request.body, headers=request.headers
        ) as response:
            return response.status
    except aiohttp.ClientConnectionError:
        return 0


@pytest.mark.skipif(sys.platform != "linux", reason="SO_REUSEPORT spreading is Linux's")
async def test_two_workers_share_the_port_and_one_runs_the_scheduler(
    database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("on PostgreSQL the advisory lock is tested by the scheduler's own tests")
    port = free_port()
    log_path = tmp_path / "workers.log"
    async with FakeSlack() as fake:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PRAXIS_DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-workers",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.api_url,
        }
        with log_path.open("wb") as log:
            parent = subprocess.Popen(
                [sys.executable, "-m", "bot.root.cli", "run", "slack", "--http",
                 "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
                cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=log,
            )  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"

            def lines() -> str:
                return log_path.read_text(errors="replace")

            await until(lambda: lines().count("worker 1 started") == 1)
            await until(lambda: len(ACTIVE.findall(lines())) >= 1)
            async with aiohttp.ClientSession() as session:
                statuses = [await _answer(session, base, "whoami") for _ in range(20)]
                while 200 not in statuses:  # workers may still be binding
                    statuses.append(await _answer(session, base, "whoami"))
                    await asyncio.sleep(0.1)
                assert statuses[-1] == 200
            assert len(set(ACTIVE.findall(lines()))) == 1, "one scheduler among the workers"

            # The active worker dies: it is started again, and a worker takes the schedule.
            (first,) = set(ACTIVE.findall(lines()))
            os.kill(int(first), signal.SIGKILL)
            await until(lambda: "starting it again" in lines())
            await until(lambda: len(set(ACTIVE.findall(lines()))) == 2)
            async with aiohttp.ClientSession() as session:
                status = 0
                for _ in range(100):
                    status = await _answer(session, base, "whoami")
                    if status == 200:
                        break
                    await asyncio.sleep(0.1)
                assert status == 200, "the port kept answering"
        finally:
            parent.send_signal(signal.SIGTERM)
            assert parent.wait(timeout=60) == 0, lines()
    assert "Traceback" not in lines()
