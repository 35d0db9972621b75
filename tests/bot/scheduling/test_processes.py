"""Real processes: a SIGKILL while deliveries are due, and two instances on PostgreSQL.

Bounded to tens of seconds: schedules are made due within a few seconds of each other.
Every step waits on what can be observed (a process's log line, the lines the fake
platform received, the delivery rows), never on a fixed delay, so a loaded machine makes
the tests slower, not wrong: schedules are made only once the processes are up, so the
deliveries' spread is not eaten by start-up.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.kernel.model import Address
from bot.time.recurrence import parse_recurrence, recurrence_to_text
from storage.db import Database
from storage.members import get_or_create_community
from storage.schedules import Delivery, Schedule, notify_change
from tests.bot.scheduling.scheduler_process import ACTIVE, READY

ROOT = Path(__file__).resolve().parents[3]


def start(url: str, output: Path, instance: str, *, poll: float = 1.0, sweep: float = 2.0):
    env = {**os.environ, "PRAXIS_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "tests.bot.scheduling.scheduler_process", str(output), instance]
    log = output.with_name(f"{output.name}.{instance}.log").open("ab")
    return subprocess.Popen(
        [*args, str(poll), str(sweep)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,  # kept beside the output, so a failure can show what each process did
    )


def process_log(output: Path, instance: str) -> str:
    log = output.with_name(f"{output.name}.{instance}.log")
    return log.read_text(errors="replace") if log.exists() else ""


def process_logs(output: Path) -> str:
    """The tail of every instance's log, for an assertion message."""
    tails = []
    for log in sorted(output.parent.glob(f"{output.name}.*.log")):
        tail = log.read_text(errors="replace").splitlines()[-25:]
        tails.append(f"--- {log.name}\n" + "\n".join(tail))
    return "\n".join(tails)


async def logged(output: Path, instance: str, line: str, timeout: float = 60) -> None:
    """Wait until `instance` has logged `line` (start-up is slow on a loaded machine)."""
    if not await wait_for(lambda: line in process_log(output, instance), timeout):
        raise AssertionError(f"{instance} never logged {line!r}\n{process_logs(output)}")


