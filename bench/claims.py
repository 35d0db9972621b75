"""What claiming a Discord interaction costs: one small write transaction per interaction.

    python -m bench.claims [--claims 2000] [--concurrency 1,32] [--database-url postgresql+asyncpg://...]

Every interaction is claimed by its id (`Core.claim_once`, INSERT … ON CONFLICT DO
NOTHING into handled_requests) before it is answered, so that of several instances only
one answers. The baseline, measured in the same run on the same database, is the
cheapest round trip the face makes to it: reading one adapter-state key in its own
session (`Core.read_state`). The table gives p50 and p99 per call and the ratio to the
baseline; a claim of a key already taken (what the losing instance pays) is measured too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable

from bot.face import Core
from bot.root.app import build_app
from bot.root.config import Settings


async def measure(
    call: Callable[[int], Awaitable[object]], count: int, concurrency: int
) -> dict[str, float]:
    latencies: list[float] = []
    queue = list(range(count))

    async def worker() -> None:
        while queue:
            n = queue.pop()
            started = time.perf_counter()
            await call(n)
            latencies.append((time.perf_counter() - started) * 1000)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    latencies.sort()
    return {
        "p50": statistics.median(latencies),
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    }


def reader(core: Core, key: str) -> Callable[[int], Awaitable[object]]:
    async def call(_n: int) -> object:
        return await core.read_state(key)

    return call


def claimer(core: Core, prefix: str) -> Callable[[int], Awaitable[object]]:
    async def call(n: int) -> object:
        return await core.claim_once(f"{prefix}:{n}")

    return call


async def main(args: argparse.Namespace) -> None:
    print(f"load average at start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{tmp}/claims.db"
        app = build_app(Settings(PRAXIS_DATABASE_URL=url, _env_file=None))
        await app.start()
        core = app.core
        run = uuid.uuid4().hex[:8]
        rows: list[tuple[str, int, dict[str, float]]] = []
        try:
            for concurrency in [int(c) for c in args.concurrency.split(",")]:
                prefix = f"bench:{run}:{concurrency}"
                await measure(reader(core, f"{prefix}:warm"), 50, concurrency)
                for name, call in (
                    ("read one key (baseline)", reader(core, prefix)),
                    ("claim a new interaction", claimer(core, prefix)),
                    ("claim one already taken", claimer(core, prefix)),
                ):
                    rows.append((name, concurrency, await measure(call, args.claims, concurrency)))
        finally:
            await app.close()
    print(
        f"database: {app.db.dialect}   calls per cell: {args.claims}   "
        f"load average at end: {os.getloadavg()}"
    )
    print(
        f"{'call':<26} {'conc':>4} {'p50 ms':>8} {'p99 ms':>8} {'p50 ratio':>10} {'p99 ratio':>10}"
    )
    baseline: dict[int, dict[str, float]] = {}
    for name, concurrency, figures in rows:
        if name.endswith("(baseline)"):
            baseline[concurrency] = figures
        base = baseline[concurrency]
        print(
            f"{name:<26} {concurrency:>4} {figures['p50']:>8.2f} {figures['p99']:>8.2f}"
            f" {figures['p50'] / base['p50']:>9.2f}x {figures['p99'] / base['p99']:>9.2f}x"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=2000)
    parser.add_argument("--concurrency", default="1,32")
    parser.add_argument("--database-url", default=None)
    asyncio.run(main(parser.parse_args()))
