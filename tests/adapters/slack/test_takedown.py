"""Acceptance on Slack: a published case naming a student is unpublished by a facilitator.

Real slack-bolt over HTTP against FakeSlack: a teacher submits and confirms a
case naming a student, a workspace admin approves it and later unpublishes
it; another teacher no longer finds it anywhere, the author gets a direct
message, and the audit log records it.
"""

from __future__ import annotations

import json

from tests.adapters.slack.conftest import RunningSlack

AUTHOR, READER, ADMIN = "U0AUTHOR", "U0READER", "U0ADMIN"
CASE = (
    'title:"Whose explanation counts" grade:6-8 '
    'context:"Seventh grade, 28 students, proportional relationships (7.RP.A.2)." '
    'problem:"The same few students explain every day." focus:identity '
    'tried:"Partner rehearsal before whole-class sharing." '
    'evidence:"By November even Quetzalli Obregón explained her ratio table." '
    'question:"How do you keep rehearsal from becoming the confident partner talking?"'
)


async def _as(slack: RunningSlack, user: str, command: str, text: str) -> str:
    """What the person sees: the ack, or the follow-up when a busy machine made it slow."""
    trigger = slack.trigger()
    answer = await slack.command(
        command, text, user_id=user, user_name=user.lower(), trigger_id=trigger
    )
    assert answer.status == 200
    if "Working on it" not in answer.shown:
        return answer.shown
    call = await slack.fake.wait_for(
        lambda: next((c for c in slack.fake.calls("response_url") if c.key == trigger), None),
        timeout=30,
    )
    assert call is not None
    return json.dumps(call.args, ensure_ascii=False)


async def test_a_published_case_naming_a_student_is_unpublished(slack: RunningSlack) -> None:
    fake = slack.fake
    fake.add_user(ADMIN, real_name="Ada Admin", is_admin=True)
    fake.add_user(AUTHOR, real_name="Rosa Diaz")
    fake.add_user(READER, real_name="Sam Reader")
    await _as(slack, ADMIN, "/praxis", "whoami")
    held = await _as(slack, AUTHOR, "/case", f"submit {CASE}")
    assert "may identify a student" in held
    submitted = await _as(slack, AUTHOR, "/case", "submit 1 confirm:yes")
    assert "Submitted case #1" in submitted
    assert "Published case #1" in await _as(slack, ADMIN, "/case", "review 1 approve")
    assert "Whose explanation counts" in await _as(slack, READER, "/case", "search Quetzalli")

    asked = await _as(slack, ADMIN, "/case", 'unpublish 1 note:"It names a student."')
    assert "confirm:yes" in asked
    done = await _as(slack, ADMIN, "/case", 'unpublish 1 note:"It names a student." confirm:yes')
    assert "out of the library" in done

    dm = fake.dm_channel(AUTHOR)

    def told() -> bool:
        return any("took your case #1" in json.dumps(m) for m in fake.messages.get(dm, []))

    await fake.wait_for(told)
    assert "It names a student." in json.dumps(fake.messages[dm], ensure_ascii=False)
    for command, text in (
        ("/case", "search Quetzalli"),
        ("/case", "list"),
        ("/resource", "search Quetzalli"),
        ("/resource", "search type:case-study"),
    ):
        assert "Whose explanation counts" not in await _as(slack, READER, command, text), text
    assert "There is no case #1" in await _as(slack, READER, "/case", "show 1")
    log = await _as(slack, ADMIN, "/praxis", "audit")
    assert "unpublished case #1" in log and "It names a student." in log
    assert "Quetzalli" not in log
    assert "Only admins" in await _as(slack, READER, "/praxis", "audit")
