"""Two copies of a community's first command at once: both answered, its defaults (the
starter prompt bank) created once. On SQLite and on PostgreSQL (the suite runs on both)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select

from bot.dispatch.dispatcher import Outcome, Result
from bot.kernel.model import Address, Identity, Request, TextCommand
from bot.root.app import App
from commands.reflect import core
from commands.reflect.starter import SPANISH_BANK, STARTER_BANK
from storage.reflect import Prompt
from tests.conftest import MakeApp

TEAM = Address("slack", "T0FIRST", "C1")


def request(user: str, key: str | None) -> Request:
    """`/reflect prompts` from a workspace admin (so a facilitator, first or not)."""
    identity = Identity(user, user, platform_admin=True)
    return Request(TEAM, identity, TextCommand("/reflect prompts"), key)


def side_by_side(monkeypatch: pytest.MonkeyPatch, attribute: str) -> None:
    """Hold each request after `attribute` (a read that decides to create) until both have
    read: the race a platform's re-delivery or a second instance makes, every time. The wait
    gives up after a second, for a database that serializes the two anyway."""
    barrier = asyncio.Barrier(2)
    real: Callable[..., Awaitable[Any]] = getattr(core, attribute)

    async def together(*args: Any) -> Any:
        found = await real(*args)
        with contextlib.suppress(TimeoutError, asyncio.BrokenBarrierError):
            await asyncio.wait_for(barrier.wait(), 1.0)
        return found

    monkeypatch.setattr(core, attribute, together)


async def bank(app: App) -> list[int]:
    async with app.db.session() as session:
        rows = await session.execute(select(Prompt.number).order_by(Prompt.number))
        return list(rows.scalars())


@pytest.mark.parametrize("community_exists", [False, True], ids=["brand-new", "bank-not-yet"])
@pytest.mark.parametrize("same_key", [True, False], ids=["a-redelivery", "two-people"])
async def test_two_first_commands_at_once_are_both_answered_and_seed_the_bank_once(
    make_app: MakeApp,
    monkeypatch: pytest.MonkeyPatch,
    community_exists: bool,
    same_key: bool,
) -> None:
    first, second = await make_app(), await make_app()  # two instances, one database
    if community_exists:
        await first.dispatcher.handle(request("U1", None))  # creates the community...
        async with first.db.session() as session:  # ...and, to race on it, no bank yet
            for prompt in (await session.execute(select(Prompt))).scalars():
                await session.delete(prompt)
    side_by_side(monkeypatch, "has_prompts")
    one = request("U1", "slack:T0FIRST:cmd:trigger-1")
    other = one if same_key else request("U2", "slack:T0FIRST:cmd:trigger-2")
    results: tuple[Result, Result] = await asyncio.gather(
        first.dispatcher.handle(one), second.dispatcher.handle(other)
    )
    outcomes = sorted(r.outcome for r in results)
    if same_key:  # the re-delivery is answered as one: nothing runs twice
        assert outcomes in ([Outcome.OK, Outcome.OK], [Outcome.DUPLICATE, Outcome.OK])
    else:
        assert outcomes == [Outcome.OK, Outcome.OK]
    assert all("prompt bank" in r.reply.plain_text().lower() for r in results if r.ok)
    assert await bank(first) == list(range(1, len(STARTER_BANK) + len(SPANISH_BANK) + 1))


async def test_a_race_on_any_first_use_default_is_run_again_not_a_fault(
    make_app: MakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A default created without a savepoint of its own (as the bank was): the request that
    loses on the unique key is run once more, and sees the winner's rows."""

    async def unguarded(session: Any, community: Any, now: Any) -> None:
        # The family's own name for it, which side_by_side() slows down to make the race.
        if await core.has_prompts(session, community.id):  # type: ignore[attr-defined]
            return
        for number, starter in enumerate(STARTER_BANK, start=1):
            session.add(
                Prompt(
                    community_id=community.id,
                    number=number,
                    text=starter.text,
                    phase=starter.phase,
                    tags=list(starter.tags),
                    starter=True,
                    created_at=now,
                )
            )
        await session.flush()

    first, second = await make_app(), await make_app()
    await first.dispatcher.handle(request("U1", None))
    async with first.db.session() as session:
        for prompt in (await session.execute(select(Prompt))).scalars():
            await session.delete(prompt)
    from commands.reflect import bank as bank_module

    monkeypatch.setattr(bank_module, "ensure_bank", unguarded)
    side_by_side(monkeypatch, "has_prompts")
    results = await asyncio.gather(
        first.dispatcher.handle(request("U1", "k1")), second.dispatcher.handle(request("U2", "k2"))
    )
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.OK]
    assert await bank(first) == list(range(1, len(STARTER_BANK) + 1))
