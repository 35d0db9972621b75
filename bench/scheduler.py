"""Benchmark the scheduling engine: start-up time, memory, and lateness of a burst.

    /work/venv/bin/python bench/scheduler.py [--sizes 0,10000,100000] [--burst 1000] [--url URL]

For each size it seeds a fresh database with that many active schedules (every Monday 8:00,
in many zones), then starts a child process that measures what a `praxis run` does: build the
app, bring the schema up to date, start the engine (reconcile and arm the wakeup), and report
the time taken and its resident memory. The child then makes `--burst` schedules due at the
same instant and reports how late each delivery was sent (p50, p99). Size 0 is the baseline;
ratios are printed against it. Without --url each size gets its own SQLite file.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "UTC")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def seed(url: str, size: int) -> None:
    from sqlalchemy import insert

    from bot.kernel.model import Address
    from bot.time.recurrence import parse_recurrence, recurrence_to_text
    from storage.db import Database
    from storage.members import get_or_create_community
    from storage.schedules import Schedule

    database = Database(url)
    await database.upgrade()
    now = datetime.now(UTC)
    rec = recurrence_to_text(parse_recurrence("every monday 8:00", now=now))
    far = now + timedelta(days=3)
    try:
        async with database.session() as session:
            community = await get_or_create_community(
                session, Address("console", "console"), default_timezone="UTC", now=now
            )
            community_id = community.id
        rows = [
            {
                "community_id": community_id,
                "kind": "nudge",
                "target": "#bench",
                "recurrence": rec,
                "zone": ZONES[i % len(ZONES)],
                "payload": {"message": f"bench {i}"},
                "status": "active",
                "next_run_at": far + timedelta(seconds=i % 3600),
                "due_at": far + timedelta(seconds=i % 3600),
                "created_at": now,
                "updated_at": now,
            }
            for i in range(size)
        ]
        for start in range(0, len(rows), 5000):
            async with database.session() as session:
                await session.execute(insert(Schedule), rows[start : start + 5000])
    finally:
        await database.close()


@dataclass
class NullPort:
    """A platform that answers at once; records when each message left."""

    platform: str = "console"

    def __post_init__(self) -> None:
        self.sent: list[float] = []

    async def send(
        self, address: object, reply: object, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        self.sent.append(time.time())
        return None


async def child(url: str, burst: int) -> dict[str, float]:
    from sqlalchemy import select, update

    from bot.root.app import build_app
    from bot.root.config import Settings
    from storage.schedules import Schedule

    started = time.perf_counter()
    app = build_app(Settings(PRAXIS_DATABASE_URL=url, _env_file=None))
    await app.start()
    port = NullPort()
    app.services.delivery.register(port)
    await app.start_scheduler()
    startup = time.perf_counter() - started
    memory = rss_mb()
    result = {"startup_s": startup, "rss_mb": memory}
    if burst:
        due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=3)
        async with app.db.session() as session:
            ids = list(
                (
                    await session.execute(select(Schedule.id).order_by(Schedule.id).limit(burst))
                ).scalars()
            )
            await session.execute(
                update(Schedule).where(Schedule.id.in_(ids)).values(next_run_at=due, due_at=due)
            )
        wake = app.services.scheduling.wake
        assert wake is not None, "start_scheduler sets the wake-up"
        wake()
        deadline = time.time() + 60
        while len(port.sent) < len(ids) and time.time() < deadline:
            await asyncio.sleep(0.05)
        late = sorted(max(0.0, t - due.timestamp()) for t in port.sent)
        if late:
            result["late_p50_s"] = statistics.median(late)
            result["late_p99_s"] = late[min(len(late) - 1, int(len(late) * 0.99))]
            result["delivered"] = len(late)
    await app.close()
    return result


def run_child(url: str, burst: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", url, "--burst", str(burst)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--burst", type=int, default=1000)
    parser.add_argument("--url", help="a PostgreSQL URL to reuse (it is emptied per size)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(child(args.child, args.burst))))
        return
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            url = f"sqlite+aiosqlite:///{tmp}/bench_{size}.db"
            seeding = time.perf_counter()
            asyncio.run(seed(url, size))
            seeded = time.perf_counter() - seeding
            burst = min(args.burst, size)
            results[size] = run_child(url, burst)
            results[size]["seed_s"] = seeded
    base = results.get(0)
    print(
        f"{'schedules':>10} {'start s':>8} {'x base':>7} {'RSS MB':>7} {'x base':>7} "
        f"{'p50 s':>6} {'p99 s':>6} {'sent':>5}"
    )
    for size, r in results.items():
        ratio_t = r["startup_s"] / base["startup_s"] if base else float("nan")
        ratio_m = r["rss_mb"] / base["rss_mb"] if base else float("nan")
        print(
            f"{size:>10} {r['startup_s']:8.2f} {ratio_t:7.2f} {r['rss_mb']:7.1f} {ratio_m:7.2f} "
            f"{r.get('late_p50_s', float('nan')):6.3f} {r.get('late_p99_s', float('nan')):6.3f} "
            f"{int(r.get('delivered', 0)):>5}"
        )


if __name__ == "__main__":
    main()
