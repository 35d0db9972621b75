"""The handlers of `/praxis report` and `/praxis export`."""

from __future__ import annotations

import asyncio
import math
from datetime import timedelta

from bot.dispatch.context import Context
from bot.grammar.registry import Registry
from bot.grammar.spec import Args, Option, OptionType, SubCommand
from bot.kernel.errors import UserError
from bot.kernel.i18n import _, date_text, ngettext
from bot.kernel.reply import (
    Attachment,
    Block,
    Header,
    Image,
    Item,
    ItemList,
    Note,
    Paragraph,
    Reply,
)
from bot.kernel.roles import Role
from bot.reporting import charts
from bot.reporting.csv_export import to_csv
from bot.reporting.model import ExportScope, ReportScope
from bot.reporting.sections import exports, find_export, period_ending, render_section, run_sections
from commands.reports import audit, digest, members

DEFAULT_SINCE = timedelta(days=30)
REFUSAL = "Only facilitators can read reports."


def _registry(ctx: Context) -> Registry:
    registry = ctx.services.registry
    return registry


def _unit(length: timedelta) -> tuple[str, int]:
    """A period's length in whole weeks (two or more), days, or hours."""
    if length % timedelta(days=7) == timedelta() and length >= timedelta(days=14):
        return "week", length // timedelta(days=7)
    if length % timedelta(days=1) == timedelta():
        return "day", length.days
    return "hour", math.ceil(length / timedelta(hours=1))


def period_text(length: timedelta, start: str, end: str) -> str:
    """The period a report covers, said whole: "The last 30 days (Oct 31 – Nov 30, 2026);
    “before” is the 30 days before that." """
    unit, n = _unit(length)
    if unit == "week":
        return ngettext(
            "The last week ({start} – {end}); “before” is the week before that.",
            "The last {n} weeks ({start} – {end}); “before” is the {n} weeks before that.",
            n,
            start=start,
            end=end,
        )
    if unit == "day":
        return ngettext(
            "The last day ({start} – {end}); “before” is the day before that.",
            "The last {n} days ({start} – {end}); “before” is the {n} days before that.",
            n,
            start=start,
            end=end,
        )
    return ngettext(
        "The last hour ({start} – {end}); “before” is the hour before that.",
        "The last {n} hours ({start} – {end}); “before” is the {n} hours before that.",
        n,
        start=start,
        end=end,
    )


def last_text(length: timedelta) -> str:
    """ "last 30 days": a chart's title and legend."""
    unit, n = _unit(length)
    if unit == "week":
        return ngettext("last week", "last {n} weeks", n)
    if unit == "day":
        return ngettext("last day", "last {n} days", n)
    return ngettext("last hour", "last {n} hours", n)


def before_text(length: timedelta) -> str:
    """ "the 30 days before", the legend of the period before."""
    unit, n = _unit(length)
    if unit == "week":
        return ngettext("the week before", "the {n} weeks before", n)
    if unit == "day":
        return ngettext("the day before", "the {n} days before", n)
    return ngettext("the hour before", "the {n} hours before", n)


async def _team(ctx: Context, text: str | None) -> tuple[frozenset[int] | None, str | None]:
    """The member ids of a cycle's team, through the `team` target kind a family declares."""
    if not text:
        return None, None
    value = text.strip().removeprefix("team:").strip()
    for family in _registry(ctx):
        for kind in getattr(family, "target_kinds", ()):
            if kind.prefix == "team":
                recipients = await kind.resolve(ctx.session, ctx.community, value)
                ids = frozenset(r.member.id for r in recipients if r.member is not None)
                return ids, value
    raise UserError(
        _(
            "Teams come with lesson-study cycles, and there are none here yet; "
            "run the report without team:."
        )
    )


async def report(ctx: Context, args: Args) -> Reply:
    """`/praxis report [since:30d] [team:] [charts:no]`."""
    length: timedelta = args.get("since", DEFAULT_SINCE)
    if length < timedelta(hours=1):
        raise UserError(_("since: should be at least an hour, e.g. since:30d."), option="since")
    zone = ctx.community_zone()
    period = period_ending(ctx.now, length)
    member_ids, team = await _team(ctx, args.get("team"))
    scope = ReportScope(
        ctx.session, ctx.community, period, period.before(), ctx.now, zone, member_ids, team
    )
    results = await run_sections(_registry(ctx), scope)
    start, end = period.start.astimezone(zone), period.end.astimezone(zone)
    if team:
        title = _("Report for {community}, team {team}", community=ctx.community.name, team=team)
    else:
        title = _("Report for {community}", community=ctx.community.name)
    shown_period = period_text(
        length, date_text(start, "month_day"), date_text(end, "month_day_year")
    )
    blocks: list[Block] = [Header(title), Paragraph(shown_period)]
    for result in results:
        blocks.extend(render_section(result))
    if args.get("charts", True):
        blocks.extend(await _charts(scope, length))
    names = ", ".join(sorted(exports(_registry(ctx))))
    blocks.append(
        Note(_("Spreadsheets: /praxis export <what>, with what one of: {names}.", names=names))
    )
    return Reply(blocks)


