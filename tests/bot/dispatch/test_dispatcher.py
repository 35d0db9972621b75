"""The error boundary: mistakes are explained, faults get a reference, never a traceback."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.dispatch.dispatcher import Outcome
from bot.kernel.errors import UserError
from bot.kernel.model import Address, Identity, Request, StructuredCommand, TextCommand
from bot.time.clock import FakeClock
from commands import all_families
from storage.community import HandledRequest
from tests.conftest import MakeApp
from tests.fakes.probe import PROBE
from tests.harness import Harness


async def test_internal_fault_gives_a_reference_and_logs_it(
    make_app: MakeApp, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    harness = Harness(await make_app(families=[*all_families(), PROBE]), tmp_path)
    with caplog.at_level(logging.ERROR, logger="praxis.commands"):
        result = await harness.run("ana", "/probe fail")
    text = result.reply.plain_text()
    assert result.outcome is Outcome.FAULT
    assert "Something went wrong (ref " in text
    assert "Traceback" not in text and "exploded" not in text
    ref = text.split("ref ")[1][:4]
    assert any(ref in record.getMessage() and record.exc_info for record in caplog.records)
    # The bot keeps running.
    assert (await harness.run("ana", "/praxis whoami")).ok


async def test_a_user_error_rolls_back_everything(harness: Harness) -> None:
    await harness.ok("ana", "/praxis profile set school:Lincoln")
    await harness.fails("ana", "/praxis profile set school:Oak timezone:Nowhere/Land")
    assert "Lincoln" in await harness.ok("ana", "/praxis whoami")


async def test_structured_commands_are_checked_like_text(harness: Harness) -> None:
    address = Address("discord", "G1", "C1")
    request = Request(
        address,
        Identity("u1", "ana"),
        StructuredCommand("praxis", "profile", {"timezone": "Mars/Base"}),
    )
    result = await harness.app.dispatcher.handle(request)
    assert result.outcome is Outcome.USER_ERROR
    assert "not a time zone" in result.reply.plain_text()


async def test_a_retried_request_runs_once(harness: Harness) -> None:
    request = Request(
        Address("slack", "T1", "C1"),
        Identity("U1", "ana"),
        TextCommand("/praxis profile set school:Lincoln"),
        idempotency_key="slack:T1:trigger-1",
    )
    first = await harness.app.dispatcher.handle(request)
    second = await harness.app.dispatcher.handle(request)
    assert first.outcome is Outcome.OK
    assert second.outcome is Outcome.DUPLICATE


def test_user_error_keeps_first_usage() -> None:
    error = UserError("x", usage="first")
    assert error.with_usage("second").usage == "first"


async def test_a_retried_read_only_request_is_answered_again(harness: Harness) -> None:
    await harness.ok("ana", "/praxis whoami")
    request = Request(
        Address("console", "console", "general"),
        Identity("ana", "ana"),
        TextCommand("/praxis whoami"),
        idempotency_key="slack:T1:trigger-2",
    )
    first = await harness.app.dispatcher.handle(request)
    second = await harness.app.dispatcher.handle(request)
    assert (first.outcome, second.outcome) == (Outcome.OK, Outcome.OK)
    assert second.reply.plain_text() == first.reply.plain_text()


async def test_concurrent_deliveries_on_first_contact_run_once(harness: Harness) -> None:
    request = Request(
        Address("slack", "T9", "C1"),
        Identity("U1", "ana"),
        TextCommand("/praxis profile set school:Lincoln"),
        idempotency_key="slack:T9:trigger-1",
    )
    results = await asyncio.gather(*(harness.app.dispatcher.handle(request) for _ in range(3)))
    outcomes = sorted(r.outcome.value for r in results)
    assert outcomes == ["duplicate", "duplicate", "ok"]


async def test_old_retry_keys_are_forgotten_and_recent_ones_kept(
    harness: Harness, clock: FakeClock
) -> None:
    dispatcher = harness.app.dispatcher
    old = Request(
        Address("slack", "T1", "C1"),
        Identity("U1", "ana"),
        TextCommand("/praxis profile set school:Lincoln"),
        idempotency_key="slack:T1:trigger-old",
    )
    assert (await dispatcher.handle(old)).outcome is Outcome.OK
    clock.advance(timedelta(days=2))
    recent = Request(old.address, old.identity, old.command, idempotency_key="slack:T1:new")
    assert (await dispatcher.handle(recent)).outcome is Outcome.OK
    await dispatcher.forget_handled_requests()
    async with harness.app.db.session() as session:
        keys = set((await session.execute(select(HandledRequest.key))).scalars())
    assert "slack:T1:new" in keys and "slack:T1:trigger-old" not in keys
