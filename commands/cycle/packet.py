"""The debrief packet: every observer's notes merged, on one timeline and per focus student.

The research theme and the lesson plan come first, then the focus students with
what to watch for, the merged timeline (lesson minute, segment, student,
observer, note) and one view per focus student. It reaches each team member by
direct message before the post-lesson discussion, as a message and as two files
built from one `Document`: Markdown and PDF.

It goes out on `/cycle debrief <cycle> packet`, when the discussion starts if it
has not gone yet, and by itself after the lesson (the teach phase's "observe"
moment, see `deliver`). Only the team receives it; held notes are left out
(their authors have not released them) and only counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.context import Context
from bot.kernel.i18n import N_, _, ngettext, time_text
from bot.kernel.language import Language, current_language
from bot.kernel.reply import (
    Attachment,
    Block,
    Fields,
    Header,
    Item,
    ItemList,
    Link,
    Note,
    Paragraph,
    Reply,
)
from bot.reporting.document import (
    Bullets,
    Document,
    Element,
    Facts,
    Heading,
    Table,
    Text,
    to_markdown,
)
from bot.reporting.pdf import render_pdf
from bot.scheduling.kinds import ComposeContext, Outgoing
from commands.cycle import labels
from commands.cycle.lesson import lesson_clock
from commands.cycle.phases import ROLES
from commands.cycle.render import fmt_day
from commands.cycle.texts import capital, role_name
from storage.community import Community, Member
from storage.cycles import Cycle, cycle_artifacts, cycle_team
from storage.lesson_study import (
    HELD,
    FocusStudent,
    LessonNote,
    focus_students,
    lesson_notes,
    study_for,
)
from storage.members import members_by_ids

TIMELINE_IN_MESSAGE = 20
PER_STUDENT_IN_MESSAGE = 8
FOR_THE_TEAM = N_(
    "For the lesson-study team only. Students appear by pseudonym; please don't forward it."
)


@dataclass(frozen=True)
class PacketNote:
    minute: int
    segment: str
    student: str
    observer: str
    body: str

    def line(self) -> str:
        minute = _("min {n}", n=self.minute)
        where = " · ".join(p for p in (minute, self.segment, self.student) if p)
        return f"{where} · {self.observer}"


@dataclass(frozen=True)
class Packet:
    cycle: Cycle
    compiled: datetime
    zone: ZoneInfo
    lesson: str
    theme_notes: tuple[str, ...]
    plan: tuple[tuple[str, str | None], ...]  # (text or title, url)
    students: tuple[FocusStudent, ...]
    notes: tuple[PacketNote, ...]
    team: tuple[tuple[str, str], ...]
    silent: tuple[str, ...]  # observers with no note yet
    held: int

    def of(self, code: str | None) -> tuple[PacketNote, ...]:
        return tuple(n for n in self.notes if (n.student or None) == code)

    @property
    def observers(self) -> int:
        return len({n.observer for n in self.notes})


def _name(member: Member | None) -> str:
    return member.display_name if member is not None else _("someone who left")


def counted(packet: Packet) -> str:
    """ "6 notes from 3 observers", in the reader's language."""
    return _(
        "{notes} from {observers}",
        notes=ngettext("{n} note", "{n} notes", len(packet.notes)),
        observers=ngettext("{n} observer", "{n} observers", packet.observers),
    )


async def load_packet(
    session: AsyncSession, community: Community, cycle: Cycle, now: datetime
) -> Packet:
    zone = ZoneInfo(community.timezone)
    study = await study_for(session, cycle)
    notes = await lesson_notes(session, cycle)
    held = await lesson_notes(session, cycle, status=HELD)
    team = await cycle_team(session, cycle)
    artifacts = await cycle_artifacts(session, cycle)
    ids = [row.member_id for row in team] + [n.observer_id for n in notes if n.observer_id]
    people = await members_by_ids(session, community.id, ids)
    clock = await lesson_clock(session, cycle, zone, study)
    today = now.astimezone(zone).date()
    if clock.start is not None:
        local = clock.start.astimezone(zone)
        lesson = f"{fmt_day(local.date(), today)} {time_text(local)}"
    elif clock.day is not None:
        lesson = fmt_day(clock.day, today)
    else:
        lesson = _("not scheduled")
    roles = []
    for role in ROLES:
        names = [_name(people.get(r.member_id)) for r in team if r.role == role]
        if names:
            roles.append((capital(role_name(role, len(names))), ", ".join(names)))
    writers = {n.observer_id for n in notes}
    silent = tuple(
        _name(people.get(r.member_id))
        for r in team
        if r.role == "observer" and r.member_id not in writers
    )
    plan: list[tuple[str, str | None]] = []
    for row in artifacts:
        if row.kind == "lesson-plan":
            plan.append((row.body or _("Lesson plan"), row.url))
        elif row.kind == "resource":
            plan.append((row.body or _("Library resource #{id}", id=row.resource_id), row.url))
    return Packet(
        cycle=cycle,
        compiled=now,
        zone=zone,
        lesson=lesson,
        theme_notes=tuple(r.body for r in artifacts if r.kind == "theme" and r.body),
        plan=tuple(plan),
        students=tuple(await focus_students(session, cycle)),
        notes=tuple(_note(n, people) for n in notes),
        team=tuple(roles),
        silent=silent,
        held=len(held),
    )


