"""/nudge: facilitators schedule inquiry-cycle reminders to a channel, a team or a person.

A nudge is a schedule of kind "nudge" whose payload is the message; the engine composes it at
each occurrence. Everything time-related goes through bot.scheduling.facade, so nudges behave like
every other scheduled delivery (time zones, quiet hours, exactly once).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.dispatch.context import Context
from bot.dispatch.seeding import DemoContext
from bot.grammar.spec import Args, Family, Handler, Option, OptionType, SubCommand
from bot.kernel.i18n import _
from bot.kernel.language import Language, speaking
from bot.kernel.reply import (
    Block,
    Header,
    Item,
    ItemList,
    Note,
    Paragraph,
    Reply,
    Text,
    Tone,
    parts,
    rich,
)
from bot.kernel.roles import Role
from bot.lookup.matching import Lookup, schedule_lookup
from bot.scheduling import shown
from bot.scheduling.calendars import default_school_days, follows_school_days
from bot.scheduling.kinds import ComposeContext, DeliveryKind, Outgoing
from bot.time.recurrence import parse_recurrence
from storage.schedules import (
    PAUSED,
    SET_ASIDE,
    Schedule,
    list_schedules,
    next_schedule_number,
)

KIND = "nudge"
REFUSAL = "Only facilitators can schedule nudges."
MAX_MESSAGE = 1500


def school_days_wanted(ctx: Context, args: Args, target: str) -> bool:
    """school-days: as given; by default yes for team: and everyone targets."""
    if "school-days" in args:
        return bool(args["school-days"])
    return default_school_days(target)


def school_days_note(school_days: bool) -> Note:
    if school_days:
        return Note(
            _(
                "On a non-school day (a weekend, a break, a closure in their district's "
                "calendar) each person's nudge waits for their next school day, at the same "
                "time, and is sent once; school-days:no sends on those days too."
            )
        )
    return Note(_("Sent on school and non-school days alike; school-days:yes waits for school."))


def _describe(schedule: Schedule) -> str:
    return shown.describe(schedule)


def _nudge_reply(message: str, sender: object) -> Reply:
    """The facilitator's own words, as they wrote them, in the bot's frame (translated)."""
    note = _("A nudge from {sender}.", sender=sender) if sender else _("A scheduled nudge.")
    return Reply([Header(_("Nudge")), Paragraph(message), Note(note)], private=False)


async def compose(ctx: ComposeContext) -> list[Outgoing]:
    """One message per recipient, framed in their language: a person's own, a channel's
    the community's."""
    message = str(ctx.schedule.payload.get("message", ""))
    sender = ctx.schedule.payload.get("from")
    framed: dict[Language, Reply] = {}
    out = []
    for recipient in ctx.recipients:
        language = ctx.language_of(recipient)
        if language not in framed:
            with speaking(language):
                framed[language] = _nudge_reply(message, sender)
        out.append(Outgoing(recipient.address, framed[language]))
    return out


async def schedule(ctx: Context, args: Args) -> Reply:
    message = args["message"].strip()
    scheduling = ctx.scheduling
    target = await scheduling.resolve_target(ctx, args["to"])
    school_days = school_days_wanted(ctx, args, target.text)
    created = await scheduling.create(
        ctx,
        kind=KIND,
        target=args["to"],
        when=args["when"],
        payload={"message": message, "from": ctx.member.display_name},
        school_days=school_days,
    )
    upcoming = await scheduling.preview(created, 3)
    items = tuple(Item(rich(ctx.moment(moment))) for moment in upcoming)
    blocks: list[Block] = [
        Paragraph(
            _(
                "Scheduled nudge #{number} to {target}, {when}.",
                number=created.number,
                target=target.label,
                when=_describe(created),
            )
        ),
        Header(_("Next")),
        ItemList(items, empty_text=_("No further occurrences.")),
    ]
    if ctx.community.quiet_hours:
        blocks.append(
            Note(
                _(
                    "Quiet hours ({hours}) hold a delivery until they end.",
                    hours=ctx.community.quiet_hours,
                )
            )
        )
    blocks.append(school_days_note(school_days))
    blocks.append(Note(_("Try it on yourself with /nudge test {number}.", number=created.number)))
    return Reply(blocks, tone=Tone.SUCCESS)


async def list_(ctx: Context, args: Args) -> Reply:
    schedules = await ctx.scheduling.list(ctx, kind=KIND)
    items = []
    for item in schedules:
        message = str(item.payload.get("message", ""))
        short = message if len(message) <= 80 else message[:79] + "…"
        state: Text
        if item.status == SET_ASIDE:
            state = shown.set_aside_text(
                item, _("/nudge resume {number} tries it again", number=item.number)
            )
        elif item.status == PAUSED:
            state = _("paused")
        elif item.next_run_at:
            state = rich(_("next "), ctx.moment(item.next_run_at))
        else:
            state = item.status
        when = _describe(item)
        if follows_school_days(item):
            when = _("{when}; waits for school days", when=when)
        items.append(
            Item(
                _("to {target}: {what}", target=item.target, what=short),
                rich(f"{when}; ", *parts(state)),
                ref=f"#{item.number}",
            )
        )
    return Reply(
        [
            Header(_("Scheduled nudges")),
            ItemList(
                tuple(items),
                empty_text=_("No nudges are scheduled. Add one with /nudge schedule."),
            ),
        ]
    )


