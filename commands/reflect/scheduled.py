"""Scheduled reflection prompts: `/reflect schedule|schedules|unschedule` and their composer.

Each person gets a prompt at the schedule's wall-clock time in their own zone. The engine
keeps one zone per schedule, so a schedule to several people is a group of schedules, one
per zone among the people it reaches, tagged with the owner "reflect:<id>" (the internal id
of the group's first schedule; people see its number) and each marked with the zone it
serves (payload "zone"). At send time the composer of each sends only to the people it is
responsible for: those living in its zone, or, for someone whose zone has no schedule in
the group, the one in the community's zone. When a zone changes (the community's, or a
person's), `ensure_zones` adds the schedule a new zone needs, so a teacher who moves keeps
getting her 9:00 prompt at 9:00 where she now is. Quiet hours hold each delivery in its
schedule's zone, so in the recipient's own; school-days:yes (the default for a team and
everyone) holds a prompt that falls on someone's non-school day to their next school day.

A schedule to a channel posts the prompt in the channel; answers stay private (a free
reflection on that prompt). A snooze is a one-off schedule that brings the prompt back.
Cancelling one schedule cancels exactly it (a group, exactly its own schedules).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import NotFound, UserError
from bot.kernel.i18n import _
from bot.kernel.language import speaking
from bot.kernel.reply import Block, Header, Item, ItemList, Note, Paragraph, Reply, Text, Tone, rich
from bot.kernel.reply import parts as text_parts
from bot.scheduling import shown
from bot.scheduling.calendars import SCHOOL_DAYS, default_school_days, follows_school_days
from bot.scheduling.kinds import ComposeContext, DeliveryKind, Outgoing, member_address
from bot.time.recurrence import recurrence_from_text
from bot.time.zones import zone_for
from commands.reflect.bank import normalise_tag
from commands.reflect.core import (
    counterpart,
    ensure_bank,
    in_language,
    pool_exists,
    prompt_or_404,
    prompt_reply,
    send_prompt_to,
)
from storage.community import Community, Member, community_language, member_language
from storage.reflect import Prompt, Reflection, Status, get_prompt, list_prompts
from storage.schedules import PAUSED, SET_ASIDE, Schedule, list_schedules

KIND = "reflect"
GROUP = "reflect:"
SNOOZE = "snooze:"


def zone_of(member: Member, community: Community) -> str:
    """The zone a person's prompts are timed in (bot.time.zones.zone_for), by name."""
    return zone_for(member, community).key


def _what(schedule: Schedule) -> str:
    payload = schedule.payload or {}
    if "prompt" in payload:
        return _("prompt #{number}", number=payload["prompt"])
    return _("pool {pool}", pool=payload.get("pool"))


