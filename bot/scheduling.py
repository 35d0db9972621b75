"""The scheduling API families use: schedule, list, pause, cancel and test deliveries.

A family declares what it delivers (`DeliveryKind`: a composer run at send time) and which
target prefixes it resolves (`TargetKind`, e.g. "team:" from the lesson-study cycles) on its
`Family`; `Scheduling` collects them from the registry. The database row is the source of
truth: this module writes rows and wakes the engine (bot.scheduler) after the request
commits; it never imports APScheduler, so commands stay plain use cases.
"""

from __future__ import annotations

import builtins
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import NotFound, UserError
from bot.model import Address
from bot.recurrence import (
    Recurrence,
    RecurrenceError,
    hold_for_quiet_hours,
    next_occurrence,
    next_occurrences,
    parse_quiet_hours,
    parse_recurrence,
    recurrence_from_text,
    recurrence_to_text,
)
from bot.reply import Reply
from bot.values import parse_channel, parse_user
from storage.community import Community, Member
from storage.members import find_member
from storage.schedules import (
    ACTIVE,
    CANCELLED,
    DONE,
    PAUSED,
    Schedule,
    get_schedule,
    list_schedules,
    notify_change,
)

if TYPE_CHECKING:
    from bot.context import Context
    from bot.lookup import Suggest
    from bot.registry import Registry
    from bot.services import Services

__all__ = [
    "ComposeContext",
    "DeliveryKind",
    "Outgoing",
    "Recipient",
    "Scheduling",
    "Target",
    "TargetKind",
    "holds_per_recipient",
    "plan_after",
    "recipient_zone",
    "resolve_target_text",
]

TARGET_HELP = "Name a target as #channel, @person, team:<cycle> or everyone."


@dataclass(frozen=True)
class Recipient:
    address: Address  # a channel address, or a user address for a direct message
    member: Member | None  # the person, when the recipient is one person


@dataclass(frozen=True)
class Outgoing:
    address: Address
    reply: Reply


@dataclass
class ComposeContext:
    session: AsyncSession
    community: Community
    schedule: Schedule
    occurrence: datetime  # the planned time of this occurrence, aware UTC
    recipients: list[Recipient]  # the schedule's target, resolved now
    services: Services


@dataclass(frozen=True)
class DeliveryKind:
    name: str
    compose: Callable[[ComposeContext], Awaitable[list[Outgoing]]]


@dataclass(frozen=True)
class TargetKind:
    prefix: str  # "team" for "team:<cycle>"
    resolve: Callable[[AsyncSession, Community, str], Awaitable[list[Recipient]]]
    # Suggestions while a facilitator types this kind (the query's text is what follows
    # "prefix:"); values are whole targets, e.g. "team:Fractions". None suggests nothing.
    suggest: Suggest | None = None


@dataclass(frozen=True)
class Target:
    """A target resolved now: what to store, how to show it, and who it reaches."""

    text: str  # canonical text kept on the schedule and resolved again at each occurrence
    label: str  # for people: "#grade7", "@María Hernández", "everyone (12 people)"
    recipients: tuple[Recipient, ...]
    member: Member | None = None  # when the target is one person


def member_address(community: Community, member: Member) -> Address:
    return Address(community.platform, community.external_id, None, member.user_id)


async def resolve_target_text(
    session: AsyncSession,
    community: Community,
    text: str,
    target_kinds: dict[str, TargetKind],
) -> Target:
    """Read a target; raise UserError when it names nothing in this community.

    `everyone` is a direct message to every member, never a channel-wide ping.
    """
    raw = " ".join(text.split())
    if not raw:
        raise UserError(f"Say who should get it. {TARGET_HELP}")
    lowered = raw.lower()
    if lowered in ("everyone", "all", "@everyone"):
        query = select(Member).where(Member.community_id == community.id).order_by(Member.id)
        members = list((await session.execute(query)).scalars())
        recipients = tuple(Recipient(member_address(community, m), m) for m in members)
        shown = "person" if len(members) == 1 else "people"
        return Target(
            "everyone", f"everyone ({len(members)} {shown}, by direct message)", recipients
        )
    if raw.startswith(("#", "<#")):
        ref = parse_channel(raw)
        channel = ref.channel_id or ref.name
        assert channel is not None
        address = Address(
            community.platform, community.external_id, channel, None, None, ref.name or channel
        )
        return Target(raw, ref.shown(), (Recipient(address, None),))
    if raw.startswith(("@", "<@")):
        ref = parse_user(raw)
        member = await find_member(session, community.id, user_id=ref.user_id, name=ref.name)
        if member is None:
            raise NotFound(
                f"I don't know {ref.shown()} here yet; they need to use the bot once first."
            )
        recipient = Recipient(member_address(community, member), member)
        return Target(f"@{member.user_id}", f"@{member.display_name}", (recipient,), member)
    prefix, sep, value = raw.partition(":")
    if sep and prefix.lower() in target_kinds:
        if not value.strip():
            raise UserError(f"{prefix}: needs a value, e.g. {prefix}:fractions-cycle.")
        kind = target_kinds[prefix.lower()]
        recipients = tuple(await kind.resolve(session, community, value.strip()))
        return Target(f"{prefix.lower()}:{value.strip()}", raw, recipients)
    if sep and prefix.lower() == "team":
        raise UserError("team: targets need lesson-study cycles, which this bot does not run yet.")
    raise UserError(f"“{raw}” is not a target. {TARGET_HELP}")


