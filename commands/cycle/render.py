"""How a cycle reads at a glance: its timeline, team and artifacts as reply blocks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.kernel.i18n import NP_, Words, _, date_text, ngettext, pgettext
from bot.kernel.reply import (
    Block,
    Fields,
    Header,
    Item,
    ItemList,
    Link,
    Moment,
    Note,
    Paragraph,
    Text,
    rich,
)
from commands.cycle import labels
from commands.cycle.phases import GUIDES, ROLES
from commands.cycle.texts import artifact_name, capital, phase_name, rich_text, role_name
from commands.cycle.timeline import PhaseLine, PhaseState, current_phase, next_phase
from storage.community import Member
from storage.cycles import CLOSED, PAUSED, Cycle, CycleArtifact, CycleMember

_MARKS = Words(
    {
        PhaseState.DONE: NP_("phase state", "done"),
        PhaseState.CURRENT: NP_("phase state", "now"),
        PhaseState.NEXT: NP_("phase state", "next"),
        PhaseState.NOT_HELD: NP_("phase state", "not held"),
    }
)


def mark(state: PhaseState) -> str:
    """What a phase's line says about it: done, now, next, not held (or nothing)."""
    return _MARKS[state] if state in _MARKS.names else ""


EXCERPT = 160


def fmt_day(day: date, today: date | None = None) -> str:
    """ "Tue 1 Dec" / "mar 1 dic", with the year when it is not this year's."""
    if today is None or day.year != today.year:
        return date_text(day, "day")
    return date_text(day, "day_short")


def fmt_when(day: date, at: str | None, today: date | None = None) -> str:
    return fmt_day(day, today) + (f" {at}" if at else "")


def when_text(
    day: date, at: str | None, today: date, community_zone: str, reader_zone: str
) -> Text:
    """A phase's day, or, with a time, the moment itself: the platforms show it in each
    reader's zone, the text in `reader_zone` (the phase's time is the community's)."""
    if not at:
        return fmt_day(day, today)
    hour, minute = (int(part) for part in at.split(":"))
    local = datetime.combine(day, time(hour, minute)).replace(tzinfo=ZoneInfo(community_zone))
    return rich(Moment(local.astimezone(UTC), reader_zone))


def relative(day: date, today: date) -> str:
    days = (day - today).days
    if days == 0:
        return _("today")
    if days == 1:
        return _("tomorrow")
    if days == -1:
        return _("yesterday")
    if days > 0:
        return ngettext("in {n} day", "in {n} days", days)
    return ngettext("{n} day ago", "{n} days ago", -days)


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
    community_zone: str = "UTC"  # phases' times are wall clock here
    reader_zone: str = "UTC"  # times are shown in this zone (the platforms: each reader's)

    def when(self, day: date, at: str | None) -> Text:
        return when_text(day, at, self.today, self.community_zone, self.reader_zone)


def status_word(cycle: Cycle, today: date) -> str:
    if cycle.status == PAUSED:
        if cycle.paused_until:
            return _("paused until {day}", day=fmt_day(cycle.paused_until, today))
        return pgettext("cycle status", "paused")
    if cycle.status == CLOSED:
        return pgettext("cycle status", "closed")
    if cycle.status == "active":
        return pgettext("cycle status", "active")
    return cycle.status


def headline(view: CycleView) -> Text:
    """One line: what phase the cycle is in and what comes next."""
    cycle, today = view.cycle, view.today
    if cycle.status == CLOSED:
        return _("Closed.")
    now = current_phase(view.lines)
    upcoming = next_phase(view.lines)
    if upcoming is not None and upcoming.day is not None:
        when = view.when(upcoming.day, upcoming.at)
        soon = relative(upcoming.day, today)
        if now is not None and now.day is not None:
            return rich_text(
                _("Now: {phase} (since {day}); next: {next} on {when} ({soon})."),
                phase=phase_name(now.phase),
                day=fmt_day(now.day, today),
                next=phase_name(upcoming.phase),
                when=when,
                soon=soon,
            )
        return rich_text(
            _("Next: {next} on {when} ({soon})."),
            next=phase_name(upcoming.phase),
            when=when,
            soon=soon,
        )
    if now is not None and now.day is not None:
        return _(
            "Now: {phase} (since {day}).", phase=phase_name(now.phase), day=fmt_day(now.day, today)
        )
    return _("No phase is scheduled yet.")


