"""A cycle's nudges through the scheduling engine, with the clock under the test's control.

The clock starts on Monday 23 November 2026 at 15:00 UTC; the community is on UTC.
With the lesson on Tuesday 15 December the plan is: study Tue 24 Nov, plan Tue 8 Dec,
teach Tue 15 Dec, reflect Wed 16 Dec; reminders two school days before each phase and at
08:00 on its day; observers are asked for notes at 15:30 on the lesson day.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from adapters.console.adapter import Delivered
from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from commands import all_families
from storage.schedules import Schedule
from tests.conftest import MakeApp
from tests.harness import Harness


async def _setup(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    for name in ("maria", "tom", "diego", "grace"):
        await harness.ok(name, "/praxis whoami")
    await harness.ok(
        "keisha",
        '/cycle start name:"Fractions" theme:"Fractions as numbers" lesson-date:2026-12-15 '
        "team:@maria,@tom,@diego,@grace",
        channel="lesson-study",
    )


async def _active(app: App) -> dict[int, tuple[str, str, datetime]]:
    """Active schedules of cycle #1: id -> (phase, moment, next run)."""
    async with app.db.session() as session:
        query = select(Schedule).where(Schedule.owner == "cycle:1", Schedule.status == "active")
        rows = list((await session.execute(query)).scalars())
    return {
        row.id: (row.payload["phase"], row.payload["moment"], row.next_run_at)
        for row in rows
        if row.next_run_at is not None
    }


def said(delivered: Delivered) -> str:
    """What a delivery says, case folded (plain text shows headers in capitals)."""
    return delivered.reply.plain_text().lower().lower()


