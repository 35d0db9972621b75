"""Lesson study end to end on Slack: real Bolt over HTTP, the Web API on FakeSlack.

Three observers write notes on two focus students during the research lesson; the
packet reaches each team member by DM as a message with a Markdown and a PDF file; the
discussion runs its steps in the channel with time boxes on the fake clock; closing with
share:yes publishes a report that /resource search finds by grade and focus.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pypdf

from bot.root.app import App
from bot.time.clock import FakeClock
from tests.adapters.slack.conftest import Answer, RunningSlack
from tests.fakes.slack_server import RecordedCall

CHANNEL, CHANNEL_NAME = "C0LESSON", "lesson-study"
PEOPLE = {
    "keisha": "U0KEISHA",
    "maria": "U0MARIA",
    "tom": "U0TOM",
    "diego": "U0DIEGO",
    "grace": "U0GRACE",
    "lee": "U0LEE",
    "zoe": "U0ZOE",
}
TEAM = ("keisha", "maria", "tom", "diego", "grace", "lee")


def at(hour: int, minute: int = 0, day: int = 15) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


class Team:
    def __init__(self, slack: RunningSlack) -> None:
        self.slack = slack

    async def say(self, who: str, text: str, command: str = "/cycle") -> str:
        """What `who` is shown: the ack, or the follow-up when the bot had to defer."""
        trigger = self.slack.trigger()
        answer: Answer = await self.slack.command(
            command,
            text,
            user_id=PEOPLE[who],
            user_name=who,
            channel_id=CHANNEL,
            channel_name=CHANNEL_NAME,
            trigger_id=trigger,
        )
        assert answer.status == 200
        if "Working on it" not in answer.shown:
            return answer.shown
        fake = self.slack.fake
        call = await fake.wait_for(
            lambda: next((c for c in fake.calls("response_url") if c.key == trigger), None),
            timeout=30,
        )
        assert call is not None
        return json.dumps(call.args, ensure_ascii=False)


def dm_posts(slack: RunningSlack) -> dict[str, list[RecordedCall]]:
    out: dict[str, list[RecordedCall]] = {}
    for call in slack.fake.successful("chat.postMessage"):
        channel = str(call.args.get("channel"))
        if channel.startswith("D"):
            out.setdefault(channel[1:], []).append(call)
    return out


def text_of(call: RecordedCall) -> str:
    return json.dumps(call.args.get("blocks"), ensure_ascii=False) + str(call.args.get("text"))


async def test_a_research_lesson_its_packet_discussion_and_report_on_slack(
    slack: RunningSlack, app: App, clock: FakeClock
) -> None:
    fake = slack.fake
    for name, user in PEOPLE.items():
        fake.add_user(user, real_name=name.title(), tz="UTC")
    team = Team(slack)
    for name in PEOPLE:  # keisha is first: the workspace's first admin
        await team.say(name, "whoami", "/praxis")
    mentions = ",".join(f"<@{PEOPLE[n]}|{n}>" for n in ("maria", "tom", "diego", "grace", "lee"))
    started = await team.say(
        "keisha",
        f'start name:"Fractions" theme:"Fractions as numbers" lesson-date:2026-12-15 '
        f"team:{mentions} grade:3-5 focus:identity",
    )
    assert "started a lesson-study cycle" in started
    await team.say("keisha", f"role Fractions <@{PEOPLE['maria']}|maria> teacher")
    await team.say("keisha", f"role Fractions <@{PEOPLE['lee']}|lee> knowledgeable-other")
    await team.say("keisha", "schedule Fractions teach 2026-12-15 10:00")
    focus = await team.say("maria", 'focus Fractions "A: how she uses the strip; B: compares"')
    assert "Saved the focus students" in focus

    notes = [
        (at(10, 3), "tom", '"folded the strip in fourths" student:A'),
        (at(10, 6), "diego", '"said 1/3 is bigger than 1/2" student:B segment:launch'),
        (at(10, 9), "grace", '"counted the pieces aloud" student:B'),
        (at(10, 21), "tom", '"placed 3/4 past 1/2" student:A segment:explore'),
        (at(10, 24), "grace", '"Jayden moved the strip" student:A'),
    ]
    for when, who, text in notes:
        clock.set(when)
        await team.say(who, f"observe Fractions {text}")
    shown = await team.say("maria", "observe Fractions")
    assert "still expected" in shown and "B: 2 notes" in shown

    clock.set(at(10, 50))
    sent = await team.say("keisha", "debrief Fractions packet")
    assert "Sent the debrief packet" in sent and "4 notes from 3 observers" in sent

    def all_dms() -> dict[str, list[RecordedCall]] | None:
        found = dm_posts(slack)
        return found if set(found) >= {PEOPLE[n] for n in TEAM} else None

    posts = await fake.wait_for(all_dms, timeout=30)
    assert posts is not None
    assert PEOPLE["zoe"] not in posts
    message = text_of(posts[PEOPLE["tom"]][-1])
    order = ["folded the strip", "said 1/3", "counted the pieces", "placed 3/4"]
    assert [message.index(n) for n in order] == sorted(message.index(n) for n in order)
    assert "Student B" in message and "Jayden" not in message

    def uploaded(user: str) -> dict[str, bytes]:
        return {
            u.filename: u.content or b""
            for u in fake.uploads.values()
            if u.completed and u.channel_id == "D" + PEOPLE[user]
        }

    await fake.wait_for(lambda: all(len(uploaded(n)) == 2 for n in TEAM), timeout=30)
    files = uploaded("lee")
    assert set(files) == {"debrief-packet-cycle-1.md", "debrief-packet-cycle-1.pdf"}
    assert (
        "| 9 |   | B | Grace | counted the pieces aloud |"
        in files["debrief-packet-cycle-1.md"].decode()
    )
    pdf = pypdf.PdfReader(io.BytesIO(files["debrief-packet-cycle-1.pdf"]))
    assert "counted the pieces aloud" in "".join(p.extract_text() for p in pdf.pages)
    assert not uploaded("zoe")

    # The discussion, in the channel, with its time boxes on the engine.
    clock.set(at(13, 0))
    first = await team.say("keisha", "debrief Fractions start")
    assert "in_channel" in first and "Step 1 of 5: The teacher reflects" in first
    await team.say("maria", 'debrief Fractions record "I rushed the launch"')

    async def channel_posts_at(when: datetime) -> list[str]:
        seen = len(fake.successful("chat.postMessage"))
        clock.set(when)
        await app.engine.run_due(clock.now())
        return [
            text_of(c)
            for c in fake.successful("chat.postMessage")[seen:]
            if c.args.get("channel") == CHANNEL
        ]

    assert await channel_posts_at(at(13, 9)) == []
    [up] = await channel_posts_at(at(13, 10))
    assert "Time is up for step 1 of 5" in up and "debrief #1 next" in up
    titles = ["Observers share evidence", "The research theme", "knowledgeable other"]
    for title in titles:
        assert title in await team.say("keisha", "debrief Fractions next")
    await team.say("lee", 'debrief Fractions record "Length models made size visible"')
    assert "Next steps" in await team.say("keisha", "debrief Fractions next")
    ended = await team.say("keisha", "debrief Fractions next")
    assert "has ended" in ended
    for post in [text_of(c) for c in fake.successful("chat.postMessage")]:
        if CHANNEL in post:
            assert "rushed" not in post and "folded the strip" not in post
    refused = await team.say("zoe", "debrief Fractions")
    assert "Only the cycle's team and facilitators" in refused and "rushed" not in refused

    clock.set(at(9, 0, day=17))
    closed = await team.say("keisha", 'close Fractions share:yes learned:"Start from length."')
    assert "in the resource library as #" in closed
    found = await team.say("zoe", "search grade:3-5 focus:identity", "/resource")
    assert "Lesson study: Fractions" in found
    assert "Lesson study: Fractions" not in await team.say(
        "zoe", "search grade:6-8 focus:identity", "/resource"
    )


def test_the_note_form_submits_a_note_for_its_cycle() -> None:
    """A phone's modal: what the observer typed becomes /cycle observe with its options."""
    from adapters.slack.forms import build_modal, submission_command
    from bot.grammar.registry import Registry
    from commands import all_families
    from commands.cycle.observe import note_form
    from storage.cycles import Cycle

    form = note_form(Cycle(id=7, name="Fractions on a line"))
    view = build_modal(form, channel=CHANNEL, channel_name=CHANNEL_NAME)
    modal = json.dumps(view)
    assert all(f'"{name}"' in modal for name in ("text", "student", "segment"))
    command = submission_command(
        Registry(all_families()),
        form.command,
        {"text": "moved 3/4 past 1/2: “bigger”", "student": "A", "segment": ""},
    )
    assert command.family == "cycle" and command.sub == "observe"
    given = {k: v for k, v in command.values.items() if v.strip()}  # empty fields: not given
    assert given == {"cycle": "#7", "text": "moved 3/4 past 1/2: “bigger”", "student": "A"}
