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

from bot.kernel.errors import NotFound, UserError
from bot.kernel.model import Address
from bot.scheduling.kinds import ComposeContext, DeliveryKind, Recipient, TargetKind
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
    notify_change,
)

if TYPE_CHECKING:
    from bot.dispatch.context import Context
    from bot.grammar.registry import Registry


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
        schedule = self.planned(
            ctx.community,
            kind=kind,
            target=resolved.text,
            rec=rec,
            zone=rec.tz or zone,
            payload=payload,
            owner=owner,
            created_by=ctx.member.id,
            now=now,
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
            raise UserError(f"#{schedule.id} is {schedule.status}; schedule it again instead.")
        if schedule.status in (PAUSED, SET_ASIDE):
            try:
                nxt, due = plan_after(schedule, ctx.now, quiet_hours_of(ctx.community))
            except (ValueError, KeyError, OverflowError):
                raise UserError(
                    f"#{schedule.id}'s time still cannot be worked out; cancel it and "
                    "schedule it again."
                ) from None
            if nxt is None:
                raise UserError(
                    f"#{schedule.id} was due while it was paused and has no later time; "
                    "schedule it again."
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
            raise UserError(f"#{schedule.id} is a {schedule.kind} schedule, which is not served.")
        member = ctx.member if to.user == ctx.member.user_id else None
        compose = ComposeContext(
            ctx.session, ctx.community, schedule, ctx.now, [Recipient(to, member)], ctx.services
        )
        for outgoing in await kind.compose(compose):
            ctx.notify(outgoing.address, outgoing.reply)
