"""Lesson study end to end on Discord: the real discord.py client against FakeDiscord.

A guild of its own, with a facilitator, a teacher, three observers, a knowledgeable
other and someone outside the team. Three observers note on two focus students; the
packet reaches each team member by DM with a Markdown and a PDF file; the discussion
runs in the channel with its time boxes on the fake clock; closing with share:yes
publishes a report that /resource search finds by grade and focus.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pypdf
import pytest
import pytest_asyncio

from bot.time.clock import FakeClock
from tests.adapters.discord.conftest import Stack, serve_guilds
from tests.adapters.discord.test_e2e import answered, shown
from tests.fakes.discord import FakeGuild, FakeUser, RecordedRequest

pytestmark = pytest.mark.asyncio(loop_scope="module")

GUILD = 1_100_000_000_000_000_001
NAMES = ("maria", "tom", "diego", "grace", "lee", "zoe")
TEAM = ("keisha", "maria", "tom", "diego", "grace", "lee")


def _guild() -> FakeGuild:
    users = {name: FakeUser(1_200_000_000_000_000_010 + i, name) for i, name in enumerate(NAMES)}
    return FakeGuild(
        id=GUILD,
        name="Lesson study guild",
        owner=FakeUser(1_200_000_000_000_000_001, "keisha"),
        channel_id=1_100_000_000_000_000_002,
        channel_name="lesson-study",
        admin_role_id=1_100_000_000_000_000_003,
        members=tuple(users.values()),
    )


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(database: str) -> AsyncIterator[Stack]:
    async with serve_guilds(database, [_guild()]) as running:
        yield running


async def followups(stack: Stack, token: str, count: int) -> list[RecordedRequest]:
    """The follow-ups posted to an interaction's webhook, once `count` have arrived."""
    fake = stack.fake

    def posted() -> list[RecordedRequest]:
        return [r for r in fake.requests if r.method == "POST" and r.path.endswith(token)]

    await fake.wait_for(lambda _: len(posted()) >= count)
    return posted()


def user(stack: Stack, name: str) -> FakeUser:
    guild = stack.fake.guilds[0]
    return next(u for u in guild.humans() if u.username == name)


async def run(stack: Stack, name: str, options: dict[str, Any] | None, who: str) -> str:
    fake = stack.fake
    token = await fake.send_interaction(
        fake.slash_command(name, options or {}, user=user(stack, who))
    )
    text = shown((await answered(stack, token)).data)
    if text.strip() == "Posted in the channel.":  # deferred and public: a follow-up carries it
        [*_, message] = await followups(stack, token, 1)
        return shown(message.json)
    return text


def at(hour: int, minute: int = 0, day: int = 15) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def dm_messages(stack: Stack, name: str) -> list[Any]:
    fake = stack.fake
    channel = fake.dm_channels.get(user(stack, name).id)
    if channel is None:
        return []
    return [
        r
        for r in fake.requests
        if r.method == "POST" and r.path == f"/channels/{channel['id']}/messages"
    ]


