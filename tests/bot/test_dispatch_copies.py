"""Two copies of one request running together do the work once and fault nowhere.

A platform re-sends a request it saw no answer for in time (Slack's retries, Socket
Mode's re-sent envelopes); the copy can arrive while the first is still running. Here
both copies of a community's first reflection read "no prompt bank yet" before either
writes it (held at that point until both got there), so both seed the bank: the loser
fails on the winner's rows, finds the request handled, and answers as a duplicate.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.dispatch.dispatcher import Outcome
from bot.kernel.model import Address, Identity, Request, TextCommand
from storage.reflect import Prompt, Reflection
from tests.harness import Harness

ADDRESS = Address("slack", "T0RACE", "D0ANA")
ANA = Identity("U0ANA", "Ana")


async def test_two_copies_of_a_first_reflection_save_it_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    dispatcher = harness.app.dispatcher
    # The community and Ana exist; its prompt bank does not yet.
    await dispatcher.handle(Request(ADDRESS, ANA, TextCommand("/praxis whoami")))

    from commands.reflect import core
    from storage.reflect import has_prompts as real_has_prompts

    both_looked = asyncio.Barrier(2)

    async def has_prompts_then_wait(session, community_id):
        found = await real_has_prompts(session, community_id)
        async with asyncio.timeout(10):
            await both_looked.wait()
        return found

    monkeypatch.setattr(core, "has_prompts", has_prompts_then_wait)
    request = Request(
        ADDRESS,
        ANA,
        TextCommand('/reflect answer "Wait time let more students in."'),
        idempotency_key="slack:T0RACE:event:Ev1",
    )
    results = await asyncio.gather(dispatcher.handle(request), dispatcher.handle(request))

    assert sorted(r.outcome for r in results) == sorted([Outcome.OK, Outcome.DUPLICATE])
    async with harness.app.db.session() as session:
        reflections = await session.scalar(select(func.count()).select_from(Reflection))
        prompts = await session.scalar(select(func.count()).select_from(Prompt))
    assert reflections == 1
    assert prompts == 24, "one starter bank"
