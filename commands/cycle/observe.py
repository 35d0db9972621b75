"""/cycle observe: observers' notes during the research lesson, from a phone.

    /cycle observe #1 "moved 3/4 past 1/2" student:A segment:explore
    /cycle observe #1                      the teacher and facilitators: what is still expected;
                                           anyone else on the team: a form for a note
    /cycle observe #1 note:7 "..."         edit your note #7 (it keeps its minute)
    /cycle observe #1 note:7 confirm:yes   keep a held note as written
    /cycle observe #1 note:7 discard:yes   drop a note of yours

Each note is stamped with the lesson minute (from the teach phase's start, see
`lesson`), an optional segment and focus student, and its observer. The
de-identification check runs on every note: a note it flags is saved as
*held*, so the text typed in a hurry is not lost, but nobody else sees it
until its author edits it or confirms the details are not a student's.
Replies are private; notes are read only by the team and facilitators
(`packet`), and the summary of what is still expected never shows a note.
"""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import NotFound, UserError
from bot.kernel.i18n import N_, _, ngettext, pgettext, time_text
from bot.kernel.reply import (
    Block,
    Button,
    Buttons,
    ButtonStyle,
    Fields,
    Form,
    FormField,
    Header,
    Note,
    Paragraph,
    Reply,
    Tone,
)
from commands.cycle.checking import Finding, findings_in, listed
from commands.cycle.focus import note_student
from commands.cycle.lesson import (
    EARLY_GRACE,
    LESSON_WINDOW,
    LessonClock,
    leads,
    lesson_clock,
    match_segment,
    minute_at,
    require_team,
    segments_of,
)
from commands.cycle.lookup import find_cycle, local_today, member_label, require_open
from commands.cycle.render import fmt_day
from storage.cycles import Cycle, cycle_team
from storage.lesson_study import (
    HELD,
    KEPT,
    CycleStudy,
    LessonNote,
    focus_students,
    lesson_notes,
    note_by_id,
    study_for,
)
from storage.members import members_by_ids

NOTE_LIMIT = 2000