def _note(note: LessonNote, people: dict[int, Member]) -> PacketNote:
    observer = _name(people.get(note.observer_id)) if note.observer_id else _("someone who left")
    return PacketNote(note.minute, note.segment or "", note.student or "", observer, note.body)


# -- the document (both files) -----------------------------------------------------------


def packet_document(packet: Packet) -> Document:
    cycle = packet.cycle
    local = packet.compiled.astimezone(packet.zone)
    facts: list[tuple[str, str]] = [
        (_("Research theme"), cycle.theme),
        (_("Research lesson"), packet.lesson),
    ]
    filed = labels.describe(cycle)
    if filed:
        facts.append((_("Filed under"), filed))
    facts.extend(packet.team)
    elements: list[Element] = [Facts(tuple(facts))]
    if packet.theme_notes:
        elements += [Heading(_("About the research theme")), Bullets(packet.theme_notes)]
    elements += [
        Heading(_("Lesson plan")),
        Bullets(
            tuple(text + (f" ({url})" if url and url != text else "") for text, url in packet.plan),
            empty_text=_("No lesson plan was added to the cycle."),
        ),
        Heading(_("Focus students")),
        Bullets(
            tuple(
                _("{code}: watch for {watch}", code=s.code, watch=s.watch_for)
                if s.watch_for
                else s.code
                for s in packet.students
            ),
            empty_text=_("No focus students were named."),
        ),
        Heading(_("Timeline: every note in lesson order")),
        _table(packet.notes, with_student=True),
    ]
    if packet.students:
        elements.append(Heading(_("By focus student")))
        for student in packet.students:
            elements.append(Heading(_("Student {code}", code=student.code), level=2))
            if student.watch_for:
                elements.append(Text(_("Watch for: {watch}", watch=student.watch_for)))
            mine = packet.of(student.code)
            if mine:
                elements.append(_table(mine, with_student=False))
            else:
                elements.append(Text(_("Nobody noted on {code}.", code=student.code)))
        general = packet.of(None)
        if general:
            elements += [Heading(_("Notes on no one student"), level=2), _table(general, False)]
    waiting = []
    if packet.silent:
        waiting.append(_("No notes yet from {names}.", names=", ".join(packet.silent)))
    if packet.held:
        waiting.append(
            ngettext(
                "{n} held for its author to edit (left out here).",
                "{n} held for their authors to edit (left out here).",
                packet.held,
            )
        )
    if waiting:
        elements += [Heading(_("Not in this packet yet")), Bullets(tuple(waiting))]
    subtitle = _(
        "Lesson-study cycle #{id} · compiled {day} {time} ({zone}) · {for_the_team}",
        id=cycle.id,
        day=fmt_day(local.date()),
        time=time_text(local),
        zone=packet.zone.key,
        for_the_team=_(FOR_THE_TEAM),
    )
    return Document(_("Debrief packet: {name}", name=cycle.name), tuple(elements), subtitle)


def _table(notes: tuple[PacketNote, ...], with_student: bool) -> Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...]
    if with_student:
        header = (_("Min"), _("Segment"), _("Student"), _("Observer"), _("Note"))
        rows = tuple((str(n.minute), n.segment, n.student, n.observer, n.body) for n in notes)
        widths = (7, 14, 10, 16, 53)
    else:
        header = (_("Min"), _("Segment"), _("Observer"), _("Note"))
        rows = tuple((str(n.minute), n.segment, n.observer, n.body) for n in notes)
        widths = (7, 14, 16, 63)
    return Table(header, rows, widths, empty_text=_("No notes yet."))


async def packet_files(packet: Packet) -> tuple[Attachment, Attachment]:
    document = packet_document(packet)
    stem = f"debrief-packet-cycle-{packet.cycle.id}"
    markdown = to_markdown(document).encode("utf-8")
    pdf = await render_pdf(document, created=packet.compiled)
    return (
        Attachment(f"{stem}.md", markdown, "text/markdown"),
        Attachment(f"{stem}.pdf", pdf, "application/pdf"),
    )


# -- the message -------------------------------------------------------------------------


