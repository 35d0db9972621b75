"""Claim due occurrences, compose them, send them, record them: once per occurrence.

The protocol, per batch of due schedules, in one transaction: insert a delivery row per
occurrence (unique on schedule, occurrence and held recipient), advance the schedule to its
next occurrence, and run the composer. After commit, each delivery is marked SENDING in its
own short transaction, sent (retried with backoff), then marked SENT or FAILED.

Exactly once, end to end: the database makes each occurrence claimed once (at most once
from the engine's side); every message carries an idempotency key derived from its
delivery row and recipient (`message_key`), stable across restarts and instances. After a
crash a READY row was never sent: it is composed and sent (late, within the grace period).
A SENDING row may or may not have reached the platform: it is composed again and re-sent
with the SAME keys and `resend=True` (at least once from the engine), and each port makes
the re-send a no-op when the first one arrived (Discord's enforced nonce, Slack's message
metadata looked up in the channel's recent history, the console's key set). So a kill at
any instant neither loses nor doubles a message.

Missed occurrences coalesce: when several occurrences of one schedule are overdue, only the
latest is sent (if within the grace period); the older ones are recorded as MISSED, each
exactly once, however long the bot was away (`_catch_up`: a daily nudge after a summer off
records its ninety missed mornings in chunks and moves on to the next future one).

One faulty schedule never holds up another (`_claim_guarded`): a batch is claimed fast, without
savepoints; if anything in it fails, the batch is redone with each schedule in a savepoint of
its own, and a schedule that still fails is set aside (status `set_aside`, a reference in
`fault`, one log line without user text) so every other schedule goes on and nothing retries
it in a loop. A facilitator sees it in the family's listing and resumes it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.services import Services
from bot.kernel.errors import UserError
from bot.kernel.i18n import N_
from bot.kernel.model import Address
from bot.scheduling.calendars import (
    CommunityCalendars,
    follows_school_days,
    load_calendars,
    school_day_hold,
)
from bot.scheduling.facade import Scheduling
from bot.scheduling.kinds import ComposeContext, Outgoing, Recipient
from bot.scheduling.port import DeliveryError
from bot.scheduling.targets import holds_per_recipient, recipient_key, resolve_target_text
from bot.scheduling.timing import plan_after, quiet_hours_of
from bot.time.recurrence import hold_for_quiet_hours
from bot.time.zones import zone_for
from storage.community import Community
from storage.schedules import (
    ACTIVE,
    CANCELLED,
    DONE,
    FAILED,
    HELD,
    INTERRUPTED,
    MISSED,
    PAUSED,
    READY,
    SENDING,
    SENT,
    Delivery,
    Schedule,
    due_held,
    due_schedule_ids,
    due_schedules,
    earliest_due,
    set_aside,
)

log = logging.getLogger("praxis.scheduler")

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class EngineConfig:
    """Knobs with the reasons for their defaults.

    grace: an occurrence overdue by more than this when the engine gets to it (after a
    restart, say) is recorded as missed rather than sent: "your 8:00 reminder" at 15:00
    confuses more than it helps. Two hours covers a deploy or a crash-loop.
    """

    grace: timedelta = timedelta(hours=2)
    batch: int = 250
    concurrency: int = 16
    max_attempts: int = 5
    first_backoff: float = 1.0
    max_backoff: float = 60.0
    max_retry_after: float = 900.0
    # Catch-up after a long stop: at most this many missed occurrences of one schedule are
    # recorded per transaction, and at most `catch_up_budget` per batch, so a year-long gap
    # is a series of short transactions rather than one that holds the database.
    catch_up_chunk: int = 500
    catch_up_budget: int = 2000


class _ComposerFailed(Exception):
    """A composer failed outside a savepoint: the batch must be redone carefully."""


class _Unplannable(Exception):
    """A schedule whose occurrences do not move forward (a bug in its timing, not the user's)."""


class _PlanningFailed(Exception):
    """Working out a schedule's occurrences failed; the cause is the original error."""


# Failures that are the database's, not one schedule's: never a reason to set one aside.
_DATABASE_DOWN = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


@dataclass
class _Batch:
    """What one claiming transaction did: the jobs to send, how many due schedules it read,
    and whether some are still behind (more to catch up, or left for the next batch)."""

    jobs: list[_Job] = field(default_factory=list)
    read: int = 0  # due schedules read (a full batch means there may be more)
    count: int = 0  # schedules claimed or set aside
    behind: bool = False


@dataclass
class _CatchUp:
    """Where a due schedule stands: occurrences to record as missed, the one to send now (if
    any, within the grace period), where the schedule moves, and whether more are overdue."""

    missed: list[tuple[datetime, datetime]]
    send: tuple[datetime, datetime] | None
    following: tuple[datetime | None, datetime | None]
    behind: bool = False


@dataclass
class _Job:
    delivery: Delivery  # its id is known once the claiming transaction has committed
    schedule_id: int
    outgoing: list[Outgoing]
    due_at: datetime
    resend: bool = False  # the messages may already have been posted (a crash while sending)

    @property
    def delivery_id(self) -> int:
        return self.delivery.id


def message_key(delivery_id: int, outgoing: Outgoing, ordinal: int) -> str:
    """The idempotency key of one message of one delivery row: stable across restarts and
    instances (the row id is in the database; the recipient's digest does not depend on the
    order a target resolves in), at most 25 characters (Discord's nonce limit)."""
    address = outgoing.address
    where = f"{address.platform}|{address.community}|{address.channel}|{address.user}"
    digest = hashlib.blake2s(where.encode(), digest_size=4).hexdigest()
    return f"px{delivery_id}.{digest}.{ordinal}"


@dataclass
class ReconcileReport:
    resent: int = 0  # READY rows (claimed, never sent) sent late
    missed: int = 0
    interrupted: int = 0  # rows a crash left SENDING, re-sent with their keys
    abandoned: int = 0  # such rows older than the grace period, left INTERRUPTED
    claimed: int = 0


@dataclass
class Engine:
    services: Services
    scheduling: Scheduling
    instance: str = "local"
    config: EngineConfig = field(default_factory=EngineConfig)
    sleep: Sleep = asyncio.sleep

    # The community calendars read by the claiming transaction in progress (see _calendars).
    _calendar_cache: tuple[AsyncSession, dict[int, CommunityCalendars]] | None = field(
        default=None, init=False, repr=False
    )

    def __post_init__(self) -> None:
        self._inflight: set[asyncio.Task[None]] = set()
        self._limit = asyncio.Semaphore(4)  # chunks sending at once
        self._lock = asyncio.Lock()

    # -- public ----------------------------------------------------------------------------

    async def run_due(self, now: datetime | None = None, *, wait: bool = True) -> int:
        """Deliver every occurrence due at `now`; returns how many occurrences were claimed.

        With wait=False the sends continue in the background (the runner's way, so a slow
        platform never delays the next wakeup); tests use the default and see the result.
        """
        now = now or self.services.clock.now()
        claimed = 0
        careful = False
        async with self._lock:
            while True:
                try:
                    batch = await self._claim_batch(now, careful=careful)
                except _DATABASE_DOWN:
                    raise  # the runner backs off and retries; no schedule is to blame
                except Exception:
                    if careful:
                        raise
                    # Something in the batch failed (a composer, a row, another engine's
                    # claim): redo it with each schedule in a savepoint of its own.
                    careful = True
                    continue
                claimed += batch.count
                self._start(batch.jobs)
                if batch.read < self.config.batch and not batch.behind:
                    break
            while True:
                jobs, count = await self._claim_held(now)
                claimed += count
                self._start(jobs)
                if count < self.config.batch:
                    break
        if wait:
            await self.drain()
        return claimed

    async def drain(self) -> None:
        """Wait for the sends in flight (tests; a graceful stop)."""
        while self._inflight:
            await asyncio.gather(*list(self._inflight), return_exceptions=True)

    async def next_due(self) -> datetime | None:
        async with self.services.db.session() as session:
            return await earliest_due(session)

    async def reconcile(self, now: datetime | None = None) -> ReconcileReport:
        """On start (or on becoming the active instance): settle what a crash left behind,
        then deliver what fell due while nobody was running."""
        now = now or self.services.clock.now()
        report = ReconcileReport()
        jobs: list[_Job] = []
        async with self._lock, self.services.db.session() as session:
            pending = await session.execute(
                select(Delivery)
                .where(Delivery.status.in_((READY, SENDING, INTERRUPTED)))
                .order_by(Delivery.due_at, Delivery.id)
            )
            communities: dict[int, Community] = {}
            for delivery in list(pending.scalars()):
                in_flight = delivery.status != READY
                if now - delivery.due_at > self.config.grace:
                    if delivery.status == READY:
                        delivery.status = MISSED
                        report.missed += 1
                    elif delivery.status == SENDING:
                        delivery.status = INTERRUPTED
                        delivery.error = "the bot stopped while sending; too late to finish"
                        report.abandoned += 1
                    continue
                try:
                    async with session.begin_nested():
                        schedule = await session.get(Schedule, delivery.schedule_id)
                        if schedule is None:
                            continue
                        community = await self._community(
                            session, communities, schedule.community_id
                        )
                except _DATABASE_DOWN:
                    raise
                except Exception as error:  # one unreadable schedule must not stop the rest
                    log.error(
                        "delivery %s: its schedule #%s could not be read (%s)",
                        delivery.id,
                        delivery.schedule_id,
                        type(error).__name__,
                    )
                    delivery.status, delivery.error = FAILED, "its schedule could not be read"
                    continue
                outgoing = await self._compose(session, community, schedule, delivery)
                if outgoing is not None:
                    jobs.append(_Job(delivery, schedule.id, outgoing, delivery.due_at, in_flight))
                    if in_flight:
                        report.interrupted += 1
                    else:
                        report.resent += 1
            if report.interrupted:
                log.warning(
                    "%d deliveries were being sent when the bot stopped; re-sending them "
                    "with their idempotency keys (a message that arrived is not posted again)",
                    report.interrupted,
                )
        self._start(jobs)
        report.claimed = await self.run_due(now, wait=False)
        if report.resent or report.missed or report.interrupted or report.abandoned:
            log.info(
                "reconciled: %d sent late, %d missed, %d re-sent after an interrupted send, "
                "%d interrupted too long ago",
                report.resent,
                report.missed,
                report.interrupted,
                report.abandoned,
            )
        return report

    # -- claiming ------------------------------------------------------------------------

    async def _claim_batch(self, now: datetime, *, careful: bool = False) -> _Batch:
        """Claim one batch. Composers run without savepoints (a savepoint per occurrence
        costs more than the rest of the claim); if anything fails, the batch is rolled back
        and redone `careful`ly, each schedule and each composer in its own savepoint, and a
        schedule that fails even then is set aside."""
        batch = _Batch()
        async with self.services.db.session() as session:
            schedules = await self._due(session, now, careful)
            if not schedules:
                return batch
            batch.read = len(schedules)
            existing = await self._existing(session, schedules)
            communities: dict[int, Community] = {}
            budget = self.config.catch_up_budget
            for schedule in schedules:
                if budget <= 0:
                    batch.behind = True  # left for the next batch of this run
                    continue
                limit = min(self.config.catch_up_chunk, budget)
                if careful:
                    outcome = await self._claim_guarded(
                        session, communities, schedule, now, existing, limit
                    )
                else:
                    community = await self._community(session, communities, schedule.community_id)
                    outcome = await self._claim(
                        session, community, schedule, now, existing, limit, careful=False
                    )
                batch.count += 1
                if outcome is None:
                    continue
                job, recorded, behind = outcome
                budget -= recorded
                batch.behind = batch.behind or behind
                if job is not None:
                    batch.jobs.append(job)
            return batch

    async def _due(self, session: AsyncSession, now: datetime, careful: bool) -> list[Schedule]:
        """The due schedules; in careful mode a row that cannot even be read (its stored
        payload is not JSON, say) is set aside rather than failing the whole batch."""
        if not careful:
            return await due_schedules(session, now, self.config.batch)
        try:
            async with session.begin_nested():
                return await due_schedules(session, now, self.config.batch)
        except _DATABASE_DOWN:
            raise
        except Exception:
            pass
        readable: list[Schedule] = []
        for schedule_id in await due_schedule_ids(session, now, self.config.batch):
            try:
                async with session.begin_nested():
                    found = await session.get(Schedule, schedule_id)
            except _DATABASE_DOWN:
                raise
            except Exception as error:
                await self._set_aside(session, schedule_id, None, now, error, N_("reading its row"))
                continue
            if found is not None:
                readable.append(found)
        return readable

    async def _existing(
        self, session: AsyncSession, schedules: list[Schedule]
    ) -> set[tuple[int, datetime]]:
        """Occurrences of these schedules already recorded from their next one on (a row
        written before the schedule moved: another engine's claim, or a resumed schedule)."""
        since = min((s.next_run_at for s in schedules if s.next_run_at is not None), default=None)
        if since is None:  # nothing planned (a broken row): `_catch_up` sets it aside
            return set()
        query = select(Delivery.schedule_id, Delivery.occurrence).where(
            Delivery.schedule_id.in_([s.id for s in schedules]),
            Delivery.occurrence >= since,
            Delivery.recipient == "",
        )
        return {(row[0], row[1]) for row in await session.execute(query)}

    async def _community(
        self, session: AsyncSession, cache: dict[int, Community], community_id: int
    ) -> Community:
        if community_id not in cache:
            found = await session.get(Community, community_id)
            if found is None:
                raise LookupError("the schedule's community is gone")
            cache[community_id] = found
        return cache[community_id]

    # -- catch-up and quarantine ---------------------------------------------------------

    def _catch_up(
        self,
        schedule: Schedule,
        quiet: tuple[time, time] | None,
        now: datetime,
        limit: int,
    ) -> _CatchUp:
        """Walk a due schedule's overdue occurrences, each exactly once, oldest first.

        Every occurrence due before the latest one is missed; the latest is sent if it is
        within the grace period, else missed too; the schedule moves to the first future
        occurrence. At most `limit` missed occurrences per call: a schedule further behind
        moves to where this call stopped and is `behind`, finished by the next call.
        """
        occurrence, due = schedule.next_run_at, schedule.due_at
        if occurrence is None or due is None:
            raise _Unplannable("an active schedule without a next time")
        missed: list[tuple[datetime, datetime]] = []
        while True:
            following, following_due = plan_after(schedule, occurrence, quiet)
            if following is not None and (following <= occurrence or following_due is None):
                raise _Unplannable("its occurrences do not move forward")
            if following is None or following_due is None or following_due > now:
                break
            missed.append((occurrence, due))
            occurrence, due = following, following_due
            if len(missed) >= limit:
                return _CatchUp(missed, None, (occurrence, due), behind=True)
        if now - due > self.config.grace:
            missed.append((occurrence, due))
            return _CatchUp(missed, None, (following, following_due))
        return _CatchUp(missed, (occurrence, due), (following, following_due))

    async def _claim_guarded(
        self,
        session: AsyncSession,
        communities: dict[int, Community],
        schedule: Schedule,
        now: datetime,
        existing: set[tuple[int, datetime]],
        limit: int,
    ) -> tuple[_Job | None, int, bool] | None:
        """`_claim` in a savepoint; a schedule that fails is set aside, the rest go on.

        A unique-key failure may be another engine's claim landing between our read and our
        write (SQLite reads outside the write lock): the schedule is read again and retried
        once; if it is no longer due, the other engine has it."""
        schedule_id, community_id = schedule.id, schedule.community_id
        for attempt in (1, 2):
            stage = N_("reading its community")
            try:
                async with session.begin_nested():
                    community = await self._community(session, communities, community_id)
                    stage = N_("recording its occurrences")
                    return await self._claim(
                        session, community, schedule, now, existing, limit, careful=True
                    )
            except _DATABASE_DOWN:
                raise
            except IntegrityError as error:
                if attempt == 2:
                    await self._set_aside(session, schedule_id, community_id, now, error, stage)
                    return None
                fresh = await session.get(Schedule, schedule_id, populate_existing=True)
                if (
                    fresh is None
                    or fresh.status != ACTIVE
                    or not fresh.due_at
                    or fresh.due_at > now
                ):
                    return None
                schedule = fresh
                existing |= await self._existing(session, [fresh])
            except _PlanningFailed as error:
                cause = error.__cause__ or error
                stage = N_("working out its next time")
                await self._set_aside(session, schedule_id, community_id, now, cause, stage)
                return None
            except Exception as error:
                await self._set_aside(session, schedule_id, community_id, now, error, stage)
                return None
        return None

    async def _set_aside(
        self,
        session: AsyncSession,
        schedule_id: int,
        community_id: int | None,
        now: datetime,
        error: BaseException,
        stage: str,
    ) -> None:
        """Set a schedule aside with one log line: its id, the stage, the error's type and
        where it was raised; never the error's message, which may quote what someone typed
        (a recurrence, a message)."""
        ref = secrets.token_hex(2).upper()
        frames = traceback.extract_tb(error.__traceback__)
        where = f"{frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else "?"
        log.error(
            "schedule #%s (community %s) set aside ref=%s: %s while %s (at %s); "
            "the other schedules go on",
            schedule_id,
            community_id if community_id is not None else "?",
            ref,
            type(error).__name__,
            stage,
            where,
        )
        await set_aside(session, schedule_id, f"ref {ref}: failed while {stage}", now)
        self.services.metrics.set_aside.inc()

    # -- claiming one schedule -----------------------------------------------------------

    async def _claim(
        self,
        session: AsyncSession,
        community: Community,
        schedule: Schedule,
        now: datetime,
        existing: set[tuple[int, datetime]],
        limit: int,
        careful: bool = True,
    ) -> tuple[_Job | None, int, bool]:
        """Record what a due schedule missed, claim the occurrence to send, move it on.

        Returns the job to send (if any), how many missed rows were recorded and whether the
        schedule is still behind."""
        quiet = quiet_hours_of(community)
        try:
            plan = self._catch_up(schedule, quiet, now, limit)
        except Exception as error:
            raise _PlanningFailed from error
        recorded = 0
        for when, when_due in plan.missed:
            if (schedule.id, when) not in existing:
                session.add(self._row(schedule, when, when_due, MISSED, now))
                recorded += 1
        # Advance the schedule whatever happens to this occurrence.
        last = plan.send[0] if plan.send is not None else plan.missed[-1][0]
        schedule.last_run_at = last
        schedule.next_run_at, schedule.due_at = plan.following
        if plan.following[0] is None:
            schedule.status = DONE
        schedule.updated_at = now
        if plan.missed and not plan.behind:
            log.info(
                "schedule #%s: %d occurrence(s) missed while overdue", schedule.id, len(plan.missed)
            )
        if plan.send is None:
            return None, recorded, plan.behind
        occurrence, due = plan.send
        if (schedule.id, occurrence) in existing:
            log.warning("schedule #%s: occurrence %s already delivered", schedule.id, occurrence)
            return None, recorded, False
        delivery = self._row(schedule, occurrence, due, READY, now)
        session.add(delivery)
        outgoing = await self._compose(session, community, schedule, delivery, careful, hold=True)
        if outgoing is None:
            return None, recorded, False
        return _Job(delivery, schedule.id, outgoing, due), recorded, False

    async def _claim_held(self, now: datetime) -> tuple[list[_Job], int]:
        """Claim people's held shares whose quiet hours have ended (few: each in a savepoint)."""
        jobs: list[_Job] = []
        async with self.services.db.session() as session:
            rows = await due_held(session, now, self.config.batch)
            communities: dict[int, Community] = {}
            for row in rows:
                schedule = await session.get(Schedule, row.schedule_id)
                if schedule is None or schedule.status in (PAUSED, CANCELLED):
                    status = schedule.status if schedule is not None else "deleted"
                    row.status, row.error = MISSED, f"the schedule was {status} meanwhile"
                    continue
                if now - row.due_at > self.config.grace:
                    row.status, row.error = MISSED, "overdue beyond the grace period"
                    continue
                row.status, row.instance = READY, self.instance
                community = await self._community(session, communities, schedule.community_id)
                outgoing = await self._compose(session, community, schedule, row)
                if outgoing is not None:
                    jobs.append(_Job(row, schedule.id, outgoing, row.due_at))
            return jobs, len(rows)

    def _row(
        self,
        schedule: Schedule,
        occurrence: datetime,
        due: datetime,
        status: str,
        now: datetime,
        recipient: str = "",
    ) -> Delivery:
        return Delivery(
            community_id=schedule.community_id,
            schedule_id=schedule.id,
            occurrence=occurrence,
            recipient=recipient,
            due_at=due,
            status=status,
            messages=0,
            attempts=0,
            instance=self.instance,
            created_at=now,
        )

    async def _compose(
        self,
        session: AsyncSession,
        community: Community,
        schedule: Schedule,
        delivery: Delivery,
        careful: bool = True,
        *,
        hold: bool = False,
    ) -> list[Outgoing] | None:
        """The messages for one occurrence; None (and the row FAILED) when it cannot be made.

        A held share (delivery.recipient) goes to that one person. The occurrence of a
        multi-person target goes to everyone not split off: with `hold` (a fresh claim), each
        person whose own quiet hours hold the occurrence gets a HELD row of their own."""
        kind = self.scheduling.delivery_kinds.get(schedule.kind)
        if kind is None:
            delivery.status, delivery.error = FAILED, f"nothing delivers {schedule.kind!r}"
            return None

        async def run() -> list[Outgoing]:
            target = await resolve_target_text(
                session, community, schedule.target, self.scheduling.target_kinds
            )
            recipients = list(target.recipients)
            if delivery.recipient:
                recipients = [r for r in recipients if recipient_key(r) == delivery.recipient]
            elif holds_per_recipient(schedule) or follows_school_days(schedule):
                split = await self._split_off(
                    session, community, schedule, delivery, recipients, hold
                )
                recipients = [r for r in recipients if recipient_key(r) not in split]
            context = ComposeContext(
                session,
                community,
                schedule,
                delivery.occurrence,
                recipients,
                self.services,
                held_for=delivery.recipient or None,
            )
            return await kind.compose(context)

        try:
            if careful:
                async with session.begin_nested():
                    outgoing = await run()
            else:
                outgoing = await run()
        except UserError as error:
            if not careful:
                raise _ComposerFailed from error
            delivery.status, delivery.error = FAILED, error.message
            log.warning("schedule #%s: target failed: %s", schedule.id, error.message)
            return None
        except Exception as error:
            if not careful:
                raise _ComposerFailed from error
            log.exception("schedule #%s: composing failed", schedule.id)
            delivery.status, delivery.error = FAILED, "composing the message failed"
            return None
        if not outgoing:
            delivery.status, delivery.sent_at = SENT, self.services.clock.now()
            return None
        return outgoing

    async def _split_off(
        self,
        session: AsyncSession,
        community: Community,
        schedule: Schedule,
        delivery: Delivery,
        recipients: list[Recipient],
        hold: bool,
    ) -> set[str]:
        """The people whose share of this occurrence is a row of its own (held by their quiet
        hours, or by their school calendar); with `hold`, first split off those whose quiet
        hours or non-school day hold it now."""
        split: set[str] = set()
        if not hold:  # a re-compose after a crash: the split was made and committed then
            query = select(Delivery.recipient).where(
                Delivery.schedule_id == schedule.id,
                Delivery.occurrence == delivery.occurrence,
                Delivery.recipient != "",
            )
            return {row[0] for row in await session.execute(query)}
        if follows_school_days(schedule):
            split |= await self._split_off_school_days(
                session, community, schedule, delivery, recipients
            )
        quiet = quiet_hours_of(community)
        if quiet is None or not holds_per_recipient(schedule):
            return split
        now = self.services.clock.now()
        for recipient in recipients:
            user = recipient.address.user
            if recipient.member is None or not user or user in split:
                continue
            zone = zone_for(recipient.member, community)
            until = hold_for_quiet_hours(delivery.occurrence, zone, quiet)
            if until > delivery.due_at:
                session.add(self._row(schedule, delivery.occurrence, until, HELD, now, user))
                self.services.metrics.delivery(HELD)
                split.add(user)
        return split

    async def _split_off_school_days(
        self,
        session: AsyncSession,
        community: Community,
        schedule: Schedule,
        delivery: Delivery,
        recipients: list[Recipient],
    ) -> set[str]:
        """Each recipient for whom this occurrence falls on a non-school day (by their
        district's calendar, in their own zone; a channel by the community's) gets their
        share held to their next school day at the same time: a HELD row of its own.

        Sent once: when the schedule's next occurrence comes no later than that (a weekly
        nudge over a two-week break), or the person already has a share of it held, this
        share joins that one instead of making a second message on the day school starts;
        its row records that, as MISSED."""
        calendars = await self._calendars(session, community)
        quiet = quiet_hours_of(community)
        holds: dict[str, datetime] = {}
        for recipient in recipients:
            key = recipient_key(recipient)
            if not key or key in holds:
                continue
            if recipient.member is not None:
                zone = zone_for(recipient.member, community)
            else:
                zone = ZoneInfo(schedule.zone)
            calendar = calendars.for_member(recipient.member)
            until = school_day_hold(delivery.occurrence, zone, calendar, quiet)
            if until is not None:
                holds[key] = until
        if not holds:
            return set()
        following, _missed = plan_after(schedule, delivery.occurrence, quiet)
        pending = await session.execute(
            select(Delivery.recipient).where(
                Delivery.schedule_id == schedule.id,
                Delivery.status == HELD,
                Delivery.recipient.in_(list(holds)),
            )
        )
        joined = {row[0] for row in pending}
        now = self.services.clock.now()
        for key, until in holds.items():
            if key in joined or (following is not None and following <= until):
                row = self._row(schedule, delivery.occurrence, until, MISSED, now, key)
                row.error = "not a school day: joined the person's next delivery"
            else:
                row = self._row(schedule, delivery.occurrence, until, HELD, now, key)
            session.add(row)
        return set(holds)

    async def _calendars(self, session: AsyncSession, community: Community) -> CommunityCalendars:
        """The community's calendars, read once per claiming transaction."""
        cached = self._calendar_cache
        if cached is None or cached[0] is not session:
            cached = self._calendar_cache = (session, {})
        found = cached[1].get(community.id)
        if found is None:
            found = cached[1][community.id] = await load_calendars(session, community)
        return found

    # -- sending -------------------------------------------------------------------------

    def _start(self, jobs: list[_Job]) -> None:
        """Send in chunks of `concurrency`: one transaction marks a chunk SENDING, its messages
        go out concurrently, one transaction records the results. A kill can so leave at most
        one chunk per running task in the ambiguous SENDING state."""
        size = self.config.concurrency
        for start in range(0, len(jobs), size):
            task = asyncio.create_task(self._deliver_chunk(jobs[start : start + size]))
            self._inflight.add(task)
            task.add_done_callback(self._inflight.discard)

    async def _deliver_chunk(self, jobs: list[_Job]) -> None:
        async with self._limit:
            ids = [job.delivery_id for job in jobs]
            try:
                async with self.services.db.session() as session:
                    await session.execute(
                        update(Delivery).where(Delivery.id.in_(ids)).values(status=SENDING)
                    )
            except Exception:
                log.exception("deliveries %s: could not mark them as sending", ids)
                return
            results = await asyncio.gather(*(self._deliver(job) for job in jobs))
            rows = [
                {"id": job.delivery_id, **values} for job, values in zip(jobs, results, strict=True)
            ]
            async with self.services.db.session() as session:
                await session.execute(update(Delivery), rows)
            now = self.services.clock.now()
            for job, values in zip(jobs, results, strict=True):
                lag = (now - job.due_at).total_seconds()
                self.services.metrics.delivery(str(values["status"]), lag=lag)

    async def _deliver(self, job: _Job) -> dict[str, object]:
        sent, attempts, errors = 0, 0, []
        ordinals: dict[Address, int] = {}
        for outgoing in job.outgoing:
            ordinal = ordinals.get(outgoing.address, 0)
            ordinals[outgoing.address] = ordinal + 1
            key = message_key(job.delivery_id, outgoing, ordinal)
            ok, tries, error = await self._send_with_retry(outgoing, key, job.resend)
            attempts += tries
            sent += ok
            if error:
                errors.append(error)
        if errors:
            log.warning("delivery %s: %d of %d failed", job.delivery_id, len(errors), sent)
        return {
            "status": SENT if sent or not job.outgoing else FAILED,
            "messages": sent,
            "attempts": attempts,
            "error": "; ".join(errors)[:2000] or None,
            "sent_at": self.services.clock.now(),
        }

    async def _send_with_retry(
        self, outgoing: Outgoing, key: str, resend: bool
    ) -> tuple[bool, int, str | None]:
        """Send one message; retry with doubling backoff, or as long as the platform asks.

        A retry after a failure that is not a clear refusal (a timeout, a 5xx) may follow a
        message that did arrive, so it goes out as a re-send with the same key."""
        config = self.config
        delay = config.first_backoff
        for attempt in range(1, config.max_attempts + 1):
            try:
                await self.services.delivery.send(
                    outgoing.address, outgoing.reply, key=key, resend=resend or attempt > 1
                )
                return True, attempt, None
            except DeliveryError as error:
                if error.permanent or attempt == config.max_attempts:
                    return False, attempt, str(error)
                wait = error.retry_after if error.retry_after is not None else delay
                wait = min(max(wait, 0.0), config.max_retry_after)
            except Exception as error:  # an adapter bug must not stop other deliveries
                log.exception("sending to %s failed", outgoing.address.platform)
                if attempt == config.max_attempts:
                    return False, attempt, f"{type(error).__name__}"
                wait = delay
            await self.sleep(wait)
            delay = min(delay * 2, config.max_backoff)
        return False, config.max_attempts, "gave up"
