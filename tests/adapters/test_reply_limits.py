"""Every kind of reply fits Slack and Discord after decoration: tone marks, escapes, splits,
buttons, files and forms, checked against the platforms' documented limits."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.kernel.reply import (
    Attachment,
    Button,
    Buttons,
    ButtonStyle,
    Fields,
    Form,
    FormField,
    Header,
    Image,
    Item,
    ItemList,
    Link,
    Note,
    Paragraph,
    Reply,
    Tone,
)
from tests.limits import all_problems, discord_bodies, slack_problems

# Characters that grow when escaped (&, <, > for Slack; markdown and mentions for Discord).
GROWS = "&<>*_~`|\\#@-[]()"
PIECE = st.text(
    alphabet=st.sampled_from(list("abc xyz\n") + list(GROWS) + ["é", "🙂", "\u200b"]),
    max_size=40,
)


@st.composite
def text(draw: st.DrawFn, longest: int = 9000) -> str:
    """Short or very long text, often made of characters an escape makes longer."""
    piece = draw(PIECE)
    if not piece or draw(st.booleans()):
        return piece
    return (piece * draw(st.integers(1, longest // max(len(piece), 1) + 1)))[:longest]


LINK = st.builds(Link, text(200), st.sampled_from(["https://example.org/a", "ftp://x", "x"]))
ITEM = st.builds(
    Item, text(400), text(3000), st.none() | LINK, st.none() | st.just("#12") | text(30)
)
BUTTON = st.builds(
    Button,
    text(120),
    st.sampled_from(["/probe count", "/kit search " + "a" * 130, "/nudge test 1"]) | text(2500),
    st.sampled_from(list(ButtonStyle)),
    st.booleans(),
)
BLOCK = st.one_of(
    st.builds(Header, text(400)),
    st.builds(Paragraph, text(), st.none() | LINK),
    st.builds(Fields, st.lists(st.tuples(text(300), text(2500)), max_size=40).map(tuple)),
    st.builds(ItemList, st.lists(ITEM, max_size=80).map(tuple), text(200) | st.just("")),
    st.builds(Note, text(5000)),
    st.builds(Buttons, st.lists(BUTTON, max_size=30).map(tuple)),
    st.builds(Image, st.just("chart.png"), st.just(b"\x89PNG"), text(300)),
    st.builds(Attachment, st.just("export.csv"), st.just(b"a,b\n"), st.just("text/csv")),
)
FIELD = st.builds(
    FormField,
    st.sampled_from(["title", "context", "problem", "focus", "tried", "evidence", "q"]),
    text(300),
    st.booleans(),
    st.booleans(),
    text(5000) | st.just(""),
    st.integers(0, 8000),
    text(300) | st.just(""),
)
FORM = st.builds(
    Form,
    text(100),
    st.just("/probe note kind:idea"),
    st.lists(FIELD, min_size=1, max_size=12, unique_by=lambda f: f.name).map(tuple),
    text(40),
)
REPLY = st.builds(
    Reply,
    st.lists(BLOCK, max_size=14),
    st.booleans(),
    st.sampled_from(list(Tone)),
    st.none() | FORM,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(REPLY, st.none() | text(300))
async def test_any_reply_fits_both_platforms(reply: Reply, origin: str | None) -> None:
    assert all_problems(reply, origin) == []


@pytest.mark.parametrize("tone", list(Tone))
@pytest.mark.parametrize("length", [2990, 2999, 3000, 3001, 5990, 12_000])
async def test_a_long_reply_of_any_tone_fits_after_its_mark(tone: Tone, length: int) -> None:
    """The fault found: a 2,999-character error became a 3,009-character section once the
    warning mark was added after splitting, and Slack refused the whole reply."""
    reply = Reply.text("é" * 5 + "a" * (length - 5), tone=tone)
    assert slack_problems(reply) == []
    error = Reply.error("word " * (length // 5), usage="/nudge schedule to: when: message:")
    assert slack_problems(error) == []


async def test_escapes_that_triple_a_text_still_fit() -> None:
    reply = Reply([Paragraph("&" * 2999), Note("<" * 3000), Fields((("&", ">" * 2000),))])
    reply.tone = Tone.ERROR
    assert all_problems(reply) == []


@pytest.mark.parametrize("count", [24, 25, 26, 40, 50])
async def test_a_reply_of_many_buttons_and_a_form_keeps_every_message_within_limits(
    count: int,
) -> None:
    """Discord shows a form behind a button of its own, beside the reply's buttons."""
    buttons = Buttons(tuple(Button(f"b{n}", f"/probe count {n}") for n in range(count)))
    form = Form("Share", "/probe note", (FormField("title", "Title"),))
    reply = Reply([Paragraph("Pick one."), buttons], form=form)
    assert all_problems(reply) == []
    assert all(len(body.get("components") or []) <= 5 for body, _ in discord_bodies(reply))
