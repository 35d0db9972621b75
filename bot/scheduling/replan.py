"""Re-planning future occurrences when what their times depend on changes.

A schedule's next occurrence (`next_run_at`) and when it is sent (`due_at`) are computed
when it is made and each time it fires, from its recurrence, its zone and the community's
quiet hours. When an admin changes the community's zone or quiet hours, or a person their
own zone, the schedules that depend on it are planned again at once, so the very next
occurrence already follows the change (not the one after it):

- a schedule to one person with no `tz:` of its own follows that person's zone;
- any other schedule with no `tz:` (and not made for one zone, as a reflection prompt's
  per-zone schedule is: payload "zone") that was in the community's old zone moves to the
  new one;
- a schedule to a channel or a person is sent when quiet hours end; one to several people
  is held per person by the engine, so only its occurrence is planned here.

Wall-clock times stay: the Monday 9:00 prompt is at 9:00 in the new zone. An occurrence
already delivered this week is not delivered again because its wall time comes later in the
new zone: planning starts after the last delivery's wall time read in the new zone.

Large communities: rows are read as plain columns (not ORM objects), parsed recurrences and
computed occurrences are shared between schedules that have the same rule, zone and start,
and schedules that come out alike are written by one UPDATE per 5,000 ids;
bench/scheduler.py measures 100k.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.time.recurrence import (
    Recurrence,
    RecurrenceError,
    hold_for_quiet_hours,
    next_occurrence,
    recurrence_from_text,
)
from storage.community import Community, Member
from storage.schedules import ACTIVE, DONE, Schedule

CHUNK = 5000  # ids per UPDATE (well under SQLite's bound-variable limit)
PERSON_PREFIXES = ("@", "<@")
GROUP_PREFIXES = ("#", "<#", "@", "<@")


@lru_cache(maxsize=4096)
def _rule(text: str) -> Recurrence | None:
    try:
        return recurrence_from_text(text)
    except RecurrenceError:
        return None


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _wall_in(moment: datetime, old: ZoneInfo, new: ZoneInfo) -> datetime:
    """The same wall-clock time as `moment` in `old`, read in `new` (aware UTC)."""
    wall = moment.astimezone(old).replace(tzinfo=None)
    return wall.replace(tzinfo=new).astimezone(UTC)


@dataclass
class _Row:
    id: int
    target: str
    recurrence: str
    zone: str
    pinned: bool  # made for one zone (payload "zone"), as a reflection prompt's group is
    last_run_at: datetime | None
    next_run_at: datetime | None
    due_at: datetime | None


@dataclass
class Replan:
    """What one re-planning pass did: `moved` schedules now go out at another time."""

    checked: int = 0
    moved: int = 0


def is_person(target: str) -> bool:
    return target.startswith(PERSON_PREFIXES)


def per_recipient(target: str) -> bool:
    return not target.startswith(GROUP_PREFIXES)


class _Planner:
    """Occurrences for many schedules, computed once per (rule, zone, start)."""

    def __init__(self, now: datetime, quiet: tuple[time, time] | None) -> None:
        self.now = now
        self.quiet = quiet
        self._memo: dict[tuple[str, str, datetime], datetime | None] = {}

    def occurrence(self, text: str, zone: str, after: datetime) -> datetime | None:
        key = (text, zone, after)
        if key not in self._memo:
            rule = _rule(text)
            self._memo[key] = None if rule is None else next_occurrence(rule, after, _zone(zone))
        return self._memo[key]

    def due(self, target: str, occurrence: datetime | None, zone: str) -> datetime | None:
        if occurrence is None or per_recipient(target):
            return occurrence
        return hold_for_quiet_hours(occurrence, _zone(zone), self.quiet)


async def _rows(session: AsyncSession, community_id: int, target: str | None) -> list[_Row]:
    query = select(
        Schedule.id,
        Schedule.target,
        Schedule.recurrence,
        Schedule.zone,
        Schedule.payload["zone"].as_string().is_not(None),  # read in SQL, not per row
        Schedule.last_run_at,
        Schedule.next_run_at,
        Schedule.due_at,
    ).where(Schedule.community_id == community_id, Schedule.status == ACTIVE)
    if target is not None:
        query = query.where(Schedule.target == target)
    return [_Row(*row) for row in await session.execute(query)]


def _new_zone(row: _Row, zone_for: Callable[[_Row], str | None]) -> str:
    rule = _rule(row.recurrence)
    if rule is None or rule.tz is not None or row.pinned:
        return row.zone  # a zone of its own: tz:, or made for one zone
    return zone_for(row) or row.zone


async def replan(
    session: AsyncSession,
    community: Community,
    *,
    now: datetime,
    quiet: tuple[time, time] | None,
    zone_for: Callable[[_Row], str | None],
    target: str | None = None,
) -> Replan:
    """Plan every active schedule of `community` (or only those to `target`) again: each
    takes the zone `zone_for` gives it (None: keeps its own) and the current quiet hours."""
    planner = _Planner(now, quiet)
    result = Replan()
    # Schedules that end up alike (same zone and times) are written by one UPDATE per
    # chunk of ids: a community's schedules share few rules, so there are few such groups.
    changes: dict[tuple[str, datetime | None, datetime | None, str], list[int]] = {}
    for row in await _rows(session, community.id, target):
        result.checked += 1
        zone = _new_zone(row, zone_for)
        occurrence = row.next_run_at
        if zone != row.zone:
            after = now
            if row.last_run_at is not None:
                after = max(now, _wall_in(row.last_run_at, _zone(row.zone), _zone(zone)))
            occurrence = planner.occurrence(row.recurrence, zone, after)
            rule = _rule(row.recurrence)
            if occurrence is None and row.next_run_at is not None and rule and rule.kind == "once":
                # A one-off whose wall time has just passed in the new zone: send it now
                # (the engine's grace period applies) rather than drop it.
                occurrence = _wall_in(row.next_run_at, _zone(row.zone), _zone(zone))
        due = planner.due(row.target, occurrence, zone)
        if zone == row.zone and occurrence == row.next_run_at and due == row.due_at:
            continue
        result.moved += occurrence != row.next_run_at or due != row.due_at
        status = ACTIVE if occurrence is not None else DONE
        changes.setdefault((zone, occurrence, due, status), []).append(row.id)
    for (zone, occurrence, due, status), ids in changes.items():
        for start in range(0, len(ids), CHUNK):
            await session.execute(
                update(Schedule)
                .where(Schedule.id.in_(ids[start : start + CHUNK]))
                .values(zone=zone, next_run_at=occurrence, due_at=due, status=status)
                .values(updated_at=now)
                .execution_options(synchronize_session=False)
            )
    return result


async def replan_community(
    session: AsyncSession,
    community: Community,
    *,
    old_zone: str,
    now: datetime,
    quiet: tuple[time, time] | None,
) -> Replan:
    """After the community's zone or quiet hours changed (`community` already has them)."""
    members: dict[str, Member] = {}
    query = select(Member).where(
        Member.community_id == community.id,
        Member.timezone.is_(None),
    )
    for member in (await session.execute(query)).scalars():
        members[member.user_id] = member

    def zone_for(row: _Row) -> str | None:
        if is_person(row.target):
            member = members.get(row.target.lstrip("<@").rstrip(">"))
            if member is None:
                return None  # someone with a zone of their own keeps it
            return member.platform_timezone or community.timezone
        return community.timezone if row.zone == old_zone else None

    return await replan(session, community, now=now, quiet=quiet, zone_for=zone_for)


async def replan_member(
    session: AsyncSession,
    community: Community,
    member: Member,
    *,
    zone: str,
    now: datetime,
    quiet: tuple[time, time] | None,
) -> Replan:
    """After a person's own zone changed: the schedules to them alone follow them."""
    return await replan(
        session,
        community,
        now=now,
        quiet=quiet,
        zone_for=lambda row: zone,
        target=f"@{member.user_id}",
    )