async def test_a_research_lesson_its_packet_discussion_and_report_on_discord(stack: Stack) -> None:
    fake = stack.fake
    clock = stack.app.services.clock
    assert isinstance(clock, FakeClock)
    for name in (*TEAM, "zoe"):
        await run(stack, "praxis whoami", {}, name)
    started = await run(
        stack,
        "cycle start",
        {
            "name": "Fractions",
            "theme": "Fractions as numbers",
            "lesson-date": "2026-12-15",
            "grade": "3-5",
            "focus": "identity",
        },
        "keisha",
    )
    assert "started a lesson-study cycle" in started
    for name, role in (
        ("maria", "teacher"),
        ("tom", "observer"),
        ("diego", "observer"),
        ("grace", "observer"),
        ("lee", "knowledgeable-other"),
    ):
        await run(
            stack,
            "cycle role",
            {"cycle": "Fractions", "user": user(stack, name), "role": role},
            "keisha",
        )
    await run(
        stack,
        "cycle schedule",
        {"cycle": "Fractions", "phase": "teach", "date": "2026-12-15", "time": "10:00"},
        "keisha",
    )
    focus = await run(
        stack, "cycle focus", {"cycle": "Fractions", "students": "A: uses the strip; B"}, "maria"
    )
    assert "Saved the focus students" in focus
    named = await run(stack, "cycle focus", {"cycle": "Fractions", "students": "Maria"}, "maria")
    assert "doesn't look like a pseudonym" in named

    for when, who, text, student in (
        (at(10, 2), "tom", "folded the strip in fourths", "A"),
        (at(10, 7), "diego", "said 1/3 is bigger than 1/2", "B"),
        (at(10, 11), "grace", "counted the pieces aloud", "B"),
        (at(10, 19), "tom", "placed 3/4 past 1/2", "A"),
    ):
        clock.set(when)
        noted = await run(
            stack, "cycle observe", {"cycle": "Fractions", "text": text, "student": student}, who
        )
        assert "Noted at minute" in noted
    held = await run(
        stack,
        "cycle observe",
        {"cycle": "Fractions", "text": "Jayden moved the strip", "student": "A"},
        "grace",
    )
    assert "Held, not shared" in held and "Jayden" in held

    clock.set(at(10, 50))
    sent = await run(stack, "cycle debrief", {"cycle": "Fractions", "action": "packet"}, "maria")
    assert "Sent the debrief packet" in sent and "4 notes from 3 observers" in sent

    def packets() -> dict[str, Any] | None:
        found = {}
        for name in TEAM:
            carrying = [m for m in dm_messages(stack, name) if m.files]
            if not carrying:
                return None
            found[name] = carrying[-1]
        return found

    delivered = await fake.wait_for(lambda _: packets() is not None, timeout=30)
    assert delivered is not None
    received = packets()
    assert received is not None and not dm_messages(stack, "zoe")
    message = received["lee"]
    text = shown(message.json)
    order = ["folded the strip", "said 1/3", "counted the pieces", "placed 3/4"]
    assert [text.index(n) for n in order] == sorted(text.index(n) for n in order)
    assert "Jayden" not in text
    names = {f.filename: f.data for f in message.files}
    assert set(names) == {"debrief-packet-cycle-1.md", "debrief-packet-cycle-1.pdf"}
    markdown = names["debrief-packet-cycle-1.md"].decode()
    student_b = markdown[markdown.index("### Student B") :]
    assert "counted the pieces aloud" in student_b and "placed 3/4" not in student_b
    pdf = pypdf.PdfReader(io.BytesIO(names["debrief-packet-cycle-1.pdf"]))
    assert "said 1/3 is bigger than 1/2" in "".join(p.extract_text() for p in pdf.pages)

    # The discussion: steps in order in the channel, time boxes on the engine.
    channel = f"/channels/{fake.guilds[0].channel_id}/messages"
    clock.set(at(13, 0))
    first = await run(stack, "cycle debrief", {"cycle": "Fractions", "action": "start"}, "keisha")
    assert "Step 1 of 5: The teacher reflects" in first and "until 13:10" in first
    await run(
        stack,
        "cycle debrief",
        {"cycle": "Fractions", "action": "record", "text": "I rushed the launch"},
        "maria",
    )
    seen = len(fake.requests_to("POST", channel))
    clock.set(at(13, 10))
    await stack.app.engine.run_due(clock.now())
    up = await fake.wait_for(
        lambda r: r.path == channel and "Time is up for step 1" in shown(r.json or {}),
        timeout=10,
    )
    assert up.json["allowed_mentions"] == {"parse": []}
    assert len(fake.requests_to("POST", channel)) == seen + 1
    for title in ("Observers share evidence", "The research theme", "knowledgeable other"):
        assert title in await run(
            stack, "cycle debrief", {"cycle": "Fractions", "action": "next"}, "keisha"
        )
    await run(
        stack,
        "cycle debrief",
        {"cycle": "Fractions", "action": "record", "text": "Length models made size visible"},
        "lee",
    )
    assert "Next steps" in await run(
        stack, "cycle debrief", {"cycle": "Fractions", "action": "next"}, "keisha"
    )
    assert "has ended" in await run(
        stack, "cycle debrief", {"cycle": "Fractions", "action": "end"}, "keisha"
    )
    record = await run(stack, "cycle debrief", {"cycle": "Fractions"}, "tom")
    assert "I rushed the launch" in record
    refused = await run(stack, "cycle debrief", {"cycle": "Fractions"}, "zoe")
    assert "Only the cycle's team and facilitators" in refused and "rushed" not in refused
    for post in fake.requests_to("POST", channel):
        assert "rushed" not in shown(post.json or {})

    clock.set(at(9, 0, day=17))
    closed = await run(
        stack,
        "cycle close",
        {"cycle": "Fractions", "share": "yes", "learned": "Start from length."},
        "keisha",
    )
    assert "in the resource library as #" in closed
    found = await run(stack, "resource search", {"grade": "3-5", "focus": "identity"}, "zoe")
    assert "Lesson study: Fractions" in found
