"""/cycle: lesson-study cycles as facilitators and teams use them.

The clock starts on Monday 23 November 2026 at 15:00 UTC; the community is on UTC.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.kernel.errors import UserError
from bot.kernel.roles import Role
from bot.time.clock import FakeClock
from commands import all_families
from commands.cycle.start import check_name
from storage.cycles import cycle_name_key
from tests.conftest import MakeApp
from tests.harness import Harness


async def _setup(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    for name in ("maria", "tom", "diego", "grace"):
        await harness.ok(name, "/praxis whoami")


async def _start(harness: Harness, lesson: str = "2026-12-15") -> str:
    return await harness.ok(
        "keisha",
        f'/cycle start name:"Fractions on a line" theme:"Fractions as numbers" '
        f"lesson-date:{lesson} team:@maria,@tom,@grace",
    )


async def test_start_plans_backwards_across_a_weekend_and_a_month_end(harness: Harness) -> None:
    await _setup(harness)
    shown = await harness.ok(
        "keisha",
        '/cycle start name:"Ratios" theme:"Ratio reasoning" lesson-date:2026-12-01',
    )
    assert "(posted in the channel)" in shown
    # plan: five school days before Tuesday 1 December is Tuesday 24 November.
    assert "plan: Tue 24 Nov" in shown
    assert "teach: Tue 1 Dec" in shown and "reflect: Wed 2 Dec" in shown
    # study (15 school days back) would be in the past, so it starts today and says so.
    assert "study: Mon 23 Nov (now)" in shown
    assert "would have been Tue 10 Nov" in shown


async def test_start_needs_a_unique_name_and_known_people(harness: Harness) -> None:
    await _setup(harness)
    await _start(harness)
    again = await harness.fails("keisha", '/cycle start name:"fractions ON a line" theme:"x"')
    assert "already has a cycle" in again
    unknown = await harness.fails("keisha", '/cycle start name:"B" theme:"x" team:@nobody')
    assert "@nobody" in unknown
    assert "/cycle start" in await harness.fails("keisha", '/cycle start name:"C"')
    assert "in the past" in await harness.fails(
        "keisha", '/cycle start name:"D" theme:"x" lesson-date:2026-11-01'
    )


async def test_member_cannot_start_or_move_a_cycle_and_nothing_changes(harness: Harness) -> None:
    await _setup(harness)
    refused = await harness.fails("maria", '/cycle start name:"Mine" theme:"x"')
    assert "Only facilitators can start a cycle." in refused
    assert "No lesson-study cycles yet" in await harness.ok("maria", "/cycle status")
    await _start(harness)
    moved = await harness.fails("maria", '/cycle schedule "Fractions on a line" teach 2026-12-18')
    assert "Only facilitators" in moved
    for command in ("pause #1", "resume #1", "close #1", "role #1 @maria teacher"):
        assert "Only facilitators" in await harness.fails("tom", f"/cycle {command}")
    shown = await harness.ok("maria", "/cycle status #1")
    assert "teach: Tue 15 Dec" in shown and "(active)" in shown


async def test_schedule_moves_one_phase_and_keeps_the_order(harness: Harness) -> None:
    await _setup(harness)
    await _start(harness)
    shown = await harness.ok(
        "keisha", '/cycle schedule "Fractions on a line" teach 2026-12-14 10:15'
    )
    assert "moved teach" in shown and "Mon 14 Dec 10:15" in shown
    late = await harness.fails("keisha", "/cycle schedule 1 teach 2026-12-21")
    assert "can't be after reflect" in late and "shift:yes" in late
    shifted = await harness.ok("keisha", "/cycle schedule #1 teach 2026-12-21 shift:yes")
    assert "reflect to Wed 23 Dec" in shifted
    status = await harness.ok("keisha", "/cycle status 1")
    assert "teach: Mon 21 Dec 10:15" in status and "reflect: Wed 23 Dec" in status
    early = await harness.fails("keisha", "/cycle schedule 1 plan 2026-12-22")
    assert "can't be after teach" in early
    await harness.ok("keisha", "/cycle schedule 1 revise 2027-01-05")
    assert "revise: Tue 5 Jan 2027" in await harness.ok("keisha", "/cycle status 1")
    await harness.ok("keisha", "/cycle schedule 1 revise none")
    assert "revise" not in await harness.ok("keisha", "/cycle status 1")
    assert "Every cycle has a teach" in await harness.fails(
        "keisha", "/cycle schedule 1 teach none"
    )


async def test_pause_until_a_date_shifts_the_remaining_phases_and_resume_continues(
    harness: Harness, clock: FakeClock
) -> None:
    await _setup(harness)
    await _start(harness)  # study Tue 24 Nov, plan Tue 8 Dec, teach Tue 15 Dec, reflect Wed 16
    clock.advance(timedelta(days=1))  # Tuesday 24 November: study has begun
    paused = await harness.ok("keisha", "/cycle pause 1 until:2026-11-30")
    # Tue 24 to Mon 30 skips four school days (Tue to Fri); study has begun and stays.
    assert "plan to Mon 14 Dec" in paused and "teach to Mon 21 Dec" in paused
    assert "study to" not in paused
    status = await harness.ok("maria", "/cycle status 1")
    assert "paused until Mon 30 Nov" in status
    clock.advance(timedelta(days=1))  # Wednesday: resume early, one school day paused
    resumed = await harness.ok("keisha", "/cycle resume 1")
    assert "plan to Wed 9 Dec" in resumed and "teach to Wed 16 Dec" in resumed
    assert "(active)" in await harness.ok("maria", "/cycle status 1")
    assert "not paused" in await harness.ok("keisha", "/cycle resume 1")


async def test_a_pause_ends_by_itself_on_its_day(harness: Harness, clock: FakeClock) -> None:
    await _setup(harness)
    await _start(harness)
    await harness.ok("keisha", "/cycle pause 1 until:2026-11-30")
    assert "already paused" in await harness.fails("keisha", "/cycle pause 1")
    clock.advance(timedelta(days=7))
    status = await harness.ok("maria", "/cycle status 1")
    assert "(active)" in status and "plan: Tue 15 Dec" in status


async def test_pause_without_a_date_moves_phases_on_resume(
    harness: Harness, clock: FakeClock
) -> None:
    await _setup(harness)
    await _start(harness)
    await harness.ok("keisha", "/cycle pause 1")
    assert "teach: Tue 15 Dec" in await harness.ok("keisha", "/cycle status 1")
    clock.advance(timedelta(days=7))  # a whole school week
    resumed = await harness.ok("keisha", "/cycle resume 1")
    assert "teach to Tue 22 Dec" in resumed


async def test_status_reads_right_in_each_phase(harness: Harness, clock: FakeClock) -> None:
    await _setup(harness)
    await _start(harness)
    expected = [
        (0, "Next: study on Tue 24 Nov (tomorrow)."),
        (1, "Now: study (since Tue 24 Nov); next: plan on Tue 8 Dec (in 14 days)."),
        (15, "Now: plan (since Tue 8 Dec); next: teach on Tue 15 Dec (in 7 days)."),
        (22, "Now: teach (since Tue 15 Dec); next: reflect on Wed 16 Dec (tomorrow)."),
        (23, "Now: reflect (since Wed 16 Dec)."),
    ]
    elapsed = 0
    for day, line in expected:
        clock.advance(timedelta(days=day - elapsed))
        elapsed = day
        assert line in await harness.ok("tom", "/cycle status")
    shown = await harness.ok("tom", "/cycle status")
    assert "study: Tue 24 Nov (done)" in shown and "reflect: Wed 16 Dec (now)" in shown
    await harness.ok("keisha", "/cycle close 1")
    closed = await harness.ok("tom", "/cycle status 1")
    assert "(closed)" in closed and "teach: Tue 15 Dec (done)" in closed


async def test_status_lists_this_channels_cycles_else_all_active_ones(harness: Harness) -> None:
    await _setup(harness)
    await _start(harness)
    await harness.ok("keisha", '/cycle start name:"Area models" theme:"Area"', channel="grade5")
    here = await harness.ok("tom", "/cycle status", channel="grade5")
    assert "Area models" in here and "Fractions on a line" not in here
    elsewhere = await harness.ok("tom", "/cycle status", channel="random")
    assert "Lesson-study cycles in this community" in elsewhere
    assert "Area models" in elsewhere and "Fractions on a line" in elsewhere
    await harness.ok("keisha", "/cycle close #2")
    assert "Area models" not in await harness.ok("tom", "/cycle status", channel="random")


async def test_roles_are_shown_at_a_glance(harness: Harness) -> None:
    await _setup(harness)
    await _start(harness)
    assert "maria is the teacher" in await harness.ok("keisha", "/cycle role 1 @maria teacher")
    await harness.ok("keisha", "/cycle role 1 @grace knowledgeable-other")
    await harness.ok("keisha", "/cycle role 1 @diego observer")
    await harness.ok("keisha", "/cycle role 1 @tom remove")
    shown = await harness.ok("diego", "/cycle status 1")
    assert "Teacher              maria" in shown
    assert "Knowledgeable other  grace" in shown
    assert "Observer             diego" in shown
    assert not any(line.split()[-1:] == ["tom"] for line in shown.splitlines())


async def test_artifacts_by_the_team_with_a_de_identification_check(harness: Harness) -> None:
    await _setup(harness)
    await _start(harness)
    saved = await harness.ok("maria", "/cycle artifact 1 student-work https://example.org/work")
    assert "de-identified" in saved
    flagged = await harness.ok(
        "tom", "/cycle artifact 1 observation my student Jayden said 3/4 is more than 4/5"
    )
    assert "held artifact" in flagged and "Jayden" in flagged and "confirm:yes" in flagged
    await harness.ok(
        "tom", "/cycle artifact 1 observation Student A folded the strip into fourths first"
    )
    await harness.ok("grace", '/cycle artifact 1 lesson-plan "Launch with a number line"')
    refused = await harness.fails("diego", "/cycle artifact 1 report It went well")
    assert "Only the cycle's team and facilitators" in refused
    shown = await harness.ok("diego", "/cycle status 1")
    assert "Student work, by maria" in shown and "https://example.org/work" in shown
    # text artifacts are the team's: someone outside it sees that they exist, not what they say
    assert "Student A folded the strip" not in shown and "Jayden" not in shown
    assert "for the cycle's team" in shown
    team_view = await harness.ok("maria", "/cycle status 1")
    assert "Student A folded the strip" in team_view and "Jayden" not in team_view
    # the held note is its author's until confirmed; then the team reads it
    assert "Jayden" in await harness.ok("tom", "/cycle status 1")
    assert "Saved the observation notes" in await harness.ok("tom", "/cycle artifact 1 confirm:yes")
    maria_view = await harness.ok("maria", "/cycle status 1")
    assert "Jayden" in maria_view, maria_view
    assert "Jayden" not in await harness.ok("diego", "/cycle status 1")


async def test_close_share_publishes_the_report_to_the_library(harness: Harness) -> None:
    await _setup(harness)
    await _start(harness)
    await harness.ok("tom", "/cycle artifact 1 observation Student B drew equal jumps")
    await harness.ok("grace", "/cycle artifact 1 lesson-plan https://example.org/plan")
    await harness.ok("maria", '/cycle artifact 1 report "Number lines made size visible."')
    closed = await harness.ok(
        "keisha", '/cycle close "Fractions on a line" share:yes learned:"Start from length."'
    )
    assert "closed cycle #1" in closed and "(posted in the channel)" in closed
    assert "in the resource library as #" in closed
    found = await harness.ok("diego", "/resource search number lines")
    assert "Lesson study: Fractions on a line" in found
    report = await harness.ok("maria", "/cycle status 1")
    assert "End-of-cycle report" in report and "Shared to the resource library" in report
    assert "Research theme: Fractions as numbers" in report
    assert "Start from length." in report and "https://example.org/plan" in report
    # Text artifacts are written close to children: counted, never published.
    assert "1 text observation notes kept with the cycle's team" in report
    published = await harness.ok("diego", "/resource show 1")
    assert "Start from length." in published and "Student B drew" not in published
    assert "Number lines made size visible." not in published
    assert "is closed" in await harness.fails("maria", "/cycle artifact 1 report more")
    assert "already closed" in await harness.fails("keisha", "/cycle close 1")


async def test_close_without_share_or_library_keeps_the_report_on_the_cycle(
    harness: Harness, make_app: MakeApp, tmp_path: Path
) -> None:
    await _setup(harness)
    await _start(harness)
    closed = await harness.ok("keisha", '/cycle close 1 learned:"Wait time matters."')
    assert "kept on the cycle" in closed and "share:yes" in closed
    assert "Lesson study" not in await harness.ok("keisha", "/resource search fractions")
    await harness.ok("keisha", '/cycle start name:"Second" theme:"x"')
    # The same community, served by an app without the resource library (/resource).
    served = [family for family in all_families() if family.name != "resource"]
    harness = Harness(await make_app(families=served), tmp_path)
    shown = await harness.ok("keisha", "/cycle close Second share:yes")
    assert "isn't available here yet" in shown
    assert "What we learned" in await harness.ok("keisha", "/cycle status Second")


async def test_a_person_in_another_community_cannot_see_a_cycle(harness: Harness) -> None:
    await harness.ok("ana", "/praxis whoami", community="T-ONE")
    await harness.with_role("keisha", Role.FACILITATOR, community="T-ONE")
    await harness.ok("keisha", '/cycle start name:"Secret" theme:"Our theme"', community="T-ONE")
    await harness.ok("zoe", "/praxis whoami", community="T-TWO")
    for text in ("/cycle status Secret", "/cycle status 1", "/cycle artifact 1 report x"):
        shown = await harness.fails("zoe", text, community="T-TWO")
        assert "no cycle" in shown and "Our theme" not in shown
    listed = await harness.ok("zoe", "/cycle status", community="T-TWO")
    assert "Secret" not in listed and "No lesson-study cycles yet" in listed
    # The same name is free in the other community.
    await harness.with_role("zoe", Role.ADMIN, community="T-TWO")
    await harness.ok("zoe", '/cycle start name:"Secret" theme:"Theirs"', community="T-TWO")
    assert "Our theme" in await harness.ok("keisha", "/cycle status Secret", community="T-ONE")


async def test_facilitators_change_the_communitys_defaults(harness: Harness) -> None:
    await _setup(harness)
    assert "15 school days before" in await harness.ok("maria", "/cycle defaults")
    refused = await harness.fails("maria", "/cycle defaults study:10")
    assert "Only facilitators" in refused
    await harness.ok("keisha", "/cycle defaults study:10 plan:3 revise:2 morning:7:30")
    bad = await harness.fails("keisha", "/cycle defaults study:2")
    assert "study: must start before plan:" in bad
    shown = await harness.ok("keisha", '/cycle start name:"R" theme:"x" lesson-date:2026-12-15')
    assert "plan: Thu 10 Dec" in shown and "revise: Thu 17 Dec" in shown


async def test_a_cycle_is_started_in_a_channel(harness: Harness) -> None:
    await _setup(harness)
    assert "Only facilitators" in await harness.fails("maria", "/cycle defaults lead:1")
    assert "looks like an id" in await harness.fails("keisha", '/cycle start name:"#12" theme:x')


@settings(max_examples=200)
@given(st.text(max_size=150))
def test_any_typed_name_is_refused_clearly_or_kept_findable(text: str) -> None:
    try:
        name = check_name(text)
    except UserError as error:
        assert error.message
        return
    assert 0 < len(name) <= 120
    assert cycle_name_key(name) == cycle_name_key(f"  {name.upper()}  ") or not name.isascii()