async def observe(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    await require_team(ctx, cycle, _("write or read the lesson's notes"))
    if "note" in args:
        require_open(cycle)
        return await _own_note(ctx, cycle, args)
    text: str | None = args.get("text")
    if text is None:
        if args.get("form"):
            return Reply(form=note_form(cycle))
        if await leads(ctx, cycle):
            return await expected(ctx, cycle)
        mine = [
            n
            for n in await lesson_notes(ctx.session, cycle, status=HELD)
            if n.observer_id == ctx.member.id
        ]
        if mine:
            return _your_held(cycle, mine)
        return Reply(form=note_form(cycle))
    require_open(cycle)
    return await _write(ctx, cycle, text, args)


def note_form(cycle: Cycle, note: LessonNote | None = None) -> Form:
    command = f"/cycle observe #{cycle.id}" + (f" note:{note.id}" if note else "")
    return Form(
        title=_("Note on {name}", name=cycle.name)[:45]
        if note is None
        else _("Edit note #{id}", id=note.id),
        command=command,
        fields=(
            FormField(
                "text",
                _("What students said, did or wrote"),
                multiline=True,
                max_length=NOTE_LIMIT,
                initial=note.body if note else "",
                placeholder=_("moved 3/4 past 1/2 on the number line"),
            ),
            FormField(
                "student",
                _("Focus student (A, B…)"),
                required=False,
                max_length=12,
                initial=(note.student or "") if note else "",
            ),
            FormField(
                "segment",
                _("Segment (launch, explore…)"),
                required=False,
                max_length=40,
                initial=(note.segment or "") if note else "",
            ),
        ),
        submit_label=pgettext("button", "Save note"),
    )


def _check_length(text: str) -> str:
    body = text.strip()
    if not body:
        raise UserError(_('Write what students said or did, e.g. /cycle observe #1 "...".'))
    if len(body) > NOTE_LIMIT:
        raise UserError(
            _("A note is at most {limit} characters ({n} given).", limit=NOTE_LIMIT, n=len(body))
        )
    return body


async def _stamp(
    ctx: Context, cycle: Cycle, study: CycleStudy, args: Args
) -> tuple[int, list[str]]:
    """The lesson minute of a note written now (or the one given), and what to tell about it."""
    said: list[str] = []
    if "minute" in args:
        return int(args["minute"]), said
    clock = await lesson_clock(ctx.session, cycle, ctx.community_zone(), study)
    if clock.start is None:
        return _start_clock(ctx, study, clock, said)
    since = ctx.now - clock.start
    local = clock.start.astimezone(ctx.community_zone())
    at, day = time_text(local), fmt_day(local.date(), local_today(ctx))
    if since < -EARLY_GRACE:
        raise UserError(
            _(
                "The research lesson starts at {time} on {day}; notes are stamped from its "
                "start. To stamp one yourself, add minute:, e.g. minute:5.",
                time=at,
                day=day,
            )
        )
    if since > LESSON_WINDOW:
        raise UserError(
            _(
                "The research lesson started at {time} on {day}, more than {hours} hours ago. "
                "Say which minute of the lesson this was, e.g. minute:25.",
                time=at,
                day=day,
                hours=int(LESSON_WINDOW.total_seconds() // 3600),
            )
        )
    return minute_at(clock.start, ctx.now), said


def _start_clock(
    ctx: Context, study: CycleStudy, clock: LessonClock, said: list[str]
) -> tuple[int, list[str]]:
    today = local_today(ctx)
    if clock.day is not None and clock.day != today:
        raise UserError(
            _(
                "The research lesson is on {day}. A note written on another day needs its "
                "lesson minute, e.g. minute:12.",
                day=fmt_day(clock.day, today),
            )
        )
    study.clock_start = ctx.now
    said.append(
        _(
            "The lesson has no start time, so its minutes count from this first note. "
            "A facilitator sets the time with /cycle schedule <cycle> teach <date> <HH:MM>."
        )
    )
    return 0, said


async def _write(ctx: Context, cycle: Cycle, text: str, args: Args) -> Reply:
    body = _check_length(text)
    study = await study_for(ctx.session, cycle)
    student = None
    if "student" in args:
        student = note_student(args["student"], await focus_students(ctx.session, cycle), cycle)
    segment = match_segment(args["segment"], segments_of(study)) if "segment" in args else None
    minute, said = await _stamp(ctx, cycle, study, args)
    findings = findings_in(body)
    held = bool(findings) and not args.get("confirm")
    note = LessonNote(
        community_id=ctx.community.id,
        cycle_id=cycle.id,
        observer_id=ctx.member.id,
        student=student,
        segment=segment,
        minute=minute,
        body=body,
        status=HELD if held else KEPT,
        confirmed=bool(findings) and not held,
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(note)
    await ctx.session.flush()
    if held:
        return held_reply(cycle, note, findings)
    return _saved(cycle, note, said)


def _where(note: LessonNote) -> str:
    parts = [_("minute {n}", n=note.minute)]
    if note.segment:
        parts.append(note.segment)
    if note.student:
        parts.append(_("student {code}", code=note.student))
    return ", ".join(parts)


NOTED = N_("Noted at {where}: note #{id}.")
KEPT_AS_WRITTEN = N_("Kept as written at {where}: note #{id}.")
SAVED_EDIT = N_("Saved your edit at {where}: note #{id}.")


def _saved(cycle: Cycle, note: LessonNote, said: list[str], sentence: str = NOTED) -> Reply:
    blocks: list[Block] = [Paragraph(_(sentence, where=_where(note), id=note.id))]
    blocks.extend(Note(text) for text in said)
    return Reply(blocks, tone=Tone.SUCCESS)


def held_reply(cycle: Cycle, note: LessonNote, findings: list[Finding]) -> Reply:
    """The check flagged the note: it is kept for its author only, with what to do next."""
    command = f"/cycle observe #{cycle.id} note:{note.id}"
    return Reply(
        [
            Paragraph(
                _(
                    "Held, not shared with the team: note #{id} ({where}) may identify "
                    "a student.\n{details}",
                    id=note.id,
                    where=_where(note),
                    details=listed(findings),
                )
            ),
            Paragraph(_("Your note, kept for you: {body}", body=note.body)),
            Note(
                _(
                    'Edit it (it keeps its minute): {command} "<new text>". If these are not '
                    "a student's details: {command} confirm:yes.",
                    command=command,
                )
            ),
            _note_buttons(command),
        ],
        tone=Tone.WARNING,
    )


def _note_buttons(command: str) -> Buttons:
    return Buttons(
        (
            Button(pgettext("button", "Edit"), f"{command} form:yes", ButtonStyle.PRIMARY),
            Button(pgettext("button", "Not a student: keep it"), f"{command} confirm:yes"),
            Button(pgettext("button", "Discard"), f"{command} discard:yes", ButtonStyle.DANGER),
        )
    )


def _your_held(cycle: Cycle, notes: list[LessonNote]) -> Reply:
    """An observer's held notes come first: they are theirs to edit, keep or discard."""
    blocks: list[Block] = [Header(_("Your held notes on {name}", name=cycle.name))]
    for note in notes[:5]:
        command = f"/cycle observe #{cycle.id} note:{note.id}"
        blocks += [
            Paragraph(f"#{note.id} ({_where(note)}): {note.body}"),
            _note_buttons(command),
        ]
    blocks.append(Note(_("They may name a student, so nobody else sees them yet.")))
    blocks.append(
        Buttons(
            (
                Button(
                    pgettext("button", "Write a new note"), f"/cycle observe #{cycle.id} form:yes"
                ),
            )
        )
    )
    return Reply(blocks, tone=Tone.WARNING)


async def _own_note(ctx: Context, cycle: Cycle, args: Args) -> Reply:
    note = await note_by_id(ctx.session, cycle, int(args["note"]))
    if note is None or note.observer_id != ctx.member.id:
        raise NotFound(
            _("You have no note #{note} on cycle #{id}.", note=args["note"], id=cycle.id)
        )
    if args.get("discard"):
        await ctx.session.delete(note)
        return Reply.text(_("Discarded note #{id}.", id=note.id), tone=Tone.SUCCESS)
    text: str | None = args.get("text")
    if text is None and args.get("confirm"):
        if note.status != HELD:
            return Reply.text(_("Note #{id} is already shared with the team.", id=note.id))
        note.status, note.confirmed, note.updated_at = KEPT, True, ctx.now
        return _saved(cycle, note, [], KEPT_AS_WRITTEN)
    if text is None:
        return Reply(form=note_form(cycle, note))
    note.body = _check_length(text)
    study = await study_for(ctx.session, cycle)
    if "student" in args:
        rows = await focus_students(ctx.session, cycle)
        note.student = note_student(args["student"], rows, cycle)
    if "segment" in args:
        note.segment = match_segment(args["segment"], segments_of(study))
    if "minute" in args:
        note.minute = int(args["minute"])
    note.updated_at = ctx.now
    findings = findings_in(note.body)
    if findings and not args.get("confirm"):
        note.status, note.confirmed = HELD, False
        return held_reply(cycle, note, findings)
    note.status, note.confirmed = KEPT, bool(findings)
    return _saved(cycle, note, [], SAVED_EDIT)


async def expected(ctx: Context, cycle: Cycle) -> Reply:
    """For the teacher and facilitators: who has noted on whom so far; never a note's text."""
    study = await study_for(ctx.session, cycle)
    notes = await lesson_notes(ctx.session, cycle)
    held = await lesson_notes(ctx.session, cycle, status=HELD)
    students = await focus_students(ctx.session, cycle)
    team = await cycle_team(ctx.session, cycle)
    observers = [row for row in team if row.role == "observer"]
    ids = [row.member_id for row in team] + [n.observer_id for n in notes if n.observer_id]
    people = await members_by_ids(ctx.session, ctx.community.id, ids)
    clock = await lesson_clock(ctx.session, cycle, ctx.community_zone(), study)
    lines: list[tuple[str, str]] = []
    if clock.start is not None and clock.start <= ctx.now:
        local = clock.start.astimezone(ctx.community_zone())
        lines.append(
            (
                _("Lesson"),
                _(
                    "started {time}, now minute {n}",
                    time=time_text(local),
                    n=minute_at(clock.start, ctx.now),
                ),
            )
        )
    writers = {n.observer_id for n in notes}
    observing = len(writers & {row.member_id for row in observers})
    lines.append(
        (
            _("Notes"),
            ngettext(
                "{notes}, from {writing} of {n} observer",
                "{notes}, from {writing} of {n} observers",
                len(observers),
                notes=len(notes),
                writing=observing,
            ),
        )
    )
    blocks: list[Block] = [
        Header(_("Research lesson of {name}: what is still expected", name=cycle.name)),
        Fields(tuple(lines)),
    ]
    missing: list[str] = []
    for student in students:
        mine = [n for n in notes if n.student == student.code]
        if not mine:
            missing.append(_("Nobody has noted on {code} yet.", code=student.code))
            continue
        by = sorted({member_label(people.get(n.observer_id)) for n in mine if n.observer_id})
        last = max(n.minute for n in mine)
        blocks.append(
            Paragraph(
                ngettext(
                    "{code}: {n} note ({by}), latest at minute {last}.",
                    "{code}: {n} notes ({by}), latest at minute {last}.",
                    len(mine),
                    code=student.code,
                    by=", ".join(by),
                    last=last,
                )
            )
        )
    silent = [
        member_label(people.get(row.member_id)) for row in observers if row.member_id not in writers
    ]
    if silent:
        missing.append(_("No notes yet from {names}.", names=", ".join(silent)))
    if not students:
        missing.append(_("No focus students yet: /cycle focus #{id} A,B.", id=cycle.id))
    blocks.extend(Paragraph(line) for line in missing)
    if held:
        blocks.append(
            Note(
                ngettext(
                    "{n} note is held for its author to edit: it may name a student.",
                    "{n} notes are held for its author to edit: it may name a student.",
                    len(held),
                )
            )
        )
    blocks.append(
        Buttons(
            (Button(pgettext("button", "Write a note"), f"/cycle observe #{cycle.id} form:yes"),)
        )
    )
    return Reply(blocks)
