"""A library grown one share at a time searches as fast as one built in bulk.

    python -m bench.grown [--n 20000] [--runs 30]

Builds two SQLite libraries from the same generated rows (bench/search.py's generator):
one in bulk (bench/search.py's builder, which ends with ANALYZE), and one by `--n`
individual shares, each in its own transaction through `share_resource` as
`/resource share` does, never analysed by hand. Then times `/resource search` through the
dispatcher for a very common word, a mid-frequency word and a two-word query on both, and
prints the medians and the grown/bulk ratio. The grown library relies on what the bot
itself does: `PRAGMA optimize` at each connection and a window query whose plan keeps
the newest matches whatever the statistics say.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.search import ADDRESS, build_sqlite, generate, pick_words
from bot.kernel.model import Address, Identity, Request, TextCommand
from bot.root.app import build_app
from bot.root.config import Settings
from commands.resource.checks import share_resource
from storage.members import get_or_create_community, get_or_create_member


async def grow(path: Path, n: int) -> None:
    """`n` shares, one transaction each, oldest first."""
    app = build_app(Settings(PRAXIS_DATABASE_URL=f"sqlite+aiosqlite:///{path}", _env_file=None))
    await app.start()
    rows, _ = generate(n)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    async with app.db.session() as session:
        community = await get_or_create_community(
            session, Address(ADDRESS.platform, ADDRESS.community), default_timezone="UTC", now=start
        )
        member = await get_or_create_member(
            session, community, Identity("m1", "Member 1"), now=start
        )
        community_id, member_id = community.id, member.id
    began = time.perf_counter()
    for i, (title, description, tags, kind, grade) in enumerate(rows):
        async with app.db.session() as session:
            await share_resource(
                session,
                community_id,
                title=title[:200],
                type=kind,
                description=description[:2000],
                grade=grade,
                tags=tuple(tags.split(",")),
                shared_by=member_id,
                url=f"https://example.org/r/{i + 1}",
                now=start + timedelta(seconds=i),
            )
        if (i + 1) % 5000 == 0:
            print(f"  {i + 1:,} shares ({time.perf_counter() - began:.0f}s)", flush=True)
    await app.close()


async def time_search(path: Path, queries: dict[str, list[str]], runs: int) -> dict[str, float]:
    app = build_app(Settings(PRAXIS_DATABASE_URL=f"sqlite+aiosqlite:///{path}", _env_file=None))
    await app.start()
    identity = Identity("m1", "Member 1")
    medians: dict[str, float] = {}
    try:
        for label, words in queries.items():
            samples = []
            for i in range(runs + 3):
                text = f"/resource search {words[i % len(words)]}"
                started = time.perf_counter()
                result = await app.dispatcher.handle(Request(ADDRESS, identity, TextCommand(text)))
                elapsed = (time.perf_counter() - started) * 1000
                assert result.ok, result.reply.plain_text()
                if i >= 3:
                    samples.append(elapsed)
            medians[label] = statistics.median(samples)
    finally:
        await app.close()
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bulk, grown = Path(tmp) / "bulk.db", Path(tmp) / "grown.db"
        build_sqlite(bulk, args.n)
        asyncio.run(grow(grown, args.n))
        _, df = generate(args.n)
        words = pick_words(df, args.n)
        queries = {"common": words["common"], "mid": words["mid"], "two words": words["two words"]}
        results = {
            "bulk (baseline)": asyncio.run(time_search(bulk, queries, args.runs)),
            "grown by shares": asyncio.run(time_search(grown, queries, args.runs)),
        }
    print(f"{args.n:,} resources; median ms of /resource search through the dispatcher")
    print(f"{'library':<18}" + "".join(f"{label:>12}" for label in queries))
    for name, medians in results.items():
        print(f"{name:<18}" + "".join(f"{medians[label]:>12.2f}" for label in queries))
    base = results["bulk (baseline)"]
    grown_figures = results["grown by shares"]
    print(
        f"{'grown / bulk':<18}"
        + "".join(f"{grown_figures[label] / base[label]:>11.2f}x" for label in queries)
    )


if __name__ == "__main__":
    main()
