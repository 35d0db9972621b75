"""A community's school calendars, read from storage into bot.time.calendar's pure form.

The community-wide entries apply to everyone; a district's own entries apply, on top of
those, to the members who name that district in their profile. A member with no district
(or one with no entries of its own) lives by the community-wide calendar.

Deliveries marked `school_days` (see `follows_school_days`) are held, per recipient, from a
non-school day to their next school day at the same wall-clock time: `school_day_hold`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.time.calendar import (
    SEARCH_DAYS,
    WEEKDAYS,
    DistrictCalendar,
    EntryKind,
    NoSchoolDay,
    Span,
    TeamCalendar,
    next_school_day,
    team_of,
)
from bot.time.recurrence import hold_for_quiet_hours
from storage.calendar import WHOLE_COMMUNITY, CalendarEntry, calendar_entries, district_key
from storage.community import Community, Member
from storage.schedules import Schedule

SCHOOL_DAYS = "school_days"  # the payload key: hold occurrences to each recipient's school day


def span_of(entry: CalendarEntry) -> Span:
    return Span(EntryKind(entry.kind), entry.start, entry.end, entry.name)


@dataclass(frozen=True)
class CommunityCalendars:
    """Every calendar of one community, built once per read."""

    base: DistrictCalendar = WEEKDAYS
    districts: dict[str, DistrictCalendar] = field(default_factory=dict)
    entries: int = 0

    @classmethod
    def of(cls, entries: Iterable[CalendarEntry]) -> CommunityCalendars:
        common: list[Span] = []
        own: dict[str, list[Span]] = {}
        labels: dict[str, str] = {}
        count = 0
        for entry in entries:
            count += 1
            if entry.district_key == WHOLE_COMMUNITY:
                common.append(span_of(entry))
            else:
                own.setdefault(entry.district_key, []).append(span_of(entry))
                labels.setdefault(entry.district_key, entry.district or entry.district_key)
        base = DistrictCalendar.of(common)
        districts = {
            key: DistrictCalendar.of([*common, *spans], labels[key]) for key, spans in own.items()
        }
        return cls(base, districts, count)

    def for_district(self, name: str | None) -> DistrictCalendar:
        return self.districts.get(district_key(name), self.base)

    def for_member(self, member: Member | None) -> DistrictCalendar:
        return self.for_district(member.district if member is not None else None)

    def for_team(self, members: Iterable[Member | None]) -> TeamCalendar:
        """The team's calendar: a school day for every district its members name. (Each
        district's calendar includes the community-wide entries, so members without a
        district add nothing once someone on the team has one.)"""
        parts = [self.for_member(member) for member in members]
        districts = [part for part in parts if part is not self.base]
        return team_of(districts or parts)


async def load_calendars(session: AsyncSession, community: Community) -> CommunityCalendars:
    return CommunityCalendars.of(await calendar_entries(session, community.id))


def default_school_days(target: str) -> bool:
    """school-days: is on by default for the targets that reach people as a group (a
    team, everyone): each is held by their own district's calendar."""
    lowered = target.strip().lower()
    return lowered in ("everyone", "all", "@everyone") or lowered.startswith("team:")


def follows_school_days(schedule: Schedule) -> bool:
    return bool((schedule.payload or {}).get(SCHOOL_DAYS))


def school_day_hold(
    occurrence: datetime,
    zone: ZoneInfo,
    calendar: DistrictCalendar | TeamCalendar,
    quiet: tuple[time, time] | None,
) -> datetime | None:
    """When a share planned for `occurrence` goes out for someone on `calendar` in `zone`:
    None when that day is a school day (nothing to hold); else the same wall-clock time on
    their next school day, itself held by quiet hours. With no school day within the search
    bound (a calendar with no next school year yet), nothing is held."""
    local = occurrence.astimezone(zone)
    if calendar.is_school_day(local.date()):
        return None
    try:
        day = next_school_day(calendar, local.date())
    except NoSchoolDay:
        return None
    if (day - local.date()).days > SEARCH_DAYS:
        return None
    wall = datetime.combine(day, local.time().replace(tzinfo=None))
    held = wall.replace(tzinfo=zone)
    # Normalise through UTC so a wall time in a DST gap lands after it, as recurrences do.
    return hold_for_quiet_hours(held.astimezone(ZoneInfo("UTC")), zone, quiet)


__all__ = [
    "SCHOOL_DAYS",
    "CommunityCalendars",
    "TeamCalendar",
    "default_school_days",
    "follows_school_days",
    "load_calendars",
    "school_day_hold",
]
