"""The one error boundary between a request and the code that answers it.

Parse, find the community and the member, check the role, run the handler in
one transaction, commit, then send what the handler asked to send. A user's
mistake comes back as its message; anything else as a reference that also
appears in the log with the traceback.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import delete
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.context import Context
from bot.dispatch.services import Services
from bot.grammar import help as help_text
from bot.grammar.parser import HelpRequest, ParsedCommand, Parser, bind_values
from bot.grammar.registry import Registry
from bot.kernel.errors import Refusal, UserError, fault_message, fault_reference
from bot.kernel.i18n import _
from bot.kernel.language import Language, speaking
from bot.kernel.model import Address, Identity, Request, StructuredCommand, TextCommand
from bot.kernel.reply import Reply
from bot.text.storable import refusal, storable, unstorable
from storage.activity import record_activity
from storage.community import HandledRequest, member_language
from storage.members import enter, language_for

log = logging.getLogger("praxis.commands")


class _Duplicate(Exception):
    """The request was handled before (a platform retry): answer it without running it."""


@dataclass
class _Spoken:
    """The language of one request's answer, as far as it is known yet."""

    language: Language | None


class Outcome(StrEnum):
    OK = "ok"
    USER_ERROR = "user_error"
    REFUSED = "refused"
    FAULT = "fault"
    DUPLICATE = "duplicate"


@dataclass
class Result:
    reply: Reply
    outcome: Outcome
    command: str
    ms: float
    option: str | None = None  # the option a user's mistake is in (`UserError.option`)
    changed: bool = False  # the command wrote something (what the asker sees may differ)

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


