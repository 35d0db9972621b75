"""Proves FakeSlack and the request signer against the real slack-bolt AsyncApp.

If these pass, an adapter test can trust that a 200 here means Slack would have
accepted the ack, and that what FakeSlack recorded is what Slack would have seen.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond, AsyncSay
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from tests.fakes import slack_signing as sig
from tests.fakes.slack_server import FakeSlack

SECRET = "praxis-test-signing-secret"
TOKEN = "xoxb-praxis-test"
PATH = "/slack/events"


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


def make_app(fake: FakeSlack, *, rate_limit_retries: int = 0, **kwargs: Any) -> AsyncApp:
    client = AsyncWebClient(token=TOKEN, base_url=fake.api_url)
    if rate_limit_retries:
        client.retry_handlers.append(
            AsyncRateLimitErrorRetryHandler(max_retry_count=rate_limit_retries)
        )
    return AsyncApp(signing_secret=SECRET, client=client, **kwargs)


@asynccontextmanager
async def serve(app: AsyncApp) -> AsyncIterator[str]:
    """Serve the Bolt app with Bolt's own aiohttp adapter on 127.0.0.1:<random>."""
    runner = web.AppRunner(app.web_app(path=PATH), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}{PATH}"
    finally:
        await runner.cleanup()


async def post(url: str, request: sig.SignedRequest) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=request.body, headers=request.headers) as resp,
    ):
        return resp.status, await resp.text()


def add_ping(app: AsyncApp, ran: list[str]) -> None:
    @app.command("/ping")
    async def ping(ack: AsyncAck, command: dict[str, Any], say: AsyncSay) -> None:
        await ack()
        ran.append(command["text"])
        await say(f"pong {command['text']}")


# ----- slash commands and request verification ------------------------------------


@pytest.mark.asyncio
async def test_signed_slash_command_is_acked_and_posts_to_fake(fake: FakeSlack) -> None:
    app = make_app(fake)
    add_ping(app, [])
    async with serve(app) as url:
        status, _ = await post(url, sig.signed(sig.slash_command("/ping", "hi"), SECRET))
        call = await fake.wait_for_call("chat.postMessage")
    assert status == 200
    assert call.args["channel"] == sig.CHANNEL_ID
    assert call.args["text"] == "pong hi"
    assert call.token == TOKEN
    # Bolt's single-workspace authorization resolves the bot identity first.
    assert fake.calls("auth.test")[0].token == TOKEN


@pytest.mark.asyncio
@pytest.mark.parametrize("option", ["forged", "expired"])
async def test_bad_signature_is_rejected_and_nothing_runs(fake: FakeSlack, option: str) -> None:
    app = make_app(fake)
    ran: list[str] = []
    add_ping(app, ran)
    request = sig.signed(
        sig.slash_command("/ping", "hi"),
        SECRET,
        forged=option == "forged",
        expired=option == "expired",
    )
    async with serve(app) as url:
        status, _ = await post(url, request)
        # A listener wrongly started for the rejected request would have been started
        # before this good one's: once the good one has posted, the bad one had its turn.
        good, _ = await post(url, sig.signed(sig.slash_command("/ping", "after"), SECRET))
        await fake.wait_for_call("chat.postMessage")
    assert (status, good) == (401, 200)
    assert ran == ["after"]
    assert [c.args["text"] for c in fake.calls("chat.postMessage")] == ["pong after"]
    assert [c.method for c in fake.calls()] == ["auth.test", "chat.postMessage"]


@pytest.mark.asyncio
async def test_slack_retry_of_a_slash_command_runs_the_handler_again(fake: FakeSlack) -> None:
    """Bolt does not dedupe retries by default; the adapter must, if it cares."""
    app = make_app(fake)
    ran: list[str] = []
    add_ping(app, ran)
    payload = sig.slash_command("/ping", "once")
    async with serve(app) as url:
        first, _ = await post(url, sig.signed(payload, SECRET))
        second, _ = await post(url, sig.signed(payload, SECRET, retry_num=1))
        await fake.wait_for_call("chat.postMessage", count=2)
    assert (first, second) == (200, 200)
    assert ran == ["once", "once"]


