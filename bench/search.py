"""Benchmark `/resource search`: through the dispatcher vs the raw full-text SQL, same run.

    python -m bench.search --n 100000                 # SQLite, built once into bench/results
    python -m bench.search --n 100000 --pg postgresql+asyncpg://postgres@127.0.0.1:5432/postgres

A synthetic library of N resources with a Zipf-like vocabulary is bulk-inserted
(not through the dispatcher) and cached, so the 1M library is built once. For
each query class (a rare word, a mid-frequency word, a very common word, two
words, a filter-only search) it reports p50/p95/p99 of the whole command path
(parse, community and member, query, rendering to text) and of the raw SQL a
developer would write on the same database (FTS5 MATCH ordered by bm25, or
tsvector @@ ordered by ts_rank, LIMIT 10), and the ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import operator
import os
import random
import sqlite3
import statistics
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url

from bot.kernel.model import Address, Identity, Request, TextCommand
from bot.root.app import build_app
from bot.root.config import Settings
from bot.text.normalize import fold
from storage import resources as library
from storage.db import PG_SERVER_SETTINGS, SQLITE_PRAGMAS, Database

RESULTS = Path(__file__).parent / "results"
TYPES = ("task", "rubric", "lesson", "assessment", "article", "video", "case-study", "other")
GRADES = ("K-2", "3-5", "6-8", "9-12", "all")
MATH = [
    "fractions",
    "ratio",
    "proportional",
    "reasoning",
    "algebra",
    "geometry",
    "number",
    "talk",
    "rubric",
    "modeling",
    "equations",
    "functions",
    "statistics",
    "data",
    "measurement",
    "area",
    "perimeter",
    "multiplication",
    "division",
    "integers",
    "decimals",
    "percent",
    "graph",
    "slope",
    "linear",
    "quadratic",
    "exponential",
    "probability",
    "proof",
    "discourse",
    "identity",
    "equity",
    "community",
    "families",
    "language",
    "bilingual",
    "estimation",
    "place",
    "value",
    "counting",
    "shapes",
    "volume",
    "angle",
    "transformation",
    "similarity",
    "trigonometry",
    "sequence",
    "pattern",
]
ADDRESS = Address("console", "bench", "general", None, None, "general")
SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words = list(MATH)
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def generate(n: int, seed: int = 7) -> tuple[list[tuple], Counter[str]]:
    """N rows of (title, description, tags, type, grade) and each word's document frequency."""
    rng = random.Random(seed)
    vocab = vocabulary(30_000, rng)
    rng.shuffle(vocab)
    cum = list(accumulate(1.0 / (rank + 1) ** 1.07 for rank in range(len(vocab))))
    total = cum[-1]
    tags = [f"{a}-{b}" for a, b in zip(vocab[100:300], vocab[300:500], strict=True)]

    def draw(k: int) -> list[str]:
        return [vocab[bisect_left(cum, rng.random() * total)] for _ in range(k)]

    rows = []
    df: Counter[str] = Counter()
    for _ in range(n):
        title = draw(rng.randint(3, 7))
        description = draw(rng.randint(12, 30))
        tag_pair = rng.sample(tags, 2)
        rows.append(
            (
                " ".join(title).capitalize(),
                " ".join(description).capitalize() + ".",
                ",".join(tag_pair),
                rng.choice(TYPES),
                rng.choice(GRADES),
            )
        )
        df.update(set(title) | set(description))
    return rows, df


def pick_words(df: Counter[str], n: int) -> dict[str, list[str]]:
    ranked = df.most_common()
    common = [w for w, c in ranked if c <= 0.6 * n][:3]
    mid = [w for w, c in ranked if 0.005 * n <= c <= 0.01 * n][:5]
    mid = mid or [w for w, c in ranked if c <= 0.01 * n][:5]
    rare = [w for w, c in ranked if 3 <= c <= 20][:5] or [w for w, _ in ranked[::-1][:5]]
    return {
        "rare": rare,
        "mid": mid,
        "common": common,
        "two words": [f"{a} {b}" for a, b in zip(mid, [*mid[1:], mid[0]], strict=True)],
        "filter only": ["type:video grade:6-8", "type:rubric", "grade:3-5 type:task"],
    }


