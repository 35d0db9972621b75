"""Hostile and broken HTTP requests against the real Bolt app: a clean status, at most one
short log line, never the body's text in the log, and the bot keeps serving."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from urllib.parse import parse_qs, quote, urlencode

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest
from sqlalchemy import func, select

from bot.root.app import App
from storage.community import Member
from tests.adapters.slack.conftest import SECRET, RunningSlack
from tests.fakes import slack_signing as sig
from tests.fakes.slack_limits import message_violations
from tests.logguard import GUARD, watch

REFLECTION = "Sentinel-reflection: I worry Marisol's group never gets the hard task"


def refusals() -> list[logging.LogRecord]:
    return [r for r in GUARD.records if r.getMessage().startswith("refused a Slack request")]


def loud(records: list[logging.LogRecord] | None = None) -> list[logging.LogRecord]:
    """Records at INFO and above from the web stack (the lines an operator would read)."""
    names = ("praxis.slack", "slack_bolt", "slack_sdk", "aiohttp", "asyncio")
    return [
        r
        for r in (GUARD.records if records is None else records)
        if r.levelno >= logging.INFO and r.name.startswith(names)
    ]


async def members(app: App) -> int:
    async with app.db.session() as session:
        return int(await session.scalar(select(func.count()).select_from(Member)) or 0)


async def post_raw(slack: RunningSlack, body: bytes, headers: dict[str, str]) -> int:
    async with slack.session.post(slack.url, data=body, headers=headers) as response:
        await response.read()
        return response.status


async def test_a_stale_but_signed_reflection_is_refused_in_one_line_without_its_text(
    slack: RunningSlack, app: App
) -> None:
    watch(REFLECTION)
    answer = await slack.command("/reflect", f'answer "{REFLECTION}"', expired=True)
    assert answer.status == 401
    assert REFLECTION not in answer.text
    [line] = refusals()
    message = line.getMessage()
    assert "stale timestamp" in message and "sha256" in message and "bytes" in message
    assert loud() == [line]
    assert await members(app) == 0


async def test_bolts_own_refusal_line_is_reduced_to_length_and_hash(
    slack: RunningSlack,
) -> None:
    """Behind the door (Socket Mode, or a future route), Bolt itself logs a failed
    verification with the whole body at INFO; the logging layer keeps only its length and
    hash, whichever way the record is later written."""
    watch(REFLECTION)
    payload = sig.slash_command("/reflect", f'answer "{REFLECTION}"')
    stale = sig.signed(payload, SECRET, expired=True)
    request = AsyncBoltRequest(body=payload.body.decode(), headers=dict(stale.headers))
    response = await slack.adapter.bolt.async_dispatch(request)
    assert response.status == 401
    [line] = [r for r in GUARD.records if r.name.startswith("slack_bolt") and r.levelno >= 20]
    assert line.getMessage().startswith("refused a Slack request")
    assert f"{len(payload.body)} bytes" in line.getMessage()


async def test_an_unsigned_body_cannot_forge_a_log_line(slack: RunningSlack) -> None:
    forged = "x\nERROR praxis.commands: community=slack:T1 command='admin' outcome=ok"
    body = urlencode({"command": "/praxis", "text": forged}).encode()
    status = await post_raw(slack, body, {"Content-Type": sig.FORM})
    assert status == 401
    for record in GUARD.records:
        text = logging.Formatter("%(message)s").format(record)
        assert "\n" not in text and "outcome=ok" not in text


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe\x00garbage",
        b"payload=%7Bnot-json",
        b"payload=" + quote(json.dumps({"type": "view_submission", "view": 7})).encode(),
        b"",
    ],
    ids=["binary", "bad-json", "broken-view", "empty"],
)
async def test_unsigned_malformed_bodies_are_refused_cleanly(
    slack: RunningSlack, app: App, body: bytes
) -> None:
    status = await post_raw(slack, body, {"Content-Type": sig.FORM})
    assert status == 401
    assert len(refusals()) == 1 and loud() == refusals()
    assert await members(app) == 0


@pytest.mark.parametrize("timestamp", ["soon", "12.5", "-300", "9" * 40, "١٢٣"])
async def test_a_timestamp_that_is_not_a_number_is_a_400(
    slack: RunningSlack, timestamp: str
) -> None:
    body = sig.slash_command("/praxis", "whoami").body
    headers = {
        "Content-Type": sig.FORM,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": sig.signature(body, SECRET, int(time.time())),
    }
    assert await post_raw(slack, body, headers) == 400
    assert len(refusals()) == 1 and loud() == refusals()


def signed_headers(body: bytes, content_type: str = sig.FORM) -> dict[str, str]:
    return sig.sign(body, SECRET, content_type=content_type)


def view(state: object = None, metadata: object = '{"c":"/probe note","f":["title"]}') -> bytes:
    """A modal submission of our form, its state and metadata replaced."""
    form = parse_qs(sig.view_submission("praxis_form", {}).body.decode())
    payload = json.loads(form["payload"][0])
    payload["view"]["blocks"] = [{"type": "input", "block_id": "title"}]
    payload["view"]["state"] = state if state is not None else {"values": {}}
    payload["view"]["private_metadata"] = metadata
    return urlencode({"payload": json.dumps(payload)}).encode()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"payload=%7Bnot-json", sig.FORM),
        (b"\xc3\x28 not utf-8", sig.FORM),
        (b"text=hello&user_id=U1", sig.FORM),
        (b"[1, 2, 3]", sig.JSON),
        (b'{"type": "event_callback", "event": "text"}', sig.JSON),
        (view(state={"values": "everything"}), sig.FORM),
        (view(state={"values": {"title": {"value": {"value": 12}}}}), sig.FORM),
        (view(metadata="{not json"), sig.FORM),
        (view(metadata=["c"]), sig.FORM),
    ],
    ids=[
        "payload-not-json",
        "not-utf8",
        "neither-command-nor-payload",
        "json-array",
        "event-not-object",
        "modal-state-string",
        "modal-value-number",
        "modal-metadata-not-json",
        "modal-metadata-list",
    ],
)
async def test_signed_but_broken_bodies_are_a_400_and_change_nothing(
    slack: RunningSlack, app: App, body: bytes, content_type: str
) -> None:
    assert await post_raw(slack, body, signed_headers(body, content_type)) == 400
    assert len(refusals()) == 1 and loud() == refusals()
    assert not [r for r in GUARD.records if r.exc_info]
    assert await members(app) == 0
    assert (await slack.command("/praxis", "whoami")).status == 200  # still serving


async def test_behind_the_door_an_unreadable_modal_is_answered_on_the_form(
    slack: RunningSlack, app: App
) -> None:
    """Socket Mode has no front door: the listener itself answers on the form's field."""
    body = view(metadata="{not json")
    request = AsyncBoltRequest(body=body.decode(), headers=dict(signed_headers(body)))
    response = await slack.adapter.bolt.async_dispatch(request)
    assert response.status == 200
    answer = json.loads(response.body)
    assert answer["response_action"] == "errors" and "open it again" in answer["errors"]["title"]
    assert len(loud()) == 1 and not [r for r in GUARD.records if r.exc_info]
    assert await members(app) == 0