async def cancel(ctx: Context, args: Args) -> Reply:
    scheduling = ctx.scheduling
    found = await scheduling.get(ctx, args["id"], kind=KIND)
    await scheduling.cancel(ctx, found.id)
    return Reply.text(
        _("Cancelled nudge #{number}; it will not be sent again.", number=found.number),
        tone=Tone.SUCCESS,
    )


async def pause(ctx: Context, args: Args) -> Reply:
    scheduling = ctx.scheduling
    found = await scheduling.get(ctx, args["id"], kind=KIND)
    await scheduling.pause(ctx, found.id)
    return Reply.text(
        _("Paused nudge #{number}. Resume it with /nudge resume {number}.", number=found.number),
        tone=Tone.SUCCESS,
    )


async def resume(ctx: Context, args: Args) -> Reply:
    scheduling = ctx.scheduling
    found = await scheduling.get(ctx, args["id"], kind=KIND)
    resumed = await scheduling.resume(ctx, found.id)
    assert resumed.next_run_at is not None
    return Reply(
        [
            Paragraph(
                rich(
                    _("Resumed nudge #{number}; next ", number=found.number),
                    ctx.moment(resumed.next_run_at),
                )
            )
        ],
        tone=Tone.SUCCESS,
    )


async def test(ctx: Context, args: Args) -> Reply:
    scheduling = ctx.scheduling
    found = await scheduling.get(ctx, args["id"], kind=KIND)
    await scheduling.send_now(ctx, found.id, ctx.member_address(ctx.member))
    return Reply.text(
        _("Sent nudge #{number} to you by direct message, as a test.", number=found.number)
    )


async def seed_demo(demo: DemoContext) -> None:
    """A weekly nudge in #general from Marcus; tagged so a second run finds it."""
    if await list_schedules(demo.session, demo.community.id, owner="demo"):
        return
    zone = demo.community.timezone
    rec = parse_recurrence("every monday 8:00", now=demo.now.astimezone(ZoneInfo(zone)))
    marcus = demo.members.get("marcus")
    schedule = demo.services.scheduling.planned(
        demo.community,
        kind=KIND,
        target="#general",
        rec=rec,
        zone=zone,
        payload={
            "message": "Inquiry-cycle check-in: what did you notice about student thinking?",
            "from": marcus.display_name if marcus else None,  # None: "A scheduled nudge."
        },
        owner="demo",
        created_by=marcus.id if marcus else None,
        now=demo.now,
    )
    schedule.number = await next_schedule_number(demo.session, demo.community.id, KIND)
    demo.session.add(schedule)


_ID = Option(
    "id",
    OptionType.ID,
    required=True,
    positional=True,
    help="the nudge, e.g. 12",
    autocomplete="nudge",
)


def _nudge_text(item: Schedule) -> str:
    return " ".join(str(item.payload.get("message", "")).split())


suggest_nudges = schedule_lookup(KIND, _nudge_text)


DETAILS = (
    "Targets: #channel, @person, team:<cycle> or everyone (a direct message to each member). "
    'Times: "tomorrow 8am", "2026-12-01 15:30", "every monday 8:00", "every weekday 15:30", '
    '"every 2 weeks on friday 14:00", "every month on day 1 9:00", "cron 0 8 * * 1", '
    "optionally with tz:America/Chicago. Times are in the community's zone, or the person's "
    "own when the nudge goes to one person (and they follow that person if they move). "
    "school-days:yes (the default for team: and everyone) holds each person's nudge that "
    "falls on a non-school day of their district's calendar to their next school day."
)


def _sub(
    name: str,
    help_: str,
    handler: Handler,
    options: tuple[Option, ...] = (),
    refusal: str = REFUSAL,
) -> SubCommand:
    return SubCommand(
        name,
        help_,
        options,
        role=Role.FACILITATOR,
        handler=handler,
        refusal=refusal,
        details=DETAILS if name == "schedule" else "",
    )


FAMILY = Family(
    name="nudge",
    help="Scheduled inquiry-cycle reminders to a channel, a team or a person (facilitators).",
    subcommands=(
        _sub(
            "schedule",
            "Schedule a nudge; shows the next three times.",
            schedule,
            (
                Option(
                    "to",
                    OptionType.TARGET,
                    required=True,
                    help="#channel, @person, team:<cycle>, everyone",
                    autocomplete="target",
                ),
                Option(
                    "when",
                    OptionType.RECURRENCE,
                    required=True,
                    max_length=200,
                    help='e.g. "every monday 8:00"',
                ),
                Option("message", required=True, max_length=MAX_MESSAGE, help="what to say"),
                Option(
                    "school-days",
                    OptionType.BOOL,
                    help="yes: on a non-school day wait for the next (default for teams, everyone)",
                ),
            ),
        ),
        _sub(
            "list",
            "The scheduled nudges of this community.",
            list_,
            refusal="Only facilitators can see scheduled nudges.",
        ),
        _sub("cancel", "Cancel a nudge.", cancel, (_ID,)),
        _sub("pause", "Pause a nudge until you resume it.", pause, (_ID,)),
        _sub("resume", "Resume a paused nudge from now on.", resume, (_ID,)),
        _sub("test", "Send a nudge to yourself now.", test, (_ID,)),
    ),
    delivery_kinds=(DeliveryKind(KIND, compose),),
    seed_demo=seed_demo,
    lookups=(Lookup("nudge", suggest_nudges),),
)
