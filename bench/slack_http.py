"""Signed slash commands against the bot as its own process vs a bare Bolt app.

    python -m bench.slack_http [--requests 2000] [--concurrency 32] [--workers 1]
        [--command "/resource search fractions"] [--library bench/results/search-100000.db]
        [--database-url postgresql+asyncpg://...]

As a district's server sees it: `praxis run slack --http` runs as a separate process (with
`--workers N`, N processes on one port), the bare Bolt baseline is another process
answering the same command with a fixed text in its ack, the fake Slack Web API a third,
and this process is only the client (requests are signed beforehand). Each server gets
the same warm-up and the same batch; the table gives p50, p99, throughput and the
throughput ratio to the bare app measured in the same run, and the bot's resident memory
(all its processes) at the end.

`--library` copies a SQLite library built by bench/search.py and hands its community to
the Slack team the requests come from, so the search runs over that many resources.
`--database-url` on PostgreSQL names such a library there (bench/search.py --pg builds
`praxis_bench_100000`): the bench serves a copy made from it as a template
(`<name>_http`, dropped at the end), so the library itself is never changed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import aiohttp

from tests.fakes import slack_signing as sig

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-secret"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def rss_mb(pid: int, field: str = "VmRSS:") -> float:
    """Resident memory of a process and its children, in MB (Linux /proc).

    With `field="Pss:"`, the proportional share instead: pages several workers share (the
    SQLite file's memory map, the interpreter's libraries) counted once in all, not once
    per process as summed RSS counts them.
    """
    source = "status" if field == "VmRSS:" else "smaps_rollup"
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/{source}").read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending.extend(int(child) for child in children)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


def adopt_library(source: Path, target: Path) -> None:
    """Copy a bench/search.py library and make its community the Slack team's."""
    shutil.copyfile(source, target)
    db = sqlite3.connect(target)
    db.execute(
        "UPDATE communities SET platform = 'slack', external_id = ? WHERE id = 1", (sig.TEAM_ID,)
    )
    db.commit()
    db.close()


def _pg(url: str, database: str | None = None) -> str:
    """A plain asyncpg DSN for `url` (optionally on another database)."""
    from sqlalchemy import make_url

    plain = make_url(url).set(drivername="postgresql")
    if database is not None:
        plain = plain.set(database=database)
    return plain.render_as_string(hide_password=False)


