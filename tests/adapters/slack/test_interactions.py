"""Modals, buttons, events, deliveries and rate limits, end to end through Bolt."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlencode

from bot.kernel.model import Address
from bot.kernel.reply import Attachment, Paragraph, Reply
from bot.root.app import App
from bot.time.clock import FakeClock
from tests.adapters.slack.conftest import SECRET, TOKEN, RunningSlack
from tests.fakes import slack_signing as sig


def _state(**values: str) -> dict:
    return {
        name: {"value": {"type": "plain_text_input", "value": value}}
        for name, value in values.items()
    }


async def _open_form(slack: RunningSlack) -> dict:
    answer = await slack.command("/probe", "form")
    assert answer.status == 200
    call = await slack.fake.wait_for_call("views.open")
    return (
        json.loads(call.args["view"]) if isinstance(call.args["view"], str) else call.args["view"]
    )


async def _submit(slack: RunningSlack, view: dict, trigger: str, **values: str):
    payload = sig.view_submission(
        view["callback_id"],
        _state(**values),
        private_metadata=view["private_metadata"],
        trigger_id=trigger,
    )
    return await slack.post(sig.signed(payload, SECRET))


async def test_a_form_opens_as_a_modal_and_its_submission_runs_the_command(
    slack: RunningSlack,
) -> None:
    view = await _open_form(slack)
    assert view["type"] == "modal"
    assert [b["block_id"] for b in view["blocks"]] == ["title", "body"]
    answer = await _submit(slack, view, "submit-1", title="Number talks", body="It went well")
    assert answer.status == 200 and answer.text == ""  # the modal closes
    posted = await slack.fake.wait_for_call("chat.postEphemeral")
    assert "Saved note #1" in posted.args["text"]
    assert posted.args["user"] == sig.USER_ID and posted.args["channel"] == sig.CHANNEL_ID
    assert "1 notes" in (await slack.command("/probe", "count")).shown


async def test_a_mistake_in_a_modal_is_shown_on_the_field_it_names(slack: RunningSlack) -> None:
    view = await _open_form(slack)
    answer = await _submit(slack, view, "submit-1", title="Day 1", body="The student Jo said")
    assert answer.json["response_action"] == "errors"
    assert list(answer.json["errors"]) == ["body"]
    answer = await _submit(slack, view, "submit-2", title="ok", body="fine")
    assert list(answer.json["errors"]) == ["title"]
    # fixed and resubmitted from the same modal: saved once
    answer = await _submit(slack, view, "submit-3", title="Day one", body="fine")
    assert answer.text == ""
    assert "1 notes" in (await slack.command("/probe", "count")).shown


def _on_ephemeral(click: sig.Payload) -> sig.Payload:
    """The same click, on an ephemeral message (as every private reply is)."""
    body = json.loads(parse_qs(click.body.decode())["payload"][0])
    body["container"]["is_ephemeral"] = True
    return sig.Payload(urlencode({"payload": json.dumps(body)}).encode(), sig.FORM)


async def test_a_button_click_runs_its_command_as_the_clicker(slack: RunningSlack) -> None:
    page = await slack.command("/probe", "pages")
    actions = next(b for b in page.json["blocks"] if b["type"] == "actions")
    next_button, save_button = actions["elements"]
    assert next_button["value"] == "/probe pages page:2"

    click = sig.block_actions(
        next_button["action_id"],
        next_button["value"],
        block_id=actions["block_id"],
        response_url=slack.fake.response_url("click-next"),
    )
    click = _on_ephemeral(click)
    answer = await slack.post(sig.signed(click, SECRET))
    assert answer.status == 200
    reply = await slack.fake.wait_for_call("response_url")
    assert reply.key == "click-next"
    assert reply.args["replace_original"] is True  # next page replaces the ephemeral list
    assert "Resource 4" in json.dumps(reply.args)

    save = sig.block_actions(
        save_button["action_id"],
        save_button["value"],
        block_id=actions["block_id"],
        user_id="U0CLICKER",
        response_url=slack.fake.response_url("click-save"),
    )
    await slack.post(sig.signed(save, SECRET))
    reply = await slack.fake.wait_for_call("response_url", count=2)
    assert reply.key == "click-save"
    assert reply.args["replace_original"] is False and reply.args["response_type"] == "ephemeral"
    assert "Saved note #1" in reply.args["text"]


async def test_a_mention_runs_a_command_and_a_retried_event_runs_once(
    slack: RunningSlack,
) -> None:
    event = {
        "type": "app_mention",
        "user": sig.USER_ID,
        "text": f"<@{sig.BOT_USER_ID}> probe note title:mentioned",
        "channel": sig.CHANNEL_ID,
        "ts": "1700000000.000001",
    }
    payload = sig.event_callback(event, event_id="Ev1")
    first = await slack.post(sig.signed(payload, SECRET))
    retry = await slack.post(sig.signed(payload, SECRET, retry_num=1))
    assert (first.status, retry.status) == (200, 200)
    posted = await slack.fake.wait_for_call("chat.postEphemeral")
    assert "Saved note #1" in posted.args["text"]
    await slack.adapter.presenter.drain()
    assert "1 notes" in (await slack.command("/probe", "count")).shown
    assert len(slack.fake.successful("chat.postEphemeral")) == 1


async def test_scheduled_delivery_reaches_slack_as_a_message(slack: RunningSlack) -> None:
    delivery = slack.adapter.core.services.delivery
    to_channel = Address("slack", sig.TEAM_ID, "C0GRADE7", channel_name="grade7")
    ts = await delivery.send(
        to_channel, Reply([Paragraph("Plan day is Friday <!here>")], private=False)
    )
    call = await slack.fake.wait_for_call("chat.postMessage")
    assert ts and call.args["channel"] == "C0GRADE7" and call.token == TOKEN
    assert "<!here>" not in call.args["text"] and "&lt;!here&gt;" in call.args["text"]

    await delivery.send(Address("slack", sig.TEAM_ID, None, "U0MARIA"), Reply.text("Reflect?"))
    dm = await slack.fake.wait_for_call("chat.postMessage", count=2)
    assert slack.fake.calls("conversations.open")[0].args["users"] == "U0MARIA"
    assert dm.args["channel"] == slack.fake.dm_channel("U0MARIA")


async def test_a_rate_limited_delivery_is_waited_out_and_sent_once(slack: RunningSlack) -> None:
    slack.fake.rate_limit_next("chat.postMessage", retry_after=1)
    started = time.monotonic()
    await slack.adapter.core.services.delivery.send(
        Address("slack", sig.TEAM_ID, "C0GRADE7"), Reply.text("Nudge")
    )
    assert time.monotonic() - started >= 1.0
    assert [c.status for c in slack.fake.calls("chat.postMessage")] == [429, 200]


async def test_files_of_a_private_reply_go_to_the_persons_dm(slack: RunningSlack) -> None:
    reply = Reply([Paragraph("Your export"), Attachment("export.csv", b"a,b\n1,2\n", "text/csv")])
    await slack.adapter.core.services.delivery.send(
        Address("slack", sig.TEAM_ID, None, "U0MARIA"), reply
    )
    (upload,) = slack.fake.uploads.values()
    assert upload.content == b"a,b\n1,2\n" and upload.channel_id == slack.fake.dm_channel("U0MARIA")


async def test_a_nudge_scheduled_on_slack_is_delivered_by_the_engine(
    slack: RunningSlack, clock: FakeClock, app: App
) -> None:
    answer = await slack.command(
        "/nudge",
        'schedule to:<#C0GRADE7|grade7> when:"in 2 hours" message:"Bring student work <!channel>"',
    )
    assert answer.status == 200 and "Usage" not in answer.shown, answer.shown
    clock.advance(timedelta(hours=2, minutes=1))
    assert await app.engine.run_due(clock.now()) == 1
    call = await slack.fake.wait_for_call("chat.postMessage")
    assert call.args["channel"] == "C0GRADE7"
    assert "Bring student work" in call.args["text"] and "<!channel>" not in call.args["text"]
    assert await app.engine.run_due(clock.now()) == 0
    assert len(slack.fake.successful("chat.postMessage")) == 1


async def test_a_re_sent_delivery_with_its_key_is_not_posted_twice(slack: RunningSlack) -> None:
    """Each scheduled message carries its key as metadata; a re-send (after a crash or a
    timeout) looks at the conversation's recent messages first and posts nothing if the
    key is there."""
    delivery = slack.adapter.core.services.delivery
    to = Address("slack", sig.TEAM_ID, None, "U0MARIA")
    first = await delivery.send(to, Reply.text("Reflect?"), key="px7.0a1b2c3d.0")
    again = await delivery.send(to, Reply.text("Reflect?"), key="px7.0a1b2c3d.0", resend=True)
    assert first == again
    [posted] = slack.fake.successful("chat.postMessage")
    assert posted.args["metadata"] == {
        "event_type": "praxis_delivery",
        "event_payload": {"key": "px7.0a1b2c3d.0"},
    }
    [looked] = slack.fake.successful("conversations.history")
    assert looked.args["channel"] == slack.fake.dm_channel("U0MARIA")
    # A re-send whose first try never arrived is posted; a first send does not look back.
    await delivery.send(to, Reply.text("Reflect?"), key="px8.0a1b2c3d.0", resend=True)
    await delivery.send(to, Reply.text("Reflect?"), key="px9.0a1b2c3d.0")
    assert len(slack.fake.successful("chat.postMessage")) == 3
    assert len(slack.fake.successful("conversations.history")) == 2
