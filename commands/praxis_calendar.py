"""`/praxis calendar`: the community's school calendar, and each district's.

Facilitators build it three ways: by command (`add 2026-12-21..2027-01-01 "Winter break"`,
`remove`), by importing the .ics a district already publishes (attached to the command on
Discord, uploaded with it on Slack, or `praxis calendar import FILE --district NAME`), and
from the public holidays of a US state (`holidays CA`) as a starting point, to prune where
schools stay open. Everyone may list it. Entries without `district:` apply to the whole
community; a district's apply to the members who name it in their profile, on top of those.

This module serves the praxis family's `calendar` sub-command (commands/praxis.py declares
it); the arithmetic is bot/time/calendar.py, the reading of .ics files bot/time/ics.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.context import Context
from bot.grammar.spec import Args, Option, OptionType, SubCommand
from bot.grammar.values import parse_date, parse_id
from bot.kernel.errors import NotFound, UserError
from bot.kernel.reply import Block, Header, Item, ItemList, Note, Paragraph, Reply, Tone
from bot.kernel.roles import Role
from bot.time.calendar import (
    KIND_LABELS,
    MAX_RANGE_DAYS,
    NO_SCHOOL,
    EntryKind,
    check_horizon,
)
from storage.calendar import (
    WHOLE_COMMUNITY,
    CalendarEntry,
    calendar_entries,
    calendar_entry,
    district_key,
    next_entry_number,
)
from storage.community import Community, Member

ACTIONS = ("list", "add", "remove", "holidays", "import")
KINDS = tuple(kind.value for kind in EntryKind)
REFUSAL = "Only facilitators can change the school calendar."
NAME_LIMIT = 200
IMPORT_BACK = timedelta(days=366)  # an import keeps the past year (the current one began)
IMPORT_AHEAD = timedelta(days=2 * 366)  # and expands repeating events two years ahead

_DAY = r"(\d{4}-\d{1,2}-\d{1,2})"
_RANGE = re.compile(rf"^\s*{_DAY}\s*(?:\.\.|–|—|\bto\b)\s*{_DAY}\s*$")


def fmt_day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def fmt_range(start: date, end: date) -> str:
    if start == end:
        return fmt_day(start)
    return f"{fmt_day(start)} to {fmt_day(end)}"


def parse_range(text: str) -> tuple[date, date]:
    """`2026-12-21..2027-01-01` (inclusive) or one day `2026-11-26`."""
    match = _RANGE.match(text)
    if match:
        start, end = parse_date(match.group(1)), parse_date(match.group(2))
    else:
        start = end = parse_date(text)
    if end < start:
        raise UserError(
            f"The range {text.strip()} ends before it starts; write the first day first, "
            "e.g. 2026-12-21..2027-01-01."
        )
    if (end - start).days >= MAX_RANGE_DAYS:
        raise UserError(f"A calendar entry covers at most {MAX_RANGE_DAYS} days.")
    return start, end


def district_label(district: str | None) -> str:
    return district if district else "the whole community"


@dataclass
class Added:
    """What one import or holidays run added, by kind, and what it left out."""

    added: dict[str, int] = field(default_factory=dict)
    already: int = 0
    skipped: int = 0

    @property
    def total(self) -> int:
        return sum(self.added.values())

    def describe(self) -> str:
        if not self.added:
            return "nothing new"
        parts = []
        for kind, count in sorted(self.added.items(), key=lambda pair: -pair[1]):
            label = KIND_LABELS[EntryKind(kind)]
            parts.append(f"{count} {label}" + ("" if count == 1 else "s"))
        return ", ".join(parts)


async def add_entry(
    session: AsyncSession,
    community: Community,
    *,
    kind: EntryKind,
    start: date,
    end: date,
    name: str,
    district: str | None,
    by: Member | None,
    now: datetime,
    source: str | None = None,
) -> CalendarEntry:
    """Add one entry with the next number; a concurrent add that took it makes this one try
    the next (each try in a savepoint)."""
    for attempt in range(5):
        entry = CalendarEntry(
            community_id=community.id,
            number=await next_entry_number(session, community.id),
            district=district or None,
            district_key=district_key(district),
            kind=kind.value,
            name=name[:NAME_LIMIT],
            start=start,
            end=end,
            source=source,
            created_by=by.id if by is not None else None,
            created_at=now,
        )
        try:
            async with session.begin_nested():
                session.add(entry)
            return entry
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


async def import_ics(
    session: AsyncSession,
    community: Community,
    data: bytes,
    *,
    district: str | None,
    by: Member | None,
    now: datetime,
    today: date,
) -> Added:
    """Add what a district's .ics says about school days; an event imported before (same
    UID and day, same district) is not added twice."""
    from bot.time.ics import read_school_calendar  # icalendar loads only when it is used

    reading = read_school_calendar(data, first=today - IMPORT_BACK, last=today + IMPORT_AHEAD)
    key = district_key(district)
    known = {
        entry.source
        for entry in await calendar_entries(session, community.id, district_keys=(key,))
        if entry.source
    }
    result = Added(skipped=reading.skipped)
    for imported in reading.spans:
        if imported.source in known:
            result.already += 1
            continue
        span = imported.span
        await add_entry(
            session,
            community,
            kind=span.kind,
            start=span.start,
            end=span.end,
            name=span.name,
            district=district,
            by=by,
            now=now,
            source=imported.source,
        )
        known.add(imported.source)
        result.added[span.kind.value] = result.added.get(span.kind.value, 0) + 1
    return result


def _district_option(args: Args) -> str | None:
    raw = args.get("district")
    if raw is None:
        return None
    name = " ".join(str(raw).split())
    return name or None


async def calendar(ctx: Context, args: Args) -> Reply:
    action = args.get("action") or "list"
    if action == "list":
        return await _list(ctx, args)
    ctx.require(Role.FACILITATOR, REFUSAL)
    if action == "add":
        return await _add(ctx, args)
    if action == "remove":
        return await _remove(ctx, args)
    if action == "holidays":
        return await _holidays(ctx, args)
    return await _import(ctx, args)


def _today(ctx: Context) -> date:
    return ctx.now.astimezone(ctx.community_zone()).date()


async def _add(ctx: Context, args: Args) -> Reply:
    what, name = args.get("what"), " ".join(str(args.get("name") or "").split())
    if not what:
        raise UserError(
            'Say which days, e.g. /praxis calendar add 2026-12-21..2027-01-01 "Winter break".'
        )
    if not name:
        raise UserError(f'Give the entry a name, e.g. /praxis calendar add {what} "Winter break".')
    start, end = parse_range(what)
    today = _today(ctx)
    check_horizon(end, today, "That day")
    check_horizon(start, today, "That day")
    default = EntryKind.BREAK if end > start else EntryKind.CLOSURE
    kind = EntryKind(args["kind"]) if "kind" in args else default
    district = _district_option(args)
    for entry in await calendar_entries(
        ctx.session, ctx.community.id, district_keys=(district_key(district),)
    ):
        if (entry.kind, entry.start, entry.end) == (kind.value, start, end):
            raise UserError(
                f"That is already in the calendar of {district_label(district)} as "
                f"#{entry.number} {entry.name}."
            )
    entry = await add_entry(
        ctx.session,
        ctx.community,
        kind=kind,
        start=start,
        end=end,
        name=name,
        district=district,
        by=ctx.member,
        now=ctx.now,
    )
    what_it_is = KIND_LABELS[kind]
    blocks: list[Block] = [
        Paragraph(
            f"Added #{entry.number} {entry.name} ({what_it_is}, {fmt_range(start, end)}) to "
            f"the calendar of {district_label(district)}."
        )
    ]
    if kind in NO_SCHOOL:
        blocks.append(
            Note(
                "Lesson-study planning skips these days, and nudges and prompts marked "
                "school-days:yes wait for the next school day."
            )
        )
    elif kind is EntryKind.TESTING:
        blocks.append(Note("A research lesson planned in this window gets a warning."))
    else:
        blocks.append(Note("Days outside the school years in a calendar are not school days."))
    return Reply(blocks, tone=Tone.SUCCESS)


async def _remove(ctx: Context, args: Args) -> Reply:
    what = args.get("what")
    if not what:
        raise UserError("Say which entry, e.g. /praxis calendar remove 3 (see /praxis calendar).")
    number = parse_id(str(what), "an entry's id")
    entry = await calendar_entry(ctx.session, ctx.community.id, number)
    if entry is None:
        raise NotFound(f"There is no calendar entry #{number} here; /praxis calendar lists them.")
    await ctx.session.delete(entry)
    return Reply.text(
        f"Removed #{entry.number} {entry.name} ({fmt_range(entry.start, entry.end)}) from the "
        f"calendar of {district_label(entry.district)}.",
        tone=Tone.SUCCESS,
    )


def state_code(text: str) -> str:
    # loaded only when it is used, not at every start
    from holidays.countries.united_states import UnitedStates

    states = {code.lower(): code for code in UnitedStates.subdivisions}
    aliases = UnitedStates.subdivisions_aliases.items()
    states.update({name.lower(): code for name, code in aliases})
    code: str | None = states.get(" ".join(text.split()).lower().removeprefix("us-"))
    if code is None:
        raise UserError(
            f"“{text}” is not a US state I know; use its two-letter code (CA, TX, NY) or its "
            "name (California)."
        )
    return code


async def _holidays(ctx: Context, args: Args) -> Reply:
    what = " ".join(str(part) for part in (args.get("what"), args.get("name")) if part)
    if not what:
        raise UserError("Say which state, e.g. /praxis calendar holidays CA.")
    code = state_code(what)  # "New York" may arrive as two words
    district = _district_option(args)
    today = _today(ctx)
    last = today + timedelta(days=365)
    import holidays

    found = holidays.country_holidays("US", subdiv=code, years=range(today.year, last.year + 1))
    key = district_key(district)
    known = {
        (entry.start, entry.kind)
        for entry in await calendar_entries(ctx.session, ctx.community.id, district_keys=(key,))
    }
    result = Added()
    for day, names in sorted(found.items()):
        if not today <= day <= last or day.weekday() >= 5:
            continue  # a holiday on a weekend changes no school day
        if (day, EntryKind.HOLIDAY.value) in known:
            result.already += 1
            continue
        await add_entry(
            ctx.session,
            ctx.community,
            kind=EntryKind.HOLIDAY,
            start=day,
            end=day,
            name=str(names).split(";")[0].strip(),
            district=district,
            by=ctx.member,
            now=ctx.now,
            source=f"holidays:US-{code}",
        )
        result.added["holiday"] = result.added.get("holiday", 0) + 1
    blocks: list[Block] = [
        Paragraph(
            f"Added {result.total} public holidays of US-{code} on school days from "
            f"{fmt_day(today)} to {fmt_day(last)} to the calendar of {district_label(district)}"
            + (f" ({result.already} were there already)." if result.already else ".")
        ),
        Note(
            "A state holiday is not always a day off: remove the ones your schools stay open "
            "on with /praxis calendar remove <id>."
        ),
    ]
    return Reply(blocks, tone=Tone.SUCCESS)


async def _import(ctx: Context, args: Args) -> Reply:
    files = [f for f in ctx.files if f.data]
    if not files:
        raise UserError(
            "Attach the district's .ics file to the command: on Discord as the file option of "
            "/praxis calendar import; on Slack, upload it in a direct message to Praxis with "
            'the message "praxis calendar import district:<name>"; from the command line, '
            "praxis calendar import FILE --district NAME."
        )
    district = _district_option(args)
    total = Added()
    for inbound in files:
        result = await import_ics(
            ctx.session,
            ctx.community,
            inbound.data,
            district=district,
            by=ctx.member,
            now=ctx.now,
            today=_today(ctx),
        )
        for kind, count in result.added.items():
            total.added[kind] = total.added.get(kind, 0) + count
        total.already += result.already
        total.skipped += result.skipped
    return import_reply(total, district)


def import_reply(result: Added, district: str | None) -> Reply:
    blocks: list[Block] = [
        Paragraph(f"Imported into the calendar of {district_label(district)}: {result.describe()}.")
    ]
    if result.already:
        blocks.append(Note(f"{result.already} were imported before and are not added twice."))
    if result.skipped:
        events = "1 event that does" if result.skipped == 1 else f"{result.skipped} events that do"
        blocks.append(
            Note(
                f"Left out {events} not change school days (an early release, a meeting, "
                "anything at a time of day; a repeating event counts once)."
            )
        )
    where = f" district:{_quoted(district)}" if district else ""
    blocks.append(Note(f"See it with /praxis calendar list{where}."))
    return Reply(blocks, tone=Tone.SUCCESS)


def _quoted(text: str) -> str:
    return f'"{text}"' if " " in text else text


async def _list(ctx: Context, args: Args) -> Reply:
    district = _district_option(args)
    keys = (WHOLE_COMMUNITY, district_key(district)) if district else None
    entries = await calendar_entries(ctx.session, ctx.community.id, district_keys=keys)
    groups: dict[str, list[CalendarEntry]] = {}
    names: dict[str, str] = {WHOLE_COMMUNITY: "The whole community"}
    for entry in entries:
        groups.setdefault(entry.district_key, []).append(entry)
        names.setdefault(entry.district_key, entry.district or entry.district_key)
    title = "School calendar" + (f": {district} and the whole community" if district else "")
    blocks: list[Block] = [Header(title)]
    if not entries:
        blocks.append(
            Paragraph(
                "No entries yet: school days are Monday to Friday. Facilitators add breaks "
                'with /praxis calendar add 2026-12-21..2027-01-01 "Winter break", import a '
                "district's .ics with /praxis calendar import, or start from a state's "
                "holidays with /praxis calendar holidays CA."
            )
        )
        return Reply(blocks)
    order = sorted(groups, key=lambda key: (key != WHOLE_COMMUNITY, names[key].lower()))
    for key in order:
        blocks.append(Paragraph(names[key]))
        blocks.append(ItemList(tuple(_item(entry) for entry in groups[key])))
    blocks.append(
        Note(
            "A day is a school day for a district when it is a weekday in its school year and "
            "neither its own nor the community's entries close it. Ids are for "
            "/praxis calendar remove."
        )
    )
    return Reply(blocks)


def _item(entry: CalendarEntry) -> Item:
    kind = KIND_LABELS[EntryKind(entry.kind)]
    return Item(entry.name, f"{kind}: {fmt_range(entry.start, entry.end)}", ref=f"#{entry.number}")


SUBCOMMAND = SubCommand(
    "calendar",
    "The school calendar: list it, add or remove days, import a district's .ics, holidays.",
    (
        Option("action", OptionType.CHOICE, positional=True, choices=ACTIONS),
        Option(
            "what",
            positional=True,
            max_length=40,
            metavar="days|id|state",
            help="add: 2026-12-21..2027-01-01 or one day; remove: an id; holidays: CA",
        ),
        Option(
            "name",
            positional=True,
            rest=True,
            max_length=NAME_LIMIT,
            help='add: what it is, e.g. "Winter break"',
        ),
        Option("kind", OptionType.CHOICE, choices=KINDS, help="add: what kind of days"),
        Option("district", max_length=120, help="a district as members name it in profiles"),
        Option("file", OptionType.FILE, help="import: the district's .ics calendar"),
    ),
    handler=calendar,
    details=(
        "Kinds: break, closure, holiday and pd days are not school days; testing marks a "
        "testing window (school days a research lesson should avoid); year gives a school "
        "year's first to last day (days outside it are not school days). A range is "
        "inclusive. Without district: an entry applies to everyone; with it, to the members "
        "whose profile names that district. Changing the calendar is for facilitators; "
        "anyone may list it."
    ),
)
