"""Every help page fits every platform, with nothing cut.

The overview (a page at a time), each family's help and each sub-command's help are
asked for as a person would, then rendered by the Slack, Discord and console adapters.
Each rendering must be within the platform's limits (Slack's 50 blocks, 3,000 characters
a section; Discord's embed limits) and must still carry every text of the reply; and the
pages, followed by their Next buttons, must list every command.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest

from adapters.console.render import render as console_render
from adapters.discord import render as discord_render
from adapters.slack import render as slack_render
from bot.kernel.reply import (
    Buttons,
    Fields,
    Header,
    Item,
    ItemList,
    Note,
    Paragraph,
    Reply,
    plain,
)
from tests.harness import Harness


def _texts(reply: Reply) -> Iterator[str]:
    """Every text a person is meant to read in `reply`."""
    for block in reply.blocks:
        match block:
            case Header(text=text) | Note(text=text):
                yield plain(text)
            case Paragraph(text=text):
                yield plain(text)
            case Fields(pairs=pairs):
                for label, value in pairs:
                    yield label
                    yield plain(value)
            case ItemList(items=items, empty_text=empty):
                if not items:
                    yield empty
                for item in items:
                    yield from _item_texts(item)
            case Buttons(buttons=buttons):
                for button in buttons:
                    yield button.label


def _item_texts(item: Item) -> Iterator[str]:
    yield plain(item.title)
    if item.detail:
        yield plain(item.detail)


def _norm(text: str) -> str:
    text = html.unescape(text).replace("\u2060", "")
    text = re.sub(r"\\([\\*_~|>`#\[\]()\-.<@:])", r"\1", text)  # Discord's escapes
    text = re.sub(r"(?m)^-# ", "", text).replace("*", "")
    return " ".join(text.split()).casefold()


def _slack_text(message: slack_render.SlackMessage) -> str:
    return json.dumps(message.blocks, ensure_ascii=False)


def check_slack(reply: Reply) -> None:
    message = slack_render.render(reply)
    blocks = message.blocks
    assert len(blocks) <= slack_render.MAX_BLOCKS
    for block in blocks:
        if block["type"] == "section":
            if "text" in block:
                assert len(block["text"]["text"]) <= slack_render.MAX_SECTION_TEXT
            for field in block.get("fields", []):
                assert len(field["text"]) <= slack_render.MAX_FIELD_TEXT
            assert len(block.get("fields", [])) <= slack_render.MAX_FIELDS
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= slack_render.MAX_HEADER_TEXT
        if block["type"] == "context":
            assert "not shown" not in json.dumps(block), "Slack cut the reply"
    shown = _norm(" ".join(_strings(blocks)))
    for text in _texts(reply):
        assert _norm(text) in shown, f"Slack lost: {text!r}"
    values = [e["value"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    expected = [
        b.command for block in reply.blocks if isinstance(block, Buttons) for b in block.buttons
    ]
    assert values == expected


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def check_discord(reply: Reply) -> None:
    messages = discord_render.render(reply)
    parts: list[str] = []
    for message in messages:
        if message.content:
            assert len(message.content) <= discord_render.CONTENT_LIMIT
            parts.append(message.content)
        assert len(message.embeds) <= discord_render.EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in message.embeds) <= discord_render.EMBED_TOTAL_LIMIT
        for embed in message.embeds:
            assert len(embed.title or "") <= discord_render.TITLE_LIMIT
            assert len(embed.description or "") <= discord_render.DESCRIPTION_LIMIT
            assert len(embed.fields) <= discord_render.FIELD_LIMIT
            parts.extend(filter(None, (embed.title, embed.description, embed.footer.text)))
            for field in embed.fields:
                assert len(field.name or "") <= discord_render.FIELD_NAME_LIMIT
                assert len(field.value or "") <= discord_render.FIELD_VALUE_LIMIT
                parts.extend(filter(None, (field.name, field.value)))
    shown = _norm(" ".join(parts))
    for text in _texts(reply):
        if any(
            isinstance(b, Buttons) and text in (x.label for x in b.buttons) for b in reply.blocks
        ):
            continue  # button labels are on the components, checked below
        assert _norm(text) in shown, f"Discord lost: {text!r}"
    sent = [b.command for m in messages for b in m.buttons]
    expected = [
        b.command for block in reply.blocks if isinstance(block, Buttons) for b in block.buttons
    ]
    assert sent == list(dict.fromkeys(expected))


def check_console(reply: Reply) -> None:
    shown = _norm(console_render(reply))
    for text in _texts(reply):
        assert _norm(text) in shown, f"the console lost: {text!r}"


RENDERERS = {"slack": check_slack, "discord": check_discord, "console": check_console}


async def _help_replies(
    harness: Harness, user: str = "ana", next_label: str = "Next"
) -> dict[str, Reply]:
    """Every help page there is, by the command that shows it, as `user` reads them
    (`next_label`: the overview's Next button in their language)."""
    replies: dict[str, Reply] = {}
    command: str | None = "/praxis help"
    while command is not None:
        result = await harness.run(user, command)
        assert result.ok, command
        replies[command] = result.reply
        nexts = [
            b.command
            for block in result.reply.blocks
            if isinstance(block, Buttons)
            for b in block.buttons
            if b.label.startswith(next_label)
        ]
        command = nexts[0] if nexts else None
    for family in harness.app.registry:
        for text in (
            f"/{family.name} help",
            *(f"/{family.name} help {s.name}" for s in family.subcommands),
        ):
            result = await harness.run(user, text)
            assert result.ok, text
            replies[text] = result.reply
    return replies


@pytest.mark.parametrize("platform", sorted(RENDERERS))
async def test_every_help_page_renders_whole_on_every_platform(
    harness: Harness, platform: str
) -> None:
    replies = await _help_replies(harness)
    assert len(replies) > len(list(harness.app.registry.commands()))
    for command, reply in replies.items():
        try:
            RENDERERS[platform](reply)
        except AssertionError as failure:
            raise AssertionError(f"{command} on {platform}: {failure}") from None


async def test_the_pages_of_help_list_every_command_once(harness: Harness) -> None:
    replies = await _help_replies(harness)
    pages = [
        reply
        for command, reply in replies.items()
        if command.startswith("/praxis help") and (command == "/praxis help" or "page:" in command)
    ]
    assert len(pages) > 1, "the overview is paged"
    listed = [
        item.title
        for reply in pages
        for block in reply.blocks
        if isinstance(block, ItemList)
        for item in block.items
    ]
    registry = harness.app.registry
    assert listed == [family.usage(sub) for family, sub in registry.commands()]
    # Slack's old failure: 60 blocks, ten commands lost, a next page that did not exist.
    for reply in pages:
        assert len(slack_render.render(reply).blocks) <= slack_render.MAX_BLOCKS
    out_of_range = await harness.run("ana", f"/praxis help page:{len(pages) + 1}")
    assert not out_of_range.ok and f"1 to {len(pages)}" in out_of_range.reply.plain_text()
