"""The members section of the report and the `participation` export.

Active means having used the bot in the period: a day recorded in
`member_activity`, or `Member.last_seen_at` inside the period (which also
covers days before activity was recorded). Broken down by district, school
and position, with members on record beside the active ones, so a
facilitator sees who the network reaches and who it misses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.kernel.i18n import N_, _, ngettext
from bot.reporting.charts import Bar
from bot.reporting.model import (
    Breakdown,
    Cell,
    Export,
    ExportScope,
    Figure,
    ReportScope,
    ReportSection,
    Row,
    SectionResult,
)
from storage.activity import active_member_ids, activity_days, community_members
from storage.community import Member
from storage.members import NEVER_SEEN

NOT_SET = "not set"  # the group of those who left a field empty (shown translated)


@dataclass(frozen=True)
class Participation:
    """Who was active in the period and in the one before, among the members in scope."""

    members: list[Member]
    active_now: set[int]
    active_before: set[int]


async def participation(scope: ReportScope) -> Participation:
    session, community = scope.session, scope.community
    members = await community_members(session, community.id)
    if scope.member_ids is not None:
        members = [m for m in members if m.id in scope.member_ids]
    # Days are UTC days; the period before ends the day before this one starts,
    # so no day is counted in both.
    now_days = await active_member_ids(
        session, community.id, scope.period.first_day, scope.period.last_day
    )
    before_days = await active_member_ids(
        session,
        community.id,
        scope.previous.first_day,
        scope.period.first_day - timedelta(days=1),
    )
    ids = {m.id for m in members}
    active_now = {
        m.id for m in members if m.id in now_days or scope.period.contains(m.last_seen_at)
    }
    active_before = {
        m.id for m in members if m.id in before_days or scope.previous.contains(m.last_seen_at)
    }
    return Participation(members, active_now & ids, active_before & ids)


def _value(text: str | None) -> str:
    cleaned = " ".join((text or "").split())
    return cleaned or NOT_SET


def _group_key(text: str | None) -> str:
    return _value(text).casefold()


def breakdown(part: Participation, title: str, key: Callable[[Member], str | None]) -> Breakdown:
    """Active now, before, and on record per value of `key`, the largest groups first."""
    shown: dict[str, str] = {}
    on_record: Counter[str] = Counter()
    now: Counter[str] = Counter()
    before: Counter[str] = Counter()
    for member in part.members:
        group = _group_key(key(member))
        shown.setdefault(group, _value(key(member)))
        on_record[group] += 1
        now[group] += member.id in part.active_now
        before[group] += member.id in part.active_before
    order = sorted(on_record, key=lambda g: (g == NOT_SET, -now[g], -on_record[g], g))
    rows = tuple(
        Row(_("not set") if g == NOT_SET else shown[g], now[g], before[g], of=on_record[g])
        for g in order
    )
    return Breakdown(
        title,
        rows,
        counted=lambda n: ngettext("active", "active", n),
        empty_text=_("No members yet."),
    )


def _school(member: Member) -> str | None:
    if not member.school:
        return None
    return f"{member.school} ({member.district})" if member.district else member.school


def missed(part: Participation) -> list[str]:
    """Districts with members on record and nobody active in the period."""
    districts: dict[str, str] = {}
    reached: set[str] = set()
    for member in part.members:
        if not member.district:
            continue
        group = _group_key(member.district)
        districts.setdefault(group, _value(member.district))
        if member.id in part.active_now:
            reached.add(group)
    return sorted(districts[g] for g in districts if g not in reached)


async def compute(scope: ReportScope) -> SectionResult:
    part = await participation(scope)
    joined_now = sum(scope.period.contains(m.created_at) for m in part.members)
    joined_before = sum(scope.previous.contains(m.created_at) for m in part.members)
    on_record_before = sum(m.created_at <= scope.period.start for m in part.members)
    figures = (
        Figure(_("Active members"), len(part.active_now), len(part.active_before)),
        Figure(_("New members"), joined_now, joined_before),
        Figure(_("Members on record"), len(part.members), on_record_before),
    )
    notes: list[str] = []
    if not_reached := missed(part):
        notes.append(
            _("No one active this period from: {districts}.", districts=", ".join(not_reached))
        )
    unset = sum(1 for m in part.members if not m.district)
    if unset:
        notes.append(
            ngettext(
                "{n} member has not set a district; each can with "
                '/praxis profile set district:"...".',
                "{n} members have not set a district; each can with "
                '/praxis profile set district:"...".',
                unset,
            )
        )
    return SectionResult(
        _("Members"),
        figures,
        (
            breakdown(part, _("By district"), lambda m: m.district),
            breakdown(part, _("By school"), _school),
            breakdown(part, _("By position"), lambda m: m.position),
        ),
        notes=tuple(notes),
    )


def district_bars(part: Participation) -> list[Bar]:
    rows = breakdown(part, "", lambda m: m.district).rows
    return [Bar(row.label, row.current, row.previous or 0) for row in rows]


async def weekly_active(
    scope: ReportScope, part: Participation, weeks: int
) -> list[tuple[date, int]]:
    """Distinct active members in each of the last `weeks` weeks (7-day spans ending today).

    Counted like the report's figures: a recorded day, or the day last seen.
    """
    today = scope.now.date()
    first = today - timedelta(days=7 * weeks - 1)
    pairs = await activity_days(scope.session, scope.community.id, first, today)
    pairs.extend((m.id, m.last_seen_at.date()) for m in part.members)
    allowed = {m.id for m in part.members}
    buckets: list[set[int]] = [set() for _week in range(weeks)]
    for member_id, day in pairs:
        if member_id in allowed and first <= day <= today:
            buckets[(day - first).days // 7].add(member_id)
    return [(first + timedelta(days=7 * i), len(b)) for i, b in enumerate(buckets)]


SECTION = ReportSection("members", "Members", compute, order=10)


# --- the participation export -------------------------------------------------

PARTICIPATION_HEADER = (
    N_("member"),
    N_("role"),
    N_("district"),
    N_("school"),
    N_("position"),
    N_("joined"),
    N_("last seen"),
    N_("days active"),
)


async def participation_rows(scope: ExportScope) -> Sequence[Sequence[Cell]]:
    """One row per member: who they are in the network and how often they used the bot.

    Only bot use is counted here, never what anyone wrote, and no per-person
    counts of cases (which could unmask an anonymous author).
    """
    members = await community_members(scope.session, scope.community.id)
    first = (scope.since or datetime.min.replace(tzinfo=scope.now.tzinfo)).date()
    days = Counter(
        member_id
        for member_id, _day in await activity_days(
            scope.session, scope.community.id, first, scope.now.date()
        )
    )
    return [
        (
            m.display_name,
            m.role,
            m.district,
            m.school,
            m.position,
            m.created_at.date(),
            m.last_seen_at if m.last_seen_at > NEVER_SEEN else None,  # named, never seen
            days[m.id],
        )
        for m in members
    ]


PARTICIPATION = Export(
    "participation",
    "one row per member: district, school, position, joined, last seen, days active",
    PARTICIPATION_HEADER,
    participation_rows,
    translate_header=True,
)
