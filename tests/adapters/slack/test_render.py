"""Block Kit rendering: safe text and Slack's limits, whatever people typed."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack.render import (
    MAX_BLOCKS,
    MAX_BUTTON_VALUE,
    MAX_FIELDS,
    MAX_HEADER_TEXT,
    MAX_SECTION_TEXT,
    escape,
    is_pager,
    render,
    split_text,
)
from bot.kernel.reply import (
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

PINGS = ("<!channel>", "<!here>", "<!everyone>", "<@U", "<#C", "<!subteam")


def _texts(message_blocks: list[dict]) -> list[str]:
    """The mrkdwn texts (headers are plain_text, which Slack never parses for markup)."""
    out: list[str] = []
    for block in message_blocks:
        if "text" in block and block["text"]["type"] == "mrkdwn":
            out.append(block["text"]["text"])
        out.extend(f["text"] for f in block.get("fields", []))
        out.extend(e["text"] for e in block.get("elements", []) if e.get("type") == "mrkdwn")
    return out


@settings(max_examples=150, deadline=None)
@given(st.text(), st.text(), st.text())
def test_user_text_never_pings_or_becomes_markup(title: str, body: str, note: str) -> None:
    reply = Reply(
        [
            Header(title),
            Paragraph(body),
            Fields(((title, body),)),
            ItemList((Item(title, body, link=Link(note, "https://example.org/a?b=1&c=2")),)),
            Note(note),
        ],
        private=False,
    )
    message = render(reply)
    raw = json.dumps(message.blocks) + message.text
    for ping in PINGS:
        assert ping not in raw.replace("\\u", "")
    for text in [message.text, *_texts(message.blocks)]:
        assert "<" not in text.replace("<https://example.org/a?b=1&amp;c=2|", "")


@settings(max_examples=100, deadline=None)
@given(st.text(min_size=0, max_size=12_000))
def test_long_text_is_split_without_losing_words(text: str) -> None:
    parts = split_text(escape(text))
    assert all(len(part) <= MAX_SECTION_TEXT for part in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == escape(text).replace(
        " ", ""
    ).replace("\n", "")


def test_broadcast_words_are_defused() -> None:
    message = render(Reply.text("hello @channel and @here and @everyone"))
    assert "@channel" not in message.text and "@here" not in json.dumps(message.blocks)


def test_limits_hold_for_huge_replies() -> None:
    items = tuple(Item(f"Task {n}", "x" * 500, ref=f"#{n}") for n in range(300))
    pairs = tuple((f"label {n}", "v" * 3000) for n in range(25))
    buttons = (Button("Next", "/resource search page:2"), Button("Huge", "x" * 5000))
    reply = Reply(
        [
            Header("H" * 400),
            Paragraph("p " * 5000),
            Fields(pairs),
            ItemList(items),
            Buttons(buttons),
        ]
    )
    message = render(reply)
    assert len(message.blocks) <= MAX_BLOCKS
    assert message.blocks[-1]["type"] == "actions"  # next page survives the trimming
    assert [e["value"] for e in message.blocks[-1]["elements"]] == ["/resource search page:2"]
    for block in message.blocks:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER_TEXT
        if block["type"] == "section":
            assert len(block.get("fields", [])) <= MAX_FIELDS
            assert all(len(f["text"]) <= 2000 for f in block.get("fields", []))
            if "text" in block:
                assert len(block["text"]["text"]) <= MAX_SECTION_TEXT
        for element in block.get("elements", []):
            assert len(element.get("value", "")) <= MAX_BUTTON_VALUE
    assert len(message.text) <= 3000


def test_links_are_slack_links_with_escaped_labels() -> None:
    reply = Reply([ItemList((Item("Fractions <rubric>", link=Link("", "https://x.org/a|b")),))])
    text = render(reply).blocks[0]["text"]["text"]
    assert text == "*<https://x.org/a%7Cb|Fractions &lt;rubric&gt;>*"


def test_a_non_web_link_is_not_made_clickable() -> None:
    reply = Reply([Paragraph("see", link=Link("this", "javascript:alert(1)"))])
    assert "<javascript" not in render(reply).blocks[0]["text"]["text"]


def test_empty_reply_still_has_fallback_text() -> None:
    assert render(Reply()).text


def test_a_pager_button_is_told_apart_by_its_action_id_not_its_command() -> None:
    """Only Previous/Next replace the page: an action on the same command answers anew."""
    reply = Reply(
        [
            Buttons(
                (
                    Button("Next", "/case submit 3", pager=True),
                    Button("They're fine: submit", "/case submit 3 confirm:yes"),
                )
            )
        ]
    )
    elements = render(reply).blocks[-1]["elements"]
    assert [is_pager(e["action_id"]) for e in elements] == [True, False]
