"""Rendering replies within Discord's limits, with user text escaped."""

from __future__ import annotations

from typing import Any

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.render import escape, render, split_text
from bot.kernel.reply import (
    Attachment,
    Button,
    Buttons,
    Fields,
    Header,
    Item,
    ItemList,
    Link,
    Note,
    Paragraph,
    Reply,
)
from tests.fakes.discord_limits import assert_within_limits

text = st.text(min_size=0, max_size=3000)
short = st.text(min_size=1, max_size=300)
blocks = st.one_of(
    st.builds(Header, short),
    st.builds(Paragraph, text),
    st.builds(Note, short),
    st.builds(Fields, st.lists(st.tuples(short, st.text(max_size=1500)), max_size=30).map(tuple)),
    st.builds(
        ItemList,
        st.lists(
            st.builds(Item, short, st.text(max_size=1500), st.none(), st.just("#1")), max_size=60
        ).map(tuple),
    ),
)


def body(message: Any) -> dict[str, Any]:
    """The JSON body discord.py would send for a rendered message."""
    return {
        "content": message.content,
        "embeds": [e.to_dict() for e in message.embeds],
        "allowed_mentions": {"parse": []},
        "attachments": [f.filename for f in message.files],
    }


@settings(max_examples=60, deadline=None)
@given(st.lists(blocks, min_size=1, max_size=8))
def test_any_reply_renders_into_messages_discord_accepts(parts: list[Any]) -> None:
    for message in render(Reply(parts)):
        assert_within_limits(body(message))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=500))
def test_user_text_never_pings_anyone(typed: str) -> None:
    for message in render(Reply.text(f"{typed} @everyone @here <@&12345678901234567>")):
        for part in [message.content or "", *(e.description or "" for e in message.embeds)]:
            assert "@everyone" not in part and "@here" not in part
            assert "<@&12345678901234567>" not in part


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=5000), st.integers(min_value=50, max_value=4096))
def test_split_text_keeps_every_character_within_the_limit(value: str, limit: int) -> None:
    chunks = split_text(value, limit)
    assert all(len(chunk) <= limit for chunk in chunks)
    assert "".join(chunks).replace("\n", "").replace(" ", "") == value.replace("\n", "").replace(
        " ", ""
    )


def test_a_short_reply_is_plain_content_and_markdown_is_escaped() -> None:
    (message,) = render(Reply.text("Use *stars* and __lines__ freely", private=True))

    assert message.content == "Use \\*stars\\* and \\_\\_lines\\_\\_ freely"
    assert message.embeds == []


def test_a_structured_reply_is_an_embed_with_title_fields_and_footer() -> None:
    reply = Reply(
        [
            Header("Your profile"),
            Fields((("Role", "member"), ("District", "Oak Unified"))),
            Note("Set it with /praxis profile set"),
            Buttons((Button("Edit", "/praxis profile"),)),
        ]
    )

    (message,) = render(reply)

    (embed,) = message.embeds
    assert embed.title == "Your profile"
    assert [(f.name, f.value) for f in embed.fields] == [
        ("Role", "member"),
        ("District", "Oak Unified"),
    ]
    assert embed.footer.text == "Set it with /praxis profile set"
    assert [b.command for b in message.buttons] == ["/praxis profile"]


def test_more_than_25_items_become_more_embeds_and_more_than_6000_characters_more_messages() -> (
    None
):
    items = tuple(Item(f"Task {i}", detail="d" * 900, ref=f"#{i}") for i in range(40))

    messages = render(Reply([Header("Tasks"), ItemList(items)]))

    assert len(messages) > 1
    fields = [f.name for m in messages for e in m.embeds for f in e.fields]
    assert fields == [f"#{i} Task {i}" for i in range(40)]
    for message in messages:
        assert_within_limits(body(message))


def test_links_are_masked_and_files_attached() -> None:
    reply = Reply(
        [
            Paragraph("Read this", link=Link("Number talks (PDF)", "https://e.org/a)b")),
            Header("Export"),
            Attachment("report.csv", b"a,b\n", "text/csv"),
        ]
    )

    (message,) = render(reply)

    assert "[Number talks (PDF)](https://e.org/a%29b)" in (message.embeds[0].description or "")
    assert [f.filename for f in message.files] == ["report.csv"]


def test_repeated_button_commands_are_sent_once() -> None:
    reply = Reply([Paragraph("x"), Buttons((Button("A", "/a"), Button("B", "/a")))])

    (message,) = render(reply)

    assert [b.label for b in message.buttons] == ["A"]


def test_escape_keeps_links_working() -> None:
    assert escape("see https://example.org/a_b_c") == "see https://example.org/a_b_c"
    assert discord.utils.escape_mentions("@here") != "@here"
