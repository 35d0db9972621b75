"""`praxis run slack` in Socket Mode, end to end: the real runner, the real slack-bolt
AsyncSocketModeHandler, and local fakes of Slack's Web API and Socket Mode.

One run: the bot asks apps.connections.open for a URL with the app-level token,
connects, and answers a slash command in its ack, a button click and a direct message;
two copies of a community's first reflection arriving together save one; Slack asks
it to reconnect (`disconnect`), it moves to a new connection, an event whose ack was
lost is re-sent there, and nothing is lost or done twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, parse_qsl

import pytest
from sqlalchemy import func, select

from bot.root.app import App
from bot.root.config import Settings
from bot.root.runner import RunOptions, run_platforms
from storage.reflect import Reflection
from storage.resource_models import Resource
from tests.fakes import slack_signing as sig
from tests.fakes.slack_server import FakeSlack
from tests.fakes.slack_socket import APP_TOKEN, FakeSocketMode

TOKEN = "xoxb-socket-mode"
Json = dict[str, Any]


def slash(fake: FakeSlack, command: str, text: str, trigger: str) -> Json:
    payload = sig.slash_command(
        command, text, trigger_id=trigger, response_url=fake.response_url(trigger)
    )
    return dict(parse_qsl(payload.body.decode()))


def click(fake: FakeSlack, value: str, trigger: str) -> Json:
    payload = sig.block_actions(
        "praxis:0",
        value,
        block_id="praxis:resource show:1",
        trigger_id=trigger,
        response_url=fake.response_url(trigger),
    )
    return json.loads(parse_qs(payload.body.decode())["payload"][0])


def direct_message(text: str, event_id: str, ts: str) -> Json:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "D" + sig.USER_ID,
        "user": sig.USER_ID,
        "text": text,
        "ts": ts,
    }
    return json.loads(sig.event_callback(event, event_id=event_id).body)


def _duplicates(caplog: pytest.LogCaptureFixture) -> int:
    """Requests the dispatcher answered as already handled (its one line per command)."""
    return sum("outcome=duplicate" in r.getMessage() for r in caplog.records)


async def _until(condition: Callable[[], bool], what: str, timeout: float = 15) -> None:
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"not within {timeout}s: {what}") from None


@dataclass
class Running:
    app: App
    fake: FakeSlack
    sockets: FakeSocketMode
    task: asyncio.Task[int]

    async def count(self, model: type) -> int:
        async with self.app.db.session() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)

    def dm_posts(self, text: str) -> list[Json]:
        channel = self.fake.dm_channel(sig.USER_ID)
        return [
            c.args
            for c in self.fake.successful("chat.postMessage")
            if c.args.get("channel") == channel and text in str(c.args.get("text"))
        ]


@pytest.fixture
async def running(app: App, caplog: pytest.LogCaptureFixture) -> AsyncIterator[Running]:
    caplog.set_level(logging.INFO)  # as `praxis run` logs: tokens must not be in it
    async with FakeSlack() as fake, FakeSocketMode(fake) as sockets:
        app.settings = Settings(
            PRAXIS_DATABASE_URL=app.settings.database_url,
            SLACK_BOT_TOKEN=TOKEN,
            SLACK_APP_TOKEN=APP_TOKEN,
            SLACK_API_URL=fake.api_url,
            _env_file=None,
        )
        task = asyncio.create_task(run_platforms(app, RunOptions(platform="slack")))
        try:
            yield Running(app, fake, sockets, task)
        finally:
            if not task.done():
                os.kill(os.getpid(), signal.SIGTERM)
            assert await asyncio.wait_for(task, 15) == 0, "praxis run stops cleanly"


async def test_socket_mode_answers_everything_once_across_a_reconnect(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    fake, sockets = running.fake, running.sockets
    first = await sockets.wait_connections(1)
    [opened] = fake.calls("apps.connections.open")
    assert opened.token == APP_TOKEN, "the app-level token opens the socket, never the bot's"
    assert first.open and sockets.connections == [first]

    # A slash command: its reply travels in the ack.
    whoami = await sockets.send("slash_commands", slash(fake, "/praxis", "whoami", "trig-1"))
    ack = await sockets.wait_ack(whoami)
    assert ack.connection == 1
    assert ack.payload and ack.payload["response_type"] == "ephemeral"
    assert "Role" in json.dumps(ack.payload)

    # Sharing publishes the card in the channel, in the ack.
    share = await sockets.send(
        "slash_commands",
        slash(
            fake, "/resource", 'share url:https://ex.org/talks title:"Number talks" type:task', "t2"
        ),
    )
    shared = await sockets.wait_ack(share)
    assert shared.payload is not None
    if shared.payload.get("text") == "Working on it…":  # past the ack budget: followed up
        card = await fake.wait_for_call("response_url")
        assert card.key == "t2" and card.args["response_type"] == "in_channel"
    else:
        assert shared.payload["response_type"] == "in_channel"

    # A click on the card's Save button: acked at once, answered through the response_url.
    saved = await sockets.send("interactive", click(fake, "/resource save 1", "trig-3"))
    await sockets.wait_ack(saved)
    [answer] = await fake.wait_for(
        lambda: [c for c in fake.calls("response_url") if c.key == "trig-3"]
    )
    assert "Saved" in json.dumps(answer.args)

    # Two copies of the community's first reflection arrive together (Slack re-sent the
    # event before the first was acked): one is saved, one answer is sent, nothing faults.
    reflect = direct_message('reflect answer "Wait time let more students in."', "EvR1", "1.1")
    copy_one = await sockets.send("events_api", reflect)
    await sockets.redeliver(copy_one)
    await sockets.wait_ack(copy_one, count=2)
    await fake.wait_for(lambda: running.dm_posts("Saved"))

    # Slack asks the bot to move to a new connection; an event goes out just before.
    late = direct_message(
        "resource share url:https://ex.org/ratio title:Ratios type:lesson", "EvL1", "1.2"
    )
    late_id = await sockets.send("events_api", late)
    await sockets.wait_ack(late_id)
    old = await sockets.ask_to_disconnect()
    second = await sockets.wait_connections(2)
    await sockets.wait_for(lambda: not old.open)
    assert len(fake.calls("apps.connections.open")) == 2, "a fresh URL for the new socket"
    # Slack never got that ack (it was in flight when the socket went): it sends it again.
    await sockets.redeliver(late_id)
    again = await sockets.wait_ack(late_id, count=2)
    assert again.connection == second.number
    # The share is done, and both re-sent copies were looked at (and found handled).
    await fake.wait_for(lambda: running.dm_posts("shared a resource"))
    await _until(lambda: _duplicates(caplog) >= 2, "both copies answered as duplicates")

    # And the new connection carries new work.
    after = await sockets.send(
        "slash_commands", slash(fake, "/resource", "search ratios", "trig-9")
    )
    found = await sockets.wait_ack(after)
    assert found.connection == second.number and "Ratios" in json.dumps(found.payload)

    # Nothing lost, nothing doubled.
    assert await running.count(Resource) == 2
    assert await running.count(Reflection) == 1
    assert len(running.dm_posts("Saved")) == 1, "one answer to the two copies"
    assert len(running.dm_posts("shared a resource")) == 1, "the re-sent event ran once"
    assert _duplicates(caplog) == 2
    for envelope_id, envelope in sockets.sent.items():
        deliveries = 1 + (1 if envelope.get("retry_attempt") else 0)
        assert len(sockets.acks_of(envelope_id)) == deliveries, envelope_id
    assert "Something went wrong" not in caplog.text
    assert not [r for r in caplog.records if r.levelname == "ERROR"], caplog.text
    assert TOKEN not in caplog.text and APP_TOKEN not in caplog.text
