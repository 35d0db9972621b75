"""How long `/praxis report` takes on the demo community, with and without charts.

Run: `python -m bench.report [--runs N]`. Uses a fresh SQLite file with the demo
loaded; the baseline of the same run is `/praxis whoami` (the dispatcher's fixed cost).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from adapters.console.adapter import ConsoleSession
from bot.root.app import build_app
from bot.root.config import Settings
from bot.root.demo import load_demo


async def measure(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        app = build_app(Settings(PRAXIS_DATABASE_URL=url, _env_file=None))
        await app.start()
        await load_demo(app.services, app.registry)
        session = ConsoleSession(app.core, "ana", files_dir=Path(folder) / "files")
        results: dict[str, float] = {}
        for label, text in (
            ("whoami (baseline)", "/praxis whoami"),
            ("report charts:no", "/praxis report charts:no"),
            ("report with 2 charts", "/praxis report"),
            ("export resources", "/praxis export resources"),
        ):
            await session.run(text)  # warm up (imports matplotlib once)
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                result = await session.run(text)
                times.append((time.perf_counter() - start) * 1000)
                assert result.ok, result.reply.plain_text()
            results[label] = statistics.median(times)
        base = results["whoami (baseline)"]
        for label, ms in results.items():
            print(f"{label:24} median {ms:7.1f} ms  ({ms / base:5.1f}x baseline)")
        await app.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    asyncio.run(measure(parser.parse_args().runs))


if __name__ == "__main__":
    main()
