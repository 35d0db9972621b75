"""/cycle focus: the students observers watch, by pseudonym only, each with what to watch for.

A pseudonym is one letter (A, B, C) or a short code with a number (S1, G2-3).
Two or more letters alone could be a student's initials or name ("AB", "Leo"),
so they are refused, and the de-identification check runs on every code as
well (it refuses, for one, what looks like a student ID number).

    /cycle focus #1 A,B,C                          the focus students, in this order
    /cycle focus #1 "A: how she uses the strip; B: whether he compares"
    /cycle focus #1 A watch:"how she uses the strip"
    /cycle focus #1 A summary:"..."                the team's de-identified summary for the report
    /cycle focus #1                                 the list
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.i18n import N_, _
from bot.kernel.reply import Header, Item, ItemList, Note, Paragraph, Reply, Tone
from commands.cycle.checking import findings_in, refuse_identifying
from commands.cycle.lesson import require_lead, require_team
from commands.cycle.lookup import find_cycle, require_open
from storage.cycles import Cycle
from storage.lesson_study import FocusStudent, LessonNote, focus_students, lesson_notes

MAX_STUDENTS = 8
WATCH_LIMIT = 300
SUMMARY_LIMIT = 2000
_CODE = re.compile(r"^(?:[A-Z]|[A-Z]{0,3}-?\d{1,3}(?:-\d{1,3})?)$")
_PREFIX = re.compile(r"^(?:student|pupil|estudiante)\s+", re.IGNORECASE)
# A new entry starts at ";" or a line break, or at a comma followed by "CODE:".
_ENTRIES = re.compile(r"[;\n]|,(?=\s*[A-Za-z0-9-]{1,8}\s*:)")
NOT_A_PSEUDONYM = N_(
    "“{code}” doesn't look like a pseudonym. Use one letter (A, B, C) or a short code "
    "with a number (S1, S2): never a name or initials."
)


def check_code(raw: str) -> str:
    """A pseudonym as stored ("A", "S2"), or a UserError that says what one looks like."""
    text = _PREFIX.sub("", " ".join(raw.split()))
    code = text.upper()
    shown = raw.strip()[:40]
    if not _CODE.match(code):
        raise UserError(_(NOT_A_PSEUDONYM, code=shown))
    if findings_in(f"a student named {text}") or findings_in(f"Student {code} said"):
        raise UserError(_(NOT_A_PSEUDONYM, code=shown))
    return code


@dataclass(frozen=True)
class Entry:
    code: str
    watch: str | None = None


def parse_entries(text: str) -> list[Entry]:
    """ "A,B" or "A: how she uses the strip; B: whether he compares" as entries."""
    entries: list[Entry] = []
    for part in _ENTRIES.split(text):
        part = part.strip().strip(",").strip()
        if not part:
            continue
        if ":" in part:
            code, watch = part.split(":", 1)
            watch = " ".join(watch.split())
            entries.append(Entry(check_code(code), watch or None))
        else:
            entries.extend(Entry(check_code(code)) for code in part.split(",") if code.strip())
    seen: set[str] = set()
    for entry in entries:
        if entry.code in seen:
            raise UserError(_("{code} is named twice.", code=entry.code))
        seen.add(entry.code)
    return entries


async def focus(ctx: Context, args: Args) -> Reply:
    cycle = await find_cycle(ctx, args["cycle"])
    text: str | None = args.get("students")
    if text is None and "watch" not in args and "summary" not in args:
        await require_team(ctx, cycle, _("see the focus students"))
        return _listing(cycle, await focus_students(ctx.session, cycle))
    require_open(cycle)
    if "summary" in args:
        return await _summary(ctx, cycle, text, args)
    await require_lead(ctx, cycle, _("choose the focus students"))
    entries = parse_entries(text or "")
    if not entries:
        raise UserError(_("Name the focus students, e.g. /cycle focus #1 A,B."))
    if "watch" in args:
        if len(entries) != 1 or entries[0].watch is not None:
            raise UserError(_('watch: goes with one student, e.g. /cycle focus #1 A watch:"...".'))
        entries = [Entry(entries[0].code, " ".join(args["watch"].split()))]
    for entry in entries:
        if entry.watch:
            if len(entry.watch) > WATCH_LIMIT:
                raise UserError(_("What to watch for is at most {n} characters.", n=WATCH_LIMIT))
            refuse_identifying(
                entry.watch, _("what to watch for"), checked=bool(args.get("checked"))
            )
    rows = await focus_students(ctx.session, cycle)
    replace_all = all(e.watch is None for e in entries) and "watch" not in args
    if replace_all:
        await _replace(ctx, cycle, rows, [e.code for e in entries])
    else:
        _update(ctx, cycle, rows, entries)
    await ctx.session.flush()
    listed = await focus_students(ctx.session, cycle)
    if len(listed) > MAX_STUDENTS:
        raise UserError(
            _("At most {n} focus students; observers can't follow more.", n=MAX_STUDENTS)
        )
    reply = _listing(cycle, listed)
    reply.blocks.insert(0, Paragraph(_("Saved the focus students of cycle #{id}.", id=cycle.id)))
    reply.tone = Tone.SUCCESS
    return reply


async def _replace(ctx: Context, cycle: Cycle, rows: list[FocusStudent], codes: list[str]) -> None:
    """The set becomes `codes`, in that order; a student with notes can't be dropped."""
    by_code = {row.code: row for row in rows}
    dropped = [row for row in rows if row.code not in codes]
    if dropped:
        notes = await lesson_notes(ctx.session, cycle, status=None)
        noted = sorted({n.student for n in notes if n.student in {r.code for r in dropped}})
        if noted:
            raise UserError(
                _(
                    "Observers have noted on {codes}, so they stay focus students; name them too.",
                    codes=", ".join(noted),
                )
            )
        for row in dropped:
            await ctx.session.delete(row)
    for position, code in enumerate(codes):
        found = by_code.get(code)
        if found is None:
            ctx.session.add(_new(ctx, cycle, code, position))
        else:
            found.position = position


