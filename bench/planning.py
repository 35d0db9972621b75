"""Benchmark one planning step of the scheduling engine: a stored recurrence to its next time.

    python -m bench.planning [--schedules 200] [--steps 50] [--runs 5]

Every planning step (`bot.scheduling.timing.plan_after`: the next occurrence and when it
is sent) starts from the schedule's stored recurrence text. The engine takes many steps
per schedule (each occurrence, each one missed during an outage, each preview), so the
text is parsed once and the parsed `Recurrence` shared (`recurrence_from_text` keeps a
bounded cache). The baseline of the same run re-parses the text on every step, as the
engine did before. No database: this is the CPU cost of planning alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.scheduling import timing  # noqa: E402
from bot.time.recurrence import (  # noqa: E402
    Recurrence,
    parse_recurrence,
    recurrence_from_text,
    recurrence_to_text,
)
from storage.schedules import ACTIVE, Schedule  # noqa: E402

START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
SHAPES = (
    "every weekday 08:00",
    "every monday 8:00 tz:America/Chicago",
    "every 2 weeks on friday 14:00",
    "every month on day 1 9:00",
    "cron 0 8 * * 1-5",
    "every day 15:30 tz:Europe/London",
)
QUIET = (datetime(2026, 1, 1, 21).time(), datetime(2026, 1, 1, 7).time())


def schedules(count: int) -> list[Schedule]:
    """`count` schedules with distinct stored texts (each anchored a minute apart)."""
    rows = []
    for n in range(count):
        now = START + timedelta(minutes=n)
        rec = parse_recurrence(SHAPES[n % len(SHAPES)], now=now)
        text = recurrence_to_text(rec)
        rows.append(Schedule(recurrence=text, zone="America/New_York", target="#g", status=ACTIVE))
    return rows


def plan(rows: list[Schedule], steps: int) -> int:
    """Plan `steps` occurrences of every schedule, as the engine does one step at a time."""
    planned = 0
    for schedule in rows:
        after = START
        for _ in range(steps):
            occurrence, _due = timing.plan_after(schedule, after, QUIET)
            if occurrence is None:
                break
            after = occurrence
            planned += 1
    return planned


def measure(rows: list[Schedule], steps: int, parse: Callable[[str], Recurrence]) -> float:
    """Microseconds per planning step with `parse` reading the stored text."""
    vars(timing)["recurrence_from_text"] = parse  # what plan_after parses with
    recurrence_from_text.cache_clear()
    started = time.perf_counter()
    planned = plan(rows, steps)
    return (time.perf_counter() - started) / planned * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", type=int, default=200)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = schedules(args.schedules)
    reparse, cached = [], []
    for _ in range(args.runs):  # interleaved, so a busy machine slows both alike
        reparse.append(measure(rows, args.steps, recurrence_from_text.__wrapped__))
        cached.append(measure(rows, args.steps, recurrence_from_text))
    vars(timing)["recurrence_from_text"] = recurrence_from_text
    base, ours = statistics.median(reparse), statistics.median(cached)
    print(f"{args.schedules} schedules × {args.steps} steps, median of {args.runs} runs")
    print(f"re-parse every step (baseline): {base:8.1f} µs/step   1.00")
    print(f"parse once per text:            {ours:8.1f} µs/step   {ours / base:.2f}")


if __name__ == "__main__":
    main()
