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
from tests.root.test_health import eventually

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


def spawn_workers(
    database_url: str, api_url: str, port: int, folder: Path, log_path: Path
) -> subprocess.Popen[bytes]:
    """`praxis run slack --http --workers 2` as its own process, logging to `log_path`."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PRAXIS_DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": "xoxb-workers",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
    }
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.root.cli", "run", "slack", "--http",
             "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip


@pytest.mark.skipif(sys.platform != "linux", reason="SO_REUSEPORT spreading is Linux's")
async def test_two_workers_share_the_port_and_one_runs_the_scheduler(
    database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("on PostgreSQL the advisory lock is tested by the scheduler's own tests")
    port = free_port()
    log_path = tmp_path / "workers.log"
    async with FakeSlack() as fake:
        parent = spawn_workers(database_url, fake.api_url, port, tmp_path, log_path)
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


class Outage:
    """A TCP relay the workers reach PostgreSQL through: `down()` refuses new connections
    and cuts the open ones, as a database that went away; `up()` brings it back."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self.server: asyncio.Server | None = None
        self.open: set[asyncio.StreamWriter] = set()

    async def up(self) -> None:
        self.server = await asyncio.start_server(self._relay, "127.0.0.1", self.port)

    async def down(self) -> None:
        assert self.server is not None
        self.server.close()
        for writer in list(self.open):
            writer.transport.abort()
        self.open.clear()
        await self.server.wait_closed()
        self.server = None

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            upstream_reader, upstream = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self.open |= {writer, upstream}

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.transport.abort()

        await asyncio.gather(pipe(reader, upstream), pipe(upstream_reader, writer))
        self.open -= {writer, upstream}


async def _readiness(session: aiohttp.ClientSession, base: str) -> tuple[int, str]:
    try:
        async with session.get(base + "/readyz") as response:
            return response.status, (await response.json()).get("database", "")
    except aiohttp.ClientConnectionError:
        return 0, ""


async def _every_answer(base: str, expected: tuple[int, str], times: int = 12) -> bool:
    """`times` readiness answers in a row, each on a new connection (the kernel spreads
    connections across the workers), all as expected."""
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as session:
        for _ in range(times):
            if await _readiness(session, base) != expected:
                return False
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="SO_REUSEPORT spreading is Linux's")
async def test_every_worker_turns_unready_while_postgresql_is_away_and_ready_on_its_return(
    database_url: str, tmp_path: Path
) -> None:
    if database_url.startswith("sqlite"):
        pytest.skip("a SQLite file cannot go away from an open connection; needs PostgreSQL")
    from sqlalchemy import make_url

    real = make_url(database_url)
    outage = Outage(real.host or "127.0.0.1", real.port or 5432)
    await outage.up()
    relayed = real.set(host="127.0.0.1", port=outage.port).render_as_string(hide_password=False)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = tmp_path / "workers.log"
    async with FakeSlack() as fake:
        parent = spawn_workers(relayed, fake.api_url, port, tmp_path, log_path)
        try:
            ready = (200, "reachable")
            assert await eventually(lambda: _every_answer(base, ready), timeout=60)

            await outage.down()
            assert await _every_answer(base, (503, "unreachable")), "every worker says why"

            await outage.up()
            assert await eventually(lambda: _every_answer(base, ready), timeout=5.0)
        finally:
            parent.send_signal(signal.SIGTERM)
            # Waited for off the loop: the relay must keep serving the workers' goodbyes.
            status = await asyncio.to_thread(parent.wait, timeout=60)
            assert status == 0, log_path.read_text(errors="replace")
            if outage.server is not None:
                await outage.down()


async def test_a_worker_that_ignores_sigterm_is_killed_after_the_grace(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The supervisor stops cleanly (0) even when a worker hangs on its way out."""
    from bot.root import workers

    stubborn = (
        "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
        " print('up', flush=True); time.sleep(120)"
    )
    monkeypatch.setattr(
        workers, "worker_command", lambda _options: [sys.executable, "-c", stubborn]
    )
    started: list[int] = []
    real_exec = asyncio.create_subprocess_exec

    async def spawn(*args, **kwargs):
        process = await real_exec(*args, stdout=subprocess.PIPE, **kwargs)
        assert process.stdout is not None
        await process.stdout.readline()  # its SIGTERM handler is in place
        started.append(process.pid)
        return process

    monkeypatch.setattr(asyncio, "create_subprocess_exec", spawn)
    options = workers.WorkerOptions(1, "127.0.0.1", 0, grace=0.5)
    running = asyncio.create_task(workers.run_workers(options))
    await until(lambda: bool(started), timeout=30)
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(running, 30) == 0
    assert "worker 0 did not stop in 0.5 s: killed" in caplog.text
    with pytest.raises(ProcessLookupError):
        os.kill(started[0], 0)  # reaped, not left behind
