"""How fast `praxis import resources` adds a district's spreadsheet, against sharing one by one.

Run: `python -m bench.import_resources [--rows N] [--database-url URL]`. Writes a CSV of N
realistic rows, imports it into a fresh database, and in the same run adds a tenth as many
rows one by one through `share_resource` (the path `/resource share` takes): the baseline.
The target is 5,000 rows/s on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import tempfile
import time
from pathlib import Path

from bot.kernel.model import Address, Identity
from bot.root.app import build_app
from bot.root.config import Settings
from bot.root.importing import ImportOptions, import_file
from commands.resource.checks import share_resource
from storage.members import get_or_create_community, get_or_create_member

HEADER = ["url", "title", "type", "grade", "standards", "focus", "tags", "description"]
WORDS = [
    "fraction",
    "ratio",
    "area",
    "perimeter",
    "estimate",
    "pattern",
    "strip",
    "model",
    "graph",
    "table",
]


def rows(n: int, offset: int = 0) -> list[list[str]]:
    out = []
    for i in range(offset, offset + n):
        words = " ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7))
        out.append(
            [
                f"https://district.example.org/r/{i}",
                f"{words.capitalize()} task {i}",
                ("task", "rubric", "lesson", "assessment")[i % 4],
                ("K-2", "3-5", "6-8", "9-12")[i % 4],
                ("3.NF.A.2", "7.RP.A.2", "K.CC.B.4", "")[i % 4],
                ("deep-math", "identity", "")[i % 3],
                "number-talks; small-group",
                f"Used with {words}; students compared strategies.",
            ]
        )
    return out


async def measure(n: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        app = build_app(Settings(PRAXIS_DATABASE_URL=url, _env_file=None))
        await app.start()
        path = Path(folder) / "library.csv"
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(rows(n))
        start = time.perf_counter()
        status = await import_file(app, ImportOptions(path, "ana"), err=io.StringIO())
        bulk = time.perf_counter() - start
        assert status == 0
        one_by_one_n = max(1, n // 10)
        now = app.services.clock.now()
        start = time.perf_counter()
        async with app.db.session() as session:
            community = await get_or_create_community(
                session, Address("console", "console", None, None), default_timezone="UTC", now=now
            )
            member = await get_or_create_member(session, community, Identity("ana", ""), now=now)
            for row in rows(one_by_one_n, offset=n):
                await share_resource(
                    session,
                    community.id,
                    url=row[0],
                    title=row[1],
                    type=row[2],
                    grade=row[3],
                    standards=tuple(filter(None, [row[4]])),
                    focus=tuple(filter(None, [row[5]])),
                    tags=("number-talks", "small-group"),
                    description=row[7],
                    shared_by=member.id,
                    now=now,
                )
        single = time.perf_counter() - start
        await app.close()
    bulk_rate, single_rate = n / bulk, one_by_one_n / single
    print(f"database: {url.split(':')[0]}   rows: {n}")
    print(f"bulk import          {bulk:7.2f} s  {bulk_rate:9.0f} rows/s")
    print(f"one by one (baseline){single:7.2f} s  {single_rate:9.0f} rows/s  ({one_by_one_n} rows)")
    print(f"ratio                {bulk_rate / single_rate:7.1f}x the one-by-one rate")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(measure(args.rows, args.database_url))


if __name__ == "__main__":
    main()
