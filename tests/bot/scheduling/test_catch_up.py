"""A long stop and a faulty row: the engine catches up once and never lets one schedule block
the others (fake clock throughout)."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy import select, text

from bot.root.app import App
from bot.time.clock import FakeClock
from storage.schedules import Delivery, Schedule
from tests.harness import Harness

SENTINEL = "Sentinel-nudge-Quillfeather"  # the text a person wrote: never in a log line


async def deliveries(app: App, schedule_id: int | None = None) -> list[Delivery]:
    query = select(Delivery).order_by(Delivery.occurrence)
    if schedule_id is not None:
        query = query.where(Delivery.schedule_id == schedule_id)
    async with app.db.session() as session:
        return list((await session.execute(query)).scalars())


async def schedule_row(app: App, schedule_id: int) -> Any:
    """The row's columns but its payload (which a test may have made unreadable)."""
    columns = [c for c in Schedule.__table__.columns if c.key != "payload"]
    async with app.db.session() as session:
        query = select(*columns).where(Schedule.id == schedule_id)
        return (await session.execute(query)).one()


async def test_a_daily_nudge_400_days_behind_records_each_missed_morning_once(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.ok(
        "ana", f'/nudge schedule to:#grade7 when:"every day 8:00" message:"{SENTINEL}"'
    )
    clock.advance(timedelta(days=400))  # Monday 15:00 + 400 days: the bot was off all along
    await app.engine.reconcile(clock.now())
    await app.engine.drain()
    rows = await deliveries(app)
    occurrences = [r.occurrence for r in rows]
    assert len(rows) == 400
    assert len(set(occurrences)) == 400, "an occurrence was recorded twice"
    assert {r.status for r in rows} == {"missed"}  # today's 8:00 is 7 hours late: past grace
    assert occurrences[0] == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert all(b - a == timedelta(days=1) for a, b in pairwise(occurrences))
    schedule = await schedule_row(app, 1)
    assert schedule.status == "active"
    assert schedule.next_run_at == datetime(2027, 12, 29, 8, 0, tzinfo=UTC)
    assert schedule.next_run_at > clock.now() > occurrences[-1]
    assert harness.deliveries.delivered == []
    # Nothing left to do now; tomorrow morning it is simply sent.
    assert await app.engine.run_due(clock.now()) == 0
    clock.set(schedule.next_run_at + timedelta(minutes=1))
    assert await app.engine.run_due(clock.now()) == 1
    [sent] = harness.deliveries.delivered
    assert SENTINEL in sent.reply.plain_text()
    assert len(await deliveries(app)) == 401


async def test_a_long_gap_in_small_chunks_sends_the_latest_within_grace(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    """Chunks far smaller than the gap (as with a frequent schedule after a long stop): every
    missed occurrence is still recorded once, and the one an hour ago is sent."""
    app.engine.config = replace(app.engine.config, catch_up_chunk=37, catch_up_budget=90)
    await harness.community("ana")
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"every day 8:00" message:"Hi"')
    await harness.ok("ana", '/nudge schedule to:#grade8 when:"every day 14:00" message:"Yo"')
    clock.set(datetime(2027, 12, 28, 9, 0, tzinfo=UTC))  # 400 days on, an hour after 8:00
    await app.engine.run_due(clock.now())
    by_schedule = Counter((r.schedule_id, r.status) for r in await deliveries(app))
    assert by_schedule == {(1, "missed"): 399, (1, "sent"): 1, (2, "missed"): 399}
    for schedule_id in (1, 2):
        rows = await deliveries(app, schedule_id)
        assert len({r.occurrence for r in rows}) == len(rows)
    assert (await schedule_row(app, 1)).next_run_at == datetime(2027, 12, 29, 8, 0, tzinfo=UTC)
    assert (await schedule_row(app, 2)).next_run_at == datetime(2027, 12, 28, 14, 0, tzinfo=UTC)
    assert [d.address.channel for d in harness.deliveries.delivered] == ["grade7"]


async def break_row(app: App, schedule_id: int, column: str, value: str | None) -> None:
    """Corrupt one stored column behind the application's back (as a bad migration or a hand
    edit would), keeping the row due."""
    async with app.db.session() as session:
        await session.execute(
            text(f"UPDATE schedules SET {column} = :value WHERE id = :id"),
            {"value": value, "id": schedule_id},
        )


async def test_a_broken_row_among_healthy_ones_is_set_aside_and_the_rest_keep_running(
    harness: Harness,
    app: App,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    on_postgres: bool,
) -> None:
    await harness.community("ana")
    for channel in ("g1", "g2", "g3", "g4", "g5", "g6"):
        await harness.ok(
            "ana", f'/nudge schedule to:#{channel} when:"every day 16:00" message:"{SENTINEL}"'
        )
    await harness.community("bo", community="other")
    await harness.ok(
        "bo", '/nudge schedule to:#elsewhere when:"every day 16:00" message:"x"', community="other"
    )
    await break_row(app, 2, "recurrence", "every blursday at noon")
    await break_row(app, 4, "zone", "Mars/Olympus_Mons")
    await break_row(app, 5, "next_run_at", None)  # due, but no time planned
    broken = {2, 4, 5}
    if not on_postgres:  # PostgreSQL's json type refuses this; SQLite keeps it
        await break_row(app, 6, "payload", "{not json")
        broken.add(6)
    caplog.set_level(logging.INFO, logger="praxis.scheduler")
    # Three days of the runner's sweeps, every ten minutes.
    for _ in range(3 * 24 * 6):
        clock.advance(timedelta(minutes=10))
        await app.engine.run_due(clock.now())
    healthy = {1, 3, 5, 6, 7} - broken
    sent = Counter(r.schedule_id for r in await deliveries(app) if r.status == "sent")
    assert sent == dict.fromkeys(healthy, 3)
    for schedule_id in broken:
        row = await schedule_row(app, schedule_id)
        assert row.status == "set_aside" and row.due_at is None
        assert row.fault is not None and row.fault.startswith("ref ")
    aside_lines = [r for r in caplog.records if "set aside" in r.getMessage()]
    assert len(aside_lines) == len(broken), "set aside once each, not retried in a loop"
    assert all(
        SENTINEL not in r.getMessage() and "blursday" not in r.getMessage() for r in aside_lines
    )
    assert await app.engine.next_due() is not None  # the healthy ones are still planned
    exposition = app.services.metrics.exposition().decode()
    assert f"praxis_schedules_set_aside_total {float(len(broken))}" in exposition

    listing = await harness.ok("ana", "/nudge list")
    for schedule_id in broken:
        assert f"#{schedule_id}" in listing
    assert listing.count("set aside by the scheduler") == len(broken)
    assert "/nudge resume 2 tries it again" in listing
    assert "can no longer be read" in listing

    refused = await harness.fails("ana", "/nudge resume 2")
    assert "cannot be worked out" in refused
    assert (await schedule_row(app, 2)).status == "set_aside"  # nothing changed
    await break_row(app, 2, "recurrence", (await schedule_row(app, 1)).recurrence)  # mended
    await harness.ok("ana", "/nudge resume 2")
    row = await schedule_row(app, 2)
    assert (row.status, row.fault) == ("active", None)
    for _ in range(24 * 6):
        clock.advance(timedelta(minutes=10))
        await app.engine.run_due(clock.now())
    assert [r.status for r in await deliveries(app, 2)] == ["sent"]


async def test_a_schedule_that_cannot_be_read_does_not_stop_a_restart(
    harness: Harness, app: App, clock: FakeClock, on_postgres: bool
) -> None:
    """A crash left a delivery READY; its schedule's row is unreadable by the time the bot
    comes back: that delivery fails, the others are still sent."""
    if on_postgres:
        pytest.skip("PostgreSQL's json type cannot hold the broken payload this needs")
    await harness.community("ana")
    for channel in ("g1", "g2"):
        await harness.ok("ana", f'/nudge schedule to:#{channel} when:"in 1 hour" message:"A"')
    clock.advance(timedelta(hours=1, minutes=1))
    batch = await app.engine._claim_batch(clock.now())  # claimed, then the process died
    assert len(batch.jobs) == 2
    await break_row(app, 1, "payload", "{not json")
    await app.engine.reconcile(clock.now())
    await app.engine.drain()
    statuses = {r.schedule_id: r.status for r in await deliveries(app)}
    assert statuses == {1: "failed", 2: "sent"}
    assert [d.address.channel for d in harness.deliveries.delivered] == ["g2"]


async def test_a_failing_run_is_retried_after_a_growing_pause_not_at_once(app: App) -> None:
    """The database down: every run fails. The runner waits 1, 2, 4, 8 s (up to the sweep)
    before the next try instead of re-arming to a due time in the past."""
    from bot.scheduling.leader import SoloLeadership
    from bot.scheduling.runner import SchedulerRunner

    runner = SchedulerRunner(app.engine, app.settings.database_url, sweep_seconds=6)
    # The only instance from the start, on either database: this test is about the pause.
    runner.leadership = SoloLeadership(runner._elected, runner._lost, runner.wake)
    await runner.start()
    runner.scheduler.pause()  # this test runs the ticks itself

    async def database_down(*_: object, **__: object) -> int:
        raise ConnectionRefusedError("the database is not answering")

    app.engine.run_due = database_down  # type: ignore[method-assign]
    try:
        waits = []
        for _ in range(5):
            before = datetime.now(UTC)
            await runner._tick()
            job = runner.scheduler.get_job("wakeup")
            assert job is not None
            waits.append(int((job.next_run_time - before).total_seconds()))
        assert waits == [1, 2, 4, 6, 6]
        del app.engine.run_due  # the database is back
        await runner._tick()
        assert runner.failures == 0
    finally:
        await runner.stop()