def quiet_hours_of(community: Community) -> tuple[time, time] | None:
    if not community.quiet_hours:
        return None
    try:
        return parse_quiet_hours(community.quiet_hours)
    except RecurrenceError:
        return None


def holds_per_recipient(schedule: Schedule) -> bool:
    """A target of several people (everyone, a team) reaches each by direct message, so
    quiet hours are each person's own: the engine holds each share separately."""
    return not schedule.target.startswith(("#", "<#", "@", "<@"))


def recipient_zone(community: Community, member: Member) -> ZoneInfo:
    """A person's own zone, else the platform's hint, else the community's."""
    for name in (member.timezone, member.platform_timezone, community.timezone):
        if name:
            try:
                return ZoneInfo(name)
            except (ValueError, KeyError):  # a zone this machine does not know
                continue
    return ZoneInfo("UTC")


def plan_after(
    schedule: Schedule, after: datetime, quiet: tuple[time, time] | None
) -> tuple[datetime | None, datetime | None]:
    """The next occurrence strictly after `after`, and when it is sent (held by quiet hours).

    Quiet hours are read in the schedule's zone for a channel (the community's, or the
    recurrence's tz:) and for one person (their own zone). For several people the occurrence
    is due as planned and the engine holds each person's share in their own zone.
    """
    rec = recurrence_from_text(schedule.recurrence)
    zone = ZoneInfo(schedule.zone)
    occurrence = next_occurrence(rec, after, zone)
    if occurrence is None:
        return None, None
    if holds_per_recipient(schedule):
        return occurrence, occurrence
    return occurrence, hold_for_quiet_hours(occurrence, zone, quiet)


