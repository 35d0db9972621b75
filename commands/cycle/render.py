"""How a cycle reads at a glance: its timeline, team and artifacts as reply blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.kernel.reply import Block, Fields, Header, Item, ItemList, Link, Note, Paragraph
from commands.cycle import labels
from commands.cycle.phases import ARTIFACT_LABELS, GUIDES, ROLE_LABELS, ROLES
from commands.cycle.timeline import PhaseLine, PhaseState, current_phase, next_phase
from storage.community import Member
from storage.cycles import CLOSED, PAUSED, Cycle, CycleArtifact, CycleMember

MARKS = {
    PhaseState.DONE: "done",
    PhaseState.CURRENT: "now",
    PhaseState.NEXT: "next",
    PhaseState.LATER: "",
    PhaseState.UNSCHEDULED: "",
}
EXCERPT = 160


def fmt_day(day: date, today: date | None = None) -> str:
    """ "Tue 1 Dec", with the year when it is not this year's."""
    text = f"{day:%a} {day.day} {day:%b}"
    if today is None or day.year != today.year:
        text += f" {day.year}"
    return text


def fmt_when(day: date, at: str | None, today: date | None = None) -> str:
    return fmt_day(day, today) + (f" {at}" if at else "")


def relative(day: date, today: date) -> str:
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


@dataclass(frozen=True)
class CycleView:
    """Everything shown about one cycle, loaded once."""

    cycle: Cycle
    lines: list[PhaseLine]
    team: list[tuple[CycleMember, Member | None]]
    artifacts: list[tuple[CycleArtifact, Member | None]]
    today: date
    # Whether the viewer is on the team or a facilitator: only they read text artifacts.
    team_reader: bool = False


def status_word(cycle: Cycle, today: date) -> str:
    if cycle.status == PAUSED:
        if cycle.paused_until:
            return f"paused until {fmt_day(cycle.paused_until, today)}"
        return "paused"
    return cycle.status


def headline(view: CycleView) -> str:
    """One line: what phase the cycle is in and what comes next."""
    cycle, today = view.cycle, view.today
    if cycle.status == CLOSED:
        return "Closed."
    parts = []
    now = current_phase(view.lines)
    if now is not None and now.day is not None:
        parts.append(f"Now: {now.phase} (since {fmt_day(now.day, today)})")
    upcoming = next_phase(view.lines)
    if upcoming is not None and upcoming.day is not None:
        when = fmt_when(upcoming.day, upcoming.at, today)
        parts.append(f"next: {upcoming.phase} on {when} ({relative(upcoming.day, today)})")
    elif now is None:
        parts.append("No phase is scheduled yet")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def team_text(view: CycleView) -> list[tuple[str, str]]:
    pairs = []
    for role in ROLES:
        names = [_name(member) for row, member in view.team if row.role == role]
        if names:
            label = ROLE_LABELS[role] + ("s" if len(names) > 1 else "")
            pairs.append((label[:1].upper() + label[1:], ", ".join(names)))
    return pairs


def _name(member: Member | None) -> str:
    return member.display_name if member is not None else "someone who left"


TEAM_ONLY_TEXT = "A text for the cycle's team and facilitators."


def artifact_item(
    row: CycleArtifact, member: Member | None, today: date, *, reader: bool = False
) -> Item:
    label = ARTIFACT_LABELS.get(row.kind, row.kind)
    when = fmt_day(row.created_at.date(), today)
    title = f"{label[:1].upper()}{label[1:]}, by {_name(member)}, {when}"
    if row.held:
        title += " (held: only you see it until you confirm it)"
    if row.url:
        detail = row.body or "" if row.kind == "resource" else ""
        return Item(title=title, detail=detail, link=Link(label, row.url), ref=f"#{row.id}")
    if not reader:
        return Item(title=title, detail=TEAM_ONLY_TEXT, ref=f"#{row.id}")
    body = row.body or ""
    excerpt = body if len(body) <= EXCERPT else body[: EXCERPT - 1].rstrip() + "…"
    return Item(title=title, detail=excerpt, ref=f"#{row.id}")


def full_status(view: CycleView) -> list[Block]:
    cycle, today = view.cycle, view.today
    where = f"#{cycle.channel_name or cycle.channel_id}" if cycle.channel_id else "no channel"
    blocks: list[Block] = [
        Header(f"Cycle #{cycle.id} {cycle.name} ({status_word(cycle, today)})"),
        Paragraph(f"Theme: {cycle.theme}"),
        *((Paragraph(filed),) if (filed := labels.describe(cycle)) else ()),
        Paragraph(headline(view)),
        ItemList(tuple(_phase_item(line, today) for line in view.lines)),
    ]
    team = team_text(view)
    blocks.append(
        Fields(tuple(team)) if team else Note("No team yet: add people with /cycle role.")
    )
    arts = tuple(
        artifact_item(row, member, today, reader=view.team_reader) for row, member in view.artifacts
    )
    blocks.append(Header("Artifacts"))
    blocks.append(ItemList(arts, empty_text="No artifacts yet: add them with /cycle artifact."))
    blocks.append(Note(f"Lives in {where}."))
    if cycle.status == CLOSED and cycle.report:
        blocks.append(Header("End-of-cycle report"))
        blocks.append(Paragraph(cycle.report))
        if cycle.resource_id:
            blocks.append(Note(f"Shared to the resource library as #{cycle.resource_id}."))
    return blocks


def _phase_item(line: PhaseLine, today: date) -> Item:
    mark = MARKS[line.state]
    if line.day is None:
        return Item(title=f"{line.phase}: not scheduled", detail=GUIDES[line.phase].title)
    when = fmt_when(line.day, line.at, today)
    title = f"{line.phase}: {when}" + (f" ({mark})" if mark else "")
    return Item(title=title)


def summary_item(view: CycleView) -> Item:
    """One cycle in a list: name, state, what is next, team size, artifacts."""
    cycle, today = view.cycle, view.today
    counts: dict[str, int] = {}
    for row, _ in view.artifacts:
        counts[row.kind] = counts.get(row.kind, 0) + 1
    arts = ", ".join(f"{ARTIFACT_LABELS[k]} {n}" for k, n in counts.items()) or "none yet"
    detail = "\n".join(
        (
            headline(view),
            "Team: " + ("; ".join(f"{k.lower()}: {v}" for k, v in team_text(view)) or "none yet"),
            f"Artifacts: {arts}",
        )
    )
    title = f"{cycle.name} ({status_word(cycle, today)})"
    return Item(title=title, detail=detail, ref=f"#{cycle.id}")
