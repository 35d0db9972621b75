"""Scheduled prompts through the engine: own time zones, quiet hours, pools, snooze, cancel."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from tests.commands.reflect.helpers import dms
from tests.harness import Harness


async def _people(harness: Harness) -> None:
    await harness.community("ana")  # admin; the community is on UTC
    await harness.with_role("kim", Role.FACILITATOR)
    await harness.ok("maria", "/praxis profile set timezone:America/Chicago")
    await harness.ok("tom", "/praxis profile set timezone:Europe/Berlin")


async def test_two_zones_get_the_same_8am_prompt_at_their_own_8am(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    shown = await harness.ok(
        "kim", '/reflect schedule to:everyone when:"every tuesday 8:00" prompt:3'
    )
    assert "in each person's own time zone" in shown
    # Tuesday 24 Nov: 07:00 UTC is 08:00 in Berlin; 14:00 UTC is 08:00 in Chicago.
    clock.set(datetime(2026, 11, 24, 6, 59, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    assert not dms(harness, "tom") and not dms(harness, "maria")
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    assert len(dms(harness, "tom")) == 1 and not dms(harness, "maria")
    clock.set(datetime(2026, 11, 24, 14, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    [tom], [maria] = dms(harness, "tom"), dms(harness, "maria")
    assert "Where could a student start" in tom.reply.plain_text()
    assert tom.reply.plain_text() == maria.reply.plain_text()
    assert "Your open prompt #3" in await harness.ok("maria", "/reflect")
    berlin = await harness.ok("tom", "/reflect")
    assert "Sent Tue 24 Nov 08:00" in berlin  # shown in his own zone
    assert "Sent Tue 24 Nov 08:00" in await harness.ok("maria", "/reflect")
    await app.engine.run_due(clock.now())
    assert len(dms(harness, "maria")) == 1  # once, not again


async def test_quiet_hours_hold_a_prompt_in_the_persons_own_zone(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    await harness.ok("ana", '/praxis settings quiet-hours:"21:00-07:30"')
    await harness.ok("kim", '/reflect schedule to:@maria when:"every tuesday 7:00" pool:voice')
    chicago = ZoneInfo("America/Chicago")
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=chicago))
    await app.engine.run_due(clock.now())
    assert not dms(harness, "maria")
    clock.set(datetime(2026, 11, 24, 7, 30, tzinfo=chicago))
    await app.engine.run_due(clock.now())
    assert len(dms(harness, "maria")) == 1


async def test_a_pool_schedule_never_repeats_a_prompt_in_a_row(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    await harness.ok("kim", '/reflect schedule to:@maria when:"every day 9:00" pool:belonging')
    got = []
    for _ in range(6):
        clock.advance(timedelta(days=1))
        await app.engine.run_due(clock.now())
    for delivered in dms(harness, "maria"):
        assert delivered.reply.form is not None
        got.append(delivered.reply.form.command)
    assert len(got) == 6
    assert all(a != b for a, b in pairwise(got))
    assert "sent 6" in await harness.ok("kim", "/reflect stats")


async def test_snooze_brings_the_prompt_back_by_direct_message(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    await harness.ok("kim", '/reflect schedule to:@maria when:"in 1 hour" prompt:2')
    clock.advance(timedelta(hours=1))
    await app.engine.run_due(clock.now())
    assert len(dms(harness, "maria")) == 1
    await harness.ok("maria", "/reflect snooze 3h")
    clock.advance(timedelta(hours=2))
    await app.engine.run_due(clock.now())
    assert len(dms(harness, "maria")) == 1
    clock.advance(timedelta(hours=1, minutes=1))
    await app.engine.run_due(clock.now())
    back = dms(harness, "maria")
    assert len(back) == 2 and "snoozed prompt is back" in back[-1].reply.plain_text().lower()
    assert "Your open prompt #2" in await harness.ok("maria", "/reflect")


async def test_an_answered_snoozed_prompt_does_not_come_back(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    await harness.ok("kim", '/reflect schedule to:@maria when:"in 1 hour" prompt:2')
    clock.advance(timedelta(hours=1))
    await app.engine.run_due(clock.now())
    await harness.ok("maria", "/reflect snooze 1h")
    await harness.ok("maria", '/reflect answer "done early"')
    clock.advance(timedelta(hours=2))
    await app.engine.run_due(clock.now())
    assert len(dms(harness, "maria")) == 1


async def test_schedules_list_and_unschedule_the_whole_group(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    shown = await harness.ok(
        "kim", '/reflect schedule to:everyone when:"every monday 8:00" pool:voice'
    )
    number = shown.split("Scheduled reflection #")[1].split(" ")[0]
    listing = await harness.ok("kim", "/reflect schedules")
    assert listing.count("to everyone") == 1 and "each person's own time" in listing
    assert "Cancelled" in await harness.ok("kim", f"/reflect unschedule {number}")
    assert "No prompts are scheduled" in await harness.ok("kim", "/reflect schedules")
    clock.advance(timedelta(days=8))
    await app.engine.run_due(clock.now())
    assert not harness.deliveries.delivered


async def test_schedule_mistakes_and_refusals(harness: Harness) -> None:
    await _people(harness)
    refusal = await harness.fails(
        "maria", '/reflect schedule to:everyone when:"tomorrow 8am" prompt:1'
    )
    assert "Only facilitators can schedule reflection prompts." in refusal
    assert "prompt:<id> or pool:" in await harness.fails(
        "kim", '/reflect schedule to:everyone when:"tomorrow 8am"'
    )
    assert "no-such" in await harness.fails(
        "kim", '/reflect schedule to:everyone when:"tomorrow 8am" pool:no-such'
    )
    assert "@nobody" in await harness.fails(
        "kim", '/reflect schedule to:@nobody when:"tomorrow 8am" prompt:1'
    )
    bad_when = await harness.fails("kim", "/reflect schedule to:everyone when:someday prompt:1")
    assert "every monday 8:00" in bad_when  # the grammar's examples
    await harness.ok("kim", "/reflect retire 1")
    assert "retired" in await harness.fails(
        "kim", '/reflect schedule to:everyone when:"tomorrow 8am" prompt:1'
    )
    assert "No prompts are scheduled" in await harness.ok("kim", "/reflect schedules")


async def test_a_channel_gets_the_prompt_posted_and_answers_stay_private(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    await harness.ok("kim", '/reflect schedule to:#grade7 when:"in 1 hour" prompt:9')
    clock.advance(timedelta(hours=1))
    await app.engine.run_due(clock.now())
    [posted] = harness.deliveries.delivered
    assert posted.address.channel == "grade7" and not posted.reply.private
    assert "prompt:9" in posted.reply.plain_text()


async def test_a_zone_changed_in_the_platforms_profile_moves_what_is_scheduled(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    """Slack tells the bot a person's zone on every request (users.info `tz`). When they
    change it there (a teacher moves from Chicago to Berlin), a prompt already scheduled
    for them at 08:00 goes at 08:00 in the new zone; someone whose own zone is set in
    their profile keeps theirs."""
    from bot.kernel.model import Address, Identity, Request, TextCommand

    where = Address("console", "console", "general", None, None, "general")

    async def as_slack(user: str, zone: str, text: str) -> None:
        request = Request(where, Identity(user, user.title(), timezone=zone), TextCommand(text))
        result = await app.core.handle(request)
        assert result.ok, result.reply.plain_text()

    await harness.community("ana")
    await harness.with_role("kim", Role.FACILITATOR)
    await as_slack("maria", "America/Chicago", "/praxis whoami")
    await as_slack("tom", "America/Chicago", "/praxis profile set timezone:America/Chicago")
    await harness.ok("kim", '/reflect schedule to:everyone when:"every tuesday 8:00" prompt:3')
    # Both move their Slack to Berlin; only maria follows her platform's zone.
    await as_slack("maria", "Europe/Berlin", "/reflect")
    await as_slack("tom", "Europe/Berlin", "/reflect")
    clock.set(datetime(2026, 11, 24, 7, 0, tzinfo=UTC))  # 08:00 in Berlin
    await app.engine.run_due(clock.now())
    assert len(dms(harness, "maria")) == 1 and not dms(harness, "tom")
    clock.set(datetime(2026, 11, 24, 14, 0, tzinfo=UTC))  # 08:00 in Chicago
    await app.engine.run_due(clock.now())
    assert len(dms(harness, "maria")) == 1 and len(dms(harness, "tom")) == 1