async def schedule(ctx: Context, args: Args) -> Reply:
    await ensure_bank(ctx.session, ctx.community, ctx.now)
    if "prompt" in args and "pool" in args:
        raise UserError(_("Give prompt: or pool:, not both."))
    if "prompt" in args:
        prompt = await prompt_or_404(ctx.session, ctx.community, args["prompt"])
        if not prompt.active:
            raise UserError(
                _(
                    "Prompt #{number} is retired; /reflect restore {number} first.",
                    number=prompt.number,
                )
            )
        payload: dict[str, Any] = {"prompt": prompt.number}
    elif "pool" in args:
        pool = normalise_tag(args["pool"])
        if not await pool_exists(ctx.session, ctx.community, pool):
            raise UserError(
                _(
                    "No prompt in the bank has the theme or phase “{pool}”; "
                    "see /reflect prompts for the themes.",
                    pool=pool,
                )
            )
        payload = {"pool": pool}
    else:
        raise UserError(_("Say what to send: prompt:<id> or pool:<theme or phase>."))
    scheduling = ctx.scheduling
    target = await scheduling.resolve_target(ctx, args["to"])
    people = [r.member for r in target.recipients if r.member is not None]
    when = args["when"]
    school_days = (
        bool(args["school-days"]) if "school-days" in args else default_school_days(target.text)
    )
    explicit_zone = "tz:" in when.lower()
    if explicit_zone or target.member is not None or not people:
        first = await scheduling.create(
            ctx, kind=KIND, target=args["to"], when=when, payload=payload, school_days=school_days
        )
        group = [first]
        zones = [first.zone]
    else:
        home = ctx.community.timezone
        zones = sorted({zone_for(m, ctx.community).key for m in people} | {home})
        zones.remove(home)
        zones.insert(0, home)
        group = []
        for zone in zones:
            created = await scheduling.create(
                ctx,
                kind=KIND,
                target=args["to"],
                when=when,
                payload={**payload, "zone": zone},
                zone=zone,
                school_days=school_days,
            )
            group.append(created)
        first = group[0]
        for created in group:
            created.owner = f"{GROUP}{first.id}"
    upcoming = sorted(s.next_run_at for s in group if s.next_run_at is not None)
    rec = recurrence_from_text(first.recurrence)
    if len(zones) > 1:
        said = _(
            "Scheduled reflection #{number} to {target}: {what}, {when} in each person's own "
            "time zone.",
            number=first.number,
            target=target.label,
            what=_what(first),
            when=rec.describe(),
        )
    else:
        said = _(
            "Scheduled reflection #{number} to {target}: {what}, {when} ({zone} time).",
            number=first.number,
            target=target.label,
            what=_what(first),
            when=rec.describe(),
            zone=first.zone,
        )
    blocks: list[Block] = [Paragraph(said)]
    if len(zones) > 1:
        blocks.append(Note(_("Time zones: {zones}", zones=", ".join(zones))))
    blocks.append(Header(_("First deliveries")))
    blocks.append(
        ItemList(
            tuple(Item(rich(ctx.moment(m))) for m in upcoming[:3]),
            empty_text=_("No further occurrences."),
        )
    )
    if ctx.community.quiet_hours:
        blocks.append(
            Note(
                _(
                    "Quiet hours ({hours}) hold a prompt until they end.",
                    hours=ctx.community.quiet_hours,
                )
            )
        )
    if school_days:
        blocks.append(
            Note(
                _(
                    "On a non-school day of someone's district calendar their prompt waits for "
                    "their next school day; school-days:no sends on those days too."
                )
            )
        )
    blocks.append(Note(_("Answers stay private unless each person chooses to share.")))
    return Reply(blocks, tone=Tone.SUCCESS)


async def schedules(ctx: Context, args: Args) -> Reply:
    rows = await ctx.scheduling.list(ctx, kind=KIND)
    groups: dict[str, list[Schedule]] = {}
    for row in rows:
        if (row.owner or "").startswith(SNOOZE):
            continue
        groups.setdefault(row.owner or f"{GROUP}{row.id}", []).append(row)
    items = []
    for members in groups.values():
        first = min(members, key=lambda s: s.id)
        zones = [s.zone for s in members]
        when = shown.describe(first, zone_suffix=False)
        if len(zones) > 1:
            where = _("{when} (each person's own time)", when=when)
        else:
            where = _("{when} ({zone} time)", when=when, zone=first.zone)
        upcoming = [s.next_run_at for s in members if s.next_run_at is not None]
        aside = [s for s in members if s.status == SET_ASIDE]
        remedy = _("/reflect unschedule {number}, then schedule it again", number=first.number)
        state: Text = (
            shown.set_aside_text(aside[0], remedy)
            if aside
            else _("paused")
            if all(s.status == PAUSED for s in members)
            else rich(_("next "), ctx.moment(min(upcoming)))
            if upcoming
            else first.status
        )
        if follows_school_days(first):
            where = _("{when}; waits for school days", when=where)
        items.append(
            Item(
                _("to {target}: {what}", target=first.target, what=_what(first)),
                rich(f"{where}; ", *text_parts(state)),
                ref=f"#{first.number}",
            )
        )
    return Reply(
        [
            Header(_("Scheduled reflection prompts")),
            ItemList(
                tuple(items),
                empty_text=_("No prompts are scheduled. Add one with /reflect schedule."),
            ),
        ]
    )


