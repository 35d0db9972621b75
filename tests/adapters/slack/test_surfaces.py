"""Slack's own surfaces and its shared channels, end to end through Bolt.

App Home (published on open, refreshed when what it shows changes), the "Save as
resource" message shortcut, people named by `<@U…>` before they used the bot, and a
Slack Connect guest, who is counted in their own workspace's community and never sees
the host's data.
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy import func, select

from bot.kernel.model import Address
from bot.kernel.reply import Reply
from bot.root.app import App
from storage.community import Community, Member
from tests.adapters.slack.conftest import SECRET, RunningSlack
from tests.fakes import slack_signing as sig

Json = dict[str, Any]
GUEST, GUEST_TEAM = "U0GUEST", "T0GUEST"


def _view(call: Any) -> Json:
    view = call.args["view"]
    return json.loads(view) if isinstance(view, str) else view


def _texts(blocks: list[Json]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


async def _answer(slack: RunningSlack, command: str, text: str) -> str:
    """What the person sees: the ack, or (when the command took longer than the ack
    budget on a loaded machine) what followed through the response_url."""
    answer = await slack.command(command, text)
    await slack.adapter.presenter.drain()
    if "Working on it" not in answer.shown:
        return answer.shown
    return json.dumps([c.args for c in slack.fake.calls("response_url")], ensure_ascii=False)


async def _open_home(slack: RunningSlack, event_id: str, user: str = sig.USER_ID) -> None:
    event = {"type": "app_home_opened", "user": user, "tab": "home", "channel": "D" + user}
    answer = await slack.post(sig.signed(sig.event_callback(event, event_id=event_id), SECRET))
    assert answer.status == 200


async def test_app_home_shows_what_is_yours_and_is_refreshed_when_it_changes(
    slack: RunningSlack,
) -> None:
    await _answer(slack, "/resource", 'share url:https://ex.org/nt title:"Number talks" type:task')
    await _open_home(slack, "EvHome1")
    first = await slack.fake.wait_for_call("views.publish")
    view = _view(first)
    assert first.args["user_id"] == sig.USER_ID and view["type"] == "home"
    shown = _texts(view["blocks"])
    for section in ("Your open prompt", "Your lesson-study cycles", "Your case drafts"):
        assert section in shown
    assert "Nothing saved yet." in shown

    # Saving a resource changes the home: it is published again, with the resource.
    await slack.command("/resource", "save 1")
    second = await slack.fake.wait_for_call("views.publish", count=2)
    assert "Number talks" in _texts(_view(second)["blocks"])
    # A search changes nothing: no needless publish.
    await slack.command("/resource", "search number")
    await slack.adapter.presenter.drain()
    assert len(slack.fake.successful("views.publish")) == 2

    # A case draft shows with a button that goes on with it.
    await slack.command("/case", 'submit title:"Fractions talk"')
    third = await slack.fake.wait_for_call("views.publish", count=3)
    blocks = _view(third)["blocks"]
    assert "Fractions talk" in _texts(blocks)
    values = [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert "/case submit 1" in values


async def test_save_as_resource_opens_the_share_form_prefilled(slack: RunningSlack) -> None:
    payload = sig._interactive(
        {
            "type": "message_action",
            "callback_id": "praxis_msg:resource:share-form",
            "trigger_id": "trigger-shortcut",
            "response_url": slack.fake.response_url("shortcut"),
            "team": {"id": sig.TEAM_ID, "domain": sig.TEAM_DOMAIN},
            "user": {"id": sig.USER_ID, "name": sig.USER_NAME, "team_id": sig.TEAM_ID},
            "channel": {"id": sig.CHANNEL_ID, "name": sig.CHANNEL_NAME},
            "message_ts": "1700000000.000200",
            "message": {
                "type": "message",
                "ts": "1700000000.000200",
                "user": "U0OTHER",
                "text": "Try this task &amp; its rubric: &lt;3 fractions",
            },
            "token": "deprecated",
            "action_ts": str(time.time()),
        }
    )
    answer = await slack.post(sig.signed(payload, SECRET))
    assert answer.status == 200
    opened = await slack.fake.wait_for_call("views.open")
    view = _view(opened)
    assert opened.args["trigger_id"] == "trigger-shortcut"
    inputs = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert set(inputs) == {"url", "title", "type", "grade", "description"}
    link = inputs["url"]["initial_value"]
    assert link.startswith("https://") and "p1700000000000200" in link
    assert inputs["description"]["initial_value"] == "Try this task & its rubric: <3 fractions"
    # Submitting it shares the resource, as /resource share would.
    state = {
        "url": {"value": {"type": "plain_text_input", "value": link}},
        "title": {"value": {"type": "plain_text_input", "value": "Fraction task"}},
        "type": {"value": {"type": "plain_text_input", "value": "task"}},
    }
    submitted = sig.view_submission(
        view["callback_id"], state, private_metadata=view["private_metadata"], trigger_id="sub"
    )
    assert (await slack.post(sig.signed(submitted, SECRET))).status == 200
    card = await slack.fake.wait_for_call("chat.postMessage")
    assert "FRACTION TASK" in card.args["text"]


async def test_a_person_named_before_they_have_spoken_gets_a_role(
    slack: RunningSlack, app: App
) -> None:
    slack.fake.add_user("U0NEWBIE", real_name="Nia Newcomer", tz="America/Denver")
    await slack.command("/praxis", "whoami")  # the first person: the community's admin
    answer = await _answer(slack, "/praxis", "role grant <@U0NEWBIE|nia> facilitator")
    assert "Nia Newcomer is now a facilitator" in answer, answer
    # A guest from another organisation is not added to this community.
    slack.fake.add_user(GUEST, real_name="Gus Guest", team_id=GUEST_TEAM)
    refused = await _answer(slack, "/praxis", f"role grant <@{GUEST}> facilitator")
    assert "can't find" in refused
    async with app.db.session() as session:
        newbie = (
            await session.execute(select(Member).where(Member.user_id == "U0NEWBIE"))
        ).scalar_one()
        guests = await session.scalar(
            select(func.count()).select_from(Member).where(Member.user_id == GUEST)
        )
    assert newbie.role == "facilitator" and newbie.platform_timezone == "America/Denver"
    assert guests == 0
    # Being named is not using the bot: the person is on record, not active.
    report = await _answer(slack, "/praxis", "report charts:no")
    assert "Members" in report


async def test_a_slack_connect_guest_is_counted_at_home_and_never_sees_the_hosts_data(
    slack: RunningSlack, app: App
) -> None:
    await _answer(
        slack, "/resource", 'share url:https://ex.org/host title:"Host rubric" type:rubric'
    )
    slack.fake.add_user(GUEST, real_name="Gus Guest", team_id=GUEST_TEAM)
    body = json.loads(
        sig.event_callback(
            {
                "type": "app_mention",
                "user": GUEST,
                "user_team": GUEST_TEAM,
                "team": GUEST_TEAM,
                "channel": "C0SHARED",
                "text": f"<@{sig.BOT_USER_ID}> resource search rubric",
                "ts": "1700000000.000300",
            },
            event_id="EvGuest1",
        ).body
    )
    body["is_ext_shared_channel"] = True
    posted = sig.Payload(json.dumps(body).encode(), sig.JSON)
    assert (await slack.post(sig.signed(posted, SECRET))).status == 200
    reply = await slack.fake.wait_for_call("chat.postEphemeral")
    assert reply.args["user"] == GUEST and reply.args["channel"] == "C0SHARED"
    assert "Host rubric" not in json.dumps(reply.args)

    # A click by the guest on the host's card shows nothing of the host's either.
    click = sig.block_actions(
        "praxis:0",
        "/resource show 1",
        user_id=GUEST,
        channel_id="C0SHARED",
        response_url=slack.fake.response_url("guest-click"),
        trigger_id="guest-click",
    )
    click_body = json.loads(parse_qs(click.body.decode())["payload"][0])
    click_body["user"]["team_id"] = GUEST_TEAM
    await slack.post(sig.signed(sig._interactive(click_body), SECRET))
    answered = await slack.fake.wait_for_call("response_url")
    assert "Host rubric" not in json.dumps(answered.args)
    assert "no resource #1" in json.dumps(answered.args)

    await slack.adapter.presenter.drain()
    async with app.db.session() as session:
        rows = await session.execute(
            select(Community.external_id, Member.user_id).join(
                Member, Member.community_id == Community.id
            )
        )
        where = {user: team for team, user in rows}
    assert where[GUEST] == GUEST_TEAM, "the guest is a member of their own workspace's"
    assert where[sig.USER_ID] == sig.TEAM_ID


async def test_app_home_is_refreshed_when_the_bot_sends_its_viewer_a_message(
    slack: RunningSlack,
) -> None:
    await _open_home(slack, "EvHome9")
    await slack.fake.wait_for_call("views.publish")
    others = Address("slack", sig.TEAM_ID, None, "U0SOMEONE")
    await slack.adapter.delivery.send(others, Reply.text("Not for the viewer"))
    await slack.adapter.presenter.drain()
    assert len(slack.fake.successful("views.publish")) == 1, "only a viewer's home is refreshed"
    viewer = Address("slack", sig.TEAM_ID, None, sig.USER_ID)
    await slack.adapter.delivery.send(viewer, Reply.text("A new prompt for you"))
    again = await slack.fake.wait_for_call("views.publish", count=2)
    assert again.args["user_id"] == sig.USER_ID