def team_text(view: CycleView) -> list[tuple[str, str]]:
    pairs = []
    for role in ROLES:
        names = [_name(member) for row, member in view.team if row.role == role]
        if names:
            pairs.append((capital(role_name(role, len(names))), ", ".join(names)))
    return pairs


def _name(member: Member | None) -> str:
    return member.display_name if member is not None else _("someone who left")


def artifact_item(
    row: CycleArtifact, member: Member | None, today: date, *, reader: bool = False
) -> Item:
    label = artifact_name(row.kind)
    when = fmt_day(row.created_at.date(), today)
    if row.held:
        title = _(
            "{kind}, by {name}, {day} (held: only you see it until you confirm it)",
            kind=capital(label),
            name=_name(member),
            day=when,
        )
    else:
        title = _("{kind}, by {name}, {day}", kind=capital(label), name=_name(member), day=when)
    if row.url:
        detail = row.body or "" if row.kind == "resource" else ""
        return Item(title=title, detail=detail, link=Link(label, row.url), ref=f"#{row.id}")
    if not reader:
        return Item(
            title=title, detail=_("A text for the cycle's team and facilitators."), ref=f"#{row.id}"
        )
    body = row.body or ""
    excerpt = body if len(body) <= EXCERPT else body[: EXCERPT - 1].rstrip() + "…"
    return Item(title=title, detail=excerpt, ref=f"#{row.id}")


def full_status(view: CycleView) -> list[Block]:
    cycle, today = view.cycle, view.today
    blocks: list[Block] = [
        Header(
            _(
                "Cycle #{id} {name} ({status})",
                id=cycle.id,
                name=cycle.name,
                status=status_word(cycle, today),
            )
        ),
        Paragraph(_("Theme: {theme}", theme=cycle.theme)),
        *((Paragraph(filed),) if (filed := labels.describe(cycle)) else ()),
        Paragraph(headline(view)),
        ItemList(tuple(_phase_item(line, view) for line in view.lines)),
    ]
    team = team_text(view)
    blocks.append(
        Fields(tuple(team)) if team else Note(_("No team yet: add people with /cycle role."))
    )
    arts = tuple(
        artifact_item(row, member, today, reader=view.team_reader) for row, member in view.artifacts
    )
    blocks.append(Header(_("Artifacts")))
    blocks.append(ItemList(arts, empty_text=_("No artifacts yet: add them with /cycle artifact.")))
    if cycle.channel_id:
        where = cycle.channel_name or cycle.channel_id
        blocks.append(Note(_("Lives in #{channel}.", channel=where)))
    else:
        blocks.append(Note(_("Lives in no channel.")))
    if cycle.status == CLOSED and cycle.report:
        blocks.append(Header(_("End-of-cycle report")))
        blocks.append(Paragraph(cycle.report))
        if cycle.resource_id:
            blocks.append(Note(_("Shared to the resource library as #{id}.", id=cycle.resource_id)))
    return blocks


def _phase_item(line: PhaseLine, view: CycleView) -> Item:
    name = phase_name(line.phase)
    if line.day is None:
        return Item(
            title=_("{phase}: not scheduled", phase=name), detail=_(GUIDES[line.phase].title)
        )
    when = view.when(line.day, line.at)
    shown = mark(line.state)
    if shown:
        title = rich_text(_("{phase}: {when} ({mark})"), phase=name, when=when, mark=shown)
    else:
        title = rich_text(_("{phase}: {when}"), phase=name, when=when)
    return Item(title=title)


def summary_item(view: CycleView) -> Item:
    """One cycle in a list: name, state, what is next, team size, artifacts."""
    cycle, today = view.cycle, view.today
    counts: dict[str, int] = {}
    for row, _member in view.artifacts:
        counts[row.kind] = counts.get(row.kind, 0) + 1
    arts = ", ".join(f"{artifact_name(k)} {n}" for k, n in counts.items()) or _("none yet")
    team = "; ".join(f"{k.lower()}: {v}" for k, v in team_text(view)) or _("none yet")
    detail = rich_text(
        _("{headline}\nTeam: {team}\nArtifacts: {artifacts}"),
        headline=headline(view),
        team=team,
        artifacts=arts,
    )
    title = f"{cycle.name} ({status_word(cycle, today)})"
    return Item(title=title, detail=detail, ref=f"#{cycle.id}")
