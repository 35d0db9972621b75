"""The handlers of `/praxis report` and `/praxis export`."""

from __future__ import annotations

import asyncio
import math
from datetime import timedelta

from bot.dispatch.context import Context
from bot.grammar.registry import Registry
from bot.grammar.spec import Args, Option, OptionType, SubCommand
from bot.kernel.errors import UserError
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


def describe(length: timedelta) -> str:
    if length % timedelta(days=7) == timedelta() and length >= timedelta(days=14):
        weeks = length // timedelta(days=7)
        return f"{weeks} weeks"
    if length % timedelta(days=1) == timedelta():
        days = length.days
        return "day" if days == 1 else f"{days} days"
    hours = math.ceil(length / timedelta(hours=1))
    return "hour" if hours == 1 else f"{hours} hours"


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
        "Teams come with lesson-study cycles, and there are none here yet; "
        "run the report without team:."
    )


async def report(ctx: Context, args: Args) -> Reply:
    """`/praxis report [since:30d] [team:] [charts:no]`."""
    length: timedelta = args.get("since", DEFAULT_SINCE)
    if length < timedelta(hours=1):
        raise UserError("since: should be at least an hour, e.g. since:30d.")
    zone = ctx.community_zone()
    period = period_ending(ctx.now, length)
    member_ids, team = await _team(ctx, args.get("team"))
    scope = ReportScope(
        ctx.session, ctx.community, period, period.before(), ctx.now, zone, member_ids, team
    )
    results = await run_sections(_registry(ctx), scope)
    span = describe(length)
    start, end = period.start.astimezone(zone), period.end.astimezone(zone)
    title = f"Report for {ctx.community.name}" + (f", team {team}" if team else "")
    blocks: list[Block] = [
        Header(title),
        Paragraph(
            f"The last {span} ({start:%b %-d} – {end:%b %-d, %Y}); "
            f"“before” is the {span} before that."
        ),
    ]
    for result in results:
        blocks.extend(render_section(result))
    if args.get("charts", True):
        blocks.extend(await _charts(scope, length))
    names = ", ".join(sorted(exports(_registry(ctx))))
    blocks.append(Note(f"Spreadsheets: /praxis export <what>, with what one of: {names}."))
    return Reply(blocks)


async def _charts(scope: ReportScope, length: timedelta) -> list[Block]:
    part = await members.participation(scope)
    weeks = min(26, max(8, math.ceil(2 * length / timedelta(days=7))))
    weekly = await members.weekly_active(scope, part, weeks)
    bars = members.district_bars(part)
    span = describe(length)
    over_time = await asyncio.to_thread(
        charts.participation_over_time, weekly, f"Active members per week, last {weeks} weeks"
    )
    by_district = await asyncio.to_thread(
        charts.by_category,
        bars,
        f"Active members by district, last {span}",
        current=f"last {span}",
        previous=f"the {span} before",
    )
    busiest = max(weekly, key=lambda week: week[1]) if weekly else None
    alt_time = f"Active members per week for {weeks} weeks" + (
        f"; most in the week of {busiest[0]:%b %-d}: {busiest[1]}." if busiest else "."
    )
    alt_district = "Active members by district: " + (
        "; ".join(f"{b.label} {b.current} (before {b.previous})" for b in bars[:8]) or "none"
    )
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
                Header("Exports"),
                ItemList(tuple(Item(e.name, e.help) for e in available)),
                Note("Run /praxis export <what>, e.g. /praxis export participation."),
            ]
        )
    chosen = find_export(registry, args["what"])
    ctx.require(chosen.role, f"Only {chosen.role.plural} can export {chosen.name}.")
    zone = ctx.community_zone()
    since = ctx.now - args["since"] if "since" in args else None
    scope = ExportScope(ctx.session, ctx.community, ctx.now, zone, since)
    rows = list(await chosen.rows(scope))
    data = to_csv(chosen.header, rows, zone)
    filename = f"praxis-{chosen.name}-{ctx.now.astimezone(zone):%Y-%m-%d}.csv"
    what = "row" if len(rows) == 1 else "rows"
    blocks: list[Block] = [
        Paragraph(
            f"{chosen.name}: {len(rows)} {what}"
            + (" since " + f"{since.astimezone(zone):%b %-d, %Y}" if since else "")
            + "."
        ),
        Attachment(filename, data, "text/csv"),
    ]
    blocks.extend(Note(note) for note in chosen.notes)
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