# ----- interactivity and events ---------------------------------------------------


@pytest.mark.asyncio
async def test_block_action_reaches_handler_and_responds_via_response_url(
    fake: FakeSlack,
) -> None:
    app = make_app(fake)

    @app.action("vote")
    async def vote(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        await respond(f"voted {body['actions'][0]['value']}", replace_original=False)

    payload = sig.block_actions("vote", "up", response_url=fake.response_url("r1"))
    async with serve(app) as url:
        status, _ = await post(url, sig.signed(payload, SECRET))
        reply = await fake.wait_for_call("response_url")
    assert status == 200
    assert reply.key == "r1"
    assert reply.args == {"text": "voted up", "replace_original": False}


@pytest.mark.asyncio
async def test_view_submission_errors_are_returned_in_the_http_response(fake: FakeSlack) -> None:
    app = make_app(fake)

    @app.view("share_resource")
    async def submit(ack: AsyncAck, view: dict[str, Any]) -> None:
        title = view["state"]["values"]["title"]["title_input"]["value"]
        if not title.strip():
            await ack(response_action="errors", errors={"title": "A title is required"})
        else:
            await ack()

    values = {"title": {"title_input": {"type": "plain_text_input", "value": "  "}}}
    payload = sig.view_submission("share_resource", values, private_metadata="C1")
    async with serve(app) as url:
        status, text = await post(url, sig.signed(payload, SECRET))
    assert status == 200
    assert json.loads(text) == {
        "response_action": "errors",
        "errors": {"title": "A title is required"},
    }


@pytest.mark.asyncio
async def test_event_callback_reaches_event_handler(fake: FakeSlack) -> None:
    app = make_app(fake)

    @app.event("app_mention")
    async def mention(event: dict[str, Any], say: AsyncSay) -> None:
        await say(f"heard {event['text']}")

    event = {
        "type": "app_mention",
        "user": sig.USER_ID,
        "text": "<@U0PRAXISBOT> help",
        "channel": sig.CHANNEL_ID,
        "ts": "1700000000.000001",
    }
    async with serve(app) as url:
        status, _ = await post(url, sig.signed(sig.event_callback(event), SECRET))
        call = await fake.wait_for_call("chat.postMessage")
    assert status == 200
    assert call.args["text"] == "heard <@U0PRAXISBOT> help"


# ----- rate limits ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_rate_limited_post_is_waited_out_and_sent_once(fake: FakeSlack) -> None:
    app = make_app(fake, rate_limit_retries=2)
    add_ping(app, [])
    fake.rate_limit_next("chat.postMessage", retry_after=1)
    started = time.monotonic()
    async with serve(app) as url:
        status, _ = await post(url, sig.signed(sig.slash_command("/ping", "later"), SECRET))
        await fake.wait_for_call("chat.postMessage", timeout=15)
    assert status == 200
    assert time.monotonic() - started >= 1.0
    assert [c.status for c in fake.calls("chat.postMessage")] == [429, 200]
    assert fake.successful("chat.postMessage")[0].args["text"] == "pong later"


@pytest.mark.asyncio
async def test_rate_limit_without_retry_handler_surfaces_retry_after(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=fake.api_url)
    fake.rate_limit_next("chat.postMessage", retry_after=7)
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel="C1", text="x")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "7"
    assert (await client.chat_postMessage(channel="C1", text="x"))["ok"] is True


# ----- the fake's Web API surface ----------------------------------------------------


@pytest.mark.asyncio
async def test_unknown_method_is_answered_and_recorded(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=fake.api_url)
    with pytest.raises(SlackApiError) as raised:
        await client.api_call("reactions.add", json={"name": "tada"})
    assert raised.value.response["error"] == "unknown_method"
    assert fake.calls("reactions.add")[0].args == {"name": "tada"}


