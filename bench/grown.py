"""A library grown one share at a time searches as fast as one built in bulk.

    python -m bench.grown [--n 20000] [--runs 30] [--keep DIR]
    python -m bench.grown --n 20000 --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/test

Builds two libraries from the same generated rows (bench/search.py's generator): one in
bulk (bench/search.py's builder, which ends with ANALYZE and, on SQLite, an FTS5
optimize), and one by `--n` individual shares, each in its own transaction through
`share_resource` as `/resource share` does, never analysed or merged by hand. Then times
`/resource search` through the dispatcher for a very common word, a mid-frequency word
and a two-word query on both (one search on each in turn), and prints the medians and
the grown/bulk ratio, with what the grown library holds for the planner: on SQLite
whether it has statistics and how many FTS5 segments its index has; on PostgreSQL
whether autovacuum is on and when the table was last analyzed. The grown library relies
on what the bot itself does: a window whose join order does not depend on statistics,
FTS5 merging a bounded step at a time as it grows and `PRAGMA optimize` as it serves
(SQLite); autovacuum's analyze, or the bot's own ANALYZE where autovacuum is off
(PostgreSQL).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from bench.search import ADDRESS, build_postgres, build_sqlite, generate, pick_words
from bot.kernel.model import Address, Identity, Request, TextCommand
from bot.root.app import build_app
from bot.root.config import Settings
from commands.resource.checks import share_resource
from storage.members import get_or_create_community, get_or_create_member


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def grow(url: str, n: int) -> None:
    """`n` shares, one transaction each, oldest first."""
    app = build_app(Settings(PRAXIS_DATABASE_URL=url, _env_file=None))
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
    segments: list[int] = []
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
        if app.db.is_sqlite and (i + 1) % 250 == 0:
            async with app.db.session() as session:
                segments.append(int(await session.scalar(text(_SEGMENTS)) or 0))
        if (i + 1) % 5000 == 0:
            print(f"  {i + 1:,} shares ({time.perf_counter() - began:.0f}s)", flush=True)
    elapsed = time.perf_counter() - began
    print(f"  {n:,} shares in {elapsed:.1f}s: {elapsed / n * 1000:.2f} ms a share", flush=True)
    if segments:
        late = segments[len(segments) // 2 :]
        print(
            f"  FTS5 segments, sampled every 250 shares over the second half:"
            f" mean {statistics.mean(late):.1f}, max {max(late)}",
            flush=True,
        )
    await app.close()


_SEGMENTS = "SELECT count(DISTINCT segid) FROM resource_search_idx"


async def planner_state(url: str) -> str:
    """What the planner has to go on in a library, in one line."""
    app = build_app(Settings(PRAXIS_DATABASE_URL=url, _env_file=None))
    try:
        async with app.db.session() as session:
            if app.db.is_sqlite:
                stats = await session.scalar(
                    text("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
                )
                rows = "-"
                if stats:
                    rows = await session.scalar(
                        text(
                            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'resources'"
                            " AND idx = 'ix_resources_community_id'"
                        )
                    )
                segments = await session.scalar(text(_SEGMENTS))
                return (
                    f"sqlite_stat1: {'yes' if stats else 'none'} (resources: {rows}),"
                    f" FTS5 segments: {segments}"
                )
            row = (
                await session.execute(
                    text(
                        "SELECT last_analyze, last_autoanalyze, n_live_tup, n_mod_since_analyze"
                        " FROM pg_stat_user_tables WHERE relname = 'resources'"
                    )
                )
            ).one()
            autovacuum = await session.scalar(text("SHOW autovacuum"))
            return (
                f"autovacuum: {autovacuum}, last ANALYZE: {row[0]}, last autoanalyze: {row[1]},"
                f" live rows: {row[2]}, changed since analyzed: {row[3]}"
            )
    finally:
        await app.db.close()


async def time_search(
    urls: dict[str, str], queries: dict[str, list[str]], runs: int
) -> dict[str, dict[str, float]]:
    """Median ms per query kind for each library, the libraries' samples interleaved.

    One search on each library in turn, so a change in the machine's load (other
    processes on a shared machine) reaches both alike instead of whichever ran second.
    """
    apps = {
        name: build_app(Settings(PRAXIS_DATABASE_URL=url, _env_file=None))
        for name, url in urls.items()
    }
    for app in apps.values():
        await app.start()
    identity = Identity("m1", "Member 1")
    medians: dict[str, dict[str, float]] = {name: {} for name in apps}
    try:
        for label, words in queries.items():
            samples: dict[str, list[float]] = {name: [] for name in apps}
            for i in range(runs + 3):
                command = f"/resource search {words[i % len(words)]}"
                for name, app in apps.items():
                    started = time.perf_counter()
                    result = await app.dispatcher.handle(
                        Request(ADDRESS, identity, TextCommand(command))
                    )
                    elapsed = (time.perf_counter() - started) * 1000
                    assert result.ok, result.reply.plain_text()
                    if i >= 3:
                        samples[name].append(elapsed)
            for name in apps:
                medians[name][label] = statistics.median(samples[name])
    finally:
        for app in apps.values():
            await app.close()
    return medians


async def pg_grown_database(admin_url: str, n: int) -> str:
    """A fresh, empty PostgreSQL database for the grown library (the bot migrates it)."""
    import asyncpg

    name = f"praxis_grown_{n}"
    admin = make_url(admin_url).set(drivername="postgresql")
    conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--keep", type=Path, help="SQLite: build (or reuse) the two libraries in this folder"
    )
    parser.add_argument(
        "--pg", "--database-url", dest="pg", help="a PostgreSQL URL whose user may create databases"
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=90.0,
        help="PostgreSQL: seconds to let autovacuum see the grown library before timing",
    )
    args = parser.parse_args()
    print(f"load average at start: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.pg:
            asyncio.run(build_postgres(args.pg, args.n))
            bulk_url = make_url(args.pg).set(database=f"praxis_bench_{args.n}")
            bulk = bulk_url.render_as_string(hide_password=False)
            grown = asyncio.run(pg_grown_database(args.pg, args.n))
            asyncio.run(grow(grown, args.n))
            print(f"  letting autovacuum see it: {args.settle:.0f}s", flush=True)
            time.sleep(args.settle)
        else:
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            bulk_path, grown_path = folder / f"bulk-{args.n}.db", folder / f"grown-{args.n}.db"
            if not bulk_path.exists():
                build_sqlite(bulk_path, args.n)
            if not grown_path.exists():
                asyncio.run(grow(sqlite_url(grown_path), args.n))
            bulk, grown = sqlite_url(bulk_path), sqlite_url(grown_path)
        _, df = generate(args.n)
        words = pick_words(df, args.n)
        queries = {"common": words["common"], "mid": words["mid"], "two words": words["two words"]}
        states = {"bulk (baseline)": bulk, "grown by shares": grown}
        planner = {name: asyncio.run(planner_state(url)) for name, url in states.items()}
        results = asyncio.run(time_search(states, queries, args.runs))
    database = "PostgreSQL" if args.pg else "SQLite"
    print(
        f"{args.n:,} resources on {database}; median ms of /resource search through the dispatcher"
    )
    for name, state in planner.items():
        print(f"  {name}: {state}")
    print(f"{'library':<18}" + "".join(f"{label:>12}" for label in queries))
    for name, medians in results.items():
        print(f"{name:<18}" + "".join(f"{medians[label]:>12.2f}" for label in queries))
    base = results["bulk (baseline)"]
    grown_figures = results["grown by shares"]
    print(
        f"{'grown / bulk':<18}"
        + "".join(f"{grown_figures[label] / base[label]:>11.2f}x" for label in queries)
    )
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