async def _charts(scope: ReportScope, length: timedelta) -> list[Block]:
    part = await members.participation(scope)
    weeks = min(26, max(8, math.ceil(2 * length / timedelta(days=7))))
    weekly = await members.weekly_active(scope, part, weeks)
    bars = members.district_bars(part)
    # The charts are drawn in a worker thread, which carries the reader's language.
    over_time = await asyncio.to_thread(
        charts.participation_over_time,
        weekly,
        ngettext(
            "Active members per week, last {n} week",
            "Active members per week, last {n} weeks",
            weeks,
        ),
    )
    by_district = await asyncio.to_thread(
        charts.by_category,
        bars,
        _("Active members by district, {last}", last=last_text(length)),
        current=last_text(length),
        previous=before_text(length),
    )
    busiest = max(weekly, key=lambda week: week[1]) if weekly else None
    if busiest:
        alt_time = ngettext(
            "Active members per week for {n} week; most in the week of {day}: {count}.",
            "Active members per week for {n} weeks; most in the week of {day}: {count}.",
            weeks,
            day=date_text(busiest[0], "month_day"),
            count=busiest[1],
        )
    else:
        alt_time = ngettext(
            "Active members per week for {n} week.", "Active members per week for {n} weeks.", weeks
        )
    listed = "; ".join(
        _("{district} {now} (before {before})", district=b.label, now=b.current, before=b.previous)
        for b in bars[:8]
    )
    alt_district = _("Active members by district: {listed}", listed=listed or _("none"))
    return [
        Image("participation-over-time.png", over_time, alt_time),
        Image("participation-by-district.png", by_district, alt_district),
    ]


async def export(ctx: Context, args: Args) -> Reply:
    """`/praxis export <what> [since:]`: a CSV file; without <what>, what can be exported."""
    registry = _registry(ctx)
    if "what" not in args:
        available = sorted(
            (e for e in exports(registry).values() if ctx.role.at_least(e.role)),
            key=lambda e: e.name,
        )
        return Reply(
            [
                Header(_("Exports")),
                ItemList(tuple(Item(e.name, _(e.help)) for e in available)),
                Note(_("Run /praxis export <what>, e.g. /praxis export participation.")),
            ]
        )
    chosen = find_export(registry, args["what"])
    if chosen.role is Role.ADMIN:
        refusal = _("Only admins can export {what}.", what=chosen.name)
    else:
        refusal = _("Only facilitators can export {what}.", what=chosen.name)
    ctx.require(chosen.role, refusal)
    zone = ctx.community_zone()
    since = ctx.now - args["since"] if "since" in args else None
    scope = ExportScope(ctx.session, ctx.community, ctx.now, zone, since)
    rows = list(await chosen.rows(scope))
    header = tuple(_(name) for name in chosen.header) if chosen.translate_header else chosen.header
    data = to_csv(header, rows, zone)
    filename = f"praxis-{chosen.name}-{ctx.now.astimezone(zone):%Y-%m-%d}.csv"
    if since:
        counted = ngettext(
            "{what}: {n} row since {since}.",
            "{what}: {n} rows since {since}.",
            len(rows),
            what=chosen.name,
            since=date_text(since.astimezone(zone), "month_day_year"),
        )
    else:
        counted = ngettext("{what}: {n} row.", "{what}: {n} rows.", len(rows), what=chosen.name)
    blocks: list[Block] = [Paragraph(counted), Attachment(filename, data, "text/csv")]
    blocks.extend(Note(_(note)) for note in chosen.notes)
    return Reply(blocks)


SUBCOMMANDS = (
    SubCommand(
        "audit",
        "Who approved, returned, unpublished, hid or removed what, and when.",
        (Option("since", OptionType.DURATION, help="how far back, e.g. 30d (default 90d)"),),
        role=Role.ADMIN,
        handler=audit.audit,
        refusal=audit.REFUSAL,
        details="The moderation log; /praxis export audit downloads all of it as a CSV.",
    ),
    SubCommand(
        "report",
        "Participation and activity, with the period before beside each figure.",
        (
            Option("since", OptionType.DURATION, help="how far back, e.g. 30d (the default), 2w"),
            Option("team", max_length=200, help="only a cycle's team, e.g. team:fractions"),
            Option("charts", OptionType.BOOL, help="no to leave out the charts"),
        ),
        role=Role.FACILITATOR,
        handler=report,
        refusal=REFUSAL,
        details=(
            "Active members by district, school and position (who the network reaches and "
            "who it misses), and each family's figures: resources, cycles, reflections, "
            "cases. Counts of answers below five show as “fewer than 5”."
        ),
    ),
    SubCommand(
        "export",
        "A CSV file for spreadsheets: participation, resources, cases, cycles.",
        (
            Option("what", positional=True, max_length=40, help="what to export"),
            Option("since", OptionType.DURATION, help="only what is newer, e.g. 90d"),
        ),
        role=Role.FACILITATOR,
        handler=export,
        refusal=REFUSAL,
        details=(
            "UTF-8 with a byte-order mark; cells that would start a formula begin with an "
            "apostrophe. Never private reflection text; anonymous cases carry no author."
        ),
    ),
    SubCommand(
        "digest",
        "Schedule the weekly digest to a channel, preview it, or list and cancel digests.",
        (
            Option("action", OptionType.CHOICE, positional=True, choices=("preview", "cancel")),
            Option(
                "id",
                OptionType.ID,
                positional=True,
                help="the digest to cancel",
                autocomplete="digest",
            ),
            Option(
                "to", OptionType.TARGET, help="the channel, e.g. #general", autocomplete="target"
            ),
            Option(
                "when",
                OptionType.RECURRENCE,
                help='e.g. "every monday 8:00" (the default)',
            ),
        ),
        role=Role.FACILITATOR,
        handler=digest.digest,
        refusal="Only facilitators can schedule the digest.",
        details=(
            "New resources, newly published cases, coming lesson-study phases and this "
            "week's prompt, posted in one short message; a week with nothing new sends nothing."
        ),
    ),
)
