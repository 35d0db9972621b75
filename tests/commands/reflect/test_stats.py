"""/reflect stats: counts by week, the small-number rule, and never any text."""

from __future__ import annotations

from datetime import timedelta

from bot.kernel.roles import Role
from bot.time.clock import FakeClock
from tests.commands.reflect.helpers import send
from tests.harness import Harness


async def test_counts_by_week_show_fewer_than_5_for_small_groups(harness: Harness) -> None:
    await harness.community("ana")
    for name in ("p1", "p2", "p3"):
        await send(harness, name, prompt=1)
    await harness.ok("p1", '/reflect answer "secret words one"')
    await harness.ok("p2", "/reflect skip")
    shown = await harness.ok("ana", "/reflect stats")
    assert "sent 3 · answered fewer than 5 · skipped fewer than 5" in shown
    assert "Week of Mon 23 Nov 2026" in shown
    assert "secret words" not in shown and "p1" not in shown


async def test_counts_show_when_five_or_more_people_stand_behind_them(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.community("ana")
    people = [f"t{n}" for n in range(6)]
    for name in people:
        await send(harness, name, prompt=2)
    for name in people[:5]:
        await harness.ok(name, f'/reflect answer "private thought of {name}"')
    shown = await harness.ok("ana", "/reflect stats")
    assert "sent 6 · answered 5 · skipped fewer than 5" in shown
    clock.advance(timedelta(days=7))
    await harness.ok(people[5], '/reflect answer "late answer"')
    shown = await harness.ok("ana", "/reflect stats")
    assert "Week of Mon 30 Nov 2026" in shown
    assert "sent 0 · answered fewer than 5 · skipped fewer than 5" in shown
    assert "All weeks: sent 6 · answered 6 · skipped fewer than 5" in shown
    assert "private thought" not in shown and "late answer" not in shown


async def test_stats_since_and_free_reflections(harness: Harness, clock: FakeClock) -> None:
    await harness.community("ana")
    await harness.ok("ana", '/reflect answer "free one"')
    assert "No prompts were sent" in await harness.ok("ana", "/reflect stats")
    await send(harness, "maria", prompt=1)
    clock.advance(timedelta(weeks=5))
    assert "No prompts were sent" in await harness.ok("ana", "/reflect stats since:2w")
    assert "sent 1" in await harness.ok("ana", "/reflect stats since:2026-11-01")
    assert "since:" in await harness.fails("ana", "/reflect stats since:lately")
    assert "future" in await harness.fails("ana", "/reflect stats since:2030-01-01")


async def test_stats_are_for_facilitators(harness: Harness) -> None:
    await harness.community("ana")
    assert "Only facilitators can see reflection stats." in await harness.fails(
        "ben", "/reflect stats"
    )
    await harness.with_role("ben", Role.FACILITATOR)
    await harness.ok("ben", "/reflect stats")