async def adopt_pg_library(url: str) -> str:
    """Copy the PostgreSQL library `url` names into `<name>_http`, hand its community to the
    Slack team, and return the copy's URL."""
    import asyncpg
    from sqlalchemy import make_url

    source = make_url(url).database
    copy = f"{source}_http"
    admin = await asyncpg.connect(_pg(url, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        await admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    finally:
        await admin.close()
    conn = await asyncpg.connect(_pg(url, copy))
    try:
        await conn.execute(
            "UPDATE communities SET platform = 'slack', external_id = $1 WHERE id = 1",
            sig.TEAM_ID,
        )
    finally:
        await conn.close()
    return make_url(url).set(database=copy).render_as_string(hide_password=False)


async def drop_pg_copy(url: str) -> None:
    import asyncpg
    from sqlalchemy import make_url

    admin = await asyncpg.connect(_pg(url, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}"')
    finally:
        await admin.close()


def requests(
    command: str, text: str, count: int, words: Sequence[str] = ()
) -> list[sig.SignedRequest]:
    """`count` signed commands; with `words`, each adds the next word to `text`, so no two
    of them ask the same (a search none of them can answer from a kept window)."""
    return [
        sig.signed(
            sig.slash_command(
                command, f"{text} {words[i]}" if words else text, trigger_id=uuid.uuid4().hex
            ),
            SECRET,
        )
        for i in range(count)
    ]


def distinct_words(n: int) -> list[str]:
    """Words of bench/search.py's library of `n` (same seed) found in 0.05-2% of it, in a
    fixed random order: mid-frequency words like `redito`, each asked once."""
    from bench.search import generate

    _rows, frequency = generate(n)
    words = sorted(w for w, c in frequency.items() if 0.0005 * n <= c <= 0.02 * n)
    random.Random(11).shuffle(words)
    return words


async def wait_answering(url: str, command: str, text: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while True:
            (request,) = requests(command, text, 1)
            try:
                async with session.post(url, data=request.body, headers=request.headers) as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} never answered")
            await asyncio.sleep(0.2)


async def measure(url: str, batch: list[sig.SignedRequest], concurrency: int) -> dict[str, float]:
    latencies: list[float] = []
    queue = list(batch)
    failures = 0
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal failures
            while queue:
                request = queue.pop()
                started = time.perf_counter()
                async with session.post(url, data=request.body, headers=request.headers) as r:
                    await r.read()
                    failures += r.status != 200
                latencies.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "rps": len(latencies) / elapsed,
        "failures": failures,
    }


def spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log.open("wb"))


async def main(args: argparse.Namespace) -> None:
    command, _, text = args.command.partition(" ")
    words = distinct_words(args.distinct) if args.distinct else []
    if words and len(words) < args.requests + 200:
        raise SystemExit(f"only {len(words)} distinct words for {args.requests} requests")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"load average at start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/bench.db"
        postgres = url.startswith("postgresql")
        if postgres:
            url = await adopt_pg_library(url)
        elif args.library:
            adopt_library(args.library, Path(tmp) / "bench.db")
        fake = spawn([sys.executable, "-m", "bench.servers", "fake-slack"], env, Path(tmp) / "f")
        assert fake.stdout is not None
        api_url = fake.stdout.readline().decode().strip()
        bare_port, praxis_port = free_port(), free_port()
        bare = spawn(
            [sys.executable, "-m", "bench.servers", "bare-bolt", str(bare_port), api_url,
             command, SECRET],
            env, Path(tmp) / "bare.log",
        )  # fmt: skip
        praxis_env = {
            **env,
            "PRAXIS_DATABASE_URL": url,
            "SLACK_BOT_TOKEN": "xoxb-bench",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api_url,
        }
        profile = ["-m", "cProfile", "-o", str(args.profile)] if args.profile else []
        praxis = spawn(
            [sys.executable, *profile, "-m", "bot.root.cli", "run", "slack", "--http", "--host",
             "127.0.0.1", "--port", str(praxis_port), "--workers", str(args.workers)],
            praxis_env, Path(tmp) / "praxis.log",
        )  # fmt: skip
        targets = {
            "bare Bolt": f"http://127.0.0.1:{bare_port}/slack/events",
            "Praxis": f"http://127.0.0.1:{praxis_port}/slack/events",
        }
        try:
            results: dict[str, dict[str, float]] = {}
            for target in targets.values():
                await wait_answering(target, command, text)
                warm = words[args.requests : args.requests + 100]  # not the measured ones
                await measure(target, requests(command, text, 100, warm), args.concurrency)
            for name, target in targets.items():
                batch = requests(command, text, args.requests, words[: args.requests])
                results[name] = await measure(target, batch, args.concurrency)
            memory = rss_mb(praxis.pid)
            proportional = rss_mb(praxis.pid, "Pss:")
        finally:
            for process in (praxis, bare, fake):
                process.terminate()
            for process in (praxis, bare, fake):
                process.wait(timeout=30)
            if postgres:
                await drop_pg_copy(url)
            if args.keep_logs:
                args.keep_logs.mkdir(parents=True, exist_ok=True)
                for log in Path(tmp).glob("*.log"):
                    shutil.copyfile(log, args.keep_logs / log.name)
    base = results["bare Bolt"]
    library = args.database_url if postgres else (args.library or "empty")
    print(
        f"command: {args.command}   requests: {args.requests}   concurrency: {args.concurrency}"
        f"   workers: {args.workers}   database: {url.split(':')[0]}"
        f"   library: {library}   distinct words: {'yes' if words else 'no'}"
        f"   load average at end: {os.getloadavg()}"
    )
    print(f"{'server':<10} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'of bare':>8} {'fail':>5}")
    for name, figures in results.items():
        share = figures["rps"] / base["rps"]
        print(
            f"{name:<10} {figures['p50']:>8.2f} {figures['p99']:>8.2f} {figures['rps']:>8.0f}"
            f" {share:>7.1%} {int(figures['failures']):>5}"
        )
    print(
        f"Praxis resident memory after the run: {memory:.0f} MB RSS summed over its processes,"
        f" {proportional:.0f} MB PSS (shared pages counted once)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--command", default="/praxis whoami")
    parser.add_argument(
        "--distinct",
        type=int,
        default=0,
        metavar="N",
        help="add a different mid-frequency word of bench/search.py's library of N to each "
        "request (no search is asked twice)",
    )
    parser.add_argument(
        "--database-url", default=None, help="PostgreSQL: a library database, served as a copy"
    )
    parser.add_argument("--library", type=Path, help="a SQLite library from bench/search.py")
    parser.add_argument("--keep-logs", type=Path, help="copy the servers' logs into this folder")
    parser.add_argument("--profile", type=Path, help="cProfile the bot (one worker) into this file")
    asyncio.run(main(parser.parse_args()))