def packet_reply(packet: Packet, files: tuple[Attachment, ...] = ()) -> Reply:
    cycle = packet.cycle
    blocks: list[Block] = [
        Header(_("Debrief packet: {name}", name=cycle.name)),
        Paragraph(_("Research theme: {theme}", theme=cycle.theme)),
    ]
    for text, url in packet.plan[:3]:
        if url:
            blocks.append(Paragraph(_("Lesson plan:"), link=Link(text[:80], url)))
        else:
            blocks.append(Paragraph(_("Lesson plan: {text}", text=text)))
    summary = [(_("Research lesson"), packet.lesson)]
    summary.append(
        (
            _("Notes"),
            ngettext(
                "{notes} from {n} observer",
                "{notes} from {n} observers",
                packet.observers,
                notes=len(packet.notes),
            ),
        )
    )
    if packet.students:
        summary.append((_("Focus students"), ", ".join(s.code for s in packet.students)))
    blocks.append(Fields(tuple(summary)))
    blocks.append(Header(_("Timeline")))
    shown = packet.notes[:TIMELINE_IN_MESSAGE]
    blocks.append(
        ItemList(
            tuple(Item(title=n.line(), detail=n.body) for n in shown),
            empty_text=_("No notes yet."),
        )
    )
    if len(packet.notes) > len(shown):
        blocks.append(Note(_("…and {n} more in the files.", n=len(packet.notes) - len(shown))))
    if packet.students:
        blocks.append(Header(_("By focus student")))
        blocks.append(ItemList(tuple(_student_item(packet, s) for s in packet.students)))
    if packet.silent:
        blocks.append(Note(_("No notes yet from {names}.", names=", ".join(packet.silent))))
    blocks.append(
        Note(
            _(
                "{for_the_team} The whole packet is attached as Markdown and PDF.",
                for_the_team=_(FOR_THE_TEAM),
            )
        )
    )
    blocks.extend(files)
    return Reply(blocks)


def _student_item(packet: Packet, student: FocusStudent) -> Item:
    mine = packet.of(student.code)
    lines = [_("Watch for: {watch}", watch=student.watch_for)] if student.watch_for else []
    if not mine:
        lines.append(_("Nobody noted on {code}.", code=student.code))
    for note in mine[:PER_STUDENT_IN_MESSAGE]:
        where = " · ".join(p for p in (_("min {n}", n=note.minute), note.segment) if p)
        lines.append(f"{where} ({note.observer}): {note.body}")
    if len(mine) > PER_STUDENT_IN_MESSAGE:
        lines.append(_("…and {n} more in the files.", n=len(mine) - PER_STUDENT_IN_MESSAGE))
    return Item(title=_("Student {code}", code=student.code), detail="\n".join(lines))


# -- sending -------------------------------------------------------------------------------


async def team_members(session: AsyncSession, community: Community, cycle: Cycle) -> list[Member]:
    team = await cycle_team(session, cycle)
    people = await members_by_ids(session, community.id, [row.member_id for row in team])
    return [people[row.member_id] for row in team if row.member_id in people]


async def send_packet(ctx: Context, cycle: Cycle) -> tuple[list[Member], Packet, Reply]:
    """DM the packet to every team member (after commit), each in their own language; who
    got it, and the packet as the asker reads it."""
    built: Built = {}
    members = await team_members(ctx.session, ctx.community, cycle)
    for member in members:
        with ctx.speaking_to(member):
            _packet, sent = await _built(ctx.session, ctx.community, cycle, ctx.now, built)
        ctx.notify(ctx.member_address(member), sent)
    packet, reply = await _built(ctx.session, ctx.community, cycle, ctx.now, built)
    study = await study_for(ctx.session, cycle)
    study.packet_sent_at = ctx.now
    return members, packet, reply


Built = dict[Language, tuple[Packet, Reply]]


async def _built(
    session: AsyncSession, community: Community, cycle: Cycle, now: datetime, built: Built
) -> tuple[Packet, Reply]:
    """The packet and its message in the current reader's language, made once per language."""
    language = current_language()
    if language not in built:
        packet = await load_packet(session, community, cycle, now)
        built[language] = (packet, packet_reply(packet, await packet_files(packet)))
    return built[language]


async def after_lesson(ctx: ComposeContext, cycle: Cycle) -> list[Outgoing] | None:
    """At the teach phase's "observe" moment: the packet to the team, once there are notes.

    None when the lesson has no notes, so the caller asks observers for them instead.
    """
    packet = await load_packet(ctx.session, ctx.community, cycle, ctx.occurrence)
    if not packet.notes:
        return None
    study = await study_for(ctx.session, cycle)
    study.packet_sent_at = ctx.occurrence
    # The target is the team (`team:<id>`): each recipient is a person, by direct message,
    # in their own language.
    built: Built = {}
    out = []
    for recipient in ctx.recipients:
        if recipient.member is None:
            continue
        with ctx.speaking_to(recipient):
            _packet, reply = await _built(ctx.session, ctx.community, cycle, ctx.occurrence, built)
        out.append(Outgoing(recipient.address, reply))
    return out