async def unschedule(ctx: Context, args: Args) -> Reply:
    scheduling = ctx.scheduling
    found = await scheduling.get(ctx, args["id"], kind=KIND)
    if (found.owner or "").startswith(SNOOZE):
        raise NotFound(_("There is no scheduled reflection #{number} here.", number=found.number))
    if (found.owner or "").startswith(GROUP):
        # One prompt to people in several zones is one group: cancel exactly its schedules.
        await scheduling.cancel_owned(ctx, found.owner or "")
    else:
        # Anything else (one person, a channel, a cycle's reflect-phase prompt) is one
        # schedule; whatever else its owner has (a cycle's reminders) stays.
        await scheduling.cancel(ctx, found.id)
    return Reply.text(
        _(
            "Cancelled scheduled reflection #{number}; it will not be sent again.",
            number=found.number,
        ),
        tone=Tone.SUCCESS,
    )


async def schedule_snooze_reminder(ctx: Context, reflection: Reflection) -> None:
    """Bring a snoozed prompt back by direct message when the snooze ends."""
    scheduling = ctx.scheduling
    if reflection.snoozed_until is None:
        return
    owner = f"{SNOOZE}{reflection.id}"
    await scheduling.cancel_owned(ctx, owner)
    until = reflection.snoozed_until.astimezone(UTC)
    await scheduling.create(
        ctx,
        kind=KIND,
        target=f"@{ctx.member.user_id}",
        when=f"{until:%Y-%m-%d %H:%M} tz:UTC",
        payload={"reopen": reflection.id},
        owner=owner,
    )


def round_up_to_minute(moment: datetime) -> datetime:
    """Snoozes end on a whole minute, the grain of the recurrence grammar."""
    seconds = moment.second + moment.microsecond / 1_000_000
    if not seconds:
        return moment
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=math.ceil(seconds / 60))


async def compose(ctx: ComposeContext) -> list[Outgoing]:
    """The prompts of one occurrence: one per person, each recorded as sent to them."""
    payload = ctx.schedule.payload or {}
    if "reopen" in payload:
        return await _reopen(ctx, int(payload["reopen"]))
    now = ctx.services.clock.now()
    target = ctx.schedule.target
    team = target if target.startswith("team:") else None
    serving = await _zone_group(ctx) if "zone" in payload else None
    out: list[Outgoing] = []
    posted: Prompt | None = None  # a pool rotates once per occurrence, for every channel
    for recipient in ctx.recipients:
        member = recipient.member
        if member is None:
            channel, posted = await _channel_prompt(ctx, payload, posted)
            if channel is not None:
                out.append(Outgoing(recipient.address, channel))
            continue
        if serving is not None and _responsible(serving, member, ctx.community) != ctx.schedule.id:
            continue
        sent = await send_prompt_to(
            ctx.session,
            ctx.community,
            member,
            prompt_id=payload.get("prompt"),
            pool=payload.get("pool"),
            now=now,
            team=team,
            schedule_id=ctx.schedule.id,
            occurrence=ctx.occurrence,
        )
        if sent is not None:
            out.append(Outgoing(sent.address, sent.reply))
    return out


async def _zone_group(ctx: ComposeContext) -> dict[str, int]:
    """The zones this schedule's group serves now: zone -> the schedule serving it (the
    first, should two ever serve one zone)."""
    owner = ctx.schedule.owner
    rows = (
        await list_schedules(ctx.session, ctx.community.id, kind=KIND, owner=owner)
        if owner
        else [ctx.schedule]
    )
    serving: dict[str, int] = {}
    for row in sorted(rows, key=lambda r: r.id):
        zone = str((row.payload or {}).get("zone", row.zone))
        serving.setdefault(zone, row.id)
    return serving


def _responsible(serving: dict[str, int], member: Member, community: Community) -> int | None:
    """Which schedule of a group sends to `member`: the one in their zone, else the one in
    the community's zone, else the group's first."""
    for zone in (zone_of(member, community), community.timezone):
        if zone in serving:
            return serving[zone]
    return min(serving.values(), default=None)