@pytest.mark.asyncio
async def test_missing_token_is_not_authed(fake: FakeSlack) -> None:
    client = AsyncWebClient(base_url=fake.api_url)
    with pytest.raises(SlackApiError) as raised:
        await client.auth_test()
    assert raised.value.response["error"] == "not_authed"


@pytest.mark.asyncio
async def test_users_dms_and_membership_are_configurable(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=fake.api_url)
    fake.add_user("U1", real_name="Ada Admin", tz="America/Los_Angeles", is_admin=True)
    fake.add_channel("C9", "algebra", members=["U1", "U2", "U3"])

    user = (await client.users_info(user="U1"))["user"]
    plain = (await client.users_info(user="U2"))["user"]
    dm = (await client.conversations_open(users="U1"))["channel"]["id"]
    first = await client.conversations_members(channel="C9", limit=2)
    rest = await client.conversations_members(
        channel="C9", cursor=first["response_metadata"]["next_cursor"]
    )
    info = (await client.conversations_info(channel="C9"))["channel"]

    assert (user["real_name"], user["tz"], user["is_admin"]) == (
        "Ada Admin",
        "America/Los_Angeles",
        True,
    )
    assert user["tz_offset"] in (-8 * 3600, -7 * 3600)
    assert (plain["is_admin"], plain["is_owner"]) == (False, False)
    assert dm == fake.dm_channel("U1") and dm.startswith("D")
    assert first["members"] + rest["members"] == ["U1", "U2", "U3"]
    assert rest["response_metadata"]["next_cursor"] == ""
    assert info["name"] == "algebra"


@pytest.mark.asyncio
async def test_fail_next_answers_one_error_then_recovers(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=fake.api_url)
    fake.fail_next("users.info", "user_not_found")
    with pytest.raises(SlackApiError):
        await client.users_info(user="U404")
    assert (await client.users_info(user="U404"))["ok"] is True


@pytest.mark.asyncio
async def test_views_open_update_and_publish(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=fake.api_url)
    modal = {
        "type": "modal",
        "callback_id": "reflect",
        "title": {"type": "plain_text", "text": "R"},
    }
    opened = (await client.views_open(trigger_id=sig.TRIGGER_ID, view=modal))["view"]
    updated = await client.views_update(view_id=opened["id"], view={**modal, "callback_id": "v2"})
    home = await client.views_publish(user_id="U1", view={"type": "home", "blocks": []})
    assert opened["callback_id"] == "reflect"
    assert updated["view"]["id"] == opened["id"]
    assert fake.views[opened["id"]]["callback_id"] == "v2"
    assert home["view"]["type"] == "home"
    assert fake.calls("views.open")[0].args["view"] == modal


@pytest.mark.asyncio
async def test_files_upload_v2_records_bytes_and_filename(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=TOKEN, base_url=fake.api_url)
    content = b"date,user\n2024-01-01,U1\n"
    result = await client.files_upload_v2(
        channel="C1", filename="export.csv", content=content, initial_comment="your export"
    )
    (upload,) = fake.uploads.values()
    assert result["file"]["id"] == upload.file_id
    assert (upload.filename, upload.content, upload.channel_id) == ("export.csv", content, "C1")
    assert upload.initial_comment == "your export" and upload.completed
    assert fake.calls("file_upload")[0].body == content


# ----- the signer itself ---------------------------------------------------------------


def test_signature_matches_slack_sdk_verifier() -> None:
    body = sig.slash_command("/ping", "a b&c=d").body
    headers = sig.sign(body, SECRET)
    verifier = SignatureVerifier(SECRET)
    assert verifier.is_valid_request(body, headers)
    assert not SignatureVerifier("other").is_valid_request(body, headers)
    assert not verifier.is_valid_request(body + b"x", headers)
