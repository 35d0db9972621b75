"""The engine with a controllable clock: due occurrences delivered once, on time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.kernel.model import Address
from bot.kernel.reply import Reply
from bot.kernel.roles import Role
from bot.root.app import App
from bot.scheduling.engine import message_key
from bot.scheduling.port import DeliveryError
from bot.time.clock import FakeClock
from storage.schedules import Delivery, Schedule
from tests.harness import Harness


async def deliveries(app: App) -> list[Delivery]:
    async with app.db.session() as session:
        return list((await session.execute(select(Delivery).order_by(Delivery.id))).scalars())


async def test_a_due_nudge_is_delivered_to_the_channel_once(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("ana", Role.FACILITATOR)
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"in 2 hours" message:"Bring work"')
    assert await app.engine.run_due(clock.now()) == 0
    clock.advance(timedelta(hours=2, minutes=1))
    assert await app.engine.run_due(clock.now()) == 1
    assert await app.engine.run_due(clock.now()) == 0
    [sent] = harness.deliveries.delivered
    assert sent.address.channel == "grade7"
    assert "Bring work" in sent.reply.plain_text()
    [row] = await deliveries(app)
    assert row.status == "sent"


async def facilitator(harness: Harness) -> None:
    await harness.community("ana")  # the first person: an admin, who may also schedule


async def run_hourly(app: App, clock: FakeClock, hours: int) -> None:
    """The engine as the runner drives it, once every (fake) ten minutes."""
    for _ in range(hours * 6):
        clock.advance(timedelta(minutes=10))
        await app.engine.run_due(clock.now())


def local_times(rows: list[Delivery], zone: str) -> list[str]:
    return [f"{row.occurrence.astimezone(ZoneInfo(zone)):%m-%d %H:%M %Z}" for row in rows]


async def test_new_york_spring_forward_keeps_8am_local(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 6, 14, 0, tzinfo=UTC))
    await facilitator(harness)
    await harness.ok("ana", "/praxis settings timezone:America/New_York")
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"every day 8:00" message:"Warm-up"')
    await run_hourly(app, clock, 24 * 4)
    rows = await deliveries(app)
    assert local_times(rows, "America/New_York") == [
        "03-07 08:00 EST",
        "03-08 08:00 EDT",
        "03-09 08:00 EDT",
        "03-10 08:00 EDT",
    ]
    assert [r.occurrence.hour for r in rows] == [13, 12, 12, 12]  # UTC shifts, local does not
    assert all(r.status == "sent" for r in rows)


async def test_new_york_fall_back_keeps_8am_local(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 10, 30, 14, 0, tzinfo=UTC))
    await facilitator(harness)
    await harness.ok("ana", "/praxis settings timezone:America/New_York")
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"every day 8:00" message:"Warm-up"')
    await run_hourly(app, clock, 24 * 3)
    rows = await deliveries(app)
    assert local_times(rows, "America/New_York") == [
        "10-31 08:00 EDT",
        "11-01 08:00 EST",
        "11-02 08:00 EST",
    ]


async def test_los_angeles_person_gap_and_fold(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    """A person in Los Angeles, a community in UTC: the person's zone rules. 2:30 does not
    exist on 8 March (sent at 3:00 PDT); 1:30 happens twice on 1 November (sent once)."""
    clock.set(datetime(2026, 3, 7, 0, 0, tzinfo=UTC))
    await facilitator(harness)
    await harness.ok("lu", "/praxis profile set timezone:America/Los_Angeles")
    await harness.ok("ana", '/nudge schedule to:@lu when:"every day 2:30" message:"Plan"')
    await run_hourly(app, clock, 24 * 3)
    rows = await deliveries(app)
    assert local_times(rows, "America/Los_Angeles") == [
        "03-07 02:30 PST",
        "03-08 03:00 PDT",
        "03-09 02:30 PDT",
    ]
    await harness.ok("ana", "/nudge cancel 1")
    clock.set(datetime(2026, 10, 31, 12, 0, tzinfo=UTC))
    await harness.ok("ana", '/nudge schedule to:@lu when:"every day 1:30" message:"Plan"')
    await run_hourly(app, clock, 24 * 3)
    rows = [r for r in await deliveries(app) if r.schedule_id == 2]
    assert local_times(rows, "America/Los_Angeles") == [
        "11-01 01:30 PDT",
        "11-02 01:30 PST",
        "11-03 01:30 PST",
    ]
    assert len(harness.deliveries.delivered) == 6
    assert {d.address.user for d in harness.deliveries.delivered} == {"lu"}


async def test_quiet_hours_hold_a_delivery_until_they_end(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await facilitator(harness)
    await harness.ok("ana", '/praxis settings quiet-hours:"21:00-07:00"')
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"every day 22:30" message:"Late"')
    clock.set(datetime(2026, 11, 23, 22, 45, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    assert harness.deliveries.delivered == []
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    [row] = await deliveries(app)
    assert row.occurrence == datetime(2026, 11, 23, 22, 30, tzinfo=UTC)
    assert row.due_at == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    assert len(harness.deliveries.delivered) == 1


async def test_after_an_outage_recent_is_sent_late_once_and_older_recorded_missed(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await facilitator(harness)
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"every day 16:00" message:"Log"')
    await harness.ok("ana", '/nudge schedule to:#grade8 when:"every day 9:00" message:"Log"')
    # Down from Monday 15:00 until Thursday 17:00.
    clock.set(datetime(2026, 11, 26, 17, 0, tzinfo=UTC))
    report = await app.engine.reconcile(clock.now())
    await app.engine.drain()
    rows = await deliveries(app)
    by_schedule = {(r.schedule_id, r.occurrence.day): r.status for r in rows}
    assert by_schedule == {
        (1, 23): "missed",
        (1, 24): "missed",
        (1, 25): "missed",
        (1, 26): "sent",  # 16:00 today, an hour late: within the grace period
        (2, 24): "missed",
        (2, 25): "missed",
        (2, 26): "missed",  # 9:00 today, eight hours late: too late to help
    }
    assert report.claimed == 2
    assert [d.address.channel for d in harness.deliveries.delivered] == ["grade7"]


async def test_after_a_crash_every_claimed_occurrence_arrives_exactly_once(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    """READY rows were never sent; SENDING rows may have been. Both are sent after the
    restart, the SENDING ones with the keys they had, so what arrived is not posted again."""
    await facilitator(harness)
    for channel in ("grade6", "grade7", "grade8"):
        await harness.ok("ana", f'/nudge schedule to:#{channel} when:"in 1 hour" message:"A"')
    clock.advance(timedelta(hours=1, minutes=1))
    # Claim without sending: as if the process died right after the claim committed.
    batch = await app.engine._claim_batch(clock.now())
    _ready, reached, lost = batch.jobs
    async with app.db.session() as session:
        for job in (reached, lost):
            row = await session.get(Delivery, job.delivery_id)
            assert row is not None
            row.status = "sending"
    # grade7's message reached the platform just before the kill; grade8's did not.
    [outgoing] = reached.outgoing
    key = message_key(reached.delivery_id, outgoing, 0)
    await app.services.delivery.send(outgoing.address, outgoing.reply, key=key)
    report = await app.engine.reconcile(clock.now())
    await app.engine.drain()
    assert (report.resent, report.interrupted) == (1, 2)
    channels = sorted(d.address.channel or "" for d in harness.deliveries.delivered)
    assert channels == ["grade6", "grade7", "grade8"]
    assert sorted(r.status for r in await deliveries(app)) == ["sent", "sent", "sent"]
    assert len({d.key for d in harness.deliveries.delivered}) == 3


async def test_a_send_interrupted_longer_than_the_grace_period_is_not_finished(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await facilitator(harness)
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"in 1 hour" message:"A"')
    clock.advance(timedelta(hours=1, minutes=1))
    [job] = (await app.engine._claim_batch(clock.now())).jobs
    async with app.db.session() as session:
        row = await session.get(Delivery, job.delivery_id)
        assert row is not None
        row.status = "sending"
    clock.advance(timedelta(hours=3))
    report = await app.engine.reconcile(clock.now())
    await app.engine.drain()
    assert report.abandoned == 1
    assert harness.deliveries.delivered == []
    assert [r.status for r in await deliveries(app)] == ["interrupted"]


class Flaky:
    """A platform that rate-limits, then fails, then works."""

    platform = "console"

    def __init__(self, errors: list[DeliveryError]) -> None:
        self.errors = errors
        self.sent: list[Address] = []

    async def send(
        self, address: Address, reply: Reply, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append(address)
        return "1"


async def test_retries_wait_out_retry_after_then_back_off(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await facilitator(harness)
    flaky = Flaky([DeliveryError("429", retry_after=7.5), DeliveryError("timeout")])
    app.services.delivery.register(flaky)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    engine = replace(app.engine, sleep=sleep)  # the app's engine, waiting on our clock
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"in 1 hour" message:"A"')
    clock.advance(timedelta(hours=1, minutes=1))
    await engine.run_due(clock.now())
    assert waits == [7.5, 2.0]
    assert len(flaky.sent) == 1
    [row] = await deliveries(app)
    assert (row.status, row.attempts, row.messages) == ("sent", 3, 1)


async def test_a_permanent_failure_is_recorded_not_retried(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await facilitator(harness)
    app.services.delivery.register(Flaky([DeliveryError("channel gone", permanent=True)]))
    await harness.ok("ana", '/nudge schedule to:#gone when:"in 1 hour" message:"A"')
    clock.advance(timedelta(hours=1, minutes=1))
    await app.engine.run_due(clock.now())
    [row] = await deliveries(app)
    assert (row.status, row.attempts, row.error) == ("failed", 1, "channel gone")


async def test_a_failing_composer_does_not_hold_up_the_others(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await facilitator(harness)
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"in 1 hour" message:"A"')
    await harness.ok("ana", '/nudge schedule to:@ana when:"in 1 hour" message:"B"')
    await harness.ok("ana", '/nudge schedule to:#grade8 when:"in 1 hour" message:"C"')
    async with app.db.session() as session:
        gone = await session.get(Schedule, 2)
        assert gone is not None
        gone.target = "@left-the-district"  # the person is no longer a member
    clock.advance(timedelta(hours=1, minutes=1))
    assert await app.engine.run_due(clock.now()) == 3
    channels = sorted(d.address.channel or "" for d in harness.deliveries.delivered)
    assert channels == ["grade7", "grade8"]
    statuses = {r.schedule_id: (r.status, r.error) for r in await deliveries(app)}
    assert statuses[2][0] == "failed" and "@left-the-district" in (statuses[2][1] or "")


async def test_quiet_hours_hold_each_persons_share_in_their_own_zone(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    """A nudge to everyone at 06:00 UTC under community quiet hours 21:00-07:00: Berlin is at
    07:00 (quiet hours over) and gets it then; Chicago is at 00:00 and gets it at 07:00
    Chicago time; the admin, in the community's UTC, at 07:00 UTC. Each exactly once."""
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await facilitator(harness)
    await harness.ok("ana", '/praxis settings quiet-hours:"21:00-07:00"')
    await harness.ok("berta", "/praxis profile set timezone:Europe/Berlin")
    await harness.ok("carlos", "/praxis profile set timezone:America/Chicago")
    await harness.ok("ana", '/nudge schedule to:everyone when:"every day 6:00" message:"Plan"')

    def received() -> list[str]:
        return sorted(d.address.user or "" for d in harness.deliveries.delivered)

    clock.set(datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    assert received() == ["berta"]
    clock.set(datetime(2026, 11, 24, 6, 59, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    assert received() == ["berta"]
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    assert received() == ["ana", "berta"]
    assert await app.engine.next_due() == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    clock.set(datetime(2026, 11, 24, 12, 59, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    assert received() == ["ana", "berta"]
    clock.set(datetime(2026, 11, 24, 13, 0, tzinfo=UTC))  # 07:00 in Chicago (CST)
    await app.engine.run_due(clock.now())
    await app.engine.run_due(clock.now())
    assert received() == ["ana", "berta", "carlos"]
    rows = await deliveries(app)
    assert {(r.recipient, r.due_at.hour, r.status) for r in rows} == {
        ("", 6, "sent"),
        ("ana", 7, "sent"),
        ("carlos", 13, "sent"),
    }
    assert len({d.key for d in harness.deliveries.delivered}) == 3


async def test_a_held_share_is_not_sent_once_the_nudge_is_cancelled(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await facilitator(harness)
    await harness.ok("ana", '/praxis settings quiet-hours:"21:00-07:00"')
    await harness.ok("carlos", "/praxis profile set timezone:America/Chicago")
    await harness.ok("ana", '/nudge schedule to:everyone when:"every day 6:00" message:"Plan"')
    clock.set(datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    await harness.ok("ana", "/nudge cancel 1")
    clock.set(datetime(2026, 11, 24, 13, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    assert harness.deliveries.delivered == []
    assert {r.status for r in await deliveries(app) if r.recipient} == {"missed"}


async def test_after_a_crash_the_occurrence_is_not_sent_to_people_whose_share_is_held(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    await facilitator(harness)
    await harness.ok("ana", '/praxis settings quiet-hours:"21:00-07:00"')
    await harness.ok("berta", "/praxis profile set timezone:Europe/Berlin")
    await harness.ok("ana", '/nudge schedule to:everyone when:"every day 6:00" message:"Plan"')
    clock.set(datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    await app.engine._claim_batch(clock.now())  # claimed, then the process died
    await app.engine.reconcile(clock.now())
    await app.engine.drain()
    assert [d.address.user for d in harness.deliveries.delivered] == ["berta"]
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    assert sorted(d.address.user or "" for d in harness.deliveries.delivered) == ["ana", "berta"]
