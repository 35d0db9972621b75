"""The scheduling API families use (`ctx.scheduling`): schedule, list, pause, cancel, test.

The database row is the source of truth: this module writes rows and wakes the engine
(bot.scheduling.engine) after the request commits; it never imports APScheduler, so
commands stay plain use cases.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError

from bot.kernel.errors import NotFound, UserError
from bot.kernel.i18n import _
from bot.kernel.model import Address
from bot.scheduling.calendars import SCHOOL_DAYS
from bot.scheduling.kinds import ComposeContext, DeliveryKind, Recipient, TargetKind
from bot.scheduling.replan import replan_community, replan_member
from bot.scheduling.shown import status_text
from bot.scheduling.targets import Target, resolve_target_text
from bot.scheduling.timing import plan_after, quiet_hours_of
from bot.time.recurrence import (
    Recurrence,
    RecurrenceError,
    next_occurrences,
    parse_recurrence,
    recurrence_from_text,
    recurrence_to_text,
)
from storage.community import Community
from storage.schedules import (
    ACTIVE,
    CANCELLED,
    DONE,
    PAUSED,
    SET_ASIDE,
    Schedule,
    get_schedule,
    list_schedules,
    next_schedule_number,
    notify_change,
    schedule_by_number,
)

if TYPE_CHECKING:
    from bot.dispatch.context import Context
    from bot.grammar.registry import Registry
    from storage.community import Member


class Scheduling:
    """The scheduling service families reach as `ctx.scheduling`."""

    def __init__(self, registry: Registry) -> None:
        self.delivery_kinds: dict[str, DeliveryKind] = {}
        self.target_kinds: dict[str, TargetKind] = {}
        for family in registry:
            for kind in family.delivery_kinds:
                self.delivery_kinds[kind.name] = kind
            for target in family.target_kinds:
                self.target_kinds[target.prefix.lower()] = target
        # Set by the running engine: called after a change commits, to re-arm at once.
        self.wake: Callable[[], None] | None = None

    # -- targets and time ------------------------------------------------------------------

    async def resolve_target(self, ctx: Context, text: str) -> Target:
        return await resolve_target_text(
            ctx.session, ctx.community, text, self.target_kinds, person=ctx.resolve_member
        )

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
        school_days: bool = False,
    ) -> Schedule:
        """A new schedule; `school_days` holds each recipient's share of an occurrence that
        falls on their non-school day to their next school day (bot/scheduling/calendars)."""
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
        schedule = self.planned(
            ctx.community,
            kind=kind,
            target=resolved.text,
            rec=rec,
            zone=rec.tz or zone,
            payload={**(payload or {}), **({SCHOOL_DAYS: True} if school_days else {})},
            owner=owner,
            created_by=ctx.member.id,
            now=now,
        )
        if schedule.next_run_at is None:
            raise UserError(
                _(
                    "“{when}” has already passed; pick a time in the future.",
                    when=when if isinstance(when, str) else rec.text,
                )
            )
        await self._add_numbered(ctx, schedule)
        await notify_change(ctx.session)
        self._after_commit_wake(ctx)
        return schedule

    def planned(
        self,
        community: Community,
        *,
        kind: str,
        target: str,
        rec: Recurrence,
        zone: str,
        payload: dict[str, Any] | None = None,
        owner: str | None = None,
        created_by: int | None = None,
        now: datetime,
    ) -> Schedule:
        """A new, active schedule row with its first occurrence planned (not yet added).

        The one place a schedule row is built: `create` uses it, and so does sample data,
        which has no request to create through. `next_run_at` is None when `rec` has no
        occurrence after `now`; `target` is the canonical text (already resolved).
        """
        schedule = Schedule(
            community_id=community.id,
            kind=kind,
            target=target,
            recurrence=recurrence_to_text(rec),
            zone=zone,
            payload=dict(payload or {}),
            owner=owner,
            created_by=created_by,
            status=ACTIVE,
            created_at=now,
            updated_at=now,
        )
        schedule.next_run_at, schedule.due_at = plan_after(schedule, now, quiet_hours_of(community))
        return schedule

    async def _add_numbered(self, ctx: Context, schedule: Schedule) -> None:
        """Add with the next number of its kind in this community; a concurrent request that
        took the same number makes this one try the next (each try in a savepoint)."""
        for attempt in range(5):
            schedule.number = await next_schedule_number(
                ctx.session, schedule.community_id, schedule.kind
            )
            try:
                async with ctx.session.begin_nested():
                    ctx.session.add(schedule)
                return
            except IntegrityError:
                if attempt == 4:
                    raise

    async def get(self, ctx: Context, number: int, *, kind: str | None = None) -> Schedule:
        """A schedule of this community: with `kind`, by the number people see for that kind
        (nudge #3); without, by its internal id. NotFound otherwise."""
        if kind is not None:
            schedule = await schedule_by_number(ctx.session, ctx.community.id, kind, number)
        else:
            schedule = await get_schedule(ctx.session, ctx.community.id, number)
        if schedule is None:
            if kind is None:
                raise NotFound(_("There is no schedule #{number} here.", number=number))
            raise NotFound(_("There is no {kind} #{number} here.", kind=kind, number=number))
        return schedule

    async def preview(self, schedule: Schedule, count: int = 3) -> builtins.list[datetime]:
        if schedule.next_run_at is None or count <= 0:
            return []
        rec = recurrence_from_text(schedule.recurrence)
        rest = next_occurrences(rec, schedule.next_run_at, ZoneInfo(schedule.zone), count - 1)
        return [schedule.next_run_at, *rest]

    async def move(self, ctx: Context, schedule_id: int, when: datetime) -> Schedule:
        """Move one schedule to a single moment (a cycle's reminder moved by hand); only
        this schedule changes."""
        schedule = await self.get(ctx, schedule_id)
        if schedule.status in (CANCELLED, DONE):
            raise UserError(
                _(
                    "#{number} is {status}; there is nothing to move.",
                    number=schedule.number,
                    status=status_text(schedule.status),
                )
            )
        if when <= ctx.now:
            raise UserError(_("That time has already passed; pick a time in the future."))
        zone = ZoneInfo(schedule.zone)
        local = when.astimezone(zone)
        rec = recurrence_from_text(f"{local:%Y-%m-%d %H:%M}")
        schedule.recurrence = recurrence_to_text(rec)
        schedule.next_run_at, schedule.due_at = plan_after(
            schedule, ctx.now, quiet_hours_of(ctx.community)
        )
        if schedule.status == PAUSED:
            schedule.due_at = None
        schedule.updated_at = ctx.now
        await notify_change(ctx.session)
        self._after_commit_wake(ctx)
        return schedule

    async def community_changed(self, ctx: Context, *, old_zone: str) -> int:
        """After /praxis settings changed the zone or quiet hours: re-plan every schedule
        that depends on them, now; how many now go out at another time."""
        result = await replan_community(
            ctx.session,
            ctx.community,
            old_zone=old_zone,
            now=ctx.now,
            quiet=quiet_hours_of(ctx.community),
        )
        moved = result.moved + await self._zones_changed(ctx)
        if result.checked:
            await notify_change(ctx.session)
            self._after_commit_wake(ctx)
        return moved

    async def member_zone_changed(self, ctx: Context, member: Member) -> int:
        """After a person's own zone changed: their schedules follow it, now."""
        result = await replan_member(
            ctx.session,
            ctx.community,
            member,
            zone=str(ctx.member_zone(member)),
            now=ctx.now,
            quiet=quiet_hours_of(ctx.community),
        )
        moved = result.moved + await self._zones_changed(ctx)
        if result.checked:
            await notify_change(ctx.session)
            self._after_commit_wake(ctx)
        return moved

    async def _zones_changed(self, ctx: Context) -> int:
        """Let each kind that keeps a schedule per zone follow (DeliveryKind.zones_changed)."""
        made = 0
        for kind in self.delivery_kinds.values():
            if kind.zones_changed is not None:
                made += await kind.zones_changed(ctx)
        return made

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
            raise UserError(
                _(
                    "#{number} is {status}; there is nothing to pause.",
                    number=schedule.number,
                    status=status_text(schedule.status),
                )
            )
        if schedule.status in (ACTIVE, SET_ASIDE):
            schedule.fault = None
            self._stop(ctx, schedule, PAUSED)
            await notify_change(ctx.session)
            self._after_commit_wake(ctx)
        return schedule

    async def resume(self, ctx: Context, schedule_id: int) -> Schedule:
        """Resume from now on: occurrences that fell while paused are skipped, not sent late.

        A schedule the engine set aside resumes the same way, if its time can now be worked
        out; if not, the facilitator is told to schedule it again (nothing changes)."""
        schedule = await self.get(ctx, schedule_id)
        if schedule.status in (CANCELLED, DONE):
            raise UserError(
                _(
                    "#{number} is {status}; schedule it again instead.",
                    number=schedule.number,
                    status=status_text(schedule.status),
                )
            )
        if schedule.status in (PAUSED, SET_ASIDE):
            try:
                nxt, due = plan_after(schedule, ctx.now, quiet_hours_of(ctx.community))
            except (ValueError, KeyError, OverflowError):
                raise UserError(
                    _(
                        "#{number}'s time still cannot be worked out; cancel it and "
                        "schedule it again.",
                        number=schedule.number,
                    )
                ) from None
            if nxt is None:
                raise UserError(
                    _(
                        "#{number} was due while it was paused and has no later time; "
                        "schedule it again.",
                        number=schedule.number,
                    )
                )
            schedule.status, schedule.next_run_at, schedule.due_at = ACTIVE, nxt, due
            schedule.fault = None
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
            raise UserError(
                _(
                    "#{number} is a {kind} schedule, which is not served.",
                    number=schedule.number,
                    kind=schedule.kind,
                )
            )
        member = ctx.member if to.user == ctx.member.user_id else None
        compose = ComposeContext(
            ctx.session, ctx.community, schedule, ctx.now, [Recipient(to, member)], ctx.services
        )
        for outgoing in await kind.compose(compose):
            ctx.notify(outgoing.address, outgoing.reply)
