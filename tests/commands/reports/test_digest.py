"""The weekly digest: scheduled by facilitators to a channel, sent once a week at its time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from tests.harness import Harness


def _at(day: int, month: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def test_the_digest_appears_once_a_week_at_its_time(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("fran", Role.FACILITATOR)
    shown = await harness.ok("fran", '/praxis digest to:#general when:"every monday 8:00"')
    assert "Scheduled digest #1 to #general" in shown and "Mon 30 Nov 2026, 08:00" in shown
    delivered = harness.deliveries.delivered

    async def tick(when: datetime) -> list:
        seen = len(delivered)
        clock.set(when)
        await app.engine.run_due(clock.now())
        return delivered[seen:]

    clock.set(_at(25, 11, 10))
    await harness.ok("ben", "/resource share url:https://example.org/t title:Tiles type:task")
    assert await tick(_at(30, 11, 7, 59)) == []
    [first] = await tick(_at(30, 11, 8))
    assert first.address.channel == "general" and first.address.user is None
    assert not first.reply.private
    text = first.reply.plain_text()
    assert "New resources" in text and "#1 Tiles" in text and "https://example.org/t" in text
    assert await tick(_at(30, 11, 8, 30)) == []  # once, not again
    assert await tick(_at(6, 12, 23)) == []  # not before next Monday
    # A week with something new again: one more, at its time, with only that week's news.
    clock.set(_at(2, 12, 9))
    await harness.ok("ben", "/resource share url:https://example.org/u title:Tangram type:task")
    [second] = await tick(_at(7, 12, 8))
    assert "Tangram" in second.reply.plain_text()
    assert "Tiles" not in second.reply.plain_text()


async def test_a_quiet_week_sends_nothing(harness: Harness, app: App, clock: FakeClock) -> None:
    await harness.community("ana")
    await harness.ok("ana", "/praxis digest to:#general")  # every monday 8:00 by default
    clock.set(_at(30, 11, 8))
    await app.engine.run_due(clock.now())
    assert harness.deliveries.delivered == []


async def test_digest_goes_to_a_channel_and_only_facilitators_schedule_it(
    harness: Harness,
) -> None:
    await harness.community("ana")
    await harness.ok("ben", "/praxis whoami")
    refusal = await harness.fails("ben", "/praxis digest to:#general")
    assert "Only facilitators can schedule the digest." in refusal
    assert "channel" in await harness.fails("ana", "/praxis digest to:@ben")
    assert "No digest is scheduled" in await harness.ok("ana", "/praxis digest")


async def test_preview_list_and_cancel(harness: Harness, app: App, clock: FakeClock) -> None:
    await harness.community("ana")
    assert "Nothing new" in await harness.ok("ana", "/praxis digest preview")
    await harness.ok("ana", "/resource share url:https://example.org/p title:Pattern type:task")
    preview = await harness.ok("ana", "/praxis digest preview")
    assert "Pattern" in preview and "(posted in the channel)" not in preview
    await harness.ok("ana", "/praxis digest to:#general")
    assert "#1 to #general" in await harness.ok("ana", "/praxis digest")
    assert "Cancelled digest #1" in await harness.ok("ana", "/praxis digest cancel 1")
    clock.set(clock.now() + timedelta(days=8))
    await app.engine.run_due(clock.now())
    assert harness.deliveries.delivered == []
