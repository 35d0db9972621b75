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
            "On a non-school day (a weekend, a break, a closure in their district's calendar) "
            "each person's nudge waits for their next school day, at the same time, and is "
            "sent once; school-days:no sends on those days too."
        )
    return Note("Sent on school and non-school days alike; school-days:yes waits for school.")


def _describe(schedule: Schedule) -> str:
    return shown.describe(schedule)


async def compose(ctx: ComposeContext) -> list[Outgoing]:
    message = str(ctx.schedule.payload.get("message", ""))
    sender = ctx.schedule.payload.get("from")
    note = f"A nudge from {sender}." if sender else "A scheduled nudge."
    reply = Reply([Header("Nudge"), Paragraph(message), Note(note)], private=False)
    return [Outgoing(recipient.address, reply) for recipient in ctx.recipients]


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
        Paragraph(f"Scheduled nudge #{created.number} to {target.label}, {_describe(created)}."),
        Header("Next"),
        ItemList(items, empty_text="No further occurrences."),
    ]
    if ctx.community.quiet_hours:
        blocks.append(
            Note(f"Quiet hours ({ctx.community.quiet_hours}) hold a delivery until they end.")
        )
    blocks.append(school_days_note(school_days))
    blocks.append(Note(f"Try it on yourself with /nudge test {created.number}."))
    return Reply(blocks, tone=Tone.SUCCESS)


async def list_(ctx: Context, args: Args) -> Reply:
    schedules = await ctx.scheduling.list(ctx, kind=KIND)
    items = []
    for item in schedules:
        message = str(item.payload.get("message", ""))
        short = message if len(message) <= 80 else message[:79] + "…"
        state: Text
        if item.status == SET_ASIDE:
            state = shown.set_aside_text(item, f"/nudge resume {item.number} tries it again")
        elif item.status == PAUSED:
            state = "paused"
        elif item.next_run_at:
            state = rich("next ", ctx.moment(item.next_run_at))
        else:
            state = item.status
        held = "; waits for school days" if follows_school_days(item) else ""
        items.append(
            Item(
                f"to {item.target}: {short}",
                rich(f"{_describe(item)}{held}; ", *parts(state)),
                ref=f"#{item.number}",
            )
        )
    return Reply(
        [
            Header("Scheduled nudges"),
            ItemList(
                tuple(items), empty_text="No nudges are scheduled. Add one with /nudge schedule."
            ),
        ]
    )


async def cancel(ctx: Context, args: Args) -> Reply:
    scheduling = ctx.scheduling
    found = await scheduling.get(ctx, args["id"], kind=KIND)
    await scheduling.cancel(ctx, found.id)
    return Reply.text(
        f"Cancelled nudge #{found.number}; it will not be sent again.", tone=Tone.SUCCESS
    )


async def pause(ctx: Context, args: Args) -> Reply:
    scheduling = ctx.scheduling
    found = await scheduling.get(ctx, args["id"], kind=KIND)
    await scheduling.pause(ctx, found.id)
    return Reply.text(
        f"Paused nudge #{found.number}. Resume it with /nudge resume {found.number}.",
        tone=Tone.SUCCESS,
    )


async def resume(ctx: Context, args: Args) -> Reply:
    scheduling = ctx.scheduling
    found = await scheduling.get(ctx, args["id"], kind=KIND)
    resumed = await scheduling.resume(ctx, found.id)
    assert resumed.next_run_at is not None
    return Reply(
        [Paragraph(rich(f"Resumed nudge #{found.number}; next ", ctx.moment(resumed.next_run_at)))],
        tone=Tone.SUCCESS,
    )


async def test(ctx: Context, args: Args) -> Reply:
    scheduling = ctx.scheduling
    found = await scheduling.get(ctx, args["id"], kind=KIND)
    await scheduling.send_now(ctx, found.id, ctx.member_address(ctx.member))
    return Reply.text(f"Sent nudge #{found.number} to you by direct message, as a test.")


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
            "from": marcus.display_name if marcus else "the facilitators",
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
