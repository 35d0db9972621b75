"""The research lesson on the console: focus students, notes, packet, discussion, report.

The clock starts on Monday 23 November 2026 at 15:00 UTC; the community is on UTC. The
research lesson is on Tuesday 15 December at 10:00, in #lesson-study.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from adapters.console.adapter import Delivered
from bot.kernel.errors import UserError
from bot.kernel.model import Address, Identity
from bot.kernel.reply import Attachment
from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from commands.cycle.focus import check_code, parse_entries
from commands.cycle.lesson import DEFAULT_SEGMENTS, clean_segments, match_segment
from storage.lesson_study import LessonNote
from tests.harness import Harness

HERE = {"channel": "lesson-study"}
TEAM = ("maria", "tom", "diego", "grace", "lee")


def at(hour: int, minute: int = 0, day: int = 15) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


async def setup(harness: Harness, *, lesson_time: bool = True) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    for name in (*TEAM, "zoe"):
        await harness.ok(name, "/praxis whoami")
    await harness.ok(
        "keisha",
        '/cycle start name:"Fractions" theme:"Fractions as numbers on a line" '
        "lesson-date:2026-12-15 team:@maria,@tom,@diego,@grace,@lee "
        "grade:3-5 standard:3.nf.a.2 focus:identity,deep-math",
        **HERE,
    )
    await harness.ok("keisha", "/cycle role Fractions @maria teacher", **HERE)
    await harness.ok("keisha", "/cycle role Fractions @lee knowledgeable-other", **HERE)
    if lesson_time:
        await harness.ok("keisha", "/cycle schedule Fractions teach 2026-12-15 10:00", **HERE)
    await harness.ok(
        "maria", '/cycle focus Fractions "A: how she uses the strip; B: whether he compares"'
    )


async def observe_lesson(harness: Harness, clock: FakeClock) -> None:
    """Three observers, two focus students; grace types a note from paper later."""
    clock.set(at(10, 3))
    await harness.ok("tom", '/cycle observe Fractions "folded the strip in fourths" student:A')
    clock.set(at(10, 5))
    await harness.ok(
        "diego", '/cycle observe Fractions "said 1/3 is bigger than 1/2" student:B segment:launch'
    )
    clock.set(at(10, 21))
    await harness.ok(
        "tom", '/cycle observe Fractions "placed 3/4 past 1/2 on the line" student:A segment:exp'
    )
    clock.set(at(10, 24))
    await harness.ok("diego", '/cycle observe Fractions "compared with a partner" student:B')
    clock.set(at(10, 30))
    await harness.ok(
        "grace", '/cycle observe Fractions "counted the pieces aloud" student:B minute:4'
    )
    await harness.ok("grace", '/cycle observe Fractions "most pairs started with strips"')


def note_id(text: str) -> str:
    match = re.search(r"note #(\d+)", text)
    assert match, text
    return match.group(1)


def found_id(text: str) -> str:
    match = re.search(r"#(\d+) Lesson study: Fractions", text)
    assert match, text
    return match.group(1)


def dms(harness: Harness) -> list[Delivered]:
    return [d for d in harness.deliveries.delivered if d.address.user is not None]


def files(delivered: Delivered) -> dict[str, Attachment]:
    return {b.filename: b for b in delivered.reply.blocks if isinstance(b, Attachment)}


async def test_focus_students_are_pseudonyms_with_what_to_watch_for(harness: Harness) -> None:
    await setup(harness)
    shown = await harness.ok("tom", "/cycle focus Fractions")
    assert "Student A" in shown and "Watch for: how she uses the strip" in shown
    assert "Student B" in shown and "whether he compares" in shown
    for name in ("Maria", "Leo", "AB", "S1234567"):
        refused = await harness.fails("maria", f"/cycle focus Fractions {name}")
        assert "doesn't look like a pseudonym" in refused
    named = await harness.fails("keisha", '/cycle focus Fractions C watch:"what Jayden says"')
    assert "Nothing saved" in named and "Jayden" in named
    assert "Only the cycle's teacher and facilitators" in await harness.fails(
        "tom", "/cycle focus Fractions C"
    )
    # A plain list sets the students in that order and keeps what to watch for.
    await harness.ok("keisha", "/cycle focus Fractions B,A,S3")
    listed = await harness.ok("lee", "/cycle focus Fractions")
    assert listed.index("Student B") < listed.index("Student A") < listed.index("Student S3")
    assert "how she uses the strip" in listed


async def test_notes_are_stamped_with_the_lesson_minute(harness: Harness, clock: FakeClock) -> None:
    await setup(harness)
    clock.set(at(9, 30))
    early = await harness.fails("tom", '/cycle observe Fractions "too early" student:A')
    assert "starts at 10:00" in early and "minute:" in early
    clock.set(at(9, 55))  # within the grace before the start: minute 0
    assert "Noted at minute 0" in await harness.ok("tom", '/cycle observe Fractions "seated"')
    clock.set(
        at(
            10,
            17,
        ).replace(second=40)
    )
    noted = await harness.ok(
        "tom", '/cycle observe Fractions "moved 3/4 past 1/2" student:a segment:EXPL'
    )
    assert "Noted at minute 17, explore, student A" in noted
    bad = await harness.fails("tom", '/cycle observe Fractions "x" segment:recess')
    assert "not a segment" in bad and "launch, explore, discuss, summary" in bad
    assert "not a focus student" in await harness.fails(
        "tom", '/cycle observe Fractions "x" student:C'
    )
    clock.set(at(16, 0))
    late = await harness.fails("tom", '/cycle observe Fractions "from paper"')
    assert "more than 4 hours ago" in late
    assert "Noted at minute 40" in await harness.ok(
        "tom", '/cycle observe Fractions "from paper" minute:40'
    )
    # The lesson's own segments replace the defaults.
    await harness.ok("keisha", "/cycle edit Fractions segments:launch,think-pair-share,summary")
    assert "think-pair-share" in await harness.ok(
        "tom", '/cycle observe Fractions "x" minute:41 segment:think'
    )


async def test_a_lesson_without_a_time_counts_from_its_first_note(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness, lesson_time=False)
    await harness.ok("keisha", "/cycle schedule Fractions teach 2026-12-16 shift:yes")
    clock.set(at(9, 0))  # the 15th: not the lesson day
    assert "is on Wed 16 Dec" in await harness.fails("tom", '/cycle observe Fractions "x"')
    clock.set(at(11, 2, day=16))
    first = await harness.ok("tom", '/cycle observe Fractions "started"')
    assert "Noted at minute 0" in first and "no start time" in first
    clock.set(at(11, 14, day=16))
    assert "Noted at minute 12" in await harness.ok("diego", '/cycle observe Fractions "x"')


async def test_a_note_naming_a_student_is_held_for_its_author_not_lost(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness)
    clock.set(at(10, 12))
    held = await harness.ok("tom", '/cycle observe Fractions "Jayden moved 3/4 past 1/2" student:B')
    assert "Held, not shared with the team" in held and '"Jayden"' in held
    assert "Your note, kept for you: Jayden moved 3/4 past 1/2" in held
    note = note_id(held)
    # Nobody else reads it, nor acts on it; the packet leaves it out and counts it.
    clock.set(at(10, 40))
    assert "no note #" in await harness.fails(
        "diego", f"/cycle observe Fractions note:{note} confirm:yes"
    )
    await harness.ok("keisha", "/cycle debrief Fractions packet", **HERE)
    for delivered in dms(harness):
        text = delivered.reply.plain_text()
        assert "Jayden" not in text
        assert "Jayden" not in files(delivered)["debrief-packet-cycle-1.md"].data.decode()
    assert "1 note is held" in await harness.ok("maria", "/cycle observe Fractions")
    mine = await harness.ok("tom", "/cycle observe Fractions")
    assert "Your held notes" in mine and "Jayden moved 3/4 past 1/2" in mine
    where = Address("console", "console", "lesson-study")
    offered = await harness.app.core.suggest(where, Identity("tom", "tom"), "own-note", "")
    assert offered[0].value == note and offered[0].label.startswith(f"#{note} held")
    assert (
        await harness.app.core.suggest(where, Identity("diego", "diego"), "own-note", "jayden")
        == []
    )
    assert "Form" in await harness.ok("diego", "/cycle observe Fractions")
    # Its author edits it: it keeps its minute and joins the notes.
    edited = await harness.ok(
        "tom", f'/cycle observe Fractions note:{note} "Student B moved 3/4 past 1/2"'
    )
    assert "Saved your edit at minute 12, student B" in edited
    harness.deliveries.delivered.clear()
    await harness.ok("keisha", "/cycle debrief Fractions packet", **HERE)
    assert "Student B moved 3/4 past 1/2" in dms(harness)[0].reply.plain_text()


async def test_a_held_note_can_be_confirmed_or_discarded(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness)
    clock.set(at(10, 8))
    held = await harness.ok("tom", '/cycle observe Fractions "asked Sofia to share" student:A')
    note = note_id(held)
    kept = await harness.ok("tom", f"/cycle observe Fractions note:{note} confirm:yes")
    assert "Kept as written at minute 8" in kept
    held = await harness.ok("tom", '/cycle observe Fractions "Maria said it is half"')
    second = note_id(held)
    await harness.ok("tom", f"/cycle observe Fractions note:{second} discard:yes")
    await harness.ok("keisha", "/cycle debrief Fractions packet", **HERE)
    text = dms(harness)[0].reply.plain_text()
    assert "asked Sofia to share" in text and "Maria said" not in text


async def test_the_teacher_sees_what_is_still_expected_without_any_note(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness)
    clock.set(at(10, 3))
    await harness.ok("tom", '/cycle observe Fractions "folded the strip in fourths" student:A')
    clock.set(at(10, 9))
    summary = await harness.ok("maria", "/cycle observe Fractions")
    assert "now minute 9" in summary
    assert "Nobody has noted on B yet." in summary
    assert "A: 1 note (tom), latest at minute 3." in summary
    assert "No notes yet from diego, grace." in summary
    assert "folded the strip" not in summary
    facilitator = await harness.ok("keisha", "/cycle observe Fractions")
    assert "Nobody has noted on B yet." in facilitator
    # An observer gets the form to write a note instead.
    form = await harness.ok("tom", "/cycle observe Fractions")
    assert "Form “Note on Fractions”" in form and 'text:"..."' in form


async def test_the_packet_reaches_each_team_member_merged_in_time_and_per_student(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness)
    await harness.ok("maria", '/cycle artifact Fractions lesson-plan "Launch with paper strips"')
    await observe_lesson(harness, clock)
    clock.set(at(10, 50))
    sent = await harness.ok("tom", "/cycle debrief Fractions packet", **HERE)
    assert "6 notes from 3 observers" in sent
    received = dms(harness)
    assert sorted(str(d.address.user) for d in received) == sorted(("keisha", *TEAM))
    assert "zoe" not in {d.address.user for d in harness.deliveries.delivered}
    message = received[0].reply.plain_text()
    assert message.index("Research theme: Fractions as numbers") < message.index("TIMELINE")
    assert "Lesson plan: Launch with paper strips" in message
    timeline = message[message.index("TIMELINE") : message.index("BY FOCUS STUDENT")]
    order = ["folded the strip", "counted the pieces", "said 1/3", "placed 3/4", "compared with"]
    assert [timeline.index(n) for n in order] == sorted(timeline.index(n) for n in order)
    assert "min 4 · B · grace" in timeline and "min 21 · explore · A · tom" in timeline
    per_student = message[message.index("BY FOCUS STUDENT") :]
    student_b = per_student[per_student.index("Student B") :]
    assert "min 4 (grace): counted the pieces aloud" in student_b
    assert "placed 3/4" not in student_b
    attached = files(received[0])
    markdown = attached["debrief-packet-cycle-1.md"].data.decode()
    assert (
        markdown.index("Research theme")
        < markdown.index("Lesson plan")
        < markdown.index("Timeline")
    )
    assert "| 4 |   | B | grace | counted the pieces aloud |" in markdown
    assert "### Student A" in markdown and "most pairs started with strips" in markdown
    pdf = pypdf.PdfReader(io.BytesIO(attached["debrief-packet-cycle-1.pdf"].data))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Debrief packet: Fractions" in text and "counted the pieces aloud" in text
    assert all(
        files(d)["debrief-packet-cycle-1.pdf"].data == attached["debrief-packet-cycle-1.pdf"].data
        for d in received
    )


async def test_the_packet_goes_by_itself_after_the_lesson(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await setup(harness)
    await observe_lesson(harness, clock)
    harness.deliveries.delivered.clear()
    clock.set(at(12, 0))  # two hours after the lesson's start: the "observe" moment
    await app.engine.run_due(clock.now())
    received = dms(harness)
    assert sorted(str(d.address.user) for d in received) == sorted(("keisha", *TEAM))
    assert all("DEBRIEF PACKET: FRACTIONS" in d.reply.plain_text() for d in received)
    assert "packet went to the team at 12:00" in await harness.ok("lee", "/cycle debrief Fractions")


async def test_the_discussion_runs_its_steps_in_order_with_time_boxes(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await setup(harness)
    await observe_lesson(harness, clock)
    channel = harness.deliveries.delivered

    async def tick(when: datetime) -> list[Delivered]:
        seen = len(channel)
        clock.set(when)
        await app.engine.run_due(clock.now())
        return [d for d in channel[seen:] if d.address.channel == "lesson-study"]

    clock.set(at(13, 0))
    started = await harness.ok("keisha", "/cycle debrief Fractions start", **HERE)
    assert "(posted in the channel)" in started
    assert "Step 1 of 5: The teacher reflects" in started and "until 13:10" in started
    assert "The debrief packet went to the team" in started  # not sent before: sent now
    assert "already at step 1" in await harness.fails("tom", "/cycle debrief Fractions start")
    await harness.ok("maria", '/cycle debrief Fractions record "I rushed the launch"')
    assert await tick(at(13, 9)) == []
    [up] = await tick(at(13, 10))
    assert "Time is up for step 1 of 5: The teacher reflects" in up.reply.plain_text()
    assert "Next: 2. Observers share evidence (20 min)" in up.reply.plain_text()

    second = await harness.ok("keisha", "/cycle debrief Fractions next", **HERE)
    assert "Step 2 of 5: Observers share evidence" in second and "until 13:30" in second
    assert "Focus students, in turn: A, B" in second
    await harness.ok(
        "tom", '/cycle debrief Fractions record "A used the strip as a ruler" student:A'
    )
    clock.set(at(13, 20))  # moved on early: step 2's time box never fires
    third = await harness.ok("keisha", "/cycle debrief Fractions next", **HERE)
    assert "Step 3 of 5: The research theme" in third and "until 13:35" in third
    assert "Research theme: Fractions as numbers on a line" in third
    assert await tick(at(13, 30)) == []
    await harness.ok("lee", '/cycle debrief Fractions record "Length models made size visible"')
    [up] = await tick(at(13, 35))
    assert "step 3 of 5" in up.reply.plain_text()
    fourth = await harness.ok("keisha", "/cycle debrief Fractions next", **HERE)
    assert "Step 4 of 5: The knowledgeable other's comments" in fourth
    await harness.ok("lee", '/cycle debrief Fractions record "Connect to measurement next time"')
    fifth = await harness.ok("keisha", "/cycle debrief Fractions next", **HERE)
    assert "Step 5 of 5: Next steps" in fifth and "Last step." in fifth
    await harness.ok("grace", '/cycle debrief Fractions record "Reteach with number lines"')
    clock.set(at(13, 42))
    ended = await harness.ok("keisha", "/cycle debrief Fractions next", **HERE)
    assert "has ended after 42 minutes" in ended and "5 records kept" in ended
    assert await tick(at(14, 30)) == []
    record = await harness.ok("tom", "/cycle debrief Fractions")
    assert "Held; it ended at 13:42" in record
    assert record.index("I rushed the launch") < record.index("A used the strip")
    assert "tom (on A): A used the strip as a ruler" in record
    # Records can still be added afterwards, to a named step.
    await harness.ok("maria", '/cycle debrief Fractions record "Try a longer launch" step:5')
    assert "not running" in await harness.fails("maria", '/cycle debrief Fractions record "x"')


async def test_debrief_from_elsewhere_posts_in_the_cycles_channel(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness)
    clock.set(at(13, 0))
    reply = await harness.ok("keisha", "/cycle debrief Fractions start", channel="random")
    assert "Posted in #lesson-study." in reply
    [post] = [d for d in harness.deliveries.delivered if d.address.channel == "lesson-study"]
    assert "STEP 1 OF 5: THE TEACHER REFLECTS" in post.reply.plain_text()


async def test_facilitators_choose_and_edit_the_protocol(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness)
    shown = await harness.ok("tom", "/cycle protocol")
    assert "60 minutes" in shown and "1. The teacher reflects (10 min)" in shown
    assert "Only facilitators" in await harness.fails("tom", "/cycle protocol use:short")
    assert "30 minutes" in await harness.ok("keisha", "/cycle protocol use:short")
    await harness.ok(
        "keisha", '/cycle protocol 2 minutes:12 prompt:"Evidence by student, minute by minute."'
    )
    added = await harness.ok("keisha", '/cycle protocol add:"Student work" minutes:6')
    assert "as step 4, before the knowledgeable other" in added
    assert "part of every lesson-study discussion" in await harness.fails(
        "keisha", "/cycle protocol remove:1"
    )
    await harness.ok("keisha", "/cycle protocol remove:next-steps")
    shown = await harness.ok("tom", "/cycle protocol")
    assert "2. Observers share evidence (12 min)" in shown
    assert "4. Student work (6 min)" in shown and "Next steps" not in shown
    clock.set(at(13, 0))
    started = await harness.ok("keisha", "/cycle debrief Fractions start", **HERE)
    assert "5 steps, 33 minutes" in started
    # An edit during a discussion leaves the running one as it started.
    await harness.ok("keisha", "/cycle protocol 2 minutes:30")
    await harness.ok("keisha", "/cycle debrief Fractions next", **HERE)
    status = await harness.ok("tom", "/cycle debrief Fractions")
    assert "2. Observers share evidence (12 min)" in status


async def test_close_share_publishes_a_report_found_by_grade_and_focus(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness)
    await harness.ok("maria", '/cycle artifact Fractions lesson-plan "Launch with paper strips"')
    await observe_lesson(harness, clock)
    await harness.ok(
        "tom", '/cycle focus Fractions A summary:"Used the strip as a measuring tool by minute 21."'
    )
    clock.set(at(13, 0))
    await harness.ok("keisha", "/cycle debrief Fractions start", **HERE)
    await harness.ok("maria", '/cycle debrief Fractions record "I rushed the launch"')
    await harness.ok("keisha", "/cycle debrief Fractions next", **HERE)
    await harness.ok("tom", '/cycle debrief Fractions record "A said the pieces get smaller"')
    await harness.ok("keisha", "/cycle debrief Fractions next", **HERE)
    await harness.ok("lee", '/cycle debrief Fractions record "Length models made size visible"')
    await harness.ok("keisha", "/cycle debrief Fractions end", **HERE)
    await harness.ok("grace", '/cycle debrief Fractions record "Reteach with number lines" step:5')
    clock.set(at(9, 0, day=17))
    closed = await harness.ok(
        "keisha", '/cycle close Fractions share:yes learned:"Start from length."', **HERE
    )
    assert "lesson-study-report-cycle-1.pdf" in closed
    found = await harness.ok("zoe", "/resource search grade:3-5 focus:identity")
    assert "Lesson study: Fractions" in found
    assert "Lesson study: Fractions" not in await harness.ok(
        "zoe", "/resource search grade:6-8 focus:identity"
    )
    resource = found_id(found)
    report = await harness.ok("zoe", f"/resource show {resource}")
    for expected in (
        "Research theme: Fractions as numbers on a line",
        "Grade band: 3-5",
        "Standards: 3.NF.A.2",
        "Equity focus: identity, deep-math",
        "teach: Tue 15 Dec 10:00",
        "maria, teacher",
        "a text lesson plan, kept with the cycle's team",
        "Student A (watching for: how she uses the strip): 2 notes from 1 observer",
        "The team's summary: Used the strip as a measuring tool",
        "Student B (watching for: whether he compares): 3 notes from 2 observers",
        "Length models made size visible",
        "Start from length.",
        "Reteach with number lines",
    ):
        assert expected in report, expected
    # The notes, the teacher's reflection, the evidence records and a text lesson plan stay
    # with the cycle's team: a shared report holds no text artifact (issue 14).
    private = ("folded the strip", "counted the pieces", "I rushed", "pieces get smaller")
    for words in (*private, "Launch with paper strips"):
        assert words not in report


async def test_a_library_resource_and_a_shared_lesson_plan(harness: Harness) -> None:
    await setup(harness)
    await harness.ok(
        "grace",
        '/resource share url:https://example.org/strips title:"Fraction strips task" type:task',
    )
    attached = await harness.ok("maria", "/cycle artifact Fractions resource #1")
    assert "Attached library resource #1 “Fraction strips task”" in attached
    assert "already attached" in await harness.ok("tom", "/cycle artifact Fractions resource 1")
    assert "no resource #9" in await harness.fails("tom", "/cycle artifact Fractions resource #9")
    shared = await harness.ok(
        "maria",
        "/cycle artifact Fractions lesson-plan https://example.org/plan share:yes "
        'title:"Fractions on a line: research lesson"',
    )
    assert "Shared it to the resource library as #2" in shared
    found = await harness.ok("zoe", "/resource search type:lesson grade:3-5 focus:deep-math")
    assert "Fractions on a line: research lesson" in found
    status = await harness.ok("zoe", "/cycle status Fractions")
    assert "Library resource, by maria" in status and "Fraction strips task" in status
    assert "Grade 3-5 · 3.NF.A.2 · focus: identity, deep-math" in status


async def test_edit_changes_what_the_report_is_filed_under(harness: Harness) -> None:
    await setup(harness)
    edited = await harness.ok(
        "keisha", "/cycle edit Fractions grade:6-8 standard:none focus:identity"
    )
    assert "filed under: Grade 6-8 · focus: identity" in edited
    bad = await harness.fails("keisha", "/cycle edit Fractions focus:kindness")
    assert "not an equity focus here" in bad
    assert "Only facilitators" in await harness.fails("maria", "/cycle edit Fractions grade:K-2")
    await harness.ok("keisha", '/cycle edit Fractions name:"Fractions II" theme:"Unit fractions"')
    assert "Unit fractions" in await harness.ok("tom", '/cycle status "Fractions II"')


async def test_privacy_a_non_team_member_never_reads_notes_packet_or_record(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness)
    await observe_lesson(harness, clock)
    clock.set(at(13, 0))
    await harness.ok("keisha", "/cycle debrief Fractions start", **HERE)
    await harness.ok("maria", '/cycle debrief Fractions record "I rushed the launch"')
    for command in (
        "/cycle observe Fractions",
        '/cycle observe Fractions "a note"',
        "/cycle debrief Fractions",
        "/cycle debrief Fractions packet",
        '/cycle debrief Fractions record "x"',
        "/cycle debrief Fractions next",
        "/cycle focus Fractions",
        '/cycle focus Fractions A summary:"x"',
    ):
        refused = await harness.fails("zoe", command, **HERE)
        assert "Only the cycle's team and facilitators" in refused, command
    assert "zoe" not in {d.address.user for d in harness.deliveries.delivered}
    # What the channel saw: prompts, never a note or a record.
    for delivered in harness.deliveries.delivered:
        if delivered.address.channel is not None:
            text = delivered.reply.plain_text()
            assert "folded the strip" not in text and "rushed" not in text
    status = await harness.ok("zoe", "/cycle status Fractions")
    assert "folded the strip" not in status and "rushed" not in status
    # Another community's people see nothing of it either.
    await harness.ok("yan", "/praxis whoami", community="OTHER")
    await harness.with_role("yan", Role.ADMIN, community="OTHER")
    assert "no cycle" in await harness.fails("yan", "/cycle debrief 1 packet", community="OTHER")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_typed_pseudonym_is_refused_clearly_or_is_a_short_code(text: str) -> None:
    try:
        code = check_code(text)
    except UserError as error:
        assert "pseudonym" in error.message
        return
    assert 1 <= len(code) <= 11 and code == code.upper()
    assert len(code) == 1 or any(ch.isdigit() for ch in code)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_typed_focus_list_parses_or_says_what_is_wrong(text: str) -> None:
    try:
        entries = parse_entries(text)
    except UserError as error:
        assert error.message
        return
    codes = [e.code for e in entries]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A,B", [("A", None), ("B", None)]),
        (
            "A: how she uses the strip, B: whether he compares",
            [("A", "how she uses the strip"), ("B", "whether he compares")],
        ),
        ("student a; S2: counts on", [("A", None), ("S2", "counts on")]),
    ],
)
def test_focus_entries(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(e.code, e.watch) for e in parse_entries(text)] == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=10), st.text(max_size=20))
def test_any_segments_and_any_typed_segment_are_clear(values: list[str], typed: str) -> None:
    try:
        segments = clean_segments(tuple(values))
    except UserError as error:
        assert "segment" in error.message
        return
    chosen = tuple(segments) if segments else DEFAULT_SEGMENTS
    assert len(set(chosen)) == len(chosen) <= 8
    try:
        found = match_segment(typed, chosen)
    except UserError as error:
        assert "not a segment of this lesson" in error.message
        return
    assert found in chosen


async def test_forget_me_deletes_the_notes_only_their_author_could_see(
    harness: Harness, clock: FakeClock
) -> None:
    await setup(harness)
    clock.set(at(10, 12))
    await harness.ok("tom", '/cycle observe Fractions "Jayden moved 3/4 past 1/2" student:B')
    await harness.ok("tom", '/cycle observe Fractions "folded the strip in half" student:A')
    preview = await harness.ok("tom", "/praxis forget-me")
    assert "1 held observation note." in preview, preview
    await harness.ok("tom", "/praxis forget-me confirm:yes")
    # The held note is gone (nobody else could ever have deleted it); the kept one is
    # the team's record of the lesson and stays.
    mine = await harness.ok("tom", "/cycle observe Fractions")
    assert "Jayden" not in mine and "Your held notes" not in mine
    assert "1 note is held" not in await harness.ok("maria", "/cycle observe Fractions")
    async with harness.app.services.db.session() as session:
        bodies = (await session.execute(select(LessonNote.body))).scalars().all()
    assert bodies == ["folded the strip in half"]