async def test_a_client_that_hangs_up_mid_body_costs_one_line(slack: RunningSlack) -> None:
    port = int(slack.base.rsplit(":", 1)[1])
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: {sig.FORM}\r\nContent-Length: 5000\r\n\r\n"
    )
    writer.write(head.encode() + b"command=%2Fpraxis&text=who")
    await writer.drain()
    writer.close()
    await writer.wait_closed()
    async with asyncio.timeout(10):
        while not refusals():
            await asyncio.sleep(0.02)
    [line] = refusals()
    assert "hung up" in line.getMessage()
    assert (await slack.command("/praxis", "whoami")).status == 200
    assert loud() == [line] or all(r.name == "praxis.commands" for r in loud() if r is not line)
    assert not [r for r in GUARD.records if r.exc_info]


async def test_a_body_over_a_megabyte_is_a_413(slack: RunningSlack) -> None:
    body = b"command=%2Fpraxis&text=" + b"a" * (1024 * 1024 + 10)
    assert await post_raw(slack, body, signed_headers(body)) == 413
    assert len(refusals()) == 1


async def test_a_long_error_reply_reaches_the_person_within_block_kit_limits(
    slack: RunningSlack,
) -> None:
    """A mistake echoing 2,990 typed characters: the warning mark is added, then the limits
    hold, so Slack shows it (it refuses a section over 3,000 characters outright)."""
    word = "ab&" * 997  # escaping & makes it longer still
    answer = await slack.command("/probe", f"mistake {word}")
    assert answer.status == 200
    assert message_violations(answer.json) == []
    shown = "".join(b["text"]["text"] for b in answer.json["blocks"] if b["type"] == "section")
    assert shown.startswith(":warning:") and shown.count("ab&amp;") == 997


async def test_a_long_late_answer_is_accepted_by_the_response_url(slack: RunningSlack) -> None:
    """The same through the response_url (as when the work outlasts the ack budget), where
    the fake refuses what Slack would."""
    slack.adapter.presenter.ack_budget = 0.0
    word = "x<" * 1600
    answer = await slack.command("/probe", f"mistake {word}")
    assert answer.status == 200
    call = await slack.fake.wait_for_call("response_url")
    assert call.status == 200 and slack.fake.refused == []
    assert message_violations(call.args) == []
    assert "x&lt;" * 100 in json.dumps(call.args)


async def test_a_mention_carrying_a_lone_surrogate_is_refused_politely(
    slack: RunningSlack,
) -> None:
    """JSON can carry half an emoji ("\\ud83d" alone); the person is told, nothing is saved."""
    event = {
        "type": "app_mention",
        "user": sig.USER_ID,
        "text": f"<@{sig.BOT_USER_ID}> probe note title:broken\ud83dhalf",
        "channel": sig.CHANNEL_ID,
        "ts": "1700000000.000002",
    }
    answer = await slack.post(sig.signed(sig.event_callback(event, event_id="Ev9"), SECRET))
    assert answer.status == 200
    posted = await slack.fake.wait_for_call("chat.postEphemeral")
    assert "cannot be saved" in posted.args["text"]
    await slack.adapter.presenter.drain()
    assert "0 notes" in (await slack.command("/probe", "count")).shown
