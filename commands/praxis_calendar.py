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
from bot.kernel.i18n import N_, NP_, Words, _, date_text, ngettext
from bot.kernel.reply import Block, Header, Item, ItemList, Note, Paragraph, Reply, Tone
from bot.kernel.roles import Role
from bot.time.calendar import (
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
REFUSAL = N_("Only facilitators can change the school calendar.")
NAME_LIMIT = 200
IMPORT_BACK = timedelta(days=366)  # an import keeps the past year (the current one began)
IMPORT_AHEAD = timedelta(days=2 * 366)  # and expands repeating events two years ahead

_DAY = r"(\d{4}-\d{1,2}-\d{1,2})"
_RANGE = re.compile(rf"^\s*{_DAY}\s*(?:\.\.|–|—|\bto\b)\s*{_DAY}\s*$")


def fmt_day(day: date) -> str:
    return date_text(day, "day")


def fmt_range(start: date, end: date) -> str:
    if start == end:
        return fmt_day(start)
    return _("{start} to {end}", start=fmt_day(start), end=fmt_day(end))


_KINDS = Words(
    {
        EntryKind.BREAK: NP_("calendar kind", "break"),
        EntryKind.CLOSURE: NP_("calendar kind", "closure"),
        EntryKind.HOLIDAY: NP_("calendar kind", "holiday"),
        EntryKind.PD: NP_("calendar kind", "PD day"),
        EntryKind.TESTING: NP_("calendar kind", "testing window"),
        EntryKind.YEAR: NP_("calendar kind", "school year"),
    }
)


def kind_name(kind: EntryKind) -> str:
    """What a kind of entry is called, in the reader's language (typed as `kind:pd`)."""
    return _KINDS[kind]


def kind_count(kind: EntryKind, count: int) -> str:
    """ "3 breaks", "1 holiday": a count of one kind of entry."""
    if kind is EntryKind.BREAK:
        return ngettext("{n} break", "{n} breaks", count)
    if kind is EntryKind.CLOSURE:
        return ngettext("{n} closure", "{n} closures", count)
    if kind is EntryKind.HOLIDAY:
        return ngettext("{n} holiday", "{n} holidays", count)
    if kind is EntryKind.PD:
        return ngettext("{n} PD day", "{n} PD days", count)
    if kind is EntryKind.TESTING:
        return ngettext("{n} testing window", "{n} testing windows", count)
    return ngettext("{n} school year", "{n} school years", count)


def parse_range(text: str) -> tuple[date, date]:
    """`2026-12-21..2027-01-01` (inclusive) or one day `2026-11-26`."""
    match = _RANGE.match(text)
    if match:
        start, end = parse_date(match.group(1)), parse_date(match.group(2))
    else:
        start = end = parse_date(text)
    if end < start:
        raise UserError(
            _(
                "The range {range} ends before it starts; write the first day first, "
                "e.g. 2026-12-21..2027-01-01.",
                range=text.strip(),
            )
        )
    if (end - start).days >= MAX_RANGE_DAYS:
        raise UserError(_("A calendar entry covers at most {limit} days.", limit=MAX_RANGE_DAYS))
    return start, end


def district_label(district: str | None) -> str:
    return district if district else _("the whole community")


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
            return _("nothing new")
        parts = []
        for kind, count in sorted(self.added.items(), key=lambda pair: -pair[1]):
            parts.append(kind_count(EntryKind(kind), count))
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
    ctx.require(Role.FACILITATOR, _(REFUSAL))
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
            _('Say which days, e.g. /praxis calendar add 2026-12-21..2027-01-01 "Winter break".')
        )
    if not name:
        raise UserError(
            _('Give the entry a name, e.g. /praxis calendar add {what} "Winter break".', what=what)
        )
    start, end = parse_range(what)
    today = _today(ctx)
    check_horizon(end, today, _("That day"))
    check_horizon(start, today, _("That day"))
    default = EntryKind.BREAK if end > start else EntryKind.CLOSURE
    kind = EntryKind(args["kind"]) if "kind" in args else default
    district = _district_option(args)
    for entry in await calendar_entries(
        ctx.session, ctx.community.id, district_keys=(district_key(district),)
    ):
        if (entry.kind, entry.start, entry.end) == (kind.value, start, end):
            raise UserError(
                _(
                    "That is already in the calendar of {district} as #{number} {name}.",
                    district=district_label(district),
                    number=entry.number,
                    name=entry.name,
                )
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
    blocks: list[Block] = [
        Paragraph(
            _(
                "Added #{number} {name} ({kind}, {days}) to the calendar of {district}.",
                number=entry.number,
                name=entry.name,
                kind=kind_name(kind),
                days=fmt_range(start, end),
                district=district_label(district),
            )
        )
    ]
    if kind in NO_SCHOOL:
        blocks.append(
            Note(
                _(
                    "Lesson-study planning skips these days, and nudges and prompts marked "
                    "school-days:yes wait for the next school day."
                )
            )
        )
    elif kind is EntryKind.TESTING:
        blocks.append(Note(_("A research lesson planned in this window gets a warning.")))
    else:
        blocks.append(Note(_("Days outside the school years in a calendar are not school days.")))
    return Reply(blocks, tone=Tone.SUCCESS)


async def _remove(ctx: Context, args: Args) -> Reply:
    what = args.get("what")
    if not what:
        raise UserError(
            _("Say which entry, e.g. /praxis calendar remove 3 (see /praxis calendar).")
        )
    number = parse_id(str(what), _("an entry's id"))
    entry = await calendar_entry(ctx.session, ctx.community.id, number)
    if entry is None:
        raise NotFound(
            _(
                "There is no calendar entry #{number} here; /praxis calendar lists them.",
                number=number,
            )
        )
    await ctx.session.delete(entry)
    return Reply.text(
        _(
            "Removed #{number} {name} ({days}) from the calendar of {district}.",
            number=entry.number,
            name=entry.name,
            days=fmt_range(entry.start, entry.end),
            district=district_label(entry.district),
        ),
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
            _(
                "“{text}” is not a US state I know; use its two-letter code (CA, TX, NY) or "
                "its name (California).",
                text=text,
            )
        )
    return code


async def _holidays(ctx: Context, args: Args) -> Reply:
    what = " ".join(str(part) for part in (args.get("what"), args.get("name")) if part)
    if not what:
        raise UserError(_("Say which state, e.g. /praxis calendar holidays CA."))
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
    added = ngettext(
        "Added {n} public holiday of US-{code} on school days from {first} to {last} to the "
        "calendar of {district}.",
        "Added {n} public holidays of US-{code} on school days from {first} to {last} to the "
        "calendar of {district}.",
        result.total,
        code=code,
        first=fmt_day(today),
        last=fmt_day(last),
        district=district_label(district),
    )
    blocks: list[Block] = [Paragraph(added)]
    if result.already:
        blocks.append(
            Note(ngettext("{n} was there already.", "{n} were there already.", result.already))
        )
    blocks.append(
        Note(
            _(
                "A state holiday is not always a day off: remove the ones your schools stay "
                "open on with /praxis calendar remove <id>."
            )
        )
    )
    return Reply(blocks, tone=Tone.SUCCESS)


async def _import(ctx: Context, args: Args) -> Reply:
    files = [f for f in ctx.files if f.data]
    if not files:
        raise UserError(
            _(
                "Attach the district's .ics file to the command: on Discord as the file option "
                "of /praxis calendar import; on Slack, upload it in a direct message to Praxis "
                'with the message "praxis calendar import district:<name>"; from the command '
                "line, praxis calendar import FILE --district NAME."
            )
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
        Paragraph(
            _(
                "Imported into the calendar of {district}: {what}.",
                district=district_label(district),
                what=result.describe(),
            )
        )
    ]
    if result.already:
        blocks.append(
            Note(
                ngettext(
                    "{n} was imported before and is not added twice.",
                    "{n} were imported before and are not added twice.",
                    result.already,
                )
            )
        )
    if result.skipped:
        blocks.append(
            Note(
                ngettext(
                    "Left out {n} event that does not change school days (an early release, "
                    "a meeting, anything at a time of day; a repeating event counts once).",
                    "Left out {n} events that do not change school days (an early release, "
                    "a meeting, anything at a time of day; a repeating event counts once).",
                    result.skipped,
                )
            )
        )
    where = f" district:{_quoted(district)}" if district else ""
    blocks.append(Note(_("See it with /praxis calendar list{where}.", where=where)))
    return Reply(blocks, tone=Tone.SUCCESS)


def _quoted(text: str) -> str:
    return f'"{text}"' if " " in text else text


async def _list(ctx: Context, args: Args) -> Reply:
    district = _district_option(args)
    keys = (WHOLE_COMMUNITY, district_key(district)) if district else None
    entries = await calendar_entries(ctx.session, ctx.community.id, district_keys=keys)
    groups: dict[str, list[CalendarEntry]] = {}
    names: dict[str, str] = {WHOLE_COMMUNITY: _("The whole community")}
    for entry in entries:
        groups.setdefault(entry.district_key, []).append(entry)
        names.setdefault(entry.district_key, entry.district or entry.district_key)
    if district:
        title = _("School calendar: {district} and the whole community", district=district)
    else:
        title = _("School calendar")
    blocks: list[Block] = [Header(title)]
    if not entries:
        blocks.append(
            Paragraph(
                _(
                    "No entries yet: school days are Monday to Friday. Facilitators add breaks "
                    'with /praxis calendar add 2026-12-21..2027-01-01 "Winter break", import a '
                    "district's .ics with /praxis calendar import, or start from a state's "
                    "holidays with /praxis calendar holidays CA."
                )
            )
        )
        return Reply(blocks)
    order = sorted(groups, key=lambda key: (key != WHOLE_COMMUNITY, names[key].lower()))
    for key in order:
        blocks.append(Paragraph(names[key]))
        blocks.append(ItemList(tuple(_item(entry) for entry in groups[key])))
    blocks.append(
        Note(
            _(
                "A day is a school day for a district when it is a weekday in its school year "
                "and neither its own nor the community's entries close it. Ids are for "
                "/praxis calendar remove."
            )
        )
    )
    return Reply(blocks)


def _item(entry: CalendarEntry) -> Item:
    detail = _(
        "{kind}: {days}",
        kind=kind_name(EntryKind(entry.kind)),
        days=fmt_range(entry.start, entry.end),
    )
    return Item(entry.name, detail, ref=f"#{entry.number}")


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