def _at(day: int, month: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def test_start_makes_each_phases_reminders_and_none_in_the_past(
    harness: Harness, app: App
) -> None:
    await _setup(harness)
    times = sorted((phase, moment, when) for phase, moment, when in (await _active(app)).values())
    assert times == sorted(
        [
            ("study", "morning", _at(24, 11, 8)),  # its "before" reminder was already past
            ("plan", "before", _at(4, 12, 8)),
            ("plan", "morning", _at(8, 12, 8)),
            ("teach", "before", _at(11, 12, 8)),
            ("teach", "morning", _at(15, 12, 8)),
            ("teach", "observe", _at(15, 12, 15, 30)),
            ("reflect", "before", _at(14, 12, 8)),
            ("reflect", "morning", _at(16, 12, 8)),
            # the reflection family is present: the team gets a reflect-phase prompt
            ("reflect", "prompt", _at(16, 12, 15, 30)),
        ]
    )


async def test_moving_a_phase_moves_exactly_its_nudges(harness: Harness, app: App) -> None:
    await _setup(harness)
    before = await _active(app)
    await harness.ok("keisha", "/cycle schedule Fractions plan 2026-12-09 13:00")
    after = await _active(app)
    untouched = {i: v for i, v in before.items() if v[0] != "plan"}
    assert {i: v for i, v in after.items() if v[0] != "plan"} == untouched
    new_plan = sorted(v for i, v in after.items() if v[0] == "plan")
    assert new_plan == [("plan", "before", _at(7, 12, 8)), ("plan", "morning", _at(9, 12, 8))]
    assert not set(after) & {i for i, v in before.items() if v[0] == "plan"}
    # Moving it again, and back, never doubles anything.
    await harness.ok("keisha", "/cycle schedule Fractions plan 2026-12-08")
    await harness.ok("keisha", "/cycle schedule Fractions plan 2026-12-08")
    assert sorted((await _active(app)).values()) == sorted(before.values())


async def test_a_moved_teach_moves_the_observers_request(harness: Harness, app: App) -> None:
    await _setup(harness)
    await harness.ok("keisha", "/cycle schedule Fractions teach 2026-12-14 10:15")
    moments = {(p, m): when for p, m, when in (await _active(app)).values()}
    assert moments[("teach", "observe")] == _at(14, 12, 12, 15)
    assert moments[("teach", "morning")] == _at(14, 12, 8)
    assert moments[("reflect", "morning")] == _at(16, 12, 8)


async def test_pausing_and_closing_cancel_them_all_and_resuming_brings_them_back(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _setup(harness)
    await harness.ok("keisha", "/cycle pause Fractions")
    assert await _active(app) == {}
    await harness.ok("keisha", "/cycle resume Fractions")
    assert len(await _active(app)) == 9  # eight nudges and the reflect-phase prompt
    await harness.ok("keisha", "/cycle pause Fractions until:2026-12-01")
    after_pause = await _active(app)
    assert min(when for _, _, when in after_pause.values()) >= _at(1, 12, 0)
    moments = {(p, m): when for p, m, when in after_pause.values()}
    assert moments[("study", "morning")] == _at(2, 12, 8)  # study moved past the pause
    # Moving a phase while paused until a day keeps its reminders for after that day.
    await harness.ok("keisha", "/cycle schedule Fractions study 2026-12-03")
    moments = {(p, m): when for p, m, when in (await _active(app)).values()}
    assert moments[("study", "morning")] == _at(3, 12, 8)
    assert moments[("study", "before")] == _at(1, 12, 8)
    await harness.ok("keisha", "/cycle schedule Fractions study 2026-12-02")
    await harness.ok("keisha", "/cycle resume Fractions")
    assert len(await _active(app)) == 9  # eight nudges and the reflect-phase prompt
    await harness.ok("keisha", "/cycle close Fractions")
    assert await _active(app) == {}
    clock.set(_at(20, 12, 9))
    assert await app.engine.run_due(clock.now()) == 0
    assert harness.deliveries.delivered == []


async def test_a_facilitator_runs_a_whole_cycle_and_nudges_arrive_on_time(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _setup(harness)
    await harness.ok("keisha", "/cycle role Fractions @maria teacher", channel="lesson-study")
    await harness.ok(
        "keisha", "/cycle role Fractions @grace knowledgeable-other", channel="lesson-study"
    )
    delivered = harness.deliveries.delivered

    async def tick(when: datetime) -> list[Delivered]:
        seen = len(delivered)
        clock.set(when)
        await app.engine.run_due(clock.now())
        return delivered[seen:]

    assert await tick(_at(24, 11, 7, 59)) == []
    [study] = await tick(_at(24, 11, 8))
    assert study.address.channel == "lesson-study" and study.address.user is None
    assert "today: study for fractions" in said(study)
    assert "bring:" in said(study)
    await harness.ok("maria", "/cycle artifact Fractions theme Fractions as lengths")

    [plan_soon] = await tick(_at(4, 12, 8))
    assert "plan for fractions is tue 8 dec (in 2 school days)" in said(plan_soon)
    assert "anticipated student strategies" in said(plan_soon)
    [plan_today] = await tick(_at(8, 12, 8, 5))
    assert "today: plan" in said(plan_today)
    await harness.ok("grace", "/cycle artifact Fractions lesson-plan https://example.org/plan")
    assert "Now: plan" in await harness.ok("tom", "/cycle status", channel="lesson-study")

    # The lesson moves one day later; the old reminders never fire.
    await harness.ok("keisha", "/cycle schedule Fractions teach 2026-12-16 10:00 shift:yes")
    assert await tick(_at(11, 12, 8)) == []
    [teach_soon] = await tick(_at(14, 12, 8))
    assert "teach (research lesson) for fractions is wed 16 dec 10:00" in (said(teach_soon))
    [reflect_soon] = await tick(_at(15, 12, 8))  # reflect moved along to Thursday
    assert "reflect (post-lesson discussion) for fractions is thu 17 dec" in said(reflect_soon)
    [teach_today] = await tick(_at(16, 12, 8))
    assert "today: teach (research lesson) for fractions at 10:00" in (said(teach_today))
    observers = await tick(_at(16, 12, 12))
    assert sorted(d.address.user or "" for d in observers) == ["diego", "tom"]
    assert all(d.address.channel is None for d in observers)
    assert "/cycle artifact #1 observation" in said(observers[0])
    await harness.ok("tom", "/cycle artifact Fractions observation Student A used equal jumps")
    [reflect_today] = await tick(_at(17, 12, 8))
    assert "today: reflect" in said(reflect_today)
    assert "Now: reflect" in await harness.ok("tom", "/cycle status", channel="lesson-study")

    await harness.ok(
        "keisha",
        '/cycle close Fractions share:yes learned:"Length models helped."',
        channel="lesson-study",
    )
    assert await tick(_at(31, 12, 9)) == []
    report = await harness.ok("maria", "/cycle status Fractions")
    assert "Length models helped." in report and "https://example.org/plan" in report


async def test_reflect_prompts_go_to_the_team_through_the_reflection_family_when_it_runs(
    harness: Harness, app: App
) -> None:
    """The hook: the reflection family serves a "reflect" delivery kind, so the reflect
    phase schedules one of that kind for the team."""
    await _setup(harness)
    async with app.db.session() as session:
        query = select(Schedule).where(Schedule.kind == "reflect", Schedule.status == "active")
        [prompt] = list((await session.execute(query)).scalars())
    assert prompt.target == "team:1" and prompt.owner == "cycle:1"
    assert prompt.payload["pool"] == "reflect"
    assert prompt.next_run_at == _at(16, 12, 15, 30)
    await harness.ok("keisha", "/cycle schedule Fractions reflect 2026-12-17 14:00")
    async with app.db.session() as session:
        [moved] = list((await session.execute(query)).scalars())
    assert moved.id != prompt.id and moved.next_run_at == _at(17, 12, 16)


async def test_without_the_reflection_family_the_reflect_phase_has_no_prompt(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """The hook is optional: a bot that serves no "reflect" kind still runs the cycle."""
    served = [family for family in all_families() if family.name != "reflect"]
    app = await make_app(families=served)
    await _setup(Harness(app, tmp_path))
    moments = {(phase, moment) for phase, moment, _ in (await _active(app)).values()}
    assert ("reflect", "morning") in moments and ("reflect", "prompt") not in moments
    async with app.db.session() as session:
        query = select(Schedule).where(Schedule.kind == "reflect")
        assert list((await session.execute(query)).scalars()) == []


async def test_the_demo_has_a_cycle_in_progress_with_a_team_from_several_districts(
    harness: Harness, app: App
) -> None:
    from bot.root.demo import load_demo

    await load_demo(app.services, app.registry)
    await load_demo(app.services, app.registry)  # twice: nothing doubled
    shown = await harness.ok("maria", "/cycle status")
    assert shown.count("Cycle #1 Fractions on the number line (active)") == 1
    assert "Now: plan" in shown and "Teacher" in shown and "Knowledgeable other" in shown
    async with app.db.session() as session:
        query = select(Schedule).where(Schedule.owner == "cycle:1", Schedule.status == "active")
        assert len(list((await session.execute(query)).scalars())) >= 4
    people = await harness.ok("maria", "/praxis whoami")
    assert "Eastside ISD" in people
