"""`/reflect stats`: how reflection is going, in counts only, by week.

Facilitators see how many prompts went out, were answered and were skipped; never a word of
what anyone wrote, and never who. Counts are built from `stats_rows`, which selects no text
column. The small-number rule: an answered or skipped cell that fewer than five people stand
behind is shown as "fewer than 5", zero included, so a facilitator who sent a prompt to three
people cannot learn from the table whether any of them answered. Sent counts are shown as they
are: they count what facilitators did, not what anyone chose.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.i18n import N_, _, date_text
from bot.kernel.reply import Header, Item, ItemList, Note, Paragraph, Reply
from bot.time.recurrence import RecurrenceError, parse_duration
from storage.reflect import stats_rows

MIN_PEOPLE = 5
FEWER = N_("fewer than {n}")
DEFAULT_WEEKS = 8
MAX_WEEKS = 104


@dataclass
class Cell:
    """One count and the people behind it (kept only to apply the small-number rule)."""

    count: int = 0
    people: set[int] = field(default_factory=set)

    def add(self, member_id: int) -> None:
        self.count += 1
        self.people.add(member_id)

    def shown(self) -> str:
        if len(self.people) < MIN_PEOPLE:
            return _(FEWER, n=MIN_PEOPLE)
        return str(self.count)


@dataclass
class Week:
    sent: Cell = field(default_factory=Cell)
    answered: Cell = field(default_factory=Cell)
    skipped: Cell = field(default_factory=Cell)


def parse_since(raw: str, now: datetime, zone: ZoneInfo) -> datetime:
    """`since:2026-09-01` or `since:30d` (a duration back from now)."""
    text = raw.strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        try:
            return now - parse_duration(text)
        except RecurrenceError:
            raise UserError(
                _(
                    "since: can be a date like 2026-09-01 or a duration like 30d or 8w, "
                    "not “{raw}”.",
                    raw=raw,
                )
            ) from None
    return datetime.combine(day, time(0), zone)


def week_start(moment: datetime, zone: ZoneInfo) -> date:
    day = moment.astimezone(zone).date()
    return day - timedelta(days=day.weekday())


async def stats(ctx: Context, args: Args) -> Reply:
    zone = ctx.community_zone()
    now = ctx.now
    if "since" in args:
        since = parse_since(args["since"], now, zone)
    else:
        since = now - timedelta(weeks=DEFAULT_WEEKS)
    if since > now:
        raise UserError(_("since: is in the future; give a date in the past or a duration."))
    first = week_start(since, zone)
    last = week_start(now, zone)
    if (last - first).days // 7 >= MAX_WEEKS:
        raise UserError(
            _("since: reaches back too far; the most is {weeks} weeks.", weeks=MAX_WEEKS)
        )
    since_local = datetime.combine(first, time(0), zone)
    weeks: dict[date, Week] = defaultdict(Week)
    for row in await stats_rows(ctx.session, ctx.community.id, since_local):
        if row.sent_at is not None and row.sent_at >= since_local:
            weeks[week_start(row.sent_at, zone)].sent.add(row.member_id)
        if row.answered_at is not None and row.answered_at >= since_local:
            weeks[week_start(row.answered_at, zone)].answered.add(row.member_id)
        if row.skipped_at is not None and row.skipped_at >= since_local:
            weeks[week_start(row.skipped_at, zone)].skipped.add(row.member_id)
    sent_weeks = [day for day, week in weeks.items() if week.sent.count]
    if not sent_weeks:
        return Reply(
            [
                Header(_("Reflection prompts: counts by week")),
                Paragraph(_("No prompts were sent since {day}.", day=date_text(first, "day"))),
                Note(
                    _('Schedule some with /reflect schedule to:everyone when:"every monday 8:00".')
                ),
            ]
        )
    first = min(sent_weeks)  # the weeks before anything was sent say nothing
    total = Week()
    items = []
    day = last
    while day >= first:
        week = weeks.get(day, Week())
        for name in ("sent", "answered", "skipped"):
            cell, sum_cell = getattr(week, name), getattr(total, name)
            sum_cell.count += cell.count
            sum_cell.people |= cell.people
        items.append(Item(title=_("Week of {day}", day=date_text(day, "day")), detail=_line(week)))
        day -= timedelta(days=7)
    return Reply(
        [
            Header(_("Reflection prompts: counts by week")),
            Paragraph(_("All weeks: {counts}.", counts=_line(total))),
            ItemList(tuple(items)),
            Note(
                _(
                    "Counts only, never what anyone wrote. A count that fewer than {n} people "
                    'stand behind shows as "{fewer}", so no one can be singled out. Weeks start '
                    "on Monday ({zone}).",
                    n=MIN_PEOPLE,
                    fewer=_(FEWER, n=MIN_PEOPLE),
                    zone=zone.key,
                )
            ),
        ]
    )


def _line(week: Week) -> str:
    return _(
        "sent {sent} · answered {answered} · skipped {skipped}",
        sent=week.sent.count,
        answered=week.answered.shown(),
        skipped=week.skipped.shown(),
    )
