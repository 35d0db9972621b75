"""The Spanish flow on Slack: real Bolt over HTTP, a member whose Slack is set to Spanish.

Lucía's Slack locale is `es-LA` (users.info says so) and she chooses nothing: she
answers a scheduled prompt, searches, shares a resource and submits a case; every text
the bot shows her (the acks, the follow-ups, the DMs it sends her) is Spanish. Ann, the
workspace's first member (its admin) with an English Slack, reads her report in English.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.root.app import App
from bot.time.clock import FakeClock
from tests.adapters.slack.conftest import RunningSlack
from tests.adapters.spanish import (
    ANSWER,
    CASE_PARTS,
    OWN_TITLE,
    SHARED_TITLE,
    VOICES,
    VOICES_ES,
    assert_english,
    assert_spanish,
    case_options_text,
    texts,
)

LUCIA, ANN = "U0LUCIA", "U0ANN"


async def say(slack: RunningSlack, user: str, command: str, text: str) -> str:
    """What `user` is shown: the ack, or the follow-up when the bot had to defer."""
    trigger = slack.trigger()
    answer = await slack.command(command, text, user_id=user, trigger_id=trigger)
    assert answer.status == 200
    if answer.json.get("blocks") or answer.json.get("text"):
        shown = texts(answer.json)
        if "Trabajando en ello" not in shown and "Working on it" not in shown:
            return shown
    fake = slack.fake
    call = await fake.wait_for(
        lambda: next((c for c in fake.calls("response_url") if c.key == trigger), None),
        timeout=30,
    )
    assert call is not None
    return texts(call.args)


def dms_to(slack: RunningSlack, user: str) -> list[str]:
    """What the bot sent `user` by direct message, oldest first."""
    return [
        texts({"blocks": c.args.get("blocks"), "text": c.args.get("text")})
        for c in slack.fake.successful("chat.postMessage")
        if str(c.args.get("channel")) in (user, f"D{user}")
    ]


async def test_a_spanish_slack_member_works_in_spanish_and_the_facilitator_in_english(
    slack: RunningSlack, app: App, clock: FakeClock
) -> None:
    slack.fake.add_user(ANN, real_name="Ann Lee", locale="en-US")
    slack.fake.add_user(LUCIA, real_name="Lucía Campos", locale="es-LA")
    assert "Role" in await say(slack, ANN, "/praxis", "whoami")  # the first: the admin
    whoami = await say(slack, LUCIA, "/praxis", "whoami")
    assert "Idioma" in whoami and "Español" in whoami
    await say(
        slack,
        ANN,
        "/resource",
        f'share url:https://example.org/fracciones title:"{SHARED_TITLE}" type:task grade:3-5',
    )
    scheduled = await say(
        slack, ANN, "/reflect", f'schedule to:everyone when:"every tuesday 8:00" prompt:{VOICES}'
    )
    assert "Scheduled" in scheduled
    for hour in (8, 13):  # 8:00 for Ann (UTC), then for Lucía (her Slack: New York)
        clock.set(datetime(2026, 11, 24, hour, 0, tzinfo=UTC))
        await app.engine.run_due(clock.now())
    await slack.fake.wait_for(lambda: dms_to(slack, LUCIA), timeout=30)
    [prompt] = dms_to(slack, LUCIA)
    assert VOICES_ES.text in prompt
    assert_spanish(prompt)

    answered = await say(slack, LUCIA, "/reflect", f'answer "{ANSWER}"')
    found = await say(slack, LUCIA, "/resource", "search fracciones")
    shared = await say(
        slack,
        LUCIA,
        "/resource",
        f'share url:https://example.org/razones title:"{OWN_TITLE}" type:tarea grade:6-8',
    )
    submitted = await say(slack, LUCIA, "/case", f"submit {case_options_text()}")
    assert SHARED_TITLE in found
    for shown in (answered, found, shared, submitted):
        assert_spanish(shown)
    case_id = submitted.split("#", 1)[1].split()[0].rstrip(".,:")

    approved = await say(slack, ANN, "/case", f"review {case_id} approve")
    assert_english(approved)
    await slack.fake.wait_for(lambda: len(dms_to(slack, LUCIA)) > 1, timeout=30)
    for notice in dms_to(slack, LUCIA)[1:]:
        assert_spanish(notice.replace(CASE_PARTS["title"], ""))

    report = await say(slack, ANN, "/praxis", "report charts:no")
    assert "Members" in report
    assert_english(report)
