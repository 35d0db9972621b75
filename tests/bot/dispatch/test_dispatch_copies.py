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
    assert prompts == 48, "one starter bank per language (English, Spanish)"


async def test_a_re_send_that_finds_its_work_done_meanwhile_is_not_answered_again(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The re-send arrived before the first delivery committed (so it was not recorded
    yet) and ran after it: it finds the link already shared and changes nothing, and
    without the retry mark it would answer a second time ("already in the library")."""
    dispatcher = harness.app.dispatcher
    await dispatcher.handle(Request(ADDRESS, ANA, TextCommand("/praxis whoami")))
    from bot.dispatch import dispatcher as module
    from storage.members import enter as real_enter

    first_done = asyncio.Event()

    async def enter_then_wait_if_retry(session, address, identity, **kw):
        arrival = await real_enter(session, address, identity, **kw)
        if kw.get("request_key") and not first_done.is_set() and holding["retry"]:
            holding["retry"] = False
            async with asyncio.timeout(10):
                await first_done.wait()
        return arrival

    holding = {"retry": True}
    monkeypatch.setattr(module, "enter", enter_then_wait_if_retry)
    text = TextCommand("/resource share url:https://ex.org/t title:Task type:task")
    key = "slack:T0RACE:event:Ev2"
    retry = asyncio.create_task(
        dispatcher.handle(Request(ADDRESS, ANA, text, idempotency_key=key, retry=True))
    )
    await asyncio.sleep(0)  # the re-send takes its look at the record first
    while holding["retry"]:
        await asyncio.sleep(0.01)
    first = await dispatcher.handle(Request(ADDRESS, ANA, text, idempotency_key=key))
    first_done.set()
    second = await retry
    assert first.outcome is Outcome.OK and "shared a resource" in first.reply.plain_text()
    assert second.outcome is Outcome.DUPLICATE, second.reply.plain_text()