def build_sqlite(path: Path, n: int) -> dict[str, list[str]]:
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return json.loads(meta.read_text())
    path.unlink(missing_ok=True)
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    started = time.perf_counter()
    rows, df = generate(n)
    print(f"generated {n:,} rows in {time.perf_counter() - started:.1f}s", flush=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    now = datetime(2026, 11, 1, tzinfo=UTC).replace(tzinfo=None).isoformat(" ")
    db.execute(
        "INSERT INTO communities (id, platform, external_id, name, timezone, settings, created_at)"
        " VALUES (1, 'console', 'bench', 'bench', 'UTC', '{}', ?)",
        (now,),
    )
    for m in range(1, 51):
        db.execute(
            "INSERT INTO members (id, community_id, user_id, display_name, name_key, role,"
            " created_at, last_seen_at) VALUES (?, 1, ?, ?, ?, 'member', ?, ?)",
            (m, f"m{m}", f"Member {m}", f"member {m}", now, now),
        )
    for start in range(0, n, 20_000):
        batch = rows[start : start + 20_000]
        db.executemany(
            "INSERT INTO resources (id, community_id, title, type, grade, description, body,"
            " url, url_key, standards, focus, tags, shared_by, views, rating_count, rating_sum,"
            " rating_avg, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, '', ?, ?, '', '', ?,"
            " ?, 0, 0, 0, 0, ?, ?)",
            [
                (
                    start + i + 1,
                    title,
                    kind,
                    grade,
                    desc,
                    f"https://example.org/r/{start + i + 1}",
                    f"https://example.org/r/{start + i + 1}",
                    tags,
                    (start + i) % 50 + 1,
                    now,
                    now,
                )
                for i, (title, desc, tags, kind, grade) in enumerate(batch)
            ],
        )
        db.executemany(
            "INSERT INTO resource_labels (resource_id, kind, value, community_id)"
            " VALUES (?, 'tag', ?, 1)",
            [
                (start + i + 1, tag)
                for i, (_, _, tags, _, _) in enumerate(batch)
                for tag in tags.split(",")
            ],
        )
        db.executemany(
            "INSERT INTO resource_search (rowid, title, body, tags) VALUES (?, ?, ?, ?)",
            [
                (start + i + 1, fold(title), fold(desc), fold(f"{kind} {grade} {tags}"))
                for i, (title, desc, tags, kind, grade) in enumerate(batch)
            ],
        )
        db.commit()
        print(f"  {start + len(batch):,} rows ({time.perf_counter() - started:.0f}s)", flush=True)
    db.execute("INSERT INTO resource_search (resource_search) VALUES ('optimize')")
    db.execute("ANALYZE")
    db.commit()
    db.close()
    words = pick_words(df, n)
    meta.write_text(json.dumps(words))
    print(f"built {path} in {time.perf_counter() - started:.0f}s", flush=True)
    return words


async def build_postgres(url: str, n: int) -> dict[str, list[str]]:
    import asyncpg

    admin = make_url(url).set(drivername="postgresql")
    name = f"praxis_bench_{n}"
    target = make_url(url).set(database=name)
    meta = RESULTS / f"pg-{n}.json"
    conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
    exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
    await conn.close()
    if exists and meta.exists():
        return json.loads(meta.read_text())
    conn = await asyncpg.connect(admin.render_as_string(hide_password=False))
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    await _migrate(target.render_as_string(hide_password=False))
    started = time.perf_counter()
    rows, df = generate(n)
    conn = await asyncpg.connect(target.set(drivername="postgresql").render_as_string(False))
    now = datetime(2026, 11, 1, tzinfo=UTC)
    await conn.execute(
        "INSERT INTO communities (id, platform, external_id, name, timezone, settings, created_at)"
        " VALUES (1, 'console', 'bench', 'bench', 'UTC', '{}', $1)",
        now,
    )
    await conn.executemany(
        "INSERT INTO members (id, community_id, user_id, display_name, name_key, role,"
        " created_at, last_seen_at) VALUES ($1, 1, $2, $3, $4, 'member', $5, $5)",
        [(m, f"m{m}", f"Member {m}", f"member {m}", now) for m in range(1, 51)],
    )
    await conn.execute("DROP INDEX ix_resources_search_vector")
    await conn.execute(
        "CREATE UNLOGGED TABLE staging (id int, title text, kind text, grade text, description"
        " text, tags text, shared_by int, ft text, fl text, fb text)"
    )
    await conn.copy_records_to_table(
        "staging",
        records=[
            (
                i + 1,
                title,
                kind,
                grade,
                desc,
                tags,
                i % 50 + 1,
                fold(title),
                fold(f"{kind} {grade} {tags}"),
                fold(desc),
            )
            for i, (title, desc, tags, kind, grade) in enumerate(rows)
        ],
    )
    await conn.execute(
        "INSERT INTO resources (id, community_id, title, type, grade, description, url, url_key,"
        " tags, shared_by, created_at, updated_at, search_vector) SELECT id, 1, title, kind,"
        " grade, description, 'https://example.org/r/' || id, 'https://example.org/r/' || id,"
        " tags, shared_by, $1, $1, setweight(to_tsvector('english', ft), 'A') ||"
        " setweight(to_tsvector('english', fl), 'B') || setweight(to_tsvector('english', fb),"
        " 'C') FROM staging",
        now,
    )
    await conn.execute(
        "INSERT INTO resource_labels (resource_id, kind, value, community_id) SELECT id, 'tag',"
        " unnest(string_to_array(tags, ',')), 1 FROM staging"
    )
    # Rows inserted with explicit ids: the sequences must continue after them, or the
    # first members the bot creates (bench/slack_http.py's Slack user) collide on the key.
    await conn.execute("SELECT setval('resources_id_seq', $1)", n)
    await conn.execute("SELECT setval('members_id_seq', 50)")
    await conn.execute("SELECT setval('communities_id_seq', 1)")
    await conn.execute(
        "CREATE INDEX ix_resources_search_vector ON resources USING gin (search_vector)"
    )
    await conn.execute("DROP TABLE staging")
    await conn.execute("ANALYZE")
    await conn.close()
    words = pick_words(df, n)
    meta.write_text(json.dumps(words))
    print(f"built {name} in {time.perf_counter() - started:.0f}s", flush=True)
    return words


async def _migrate(url: str) -> None:
    database = Database(url)
    try:
        await database.upgrade()
    finally:
        await database.close()


def percentiles(samples: list[float]) -> tuple[float, float, float, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return at(0.50), at(0.95), at(0.99), ordered[-1]


@dataclass
class Timings:
    """Per query class: dispatcher samples, and the search SQL each query string ran."""

    core: dict[str, list[float]] = field(default_factory=dict)
    statements: dict[str, list[tuple[str, Any]]] = field(default_factory=dict)


async def time_dispatcher(url: str, words: dict[str, list[str]], runs: int) -> Timings:
    """Time `/resource search` through the dispatcher, recording the search's own SQL.

    The statements `search_resources` sends (captured at the cursor, with their
    parameters) are the raw baseline: replayed directly on the same database,
    they are exactly the engine's query work, without the command around it.
    """
    settings = Settings(PRAXIS_DATABASE_URL=url, PRAXIS_TIMEZONE="UTC", _env_file=None)
    app = build_app(settings)
    await app.start()
    identity = Identity("m1", "Member 1")
    timings = Timings()
    capturing: list[tuple[str, Any]] | None = None

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if capturing is not None and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            capturing.append((statement, parameters))

    original = library.search_resources

    async def recorded(*args: Any, **kwargs: Any) -> Any:
        nonlocal capturing
        capturing = []
        try:
            return await original(*args, **kwargs)
        finally:
            statements, capturing = capturing, None
            current.append(statements)

    current: list[list[tuple[str, Any]]] = []
    event.listen(app.db.engine.sync_engine, "before_cursor_execute", capture)
    library.search_resources = recorded
    try:
        for cls, queries in words.items():
            samples = []
            for i in range(runs + 3):
                query = queries[i % len(queries)]
                text = f"/resource search {query}"
                started = time.perf_counter()
                result = await app.dispatcher.handle(Request(ADDRESS, identity, TextCommand(text)))
                result.reply.plain_text()
                elapsed = (time.perf_counter() - started) * 1000
                assert result.ok, result.reply.plain_text()
                if i >= 3:
                    samples.append(elapsed)
                timings.statements[f"{cls}:{query}"] = current.pop()
            timings.core[cls] = samples
    finally:
        library.search_resources = original
        event.remove(app.db.engine.sync_engine, "before_cursor_execute", capture)
        await app.close()
    return timings


def naive_fts5(query: str) -> tuple[str, tuple]:
    """The query a developer would write first: rank every match with bm25."""
    match = " ".join(f'"{w}"' for w in query.split())
    return (
        "SELECT r.id, r.title FROM resource_search f JOIN resources r ON r.id = f.rowid"
        " WHERE resource_search MATCH ? AND r.community_id = 1"
        " ORDER BY bm25(resource_search, 10.0, 1.0, 4.0) LIMIT 10",
        (match,),
    )


def raw_sqlite(
    path: Path, words: dict[str, list[str]], runs: int, timings: Timings, *, naive: bool = False
) -> dict[str, list[float]]:
    """Replay each query's captured search SQL (or the naive bm25 query) with sqlite3."""
    db = sqlite3.connect(path)
    for pragma in SQLITE_PRAGMAS:
        db.execute(pragma)
    out: dict[str, list[float]] = {}
    for cls, queries in words.items():
        if naive and cls == "filter only":
            continue
        samples = []
        for i in range(runs + 3):
            query = queries[i % len(queries)]
            statements = [naive_fts5(query)] if naive else timings.statements[f"{cls}:{query}"]
            started = time.perf_counter()
            for statement, parameters in statements:
                db.execute(statement, parameters).fetchall()
            if i >= 3:
                samples.append((time.perf_counter() - started) * 1000)
        out[cls] = samples
    db.close()
    return out


async def raw_postgres(
    url: str, words: dict[str, list[str]], runs: int, timings: Timings, *, naive: bool = False
) -> dict[str, list[float]]:
    """Replay the captured search SQL (or the naive ts_rank query) with bare asyncpg."""
    import asyncpg

    conn = await asyncpg.connect(
        make_url(url).set(drivername="postgresql").render_as_string(False),
        server_settings=PG_SERVER_SETTINGS,  # as the app's connections (storage/db.py)
    )
    out: dict[str, list[float]] = {}
    for cls, queries in words.items():
        if naive and cls == "filter only":
            continue
        samples = []
        for i in range(runs + 3):
            query = queries[i % len(queries)]
            started = time.perf_counter()
            if naive:
                await conn.fetch(
                    "SELECT id, title FROM resources WHERE community_id = 1 AND search_vector @@"
                    " plainto_tsquery('english', $1) ORDER BY ts_rank(search_vector,"
                    " plainto_tsquery('english', $1)) DESC LIMIT 10",
                    query,
                )
            else:
                for statement, parameters in timings.statements[f"{cls}:{query}"]:
                    await conn.fetch(statement, *parameters)
            if i >= 3:
                samples.append((time.perf_counter() - started) * 1000)
        out[cls] = samples
    await conn.close()
    return out


def _cells(samples: list[float]) -> str:
    return " / ".join(f"{v:.2f}" for v in percentiles(samples))


def report(
    title: str, core: dict[str, list[float]], raw: dict[str, list[float]], naive: dict
) -> str:
    lines = [
        f"### {title}",
        "",
        "| query class | dispatcher p50 / p95 / p99 / max (ms) | engine SQL replayed p50 / p95 /"
        " p99 / max (ms) | p95 ratio | naive full ranking p50 / p95 (ms) |",
        "|---|---|---|---|---|",
    ]
    for cls in core:
        c, r = percentiles(core[cls]), percentiles(raw[cls])
        n = (
            f"{percentiles(naive[cls])[0]:.2f} / {percentiles(naive[cls])[1]:.2f}"
            if cls in naive
            else "–"
        )
        lines.append(
            f"| {cls} | {_cells(core[cls])} | {_cells(raw[cls])} | {c[1] / r[1]:.2f} | {n} |"
        )
    all_core = [v for s in core.values() for v in s]
    all_raw = [v for s in raw.values() for v in s]
    c, r = percentiles(all_core), percentiles(all_raw)
    lines.append(f"| **mix** | {_cells(all_core)} | {_cells(all_raw)} | {c[1] / r[1]:.2f} | |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, choices=(10_000, 100_000, 1_000_000), default=10_000)
    parser.add_argument("--runs", type=int, default=100, help="timed runs per query class")
    parser.add_argument("--raw-runs", type=int, default=None, help="runs of the raw SQL")
    parser.add_argument("--pg", help="a PostgreSQL URL whose user may create databases")
    parser.add_argument("--dir", type=Path, default=RESULTS)
    parser.add_argument("--db", type=Path, help="an already built SQLite library (and its .json)")
    parser.add_argument(
        "--naive-runs", type=int, default=10, help="runs of the naive full-ranking query"
    )
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    raw_runs = args.raw_runs or args.runs
    load_before = os.getloadavg()
    if args.pg:
        words = asyncio.run(build_postgres(args.pg, args.n))
        url = make_url(args.pg).set(database=f"praxis_bench_{args.n}")
        target = url.render_as_string(hide_password=False)
        timings = asyncio.run(time_dispatcher(target, words, args.runs))
        raw = asyncio.run(raw_postgres(target, words, raw_runs, timings))
        naive = asyncio.run(raw_postgres(target, words, args.naive_runs, timings, naive=True))
        title = f"PostgreSQL, {args.n:,} resources"
    else:
        path = args.db or args.dir / f"search-{args.n}.db"
        words = build_sqlite(path, args.n)
        target = f"sqlite+aiosqlite:///{path}"
        timings = asyncio.run(time_dispatcher(target, words, args.runs))
        raw = raw_sqlite(path, words, raw_runs, timings)
        naive = raw_sqlite(path, words, args.naive_runs, timings, naive=True)
        title = f"SQLite, {args.n:,} resources"
    print(json.dumps(words))
    core = timings.core
    print(f"load average before/after: {load_before} / {os.getloadavg()}")
    print(report(title, core, raw, naive))
    print(
        "median of all dispatcher runs:",
        f"{statistics.median(functools.reduce(operator.iadd, core.values(), [])):.2f} ms",
    )


if __name__ == "__main__":
    main()