async def ensure_zones(ctx: Context) -> int:
    """After a zone changed: give each group of prompts a schedule in every zone its people
    (and the community) live in now; how many schedules that made."""
    made = 0
    groups: dict[str, list[Schedule]] = {}
    for row in await ctx.scheduling.list(ctx, kind=KIND):
        if (row.owner or "").startswith(GROUP) and "zone" in (row.payload or {}):
            groups.setdefault(row.owner or "", []).append(row)
    for owner, rows in groups.items():
        first = min(rows, key=lambda r: r.id)
        try:
            target = await ctx.scheduling.resolve_target(ctx, first.target)
        except UserError:
            continue  # a cycle that is gone: its composer sends nothing anyway
        have = {str(row.payload.get("zone")) for row in rows}
        people = [r.member for r in target.recipients if r.member is not None]
        wanted = {zone_of(m, ctx.community) for m in people} | {ctx.community.timezone}
        for zone in sorted(wanted - have):
            payload = {key: value for key, value in first.payload.items() if key != SCHOOL_DAYS}
            created = await ctx.scheduling.create(
                ctx,
                kind=KIND,
                target=first.target,
                when=recurrence_from_text(first.recurrence),
                payload={**payload, "zone": zone},
                zone=zone,
                school_days=follows_school_days(first),
                owner=owner,
            )
            if first.status == PAUSED:
                await ctx.scheduling.pause(ctx, created.id)
            made += 1
    return made


async def _channel_prompt(
    ctx: ComposeContext, payload: dict[str, Any], posted: Prompt | None
) -> tuple[Reply | None, Prompt | None]:
    """A prompt posted in a channel, in the community's language (a named prompt's
    counterpart in it, a pool's prompts in it when there are any); a pool rotates by what
    this schedule posted last. Returns the reply and the prompt posted."""
    await ensure_bank(ctx.session, ctx.community, ctx.services.clock.now())
    language = community_language(ctx.community)
    prompt: Prompt | None
    if posted is not None:
        prompt = posted
    elif "prompt" in payload:
        named = await get_prompt(ctx.session, ctx.community.id, int(payload["prompt"]))
        if named is None or not named.active:
            return None, None
        prompt = await counterpart(ctx.session, ctx.community, named, language)
    else:
        pool = [
            p
            for p in await list_prompts(ctx.session, ctx.community.id)
            if p.in_pool(str(payload.get("pool")))
        ]
        if not pool:
            return None, None
        pool = in_language(pool, language)
        last = payload.get("last")
        later = [p for p in pool if last is None or p.number > last]
        prompt = later[0] if later else pool[0]
        ctx.schedule.payload = {**payload, "last": prompt.number}
    with speaking(language):
        reply = Reply(
            [
                Header(_("A reflection prompt")),
                Paragraph(prompt.text),
                Note(
                    _(
                        'Answer privately with /reflect answer "your thoughts" prompt:{number}. '
                        "Only you see it unless you add share:community.",
                        number=prompt.number,
                    )
                ),
            ],
            private=False,
        )
    return reply, prompt


async def _reopen(ctx: ComposeContext, reflection_id: int) -> list[Outgoing]:
    """A snooze that ended: the prompt again, if it is still open and still snoozed."""
    reflection = await ctx.session.get(Reflection, reflection_id)
    if (
        reflection is None
        or reflection.community_id != ctx.community.id
        or reflection.status != Status.OPEN
        or reflection.snoozed_until is None
        or reflection.snoozed_until > ctx.occurrence + timedelta(minutes=1)
        or reflection.prompt_id is None
    ):
        return []
    prompt = await ctx.session.get(Prompt, reflection.prompt_id)
    member = await ctx.session.get(Member, reflection.member_id)
    if prompt is None or member is None:
        return []
    reflection.snoozed_until = None
    with speaking(member_language(member, ctx.community)):
        reply = prompt_reply(prompt, heading=_("Your snoozed prompt is back"))
    return [Outgoing(member_address(ctx.community, member), reply)]


DELIVERY = DeliveryKind(KIND, compose, zones_changed=ensure_zones)

__all__ = ["DELIVERY", "compose", "schedule", "schedules", "unschedule"]
