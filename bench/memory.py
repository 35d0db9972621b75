"""The bot's memory as a district's server sees it: Slack, Discord and the scheduler together.

    python -m bench.memory [--resources 100000] [--schedules 100000] [--requests 2000]

`praxis run all` (Slack over HTTP, Discord against the fake gateway, the scheduling engine)
runs as its own process on a SQLite library of `--resources` resources and `--schedules`
active schedules; the fake Slack and Discord servers are processes of their own, and this
process is only the client. Reported, from /proc: the resident memory once ready and idle
(steady), the high-water mark while 32 searches run at once (peak), and the resident memory
after the load. The baseline is the same process on an empty database, in the same run.
Targets (issue 18): steady ≤ 150 MB, peak ≤ 250 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.slack_http import (
    ROOT,
    SECRET,
    adopt_library,
    free_port,
    measure,
    requests,
    rss_mb,
)

RESULTS = ROOT / "bench" / "results"


def status_kb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def wait_ready(url: str, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.25)
    raise TimeoutError(f"{url} never became ready")


async def one_run(database: Path, requests_n: int, command: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    slack = subprocess.Popen(
        [sys.executable, "-m", "bench.servers", "fake-slack"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE,
    )  # fmt: skip
    discord = subprocess.Popen(
        [sys.executable, "-m", "bench.servers", "fake-discord"], cwd=ROOT, env=env,
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert slack.stdout is not None and discord.stdout is not None
    api_url = slack.stdout.readline().decode().strip()
    token, discord_api, gateway = discord.stdout.readline().decode().split()
    port = free_port()
    bot_env = {
        **env,
        "PRAXIS_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "DISCORD_TOKEN": token,
        "DISCORD_API_URL": discord_api,
        "DISCORD_GATEWAY_URL": gateway,
    }
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot.root.cli", "run", "all", "--http", "--host", "127.0.0.1",
         "--port", str(port)],
        cwd=ROOT, env=bot_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        await wait_ready(base + "/readyz")
        await asyncio.sleep(5)  # idle: let start-up garbage go
        steady = rss_mb(bot.pid)
        name, _, text = command.partition(" ")
        figures = await measure(base + "/slack/events", requests(name, text, requests_n), 32)
        peak = status_kb(bot.pid, "VmHWM")
        await asyncio.sleep(5)
        after = rss_mb(bot.pid)
        return {"steady": steady, "peak": peak, "after": after, "rps": figures["rps"]}
    finally:
        for process in (bot, slack, discord):
            process.terminate()
        for process in (bot, slack, discord):
            process.wait(timeout=30)


def seed_schedules(database: Path, count: int) -> None:
    from bench.scheduler import seed

    asyncio.run(seed(f"sqlite+aiosqlite:///{database}", count))


def main(args: argparse.Namespace) -> None:
    from bench.search import build_sqlite

    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.db"
        seed_schedules(empty, 0)
        library = RESULTS / f"search-{args.resources}.db"
        RESULTS.mkdir(parents=True, exist_ok=True)
        build_sqlite(library, args.resources)
        full = Path(tmp) / "full.db"
        adopt_library(library, full)
        shutil.copyfile(library.with_suffix(".json"), full.with_suffix(".json"))
        seed_schedules(full, args.schedules)
        rows = {
            "empty database (baseline)": asyncio.run(one_run(empty, args.requests, args.command)),
            f"{args.resources:,} resources, {args.schedules:,} schedules": asyncio.run(
                one_run(full, args.requests, args.command)
            ),
        }
    print(f"command: {args.command}   requests: {args.requests} at concurrency 32")
    print(f"{'database':<36} {'steady MB':>10} {'peak MB':>8} {'after MB':>9} {'req/s':>7}")
    for label, f in rows.items():
        print(
            f"{label:<36} {f['steady']:>10.0f} {f['peak']:>8.0f} {f['after']:>9.0f}"
            f" {f['rps']:>7.0f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--resources", type=int, default=100_000, choices=(10_000, 100_000))
    parser.add_argument("--schedules", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--command", default="/resource search redito")
    main(parser.parse_args())