class Scheduling:
    """The scheduling service on `ctx.services.scheduler`."""

    def __init__(self, services: Services, registry: Registry | None) -> None:
        self.services = services
        self.delivery_kinds: dict[str, DeliveryKind] = {}
        self.target_kinds: dict[str, TargetKind] = {}
        for family in registry or ():
            for kind in family.delivery_kinds:
                self.delivery_kinds[kind.name] = kind
            for target in family.target_kinds:
                self.target_kinds[target.prefix.lower()] = target
        # Set by the running engine: called after a change commits, to re-arm at once.
        self.wake: Callable[[], None] | None = None

    # -- targets and time ------------------------------------------------------------------

    async def resolve_target(self, ctx: Context, text: str) -> Target:
        return await resolve_target_text(ctx.session, ctx.community, text, self.target_kinds)

    def _after_commit_wake(self, ctx: Context) -> None:
        async def wake() -> None:
            if self.wake is not None:
                self.wake()

        ctx.after_commit.append(wake)

    # -- the API -----------------------------------------------------------------------------

    async def create(
        self,
        ctx: Context,
        *,
        kind: str,
        target: str,
        when: str | Recurrence,
        payload: dict[str, Any] | None = None,
        owner: str | None = None,
        zone: str | None = None,
    ) -> Schedule:
        if kind not in self.delivery_kinds:
            raise ValueError(f"no family delivers schedules of kind {kind!r}")
        resolved = await self.resolve_target(ctx, target)
        if zone is None:
            member = resolved.member
            zone = str(ctx.member_zone(member)) if member else ctx.community.timezone
        now = ctx.now
        if isinstance(when, Recurrence):
            rec = when
        else:
            try:
                rec = parse_recurrence(when, now=now.astimezone(ZoneInfo(zone)))
            except RecurrenceError as error:
                raise UserError(str(error)) from None
        zone = rec.tz or zone
        schedule = Schedule(
            community_id=ctx.community.id,
            kind=kind,
            target=resolved.text,
            recurrence=recurrence_to_text(rec),
            zone=zone,
            payload=dict(payload or {}),
            owner=owner,
            created_by=ctx.member.id,
            status=ACTIVE,
            created_at=now,
            updated_at=now,
        )
        schedule.next_run_at, schedule.due_at = plan_after(
            schedule, now, quiet_hours_of(ctx.community)
        )
        if schedule.next_run_at is None:
            raise UserError(
                f"“{when if isinstance(when, str) else rec.text}” has already passed; "
                "pick a time in the future."
            )
        ctx.session.add(schedule)
        await ctx.session.flush()
        await notify_change(ctx.session)
        self._after_commit_wake(ctx)
        return schedule

    async def get(self, ctx: Context, schedule_id: int, *, kind: str | None = None) -> Schedule:
        """A schedule of this community (of `kind`, when given); NotFound otherwise."""
        schedule = await get_schedule(ctx.session, ctx.community.id, schedule_id)
        if schedule is None or (kind is not None and schedule.kind != kind):
            what = kind or "schedule"
            raise NotFound(f"There is no {what} #{schedule_id} here.")
        return schedule

    async def preview(self, schedule: Schedule, count: int = 3) -> builtins.list[datetime]:
        if schedule.next_run_at is None or count <= 0:
            return []
        rec = recurrence_from_text(schedule.recurrence)
        rest = next_occurrences(rec, schedule.next_run_at, ZoneInfo(schedule.zone), count - 1)
        return [schedule.next_run_at, *rest]

    async def cancel(self, ctx: Context, schedule_id: int) -> Schedule:
        schedule = await self.get(ctx, schedule_id)
        self._stop(ctx, schedule, CANCELLED)
        await notify_change(ctx.session)
        self._after_commit_wake(ctx)
        return schedule

    def _stop(self, ctx: Context, schedule: Schedule, status: str) -> None:
        schedule.status = status
        schedule.due_at = None
        if status == CANCELLED:
            schedule.next_run_at = None
        schedule.updated_at = ctx.now

    async def pause(self, ctx: Context, schedule_id: int) -> Schedule:
        schedule = await self.get(ctx, schedule_id)
        if schedule.status in (CANCELLED, DONE):
            raise UserError(f"#{schedule.id} is {schedule.status}; there is nothing to pause.")
        if schedule.status == ACTIVE:
            self._stop(ctx, schedule, PAUSED)
            await notify_change(ctx.session)
            self._after_commit_wake(ctx)
        return schedule

    async def resume(self, ctx: Context, schedule_id: int) -> Schedule:
        """Resume from now on: occurrences that fell while paused are skipped, not sent late."""
        schedule = await self.get(ctx, schedule_id)
        if schedule.status in (CANCELLED, DONE):
            raise UserError(f"#{schedule.id} is {schedule.status}; schedule it again instead.")
        if schedule.status == PAUSED:
            nxt, due = plan_after(schedule, ctx.now, quiet_hours_of(ctx.community))
            if nxt is None:
                raise UserError(
                    f"#{schedule.id} was due while it was paused and has no later time; "
                    "schedule it again."
                )
            schedule.status, schedule.next_run_at, schedule.due_at = ACTIVE, nxt, due
            schedule.updated_at = ctx.now
            await notify_change(ctx.session)
            self._after_commit_wake(ctx)
        return schedule

    async def cancel_owned(self, ctx: Context, owner: str) -> int:
        schedules = await list_schedules(ctx.session, ctx.community.id, owner=owner)
        for schedule in schedules:
            self._stop(ctx, schedule, CANCELLED)
        if schedules:
            await notify_change(ctx.session)
            self._after_commit_wake(ctx)
        return len(schedules)

    async def list(
        self, ctx: Context, *, kind: str | None = None, owner: str | None = None
    ) -> builtins.list[Schedule]:
        return await list_schedules(ctx.session, ctx.community.id, kind=kind, owner=owner)

    async def send_now(self, ctx: Context, schedule_id: int, to: Address) -> None:
        """Compose this schedule's message for one address and send it after commit.

        A test is not an occurrence: it is not recorded and does not move the schedule.
        """
        schedule = await self.get(ctx, schedule_id)
        kind = self.delivery_kinds.get(schedule.kind)
        if kind is None:
            raise UserError(f"#{schedule.id} is a {schedule.kind} schedule, which is not served.")
        member = ctx.member if to.user == ctx.member.user_id else None
        compose = ComposeContext(
            ctx.session, ctx.community, schedule, ctx.now, [Recipient(to, member)], ctx.services
        )
        for outgoing in await kind.compose(compose):
            ctx.notify(outgoing.address, outgoing.reply)