def _update(ctx: Context, cycle: Cycle, rows: list[FocusStudent], entries: list[Entry]) -> None:
    by_code = {row.code: row for row in rows}
    position = max((row.position for row in rows), default=-1) + 1
    for entry in entries:
        row = by_code.get(entry.code)
        if row is None:
            row = _new(ctx, cycle, entry.code, position)
            position += 1
            ctx.session.add(row)
        if entry.watch is not None:
            row.watch_for = entry.watch


def _new(ctx: Context, cycle: Cycle, code: str, position: int) -> FocusStudent:
    return FocusStudent(
        community_id=ctx.community.id,
        cycle_id=cycle.id,
        code=code,
        position=position,
        created_at=ctx.now,
    )


async def _summary(ctx: Context, cycle: Cycle, text: str | None, args: Args) -> Reply:
    await require_team(ctx, cycle, _("summarise what the notes showed"))
    entries = parse_entries(text or "")
    if len(entries) != 1 or entries[0].watch is not None:
        raise UserError(_('summary: goes with one student, e.g. /cycle focus #1 A summary:"...".'))
    code = entries[0].code
    rows = {row.code: row for row in await focus_students(ctx.session, cycle)}
    row = rows.get(code)
    if row is None:
        raise UserError(_("{code} is not a focus student of cycle #{id}.", code=code, id=cycle.id))
    summary = args["summary"].strip()
    if summary.lower() in ("none", "remove"):
        row.summary = None
        return Reply.text(_("Removed the summary for {code}.", code=code), tone=Tone.SUCCESS)
    if len(summary) > SUMMARY_LIMIT:
        raise UserError(_("A summary is at most {n} characters.", n=SUMMARY_LIMIT))
    refuse_identifying(summary, _("this summary"), checked=bool(args.get("checked")))
    row.summary = summary
    return Reply(
        [
            Paragraph(
                _(
                    "Saved the summary for {code}. It goes into the end-of-cycle report, "
                    "where the notes themselves never do.",
                    code=code,
                )
            )
        ],
        tone=Tone.SUCCESS,
    )


def _listing(cycle: Cycle, rows: list[FocusStudent]) -> Reply:
    items = tuple(
        Item(
            title=_("Student {code}", code=row.code),
            detail="\n".join(
                line
                for line in (
                    _("Watch for: {watch}", watch=row.watch_for) if row.watch_for else "",
                    _("Summary for the report: {summary}", summary=row.summary)
                    if row.summary
                    else "",
                )
                if line
            ),
        )
        for row in rows
    )
    return Reply(
        [
            Header(_("Focus students of cycle #{id} {name}", id=cycle.id, name=cycle.name)),
            ItemList(
                items,
                empty_text=_(
                    "No focus students yet: the teacher or a facilitator names them "
                    "with /cycle focus #{id} A,B.",
                    id=cycle.id,
                ),
            ),
            Note(_("Pseudonyms only, never names. Observers write /cycle observe with student:A.")),
        ]
    )


def note_student(text: str, rows: list[FocusStudent], cycle: Cycle) -> str:
    """The focus student a note's `student:` names."""
    if not rows:
        raise UserError(
            _(
                "Cycle #{id} has no focus students yet; the teacher or a facilitator names "
                "them with /cycle focus #{id} A,B.",
                id=cycle.id,
            )
        )
    code = _PREFIX.sub("", " ".join(text.split())).upper()
    codes = [row.code for row in rows]
    if code not in codes:
        raise UserError(
            _(
                "“{text}” is not a focus student of cycle #{id}; they are {codes}.",
                text=text.strip()[:20],
                id=cycle.id,
                codes=", ".join(codes),
            )
        )
    return code


def noted_codes(notes: list[LessonNote]) -> set[str]:
    return {note.student for note in notes if note.student}
