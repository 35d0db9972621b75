"""Malformed gateway events and out-of-date commands against the real discord.py client:
each is dropped or answered, and the same connection keeps serving."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from adapters.discord.client import CHANGED
from tests.adapters.discord.conftest import Stack
from tests.adapters.discord.test_e2e import answered, command, shown
from tests.logguard import GUARD

pytestmark = pytest.mark.asyncio(loop_scope="module")


def dropped() -> list[logging.LogRecord]:
    return [r for r in GUARD.records if "dropped a malformed gateway event" in r.getMessage()]


async def still_serves(stack: Stack) -> None:
    """The same connection answers a command, and the client never went down."""
    sessions = len(stack.fake.sessions)
    _, answer = await command(stack, "praxis whoami")
    assert "Role" in shown(answer.data)
    assert not stack.running.done(), "the gateway connection ended"
    assert len(stack.fake.sessions) == sessions, "the client had to reconnect"


MALFORMED: list[tuple[str, Any]] = [
    ("INTERACTION_CREATE", {"type": 2}),  # no id, no token, no data
    ("INTERACTION_CREATE", {"id": "x", "type": "slash", "token": 5}),
    ("MESSAGE_CREATE", {"content": "hi"}),  # no channel, no author
    ("GUILD_CREATE", {"id": "not a number"}),
    ("GUILD_MEMBER_UPDATE", []),
    ("CHANNEL_CREATE", None),
    ("READY", {}),  # no session, no user
]


@pytest.mark.parametrize(("event", "data"), MALFORMED, ids=[m[0] for m in MALFORMED])
async def test_a_malformed_event_is_logged_once_and_dropped(
    stack: Stack, event: str, data: Any
) -> None:
    await stack.fake.dispatch(event, data)
    await still_serves(stack)
    [line] = dropped()
    assert event in line.getMessage()
    assert not line.exc_info


@pytest.mark.parametrize(
    "frame",
    [
        "{this is not json",
        json.dumps({"op": 0, "t": "INTERACTION_CREATE"}),  # no data at all
        json.dumps([1, 2, 3]),
    ],
    ids=["not-json", "no-data", "not-an-object"],
)
async def test_a_frame_that_is_not_an_event_is_dropped(stack: Stack, frame: str) -> None:
    await stack.fake.dispatch_text(frame)
    await still_serves(stack)
    assert len(dropped()) == 1


async def test_a_command_that_is_no_longer_in_the_tree_says_it_changed(stack: Stack) -> None:
    fake = stack.fake
    payload = fake.slash_command("praxis whoami", {})
    payload["data"]["name"] = "retired"  # what an old client still offers
    token = await fake.send_interaction(payload)
    answer = await answered(stack, token)
    assert CHANGED in shown(answer.data) and answer.ephemeral
    assert "Something went wrong" not in shown(answer.data)
    await still_serves(stack)


async def test_a_command_whose_options_changed_says_it_changed(stack: Stack) -> None:
    """An old client sends `/nudge resume` without the id the current tree requires."""
    token = await stack.fake.send_interaction(stack.fake.slash_command("nudge resume", {}))
    answer = await answered(stack, token)
    assert CHANGED in shown(answer.data)
    assert not [r for r in GUARD.records if r.levelno >= logging.ERROR]


async def test_an_option_carrying_a_lone_surrogate_is_refused_politely(stack: Stack) -> None:
    """Discord's JSON can carry half an emoji; the person is told, nothing is saved."""
    payload = stack.fake.slash_command(
        "reflect add-prompt", {"text": "What did \ud83d you notice today?"}
    )
    token = await stack.fake.send_interaction(payload)
    answer = await answered(stack, token)
    assert "cannot be saved" in shown(answer.data) and answer.ephemeral
    await still_serves(stack)
