"""School time, as the issue's acceptance list tells it: on a fake clock, through the console.

The clock starts on Monday 23 November 2026 at 15:00 UTC; the community is on UTC. Two
districts: Oak Unified (winter break 21 Dec to 1 Jan) and Maple SD (a longer break, to
Tue 5 Jan, and a PD day on Mon 11 Jan). Maria teaches in Oak Unified, Tom in Maple SD.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.kernel.model import InboundFile
from bot.kernel.reply import Attachment
from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from storage.cycles import CyclePhase
from storage.schedules import Schedule
from tests.harness import Harness

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def _districts(harness: Harness, *, maple_break_to: str = "2027-01-05") -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", '/praxis profile set district:"Oak Unified"')
    await harness.ok("tom", '/praxis profile set district:"maple sd"')  # spelled loosely
    await harness.ok(
        "keisha",
        '/praxis calendar add 2026-12-21..2027-01-01 "Winter break" district:"Oak Unified"',
    )
    await harness.ok(
        "keisha",
        f'/praxis calendar add 2026-12-21..{maple_break_to} "Winter recess" district:"Maple SD"',
    )
    await harness.ok(
        "keisha", '/praxis calendar add 2027-01-11 "Staff PD" kind:pd district:"Maple SD"'
    )


async def _phases(app: App) -> dict[str, str]:
    async with app.db.session() as session:
        rows = (await session.execute(select(CyclePhase))).scalars()
        return {row.phase: row.day.isoformat() for row in rows}


async def _schedules(app: App, **where: object) -> list[Schedule]:
    async with app.db.session() as session:
        query = select(Schedule).where(Schedule.status == "active")
        for name, value in where.items():
            query = query.where(getattr(Schedule, name) == value)
        return list((await session.execute(query.order_by(Schedule.id))).scalars())


# -- planning ---------------------------------------------------------------------------------


async def test_a_cycle_planned_across_winter_break_on_a_two_district_team(
    harness: Harness, app: App
) -> None:
    await _districts(harness)
    shown = await harness.ok(
        "keisha",
        '/cycle start name:"Fractions" theme:"Fractions as numbers" lesson-date:2027-01-14 '
        "team:@maria,@tom",
    )
    # Counted on weekdays alone, study would fall on Thu 24 Dec (Christmas Eve). In school
    # days both districts share (no break of either, no Maple PD day): 15 before the lesson
    # is Mon 7 Dec; plan, 5 before, is Wed 6 Jan (Mon 11 Jan is Maple's PD day).
    assert await _phases(app) == {
        "study": "2026-12-07",
        "plan": "2027-01-06",
        "teach": "2027-01-14",
        "reflect": "2027-01-15",
    }
    assert "study: Mon 7 Dec" in shown and "plan: Wed 6 Jan 2027" in shown
    assert "Oak Unified" in shown and "Maple SD" in shown
    # The reminder two school days before the lesson skips the PD day: Tue 12 Jan.
    before = [
        s.next_run_at
        for s in await _schedules(app, kind="cycle")
        if s.payload["phase"] == "teach" and s.payload["moment"] == "before"
    ]
    assert before == [at(2027, 1, 12, 8)]
    common = await harness.ok("maria", "/cycle common-days Fractions from:2026-12-17 count:5")
    for day in ("Thu 17 Dec", "Fri 18 Dec", "Wed 6 Jan 2027", "Thu 7 Jan 2027", "Fri 8 Jan 2027"):
        assert day in common
    assert "• Mon 4 Jan" not in common and "Winter recess (Maple SD)" in common


async def test_a_lesson_on_a_non_school_day_is_warned_with_a_better_day(
    harness: Harness, app: App
) -> None:
    await _districts(harness)
    await harness.ok(
        "keisha", '/praxis calendar add 2027-02-01..2027-02-05 "Benchmark testing" kind:testing'
    )
    await harness.ok(
        "keisha", '/cycle start name:"Fractions" theme:"x" lesson-date:2027-01-07 team:@maria,@tom'
    )
    moved = await harness.text("keisha", "/cycle schedule Fractions teach 2027-01-11 shift:yes")
    assert "Mon 11 Jan 2027 is not a school day for the team (Staff PD (Maple SD))" in moved
    assert "/cycle schedule #1 teach 2027-01-12 shift:yes" in moved
    testing = await harness.text("keisha", "/cycle schedule Fractions teach 2027-02-03 shift:yes")
    assert "falls in a testing window (Benchmark testing)" in testing
    assert "2027-02-08" in testing or "2027-01-29" in testing
    started = await harness.text(
        "keisha", '/cycle start name:"Area" theme:"x" lesson-date:2026-12-25 team:@maria'
    )
    assert "Fri 25 Dec 2026 is not a school day for the team (Winter break)" in started


# -- deliveries on the calendar ---------------------------------------------------------------


async def test_a_weekly_team_nudge_over_the_break_is_held_per_person_and_sent_once(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _districts(harness, maple_break_to="2027-01-08")
    await harness.ok("keisha", '/cycle start name:"Fractions" theme:"x" team:@maria,@tom')
    shown = await harness.ok(
        "keisha", '/nudge schedule to:team:Fractions when:"every wednesday 9:00" message:"Hi"'
    )
    assert "waits for their next school day" in shown  # on by default for a team
    received: dict[str, list[datetime]] = {}
    day = at(2026, 12, 16, 9)
    while day <= at(2027, 1, 13, 9):
        clock.set(day)
        seen = len(harness.deliveries.delivered)
        await app.engine.run_due(clock.now())
        await app.engine.run_due(clock.now())  # running again sends nothing twice
        for delivered in harness.deliveries.delivered[seen:]:
            received.setdefault(delivered.address.user or "", []).append(day)
        day += timedelta(days=1)
    # Oak is back on Mon 4 Jan: its Wed 23 Dec nudge joined Wed 30 Dec's, held to Monday.
    assert received["maria"] == [
        at(2026, 12, 16, 9),
        at(2027, 1, 4, 9),
        at(2027, 1, 6, 9),
        at(2027, 1, 13, 9),
    ]
    # Maple is back on Mon 11 Jan... a PD day: Tue 12 Jan, once for three Wednesdays.
    assert received["tom"] == [at(2026, 12, 16, 9), at(2027, 1, 12, 9), at(2027, 1, 13, 9)]
    # Keisha names no district: the community's calendar has no break.
    assert len(received["keisha"]) == 5


async def test_school_days_no_sends_on_a_break_too(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _districts(harness)
    await harness.ok("keisha", '/cycle start name:"Fractions" theme:"x" team:@maria')
    await harness.ok(
        "keisha",
        '/nudge schedule to:team:Fractions when:"2026-12-23 9:00" message:"Hi" school-days:no',
    )
    clock.set(at(2026, 12, 23, 9))
    await app.engine.run_due(clock.now())
    assert {d.address.user for d in harness.deliveries.delivered} == {"maria", "keisha"}


async def test_a_cycle_channel_reminder_is_posted_once_though_a_member_is_in_quiet_hours(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis profile set timezone:America/Los_Angeles")
    await harness.ok("ana", '/praxis settings quiet-hours:"21:00-07:00"')
    await harness.ok(
        "keisha",
        '/cycle start name:"Fractions" theme:"x" lesson-date:2026-12-15 team:@maria',
        channel="lesson-study",
    )
    # 08:00 UTC on Tue 24 Nov is midnight in Los Angeles: Maria's share is held till 07:00.
    for hour in (8, 15, 16):
        clock.set(at(2026, 11, 24, hour))
        await app.engine.run_due(clock.now())
    posted = [d for d in harness.deliveries.delivered if d.address.channel == "lesson-study"]
    assert len(posted) == 1


# -- schedules follow every change ------------------------------------------------------------


async def test_quiet_hours_set_after_a_weekly_nudge_was_planned_hold_its_next_occurrence(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("keisha", '/nudge schedule to:#general when:"every monday 22:00" message:x')
    [nudge] = await _schedules(app, kind="nudge")
    assert nudge.due_at == at(2026, 11, 23, 22)
    changed = await harness.ok("ana", '/praxis settings quiet-hours:"21:00-07:00"')
    assert "Moved 1 scheduled delivery to follow the new settings" in changed
    [nudge] = await _schedules(app, kind="nudge")
    assert nudge.due_at == at(2026, 11, 24, 7)
    clock.set(at(2026, 11, 23, 22))
    await app.engine.run_due(clock.now())
    assert harness.deliveries.delivered == []
    clock.set(at(2026, 11, 24, 7))
    await app.engine.run_due(clock.now())
    await app.engine.run_due(clock.now())
    assert len(harness.deliveries.delivered) == 1
    # Turning them off re-plans again: the next Monday goes at 22:00 as planned.
    assert "Moved 1" in await harness.ok("ana", "/praxis settings quiet-hours:none")
    [nudge] = await _schedules(app, kind="nudge")
    assert nudge.due_at == nudge.next_run_at == at(2026, 11, 30, 22)


async def test_a_members_zone_change_moves_their_9am_prompt_to_9am_in_the_new_zone(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis profile set timezone:America/Chicago")
    await harness.ok("keisha", '/reflect schedule to:@maria when:"every tuesday 9:00" prompt:3')
    [prompt] = await _schedules(app, kind="reflect")
    assert prompt.next_run_at == at(2026, 11, 24, 15)  # 9:00 in Chicago
    moved = await harness.ok("maria", "/praxis profile set timezone:America/New_York")
    assert "Moved 1 scheduled delivery to your new time zone" in moved
    clock.set(at(2026, 11, 24, 14))  # 9:00 in New York
    await app.engine.run_due(clock.now())
    [sent] = harness.deliveries.delivered
    assert sent.address.user == "maria"
    clock.set(at(2026, 11, 24, 15))  # 9:00 in Chicago: nothing more
    await app.engine.run_due(clock.now())
    assert len(harness.deliveries.delivered) == 1
    [prompt] = await _schedules(app, kind="reflect")
    assert prompt.next_run_at == at(2026, 12, 1, 14)
    # A zone of its own (tz:) does not follow her.
    await harness.ok(
        "keisha", '/nudge schedule to:@maria when:"every monday 9:00 tz:Europe/Paris" message:x'
    )
    [paris] = await _schedules(app, kind="nudge")
    assert "Moved 1 scheduled delivery" in await harness.ok(
        "maria", "/praxis profile set timezone:America/Denver"
    )
    [still] = await _schedules(app, kind="nudge")
    assert (still.zone, still.next_run_at) == ("Europe/Paris", paris.next_run_at)
    [prompt] = await _schedules(app, kind="reflect")
    assert prompt.zone == "America/Denver"


async def test_a_team_prompt_follows_a_member_into_a_new_zone(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis profile set timezone:America/Chicago")
    await harness.ok("tom", "/praxis whoami")
    await harness.ok("keisha", '/cycle start name:"Fractions" theme:"x" team:@maria,@tom')
    await harness.ok(
        "keisha", '/reflect schedule to:team:Fractions when:"every tuesday 9:00" prompt:3'
    )
    moved = await harness.ok("tom", "/praxis profile set timezone:Asia/Tokyo")
    assert "Moved 1 scheduled delivery" in moved
    clock.set(at(2026, 11, 24, 0))  # 9:00 in Tokyo on Tuesday
    await app.engine.run_due(clock.now())
    assert [d.address.user for d in harness.deliveries.delivered] == ["tom"]
    for hour in (9, 15):  # 9:00 for keisha (UTC) and for maria (Chicago)
        clock.set(at(2026, 11, 24, hour))
        await app.engine.run_due(clock.now())
    users = sorted(d.address.user or "" for d in harness.deliveries.delivered)
    assert users == ["keisha", "maria", "tom"]


async def test_a_community_zone_change_replans_its_schedules_at_once(
    harness: Harness, app: App
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis profile set timezone:Europe/Berlin")
    await harness.ok("tom", "/praxis whoami")
    await harness.ok("keisha", '/nudge schedule to:#general when:"every monday 8:00" message:x')
    await harness.ok("keisha", '/nudge schedule to:@maria when:"every monday 8:00" message:y')
    await harness.ok("keisha", '/nudge schedule to:@tom when:"every monday 8:00" message:z')
    changed = await harness.ok("ana", "/praxis settings timezone:America/Chicago")
    # The channel's and Tom's (he has no zone of his own) follow; Maria's Berlin one stays.
    assert "Moved 2 scheduled deliveries" in changed
    by_target = {s.target: s for s in await _schedules(app, kind="nudge")}
    assert by_target["#general"].next_run_at == at(2026, 11, 30, 14)
    assert by_target["#general"].zone == "America/Chicago"
    assert by_target["@maria"].next_run_at == at(2026, 11, 30, 7)
    assert by_target["@tom"].zone == "America/Chicago"


async def test_unscheduling_a_cycles_reflect_prompt_leaves_its_other_reminders(
    harness: Harness, app: App
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis whoami")
    await harness.ok(
        "keisha",
        '/cycle start name:"Fractions" theme:"x" lesson-date:2026-12-15 team:@maria',
    )
    listing = await harness.ok("maria", "/cycle reminders Fractions")
    assert "prompt #1 Reflect (post-lesson discussion): reflection prompt" in listing
    reminders_before = len(await _schedules(app, kind="cycle"))
    assert reminders_before == 8
    await harness.ok("keisha", "/reflect unschedule 1")
    assert await _schedules(app, kind="reflect") == []
    assert len(await _schedules(app, kind="cycle")) == reminders_before
    assert "reflection prompt" not in await harness.ok("maria", "/cycle reminders Fractions")


async def test_one_reminder_moves_or_cancels_alone(harness: Harness, app: App) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis profile set timezone:America/Chicago")
    await harness.ok(
        "keisha", '/cycle start name:"Fractions" theme:"x" lesson-date:2026-12-15 team:@maria'
    )
    before = {s.number: s.next_run_at for s in await _schedules(app, kind="cycle")}
    moved = await harness.ok("keisha", "/cycle reminders Fractions move 3 2026-12-07 9:30")
    assert "Moved reminder #3" in moved and "Mon 7 Dec 2026, 09:30 UTC" in moved
    await harness.ok("keisha", "/cycle reminders Fractions cancel 4")
    after = {s.number: s.next_run_at for s in await _schedules(app, kind="cycle")}
    assert after.pop(3) == at(2026, 12, 7, 9, 30)
    assert 4 not in after
    assert after == {n: w for n, w in before.items() if n not in (3, 4)}
    # Each reader sees times in their own zone: 09:30 UTC is 03:30 in Chicago.
    assert "Mon 7 Dec 2026, 03:30 CST" in await harness.ok("maria", "/cycle reminders Fractions")
    assert "Only facilitators" in await harness.fails(
        "maria", "/cycle reminders Fractions cancel 5"
    )
    assert "Next reminder:" in await harness.ok("maria", "/cycle status Fractions")


async def test_pause_over_a_break_moves_only_what_fell_inside_it(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis whoami")
    await harness.ok("keisha", '/praxis calendar add 2026-12-21..2027-01-01 "Winter break"')
    await harness.ok("keisha", '/cycle start name:"Fractions" theme:"x" team:@maria')
    for phase, day in (
        ("study", "2026-12-16"),
        ("plan", "2027-01-13"),
        ("teach", "2027-01-20"),
        ("reflect", "2027-01-21"),
    ):
        await harness.ok("keisha", f"/cycle schedule Fractions {phase} {day}")
    clock.set(at(2026, 12, 14, 12))  # Monday 14 December
    paused = await harness.ok("keisha", "/cycle pause Fractions until:2027-01-05")
    # The pause skips six school days (14-18 Dec and Mon 4 Jan; the break is none): study,
    # on the 16th, moves six school days on, past the break, to Thu 7 Jan. Nothing else.
    assert "study to Thu 7 Jan 2027" in paused
    assert await _phases(app) == {
        "study": "2027-01-07",
        "plan": "2027-01-13",
        "teach": "2027-01-20",
        "reflect": "2027-01-21",
    }
    study = {
        s.payload["moment"]: s.next_run_at
        for s in await _schedules(app, kind="cycle")
        if s.payload["phase"] == "study"
    }
    assert study == {"before": at(2027, 1, 5, 8), "morning": at(2027, 1, 7, 8)}


async def test_closing_marks_phases_that_never_happened_as_not_held(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis whoami")
    await harness.ok(
        "keisha", '/cycle start name:"Fractions" theme:"x" lesson-date:2026-12-15 team:@maria'
    )
    clock.set(at(2026, 12, 10, 12))  # after plan (8 Dec), before the lesson
    closed = await harness.ok("keisha", "/cycle close Fractions")
    assert "Marked as not held, since their day had not come: teach, reflect." in closed
    status = await harness.ok("maria", "/cycle status Fractions")
    assert "plan: Tue 8 Dec (done)" in status and "teach: Tue 15 Dec (not held)" in status
    assert "- teach: Tue 15 Dec (not held)" in status  # the report says so too


async def test_far_future_dates_get_a_clear_message(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    for command in (
        '/cycle start name:"Far" theme:"x" lesson-date:9999-12-31',
        '/cycle start name:"Far" theme:"x" lesson-date:2200-01-01',
        '/praxis calendar add 9999-12-01..9999-12-31 "x"',
    ):
        shown = await harness.fails("keisha", command)
        # Refused where it is typed (a date past 2200) or where it is planned (years away).
        clear = "years away" in shown or "too far in the future" in shown
        assert clear and "went wrong" not in shown, shown
    await harness.ok("keisha", '/cycle start name:"Near" theme:"x" lesson-date:2026-12-15')
    for command in (
        "/cycle schedule Near teach 9999-12-30",
        "/cycle pause Near until:9999-12-30",
        "/cycle reminders Near move 1 9999-12-30",
        "/cycle common-days Near from:9999-12-30",
    ):
        shown = await harness.fails("keisha", command)
        clear = "years away" in shown or "too far in the future" in shown
        assert clear and "went wrong" not in shown, shown


# -- the calendar in and out ------------------------------------------------------------------


async def test_a_districts_published_ics_imports_and_shows_in_the_list(
    harness: Harness, app: App
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    data = (FIXTURES / "oak_unified_2026_27.ics").read_bytes()
    ics = (InboundFile("ousd-2026-27.ics", data, "text/calendar"),)
    imported = await harness.ok_with(
        "keisha", '/praxis calendar import district:"Oak Unified"', ics
    )
    assert "6 PD days, 5 holidays, 3 breaks, 1 school year, 1 testing window" in imported
    assert "Left out 3 events" in imported  # early releases, back-to-school night, board meetings
    again = await harness.ok_with("keisha", '/praxis calendar import district:"Oak Unified"', ics)
    assert "nothing new" in again and "16 were imported before" in again
    listing = await harness.ok("maria", '/praxis calendar list district:"oak unified"')
    for line in (
        "Winter Break (Schools Closed)",
        "break: Mon 21 Dec 2026 to Fri 1 Jan 2027",
        "testing window: Mon 19 Apr 2027 to Fri 14 May 2027",
        "school year: Mon 17 Aug 2026 to Thu 10 Jun 2027",
        "PD day: Fri 2 Oct 2026",
        "PD day: Fri 13 Nov 2026",  # an occurrence moved by RECURRENCE-ID
        "PD day: Fri 11 Dec 2026",  # one added by RDATE
    ):
        assert line in listing
    assert "Fri 4 Dec 2026" not in listing  # taken out by EXDATE
    assert "Early Release" not in listing and "Board" not in listing
    # The imported calendar now plans cycles of Oak Unified's teachers.
    await harness.ok("maria", '/praxis profile set district:"Oak Unified"')
    await harness.ok(
        "keisha", '/cycle start name:"Fractions" theme:"x" lesson-date:2027-01-12 team:@maria'
    )
    phases = await _phases(app)
    assert phases["plan"] == "2027-01-05"
    assert phases["study"] == "2026-12-07"  # back over the break and the 11 Dec PD day


async def test_an_attachment_that_is_not_a_calendar_changes_nothing(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    bad = (InboundFile("notes.ics", b"BEGIN:VCALENDAR\nthis is not it", "text/calendar"),)
    session = harness.as_("keisha")
    result = await session.run("/praxis calendar import", bad)
    assert not result.ok and "not an iCalendar" in session.show(result)
    assert "No entries yet" in await harness.ok("keisha", "/praxis calendar")
    assert "Attach the district's .ics" in await harness.fails("keisha", "/praxis calendar import")
    assert "Only facilitators" in await harness.fails(
        "maria", '/praxis calendar add 2026-12-24 "Eve"'
    )


async def test_the_cycle_ics_parses_and_round_trips_its_dates(harness: Harness) -> None:
    import icalendar

    await harness.community("ana")
    await harness.ok("ana", "/praxis settings timezone:America/Chicago")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis whoami")
    await harness.ok(
        "keisha", '/cycle start name:"Fractions" theme:"x" lesson-date:2026-12-15 team:@maria'
    )
    await harness.ok("keisha", "/cycle schedule Fractions teach 2026-12-15 10:15")
    session = harness.as_("maria")
    result = await session.run("/cycle calendar Fractions")
    assert result.ok
    [attachment] = [b for b in result.reply.blocks if isinstance(b, Attachment)]
    assert attachment.mime == "text/calendar"
    assert attachment.filename.endswith(".ics")
    parsed = icalendar.Calendar.from_ical(attachment.data)
    events = {str(e["SUMMARY"]): e for e in parsed.walk("VEVENT")}
    assert set(events) == {
        "Study: Fractions",
        "Plan: Fractions",
        "Teach (research lesson): Fractions",
        "Reflect (post-lesson discussion): Fractions",
    }
    from datetime import date

    assert events["Study: Fractions"].decoded("DTSTART") == date(2026, 11, 24)
    lesson = events["Teach (research lesson): Fractions"].decoded("DTSTART")
    assert lesson.isoformat() == "2026-12-15T10:15:00-06:00"
    assert str(lesson.tzinfo) == "America/Chicago"
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["America/Chicago"]
    assert len({str(e["UID"]) for e in events.values()}) == 4


async def test_a_zone_change_never_sends_todays_occurrence_twice(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    clock.set(at(2026, 11, 30, 8, 30))  # Monday
    await harness.ok("keisha", '/nudge schedule to:#general when:"every monday 9:00" message:x')
    clock.set(at(2026, 11, 30, 9))
    await app.engine.run_due(clock.now())
    assert len(harness.deliveries.delivered) == 1
    clock.set(at(2026, 11, 30, 10))
    # 9:00 in Chicago is 15:00 UTC today, still ahead; this Monday's nudge has gone out.
    await harness.ok("ana", "/praxis settings timezone:America/Chicago")
    [nudge] = await _schedules(app, kind="nudge")
    assert nudge.next_run_at == at(2026, 12, 7, 15)
    clock.set(at(2026, 11, 30, 15))
    await app.engine.run_due(clock.now())
    assert len(harness.deliveries.delivered) == 1


async def test_a_one_off_whose_time_just_passed_in_the_new_zone_goes_out_now(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("keisha", '/nudge schedule to:#general when:"2026-11-23 15:30" message:x')
    # 15:30 in Berlin was 14:30 UTC: passed. It is sent at once rather than dropped.
    await harness.ok("ana", "/praxis settings timezone:Europe/Berlin")
    [nudge] = await _schedules(app, kind="nudge")
    assert nudge.due_at == at(2026, 11, 23, 14, 30)
    await app.engine.run_due(clock.now())
    assert len(harness.deliveries.delivered) == 1


async def test_pausing_or_cancelling_one_nudge_touches_only_it(harness: Harness, app: App) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    for message in ("a", "b", "c"):
        await harness.ok(
            "keisha", f'/nudge schedule to:#general when:"every monday 9:00" message:{message}'
        )
    await harness.ok("keisha", "/nudge pause 2")
    await harness.ok("keisha", "/nudge cancel 3")
    async with app.db.session() as session:
        rows = (await session.execute(select(Schedule).order_by(Schedule.number))).scalars()
        assert [(s.number, s.status) for s in rows] == [
            (1, "active"),
            (2, "paused"),
            (3, "cancelled"),
        ]


async def test_state_holidays_start_a_districts_calendar(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    added = await harness.ok("keisha", '/praxis calendar holidays new york district:"Oak Unified"')
    assert "public holidays of US-NY" in added and "remove the ones" in added
    listing = await harness.ok("keisha", '/praxis calendar list district:"Oak Unified"')
    assert "Thanksgiving" in listing and "holiday: Thu 26 Nov 2026" in listing
    again = await harness.ok("keisha", '/praxis calendar holidays NY district:"Oak Unified"')
    assert "Added 0 public holidays" in again and "were there already" in again
    assert "not a US state" in await harness.fails("keisha", "/praxis calendar holidays Narnia")
