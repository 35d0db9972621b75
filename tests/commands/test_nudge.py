"""/nudge as facilitators and members use it."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from storage.schedules import Schedule
from tests.harness import Harness


async def count_schedules(app: App, kind: str | None = None) -> int:
    query = select(func.count()).select_from(Schedule)
    if kind is not None:
        query = query.where(Schedule.kind == kind)
    async with app.db.session() as session:
        return (await session.execute(query)).scalar_one()


async def facilitator(harness: Harness, name: str = "fran") -> None:
    await harness.community("ana")
    await harness.ok(name, "/praxis whoami")
    await harness.with_role(name, Role.FACILITATOR)


async def test_a_member_is_refused_and_nothing_is_created(harness: Harness, app: App) -> None:
    await harness.community("ana")
    shown = await harness.fails(
        "ben", '/nudge schedule to:#grade7 when:"every monday 8:00" message:"hi"'
    )
    assert "Only facilitators can schedule nudges." in shown
    assert await count_schedules(app) == 0
    assert "Only facilitators" in await harness.fails("ben", "/nudge list")


async def test_an_unreadable_recurrence_gets_examples(harness: Harness, app: App) -> None:
    await facilitator(harness)
    shown = await harness.fails(
        "fran", '/nudge schedule to:#grade7 when:"whenever you like" message:"hi"'
    )
    assert "whenever you like" in shown
    assert "every monday 8:00" in shown and "cron 0 8 * * 1" in shown
    assert await count_schedules(app) == 0


async def test_scheduling_shows_the_next_three_times(harness: Harness) -> None:
    await facilitator(harness)
    shown = await harness.ok(
        "fran", '/nudge schedule to:#grade7 when:"every monday 8:00" message:"Bring student work"'
    )
    assert "Scheduled nudge #1 to #grade7" in shown
    # START is Monday 23 Nov 2026 15:00 UTC; the community is on UTC.
    for day in ("Mon 30 Nov 2026, 08:00", "Mon 7 Dec 2026, 08:00", "Mon 14 Dec 2026, 08:00"):
        assert day in shown
    listing = await harness.ok("fran", "/nudge list")
    assert "#1" in listing and "Bring student work" in listing


async def test_a_person_target_uses_their_own_time_zone(harness: Harness) -> None:
    await facilitator(harness)
    await harness.ok("maria", "/praxis profile set timezone:America/Chicago")
    shown = await harness.ok(
        "fran", '/nudge schedule to:@maria when:"every weekday 7:30" message:"Exit tickets"'
    )
    assert "America/Chicago" in shown
    assert "Tue 24 Nov 2026, 07:30 CST" in shown


async def test_tz_in_the_recurrence_overrides_the_person(harness: Harness) -> None:
    await facilitator(harness)
    await harness.ok("maria", "/praxis profile set timezone:America/Chicago")
    shown = await harness.ok(
        "fran",
        '/nudge schedule to:@maria when:"every monday 9:00 tz:America/New_York" message:"x"',
    )
    assert "09:00 EST" in shown


async def test_unknown_targets_say_what_a_target_is(harness: Harness, app: App) -> None:
    await facilitator(harness)
    shown = await harness.fails("fran", '/nudge schedule to:@nobody when:"tomorrow 8am" message:x')
    assert "@nobody" in shown
    shown = await harness.fails("fran", '/nudge schedule to:grade7 when:"tomorrow 8am" message:x')
    assert "#channel" in shown
    shown = await harness.fails(
        "fran", '/nudge schedule to:team:fractions when:"tomorrow 8am" message:x'
    )
    assert "cycle" in shown and "fractions" in shown
    assert await count_schedules(app) == 0


async def test_a_moment_in_the_past_is_refused(harness: Harness) -> None:
    await facilitator(harness)
    shown = await harness.fails(
        "fran", '/nudge schedule to:#grade7 when:"2020-01-01 09:00" message:"x"'
    )
    assert "already passed" in shown


async def test_everyone_is_a_direct_message_to_each_member(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await facilitator(harness)
    await harness.ok("maria", "/praxis whoami")
    await harness.ok("fran", '/nudge schedule to:everyone when:"in 1 hour" message:"Survey"')
    clock.advance(timedelta(hours=1, minutes=1))
    await app.engine.run_due(clock.now())
    sent = harness.deliveries.delivered
    assert sorted(d.address.user or "" for d in sent) == ["ana", "fran", "maria"]
    assert all(d.address.channel is None for d in sent)
    assert all("@everyone" not in d.reply.plain_text() for d in sent)


async def test_pause_resume_and_cancel(harness: Harness, app: App, clock: FakeClock) -> None:
    await facilitator(harness)
    await harness.ok("fran", '/nudge schedule to:#grade7 when:"every day 16:00" message:"Log"')
    assert "Paused nudge #1" in await harness.ok("fran", "/nudge pause 1")
    assert "paused" in await harness.ok("fran", "/nudge list")
    clock.advance(timedelta(days=2))
    await app.engine.run_due(clock.now())
    assert harness.deliveries.delivered == []
    assert "Resumed nudge #1; next" in await harness.ok("fran", "/nudge resume #1")
    clock.advance(timedelta(hours=1, minutes=5))
    await app.engine.run_due(clock.now())
    assert len(harness.deliveries.delivered) == 1  # the days paused were skipped, not sent
    assert "Cancelled nudge #1" in await harness.ok("fran", "/nudge cancel 1")
    clock.advance(timedelta(days=3))
    await app.engine.run_due(clock.now())
    assert len(harness.deliveries.delivered) == 1
    assert "No nudges are scheduled" in await harness.ok("fran", "/nudge list")


async def test_test_sends_it_to_me_now_and_moves_nothing(harness: Harness, app: App) -> None:
    await facilitator(harness)
    await harness.ok("fran", '/nudge schedule to:#grade7 when:"every monday 8:00" message:"Hi"')
    assert "as a test" in await harness.ok("fran", "/nudge test 1")
    [sent] = harness.deliveries.delivered
    assert sent.address.user == "fran" and "Hi" in sent.reply.plain_text()
    assert "Mon 30 Nov 2026, 08:00" in await harness.ok("fran", "/nudge list")


async def test_another_communitys_nudge_is_not_found(harness: Harness) -> None:
    await facilitator(harness)
    await harness.ok("fran", '/nudge schedule to:#grade7 when:"every monday 8:00" message:"Hi"')
    await harness.community("zed", community="other")
    await harness.with_role("zed", Role.FACILITATOR, community="other")
    for sub in ("cancel", "pause", "resume", "test"):
        assert "no nudge #1" in await harness.fails("zed", f"/nudge {sub} 1", community="other")
    assert "#1" in await harness.ok("fran", "/nudge list")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(when=st.text(min_size=1, max_size=40))
async def test_any_when_text_is_scheduled_or_explained(harness: Harness, when: str) -> None:
    await facilitator(harness)
    text = when.replace('"', "").replace("\u201c", "").replace("\u201d", "").strip() or "x"
    result = await harness.run("fran", f'/nudge schedule to:#grade7 when:"{text}" message:"m"')
    assert result.outcome.value in ("ok", "user_error"), result.reply.plain_text()


async def test_demo_adds_one_weekly_nudge_and_not_twice(harness: Harness, app: App) -> None:
    from bot.root.demo import load_demo

    await load_demo(app.services, app.registry)
    await load_demo(app.services, app.registry)
    assert await count_schedules(app, kind="nudge") == 1
    assert "inquiry-cycle check-in" in (await harness.ok("marcus", "/nudge list")).lower()
