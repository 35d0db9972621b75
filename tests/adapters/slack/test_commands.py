"""Slash commands end to end: signed requests in, acks and Web API calls out."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.root.app import App
from storage.community import Member
from tests.adapters.slack.conftest import RunningSlack, serve_slack
from tests.conftest import MakeApp
from tests.fakes import slack_signing as sig
from tests.fakes.slack_server import UploadedFile

# One row per command family: (slash command, text, what the person must see).
# A new family adds its row here.
FAMILY_CASES = [
    ("/praxis", "whoami", "Role"),
    ("/praxis", "help", "/praxis"),
    ("/nudge", "list", "nudge"),
    ("/resource", "search fractions type:task", "fractions"),
    ("/cycle", "status", "lesson-study cycles"),
    ("/case", "list", "Published cases"),
    ("/reflect", "history", "reflection"),
    ("/praxis", "report charts:no", "Members"),
]


@pytest.mark.parametrize(("command", "text", "expected"), FAMILY_CASES)
async def test_every_family_answers_in_the_ack(
    slack: RunningSlack, command: str, text: str, expected: str
) -> None:
    answer = await slack.command(command, text)
    assert answer.status == 200
    assert answer.json["response_type"] == "ephemeral"
    assert expected in answer.shown
    assert answer.json["blocks"]


async def test_whoami_takes_role_and_zone_from_the_slack_profile(slack: RunningSlack) -> None:
    slack.fake.add_user(sig.USER_ID, real_name="Rosa Diaz", tz="America/Chicago")
    slack.fake.add_user("U0ADMIN", real_name="Ada Admin", tz="Europe/Paris", is_admin=True)
    await slack.command("/praxis", "whoami")  # Rosa is first: the community's first admin
    answer = await slack.command("/praxis", "whoami", user_id="U0ADMIN", user_name="ada")
    assert "Ada Admin" in answer.shown
    assert "admin" in answer.shown
    assert "Europe/Paris (from your Slack profile)" in answer.shown


async def test_users_info_is_asked_once_per_person(slack: RunningSlack) -> None:
    for _ in range(3):
        await slack.command("/praxis", "whoami")
    assert len(slack.fake.calls("users.info")) == 1


async def test_own_profile_time_zone_wins_over_slack(slack: RunningSlack) -> None:
    slack.fake.add_user(sig.USER_ID, tz="America/Chicago")
    await slack.command("/praxis", "profile set timezone:Asia/Tokyo")
    answer = await slack.command("/praxis", "whoami")
    assert "Asia/Tokyo" in answer.shown
    assert "America/Chicago" not in answer.shown


async def test_a_mistake_is_shown_privately_with_usage(slack: RunningSlack) -> None:
    answer = await slack.command("/praxis", "role grant")
    assert answer.status == 200
    assert answer.json["response_type"] == "ephemeral"
    assert "Usage" in answer.shown


async def test_published_reply_goes_in_channel_with_user_text_escaped(
    slack: RunningSlack,
) -> None:
    answer = await slack.command("/probe", "publish")
    assert answer.json["response_type"] == "in_channel"
    raw = answer.text
    for ping in ("<!channel>", "<!here>", "<!everyone>", "<@U0OTHER>", "@everyone"):
        assert ping not in raw
    assert "&lt;!channel&gt; &amp; &lt;@U0OTHER&gt;" in answer.json["blocks"][0]["text"]["text"]


@pytest.mark.parametrize("option", ["forged", "expired"])
async def test_bad_signature_is_refused_and_changes_nothing(
    slack: RunningSlack, app: App, option: str
) -> None:
    answer = await slack.command("/probe", "note title:sneaky", **{option: True})
    assert answer.status == 401
    async with app.db.session() as session:
        members = await session.scalar(select(func.count()).select_from(Member))
    assert members == 0
    assert slack.fake.calls() == []


async def test_a_retried_request_runs_once(slack: RunningSlack) -> None:
    first = await slack.command("/probe", "note title:once", trigger_id="same-trigger")
    retry = await slack.command("/probe", "note title:once", trigger_id="same-trigger", retry_num=1)
    assert "Saved note #1" in first.shown
    assert retry.status == 200 and retry.text == ""
    assert "1 notes" in (await slack.command("/probe", "count")).shown


async def test_slow_command_is_acked_at_once_then_followed_up(slack: RunningSlack) -> None:
    answer = await slack.command("/probe", "slow seconds:1.5", trigger_id="slow-1")
    assert answer.status == 200 and "Working on it" in answer.shown
    call = await slack.fake.wait_for_call("response_url")
    assert call.key == "slow-1"
    assert "Done after a while" in call.args["text"]
    assert call.args["response_type"] == "ephemeral"


async def test_healthz(slack: RunningSlack) -> None:
    async with slack.session.get(slack.base + "/healthz") as response:
        assert response.status == 200


async def test_readyz_is_503_without_database(make_app: MakeApp) -> None:
    unreachable = "postgresql+asyncpg://nobody@127.0.0.1:1/nothing"
    app = await make_app(url=unreachable, start=False)
    async with (
        serve_slack(app) as slack,
        slack.session.get(slack.base + "/readyz") as response,
    ):
        assert response.status == 503


async def test_a_report_uploads_its_charts_as_png_files(slack: RunningSlack) -> None:
    """Charts people would rather look at than read arrive as uploaded images on Slack."""
    answer = await slack.command("/praxis", "report")
    assert answer.status == 200

    def chart() -> UploadedFile | None:
        for upload in slack.fake.uploads.values():
            if upload.completed and upload.filename.endswith(".png"):
                return upload
        return None

    upload = await slack.fake.wait_for(chart, timeout=30)
    assert upload is not None  # wait_for returns only a truthy result
    assert (upload.content or b"").startswith(b"\x89PNG") and upload.length > 5_000
