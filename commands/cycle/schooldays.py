"""A cycle's school calendar: the days that are school days for every district on its team.

Members name their district in their profile; each district may have its own calendar
(/praxis calendar). A cycle's team lives by all of them at once, so a day counts as a
school day for the cycle when it is one for every district on the team (weekends never
are). Everything in this family that counts school days asks here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.i18n import _
from bot.kernel.reply import Note
from bot.scheduling.calendars import load_calendars
from bot.time.calendar import (
    NoSchoolDay,
    TeamCalendar,
    add_school_days,
    next_school_day,
    previous_school_day,
)
from commands.cycle.render import fmt_day
from storage.community import Community, Member
from storage.cycles import Cycle, cycle_team
from storage.members import members_by_ids


async def team_calendar(
    session: AsyncSession, community: Community, cycle: Cycle | None, extra: Sequence[Member] = ()
) -> TeamCalendar:
    """The calendar of `cycle`'s team (and of `extra` people about to join it)."""
    calendars = await load_calendars(session, community)
    people: list[Member | None] = list(extra)
    if cycle is not None and cycle.id is not None:
        rows = await cycle_team(session, cycle)
        found = await members_by_ids(session, community.id, [row.member_id for row in rows])
        people.extend(found.get(row.member_id) for row in rows)
    return calendars.for_team(people)


def districts_text(calendar: TeamCalendar) -> str:
    labels = [part.label for part in calendar.parts]
    if labels == ["the community"]:
        return _("the community's calendar")
    return _("the calendars of {districts}", districts=", ".join(labels))


def day_problem(calendar: TeamCalendar, day: date) -> str | None:
    """Why a research lesson on `day` is a poor plan: not a school day, or testing."""
    reason = calendar.why_not(day)
    if reason is not None:
        return _(
            "{day} is not a school day for the team ({reason})", day=fmt_day(day), reason=reason
        )
    window = calendar.testing_window(day)
    if window is not None:
        return _("{day} falls in a testing window ({window})", day=fmt_day(day), window=window)
    return None


def suggest_day(calendar: TeamCalendar, day: date, today: date) -> date | None:
    """The nearest school day outside testing windows, not before today; later on a tie."""
    after = before = None
    probe = day
    for _attempt in range(120):
        probe = next_school_day(calendar, probe)
        if calendar.testing_window(probe) is None:
            after = probe
            break
        probe = add_school_days(calendar, probe, 1)
    probe = day
    for _attempt in range(120):
        try:
            probe = previous_school_day(calendar, probe)
        except NoSchoolDay:
            break
        if probe < today:
            break
        if calendar.testing_window(probe) is None and probe != day:
            before = probe
            break
        probe = add_school_days(calendar, probe, -1)
    if after is None:
        return before
    if before is None:
        return after
    return before if (day - before) < (after - day) else after


def lesson_warning(calendar: TeamCalendar, day: date, today: date, cycle: Cycle) -> Note | None:
    """A warning for a research lesson on a non-school day or in a testing window, with the
    nearest better day and the command that moves the plan there."""
    problem = day_problem(calendar, day)
    if problem is None:
        return None
    better = suggest_day(calendar, day, today)
    if better is None:
        return Note(f"{problem}.")
    return Note(
        _(
            "{problem}. The nearest school day outside testing is {day}: "
            "/cycle schedule #{id} teach {iso} shift:yes moves the plan there.",
            problem=problem,
            day=fmt_day(better, today),
            id=cycle.id,
            iso=better.isoformat(),
        )
    )