class Dispatcher:
    def __init__(self, registry: Registry, services: Services) -> None:
        self.registry = registry
        self.parser = Parser(registry)
        self.services = services

    async def handle(self, request: Request) -> Result:
        started = time.perf_counter()
        request = _mended(request)
        command = "?"
        option: str | None = None
        changed = False
        # The asker's language once it is known (their member row); until then what their
        # platform says. Every text of the answer, the errors' too, is made in it.
        spoken = _Spoken(Language.parse(request.identity.locale))
        try:
            parsed = await self._parse_speaking(request, spoken)
            command = _command_name(parsed)
            if isinstance(parsed, HelpRequest):
                spoken.language = await self.language_of(request.address, request.identity)
                with speaking(spoken.language):
                    reply, outcome = self._help(parsed), Outcome.OK
            else:
                reply, changed = await self._run_once_more_on_a_race(request, parsed, spoken)
                outcome = Outcome.OK
        except _Duplicate:
            with speaking(spoken.language):
                reply, outcome = Reply.text(_("Already handled.")), Outcome.DUPLICATE
        except Refusal as refusal:
            with speaking(spoken.language):
                reply, outcome = Reply.error(refusal.message), Outcome.REFUSED
        except UserError as error:
            with speaking(spoken.language):
                reply = Reply.error(error.message, error.usage)
            outcome = Outcome.USER_ERROR
            option = error.option
        except Exception as fault:
            if await self._handled_meanwhile(request):
                # Two copies of one request ran together (a platform retry racing the
                # first delivery, e.g. both seeding a community's prompt bank): the loser
                # failed on the winner's rows, and the winner recorded the request.
                with speaking(spoken.language):
                    reply, outcome = Reply.text(_("Already handled.")), Outcome.DUPLICATE
            else:
                if isinstance(fault, DBAPIError):
                    self.services.metrics.database_errors.inc()
                ref = fault_reference()
                log.exception("internal fault ref=%s command=%s", ref, command)
                with speaking(spoken.language):
                    reply = Reply.error(fault_message(ref))
                outcome = Outcome.FAULT
        ms = (time.perf_counter() - started) * 1000
        self.services.metrics.command(self._family_of(request), outcome.value, ms / 1000)
        address = request.address
        log.info(
            "community=%s:%s command=%r outcome=%s ms=%.1f",
            address.platform,
            address.community,
            command,
            outcome.value,
            ms,
        )
        return Result(reply, outcome, command, ms, option, changed)

    def _family_of(self, request: Request) -> str:
        """The family a request named, even when its options did not parse; else "unknown"."""
        match request.command:
            case StructuredCommand(family=name):
                word = name
            case TextCommand(text=text):
                word = (text.split() or [""])[0].lstrip("/").lower()
            case _:
                word = ""
        return word if self.registry.family(word) is not None else "unknown"

    async def _parse_speaking(
        self, request: Request, spoken: _Spoken
    ) -> ParsedCommand | HelpRequest:
        """Parse; a mistake in the command itself is told in the asker's own language,
        which costs a lookup only then (a command that parses learns it as it runs)."""
        try:
            with speaking(spoken.language):
                return self._parse(request)
        except UserError:
            known = await self.language_of(request.address, request.identity)
            if known is spoken.language:
                raise
            spoken.language = known
            with speaking(known):
                return self._parse(request)  # raises the same mistake, in their words

    async def language_of(self, address: Address, identity: Identity) -> Language:
        """The language to tell this person something in before (or outside) a command:
        their choice, else their platform's, else the community's; what the platform
        says when the database does not answer (that fault is reported where it bites)."""
        try:
            async with self.services.db.session() as session:
                return await language_for(session, address, identity)
        except Exception:
            log.warning("a person's language could not be read; using their platform's")
            return Language.parse(identity.locale) or Language.EN

    def _parse(self, request: Request) -> ParsedCommand | HelpRequest:
        match request.command:
            case TextCommand(text=text):
                return self.parser.parse(text)
            case StructuredCommand(family=name, sub=sub_name, values=values):
                for text in (name, sub_name or "", *values, *values.values()):
                    problem = unstorable(text)
                    if problem:  # nothing that could never be saved goes any further
                        raise UserError(refusal(problem))
                family = self.registry.family(name)
                if family is None:
                    raise UserError(_("There is no command /{name}.", name=name))
                own_help = "help" if family.sub("help") else None
                if sub_name is None:
                    sub_name = family.default or own_help
                if sub_name is None or (sub_name == "help" and own_help is None):
                    return HelpRequest(family, family.sub(values.get("topic", "")))
                sub = family.sub(sub_name)
                if sub is None:
                    raise UserError(_("/{family} has no “{word}”.", family=name, word=sub_name))
                try:
                    args = bind_values(sub, values)
                except UserError as error:
                    raise error.with_usage(family.usage(sub)) from None
                return ParsedCommand(family, sub, args)
        raise AssertionError("unknown command input")

    def _help(self, request: HelpRequest) -> Reply:
        if request.family is None:
            return help_text.overview(self.registry)
        if request.sub is None:
            return help_text.family_help(request.family)
        return help_text.sub_help(request.family, request.sub)

    async def _run_once_more_on_a_race(
        self, request: Request, parsed: ParsedCommand, spoken: _Spoken
    ) -> tuple[Reply, bool]:
        """Run the request; if it lost a race on a unique key (a row another request created a
        moment ago: a community's first-use defaults, say), run it once more.

        Safe because nothing leaves before commit: the transaction was rolled back whole and
        notifications wait in `after_commit`. The second run sees the winner's rows (or, for
        a platform's retry, that the request was handled)."""
        try:
            return await self._run(request, parsed, spoken)
        except IntegrityError:
            log.info("command=%s lost a race on a unique key; running it again", parsed.name)
            return await self._run(request, parsed, spoken)

    async def _run(
        self, request: Request, parsed: ParsedCommand, spoken: _Spoken
    ) -> tuple[Reply, bool]:
        services = self.services
        now = services.clock.now()
        async with services.db.session() as session:
            arrival = await enter(
                session,
                request.address,
                request.identity,
                default_timezone=services.default_timezone,
                now=now,
                request_key=request.idempotency_key,
            )
            if arrival.seen:  # a platform retry of work already done
                raise _Duplicate
            community, member = arrival.community, arrival.member
            spoken.language = member_language(member, community)
            if arrival.first_today:  # the days behind /praxis report; once a day, not per command
                await record_activity(session, member, now)
            ctx = Context(
                session, community, member, request.address, services, files=request.files
            )
            if arrival.zone_moved:  # they changed it in their platform's profile
                await ctx.scheduling.member_zone_changed(ctx, member)
            with speaking(spoken.language):
                if not ctx.role.at_least(parsed.sub.role):
                    raise Refusal(parsed.sub.refusal_message())
                handler = parsed.sub.handler
                if handler is None:
                    raise AssertionError(f"/{parsed.name} has no handler")
                reply = await handler(ctx, parsed.args)
            await session.flush()  # changes still pending in the session count as writes
            changed = await services.db.wrote(session)
            if request.idempotency_key and changed:
                await self._record(session, request.idempotency_key)
            elif request.idempotency_key and request.retry:
                # A re-send that found nothing to do: its first delivery may have done it
                # while this one ran (it was not recorded when this one arrived).
                key = request.idempotency_key[:200]
                if await session.get(HandledRequest, key) is not None:
                    raise _Duplicate
        for action in ctx.after_commit:
            try:
                await action()
            except Exception:
                log.exception("a notification after /%s failed", parsed.name)
        return reply, changed

    async def _record(self, session: AsyncSession, key: str) -> None:
        """Record the request id in the transaction of the work it did.

        Only a request that changed something is recorded: running a search
        or a show again on a retry is harmless (and answers it properly), and
        recording every request cost each one a write transaction of its own.
        A retry racing the first delivery loses at this insert and is rolled
        back whole, so the work is done exactly once.
        """
        try:
            async with session.begin_nested():
                session.add(HandledRequest(key=key[:200], created_at=self.services.clock.now()))
        except IntegrityError:
            raise _Duplicate from None

    async def _handled_meanwhile(self, request: Request) -> bool:
        """Whether another copy of this request was recorded as handled while it failed."""
        if not request.idempotency_key:
            return False
        try:
            async with self.services.db.session() as session:
                found = await session.get(HandledRequest, request.idempotency_key[:200])
        except Exception:  # the database itself is failing: that is the fault to report
            return False
        return found is not None

    async def forget_handled_requests(self, older_than: timedelta = timedelta(days=1)) -> None:
        cutoff = self.services.clock.now() - older_than
        async with self.services.db.session() as session:
            await session.execute(delete(HandledRequest).where(HandledRequest.created_at < cutoff))


def _mended(request: Request) -> Request:
    """The request with what the platform told us (names, ids) made storable: a display name
    with a lone surrogate must not turn every command of that person into a fault."""
    address, identity = request.address, request.identity
    given = (identity.user_id, identity.display_name, identity.timezone or "", address.community)
    where = (address.channel or "", address.user or "", address.thread or "")
    if not any(unstorable(text) for text in (*given, *where, address.channel_name or "")):
        return request
    mend = storable
    return replace(
        request,
        identity=replace(
            identity,
            user_id=mend(identity.user_id),
            display_name=mend(identity.display_name),
            timezone=mend(identity.timezone) if identity.timezone else None,
        ),
        address=Address(
            address.platform,
            mend(address.community),
            mend(address.channel) if address.channel else None,
            mend(address.user) if address.user else None,
            mend(address.thread) if address.thread else None,
            mend(address.channel_name) if address.channel_name else None,
        ),
    )


def _command_name(parsed: ParsedCommand | HelpRequest) -> str:
    if isinstance(parsed, ParsedCommand):
        return parsed.name
    parts = [parsed.family.name if parsed.family else "praxis", "help"]
    if parsed.sub:
        parts.append(parsed.sub.name)
    return " ".join(parts)