async def seed(url: str, count: int, spread: float, *, start_in: float = 1.0) -> list[tuple]:
    """`count` daily schedules whose first occurrences fall over `spread` seconds, announced
    as the bot announces a change (NOTIFY on PostgreSQL; SQLite's sweep finds them).

    Daily, with the next occurrence half a day away: an occurrence overdue when a later one
    is already due is coalesced into it (recorded as missed, by design), so a recurrence
    shorter than the slowest restart would make the outcome depend on the machine's speed.
    """
    database = Database(url)
    now = datetime.now(UTC)
    later = now + timedelta(hours=12)
    rec = recurrence_to_text(parse_recurrence(f"cron {later.minute} {later.hour} * * *", now=now))
    keys = []
    try:
        async with database.session() as session:
            community = await get_or_create_community(
                session, Address("console", "console"), default_timezone="UTC", now=now
            )
            for i in range(count):
                first = now + timedelta(seconds=start_in + spread * i / count)
                row = Schedule(
                    community_id=community.id,
                    kind="probe",
                    target="#probe",
                    recurrence=rec,
                    zone="UTC",
                    payload={},
                    status="active",
                    next_run_at=first,
                    due_at=first,
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
                await session.flush()
                keys.append((row.id, first))
            await notify_change(session)
    finally:
        await database.close()
    return keys


def lines(output: Path) -> list[tuple[int, datetime, str]]:
    if not output.exists():
        return []
    found = []
    for line in output.read_text().splitlines():
        sid, when, instance, _key = line.split()
        found.append((int(sid), datetime.fromisoformat(when), instance))
    return found


async def wait_for(predicate: Callable[[], bool | Awaitable[bool]], timeout: float) -> bool:
    """Poll `predicate` (a plain or an async check) until it holds or `timeout` passes."""

    async def holds() -> bool:
        result = predicate()
        return bool(await result) if isinstance(result, Awaitable) else bool(result)

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await holds():
            return True
        await asyncio.sleep(0.1)  # polling interval, not a wait for something to happen
    return await holds()


async def all_sent(url: str, keys: list[tuple]) -> bool:
    """Every one of these occurrences is recorded as sent: nothing is left in flight to be
    sent again, so the platform's lines are final for them."""
    return await statuses_of(url, keys) == {"sent": len(keys)}


def assert_exactly_once(output: Path, keys: list[tuple]) -> None:
    seen = Counter((sid, when) for sid, when, _ in lines(output))
    doubled = {k: n for k, n in seen.items() if n > 1}
    assert not doubled, f"sent twice: {doubled}"
    missing = [k for k in keys if seen[k] != 1]
    assert not missing, f"never sent: {missing[:5]}"


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def test_sigkill_while_deliveries_are_due_then_restart(
    database_url: str, tmp_path: Path
) -> None:
    output = tmp_path / "sent.txt"
    first = start(database_url, output, "a")
    try:
        await logged(output, "a", READY)
        keys = await seed(database_url, 120, spread=6.0, start_in=1.0)
        assert await wait_for(lambda: len(lines(output)) >= 30, 60), "nothing was delivered"
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert len(lines(output)) < len(keys), "the kill came too late to test anything"
    second = start(database_url, output, "b")
    try:
        wanted = set(keys)
        delivered = await wait_for(lambda: wanted <= {(s, w) for s, w, _ in lines(output)}, 60)
        if not delivered:
            states = await statuses_of(database_url, keys)
            raise AssertionError(
                f"not all delivered after restart: {states}\n{process_logs(output)}"
            )
        # A doubled send would come from a row still in flight; once every row is sent,
        # none is, and the lines are final.
        await wait_for(lambda: all_sent(database_url, keys), 30)
    finally:
        stop(second)
    # Strictly once: a send under way at the kill was re-sent with its key after the restart,
    # and the receiver, like Discord and Slack, did not post a key it already had.
    assert_exactly_once(output, keys)
    assert {instance for _, _, instance in lines(output)} == {"a", "b"}
    assert await statuses_of(database_url, keys) == {"sent": len(keys)}
    repeats = output.with_name(output.name + ".repeats")
    # Not asserted (the kill may fall between chunks), shown with -s: how many re-sends the
    # receiver recognised by their key.
    print("re-sends recognised:", len(repeats.read_text().splitlines()) if repeats.exists() else 0)


async def statuses_of(url: str, keys: list[tuple]) -> dict[str, int]:
    """Delivery rows of these (schedule, occurrence) keys, by status."""
    database = Database(url)
    wanted = set(keys)
    try:
        async with database.session() as session:
            rows = await session.execute(
                select(Delivery.schedule_id, Delivery.occurrence, Delivery.status)
            )
            return dict(Counter(status for sid, when, status in rows if (sid, when) in wanted))
    finally:
        await database.close()


@pytest.mark.skipif(
    not os.environ.get("PRAXIS_TEST_DATABASE_URL"),
    reason="several instances share one PostgreSQL database (advisory lock, LISTEN/NOTIFY); "
    "SQLite is the single-process embedded default",
)
async def test_two_instances_each_occurrence_once_and_standby_takes_over(
    database_url: str, tmp_path: Path
) -> None:
    output = tmp_path / "sent.txt"
    # CI spreads 150 deliveries over 15 s; PRAXIS_FAILOVER_SECONDS=180 makes the same test a
    # soak of several minutes (10 deliveries a second), as recorded in docs/PERFORMANCE.md.
    spread = float(os.environ.get("PRAXIS_FAILOVER_SECONDS", "15"))
    one = start(database_url, output, "one", sweep=60.0)
    two = None
    try:
        await logged(output, "one", ACTIVE)  # "one" holds the lock, so we know which to kill
        two = start(database_url, output, "two", sweep=60.0)
        await logged(output, "two", READY)  # a standby is polling for the lock
        keys = await seed(database_url, int(spread * 10), spread=spread, start_in=1.0)
        assert await wait_for(lambda: len(lines(output)) >= 40, 60)
        assert {i for _, _, i in lines(output)} == {"one"}, "the standby delivered too"
        one.send_signal(signal.SIGKILL)
        one.wait()
        killed = time.monotonic()
        assert await wait_for(lambda: any(i == "two" for _, _, i in lines(output)), 30)
        assert time.monotonic() - killed < 30, "the standby took more than 30 s to take over"
        wanted = set(keys)
        delivered = await wait_for(lambda: wanted <= {(s, w) for s, w, _ in lines(output)}, 60)
        if not delivered:
            states = await statuses_of(database_url, keys)
            raise AssertionError(
                f"not all delivered after takeover: {states}\n{process_logs(output)}"
            )
        # A doubled send would come from a row still in flight; wait until none is.
        if not await wait_for(lambda: all_sent(database_url, keys), 30):
            states = await statuses_of(database_url, keys)
            raise AssertionError(f"not all recorded as sent: {states}\n{process_logs(output)}")
        assert_exactly_once(output, keys)

        # A schedule made elsewhere wakes the active instance within seconds (NOTIFY, sent
        # by `seed` as the bot sends it), though its safety sweep is a minute away.
        [(new_id, _)] = await seed(database_url, 1, spread=0.0, start_in=0.5)
        assert await wait_for(lambda: any(s == new_id for s, _, _ in lines(output)), 8)
    finally:
        for process in (one, two):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
    seen = Counter((sid, when) for sid, when, _ in lines(output))
    assert all(n == 1 for n in seen.values()), "a later occurrence was sent twice"
    repeats = output.with_name(output.name + ".repeats")
    print("re-sends recognised:", len(repeats.read_text().splitlines()) if repeats.exists() else 0)
