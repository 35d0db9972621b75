"""Signed slash commands through the running Slack HTTP server vs a bare Bolt app.

    python bench/slack_http.py [--requests 400] [--command "/praxis whoami"]
    python bench/slack_http.py --library bench/results/search-100000.db \
        --command "/resource search redito" --pbr true

`--library` copies a library built by bench/search.py into the temp directory
and hands its community to the Slack team the requests come from, so the
search runs over that many resources.

Both servers are real slack-bolt AsyncApps served by aiohttp on 127.0.0.1, with
their Web API pointed at the local FakeSlack; requests are signed beforehand so
signing is not measured. The baseline answers the same requests with a fixed
text in the ack. Each is measured with process_before_response False (Bolt's
default) and True, at concurrency 1 and 32: p50, p99, throughput, and the
ratio to the baseline of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web
from slack_bolt.async_app import AsyncAck, AsyncApp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.slack.app import EVENTS_PATH, SlackAdapter, SlackConfig
from adapters.slack.client import make_web_client
from bot.root.app import build_app
from bot.root.config import Settings
from tests.fakes import slack_signing as sig
from tests.fakes.slack_server import FakeSlack

SECRET = "bench-secret"
TOKEN = "xoxb-bench"


async def serve(application: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}{EVENTS_PATH}"


def bare_bolt(fake: FakeSlack, command: str, process_before_response: bool) -> AsyncApp:
    bolt = AsyncApp(
        client=make_web_client(TOKEN, fake.api_url),
        signing_secret=SECRET,
        process_before_response=process_before_response,
    )

    @bolt.command(command)
    async def fixed(ack: AsyncAck) -> None:
        await ack(response_type="ephemeral", text="fixed answer")

    return bolt


def requests(command: str, text: str, count: int) -> list[sig.SignedRequest]:
    return [
        sig.signed(
            sig.slash_command(command, text, trigger_id=f"bench-{time.time_ns()}-{n}"), SECRET
        )
        for n in range(count)
    ]


async def measure(url: str, batch: list[sig.SignedRequest], concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    queue = list(batch)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session:

        async def worker() -> None:
            while queue:
                request = queue.pop()
                started = time.perf_counter()
                async with session.post(url, data=request.body, headers=request.headers) as r:
                    await r.read()
                    assert r.status == 200, r.status
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "rps": len(latencies) / elapsed,
    }


def adopt_library(source: Path, target: Path) -> None:
    """Copy a bench/search.py library and make its community the Slack team's."""
    shutil.copyfile(source, target)
    db = sqlite3.connect(target)
    db.execute(
        "UPDATE communities SET platform = 'slack', external_id = ? WHERE id = 1", (sig.TEAM_ID,)
    )
    db.commit()
    db.close()


async def main(args: argparse.Namespace) -> None:
    command, _, text = args.command.partition(" ")
    settings = {"both": (False, True), "true": (True,), "false": (False,)}[args.pbr]
    print(f"load average at start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database or f"sqlite+aiosqlite:///{tmp}/bench.db"
        if args.library:
            adopt_library(args.library, Path(tmp) / "bench.db")
        core = build_app(Settings(PRAXIS_DATABASE_URL=url, _env_file=None))
        await core.start()
        async with FakeSlack() as fake:
            rows: list[tuple[str, bool, int, dict[str, float]]] = []
            for pbr in settings:
                config = SlackConfig(
                    TOKEN, SECRET, api_url=fake.api_url, process_before_response=pbr
                )
                praxis_runner, praxis_url = await serve(SlackAdapter(core.core, config).web_app())
                bare_runner, bare_url = await serve(
                    bare_bolt(fake, command, pbr).web_app(EVENTS_PATH)
                )
                for concurrency in (1, 32):
                    for name, target in (("bare Bolt", bare_url), ("Praxis", praxis_url)):
                        await measure(target, requests(command, text, 20), concurrency)  # warm
                        batch = requests(command, text, args.requests)
                        rows.append(
                            (name, pbr, concurrency, await measure(target, batch, concurrency))
                        )
                await praxis_runner.cleanup()
                await bare_runner.cleanup()
        await core.close()
    print(
        f"command: {args.command}   requests per cell: {args.requests}   "
        f"database: {core.db.dialect}   library: {args.library or 'empty'}   "
        f"load average at end: {os.getloadavg()}"
    )
    print(
        f"{'server':<10} {'pbr':<6} {'conc':>4} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}"
        f" {'p50 ratio':>10} {'p99 ratio':>10}"
    )
    baseline: dict[tuple[bool, int], dict[str, float]] = {}
    for name, pbr, concurrency, figures in rows:
        if name == "bare Bolt":
            baseline[(pbr, concurrency)] = figures
        ratio = figures["p50"] / baseline[(pbr, concurrency)]["p50"]
        tail = figures["p99"] / baseline[(pbr, concurrency)]["p99"]
        print(
            f"{name:<10} {pbr!s:<6} {concurrency:>4} {figures['p50']:>8.2f} {figures['p99']:>8.2f}"
            f" {figures['rps']:>8.0f} {ratio:>9.2f}x {tail:>9.2f}x"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--command", default="/praxis whoami")
    parser.add_argument("--database", default=None, help="a SQLAlchemy URL (default: temp SQLite)")
    parser.add_argument("--library", type=Path, help="a SQLite library from bench/search.py")
    parser.add_argument("--pbr", choices=("both", "true", "false"), default="both")
    asyncio.run(main(parser.parse_args()))
