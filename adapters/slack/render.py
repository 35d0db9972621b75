"""Reply -> Block Kit, with a plain-text fallback, within Slack's limits.

Every text in a `Reply` is plain text a person typed or the core wrote; here it
becomes Slack mrkdwn, so `&`, `<` and `>` are escaped (which also makes
`<!channel>`, `<!here>`, `<!everyone>` and `<@U…>` inert) and bare `@channel`
style words are defused. Block Kit limits are enforced by splitting long
texts and trimming what cannot fit, never by letting Slack reject the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from adapters.slack.naming import CommandNames
from bot.kernel.i18n import ngettext
from bot.kernel.language import speaking
from bot.kernel.reply import (
    Attachment,
    Block,
    Button,
    Buttons,
    ButtonStyle,
    Fields,
    Header,
    Image,
    Item,
    ItemList,
    Link,
    Moment,
    Note,
    Paragraph,
    Reply,
    Text,
    Tone,
    parts,
)
from bot.kernel.reply import plain as plain_text_of

Json = dict[str, Any]

# Block Kit's limits (https://api.slack.com/reference/block-kit/blocks).
MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_FIELDS = 10
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_CONTEXT_TEXT = 3000
MAX_BUTTONS_PER_BLOCK = 25
MAX_BUTTON_LABEL = 75
MAX_BUTTON_VALUE = 2000
MAX_FALLBACK_TEXT = 3000  # Slack truncates `text` past 40k; notifications show far less
ACTION_PREFIX = "praxis:"
PAGER_ACTION_PREFIX = ACTION_PREFIX + "page:"  # Previous and Next (`Button.pager`)

_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_TONE_MARK = {Tone.ERROR: ":warning: ", Tone.WARNING: ":warning: ", Tone.SUCCESS: ""}


def escape(text: str) -> str:
    """Escape user text for mrkdwn: only these three characters are control characters."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return defuse(text)


def moment_token(moment: Moment) -> str:
    """Slack's date token: each reader sees it in their own zone, the fallback elsewhere."""
    # No plain spaces inside the token, so splitting a long text never cuts through it.
    fallback = escape(moment.fallback()).replace("|", "¦").replace(" ", "\u00a0")
    return f"<!date^{moment.timestamp}^{{date_short_pretty}}\u00a0{{time}}|{fallback}>"


def escape_text(text: Text) -> str:
    """A reply text as mrkdwn: its words escaped, its moments as date tokens."""
    return "".join(
        escape(part) if isinstance(part, str) else moment_token(part) for part in parts(text)
    )


def defuse(text: str) -> str:
    """Break `@channel`, `@here`, `@everyone` with a zero-width joiner so nothing pings."""
    return _BROADCAST.sub(lambda m: "@\u2060" + m.group(1), text)


def plain(text: str) -> str:
    """Text for `plain_text` objects (headers, labels): not markup, but never a ping."""
    return defuse(text)


def link(link_: Link | None, label: str | None = None) -> str:
    """An mrkdwn link to an http(s) URL; anything else is shown as text."""
    if link_ is None:
        return escape(label or "")
    shown = escape(label if label is not None else link_.label or link_.url)
    if not re.match(r"^https?://", link_.url, re.IGNORECASE):
        return f"{shown} ({escape(link_.url)})"
    url = escape(link_.url).replace("|", "%7C")
    return f"<{url}|{shown.replace('|', '¦')}>"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def split_text(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Split long text at line breaks, else spaces, else anywhere; never loses text."""
    parts: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut < limit // 2:
            cut = text.rfind(" ", 0, limit)
        if cut < limit // 2:
            cut = limit
            # never cut inside an escape like &amp;
            amp = text.rfind("&", cut - 5, cut)
            if amp != -1 and ";" not in text[amp:cut]:
                cut = amp
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text or not parts:
        parts.append(text)
    return parts


@dataclass
class SlackMessage:
    """What to send: `text` is the notification and screen-reader fallback."""

    text: str
    blocks: list[Json] = field(default_factory=list)
    files: list[Image | Attachment] = field(default_factory=list)

    def as_kwargs(self) -> Json:
        return {"text": self.text, "blocks": self.blocks}


def section(text: str) -> Json:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def context(text: str) -> Json:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def render(reply: Reply, *, names: CommandNames | None = None) -> SlackMessage:
    """Render a reply. A pager button's action id says it pages (`is_pager`), so a click
    can tell page navigation from a new action; `names` renames the commands the text
    mentions to how this workspace registered them (a command prefix). What the adapter
    adds itself (a note that some was left out) is in the reply's language."""
    with speaking(reply.language):
        return _render(reply, names)


def _render(reply: Reply, names: CommandNames | None) -> SlackMessage:
    blocks: list[Json] = []
    files: list[Image | Attachment] = []
    counter = iter(range(10_000))
    for block in reply.blocks:
        blocks.extend(_render_block(block, files, counter))
    mark = _TONE_MARK.get(reply.tone, "")
    if mark and blocks and blocks[0]["type"] == "section" and "text" in blocks[0]:
        blocks[0]["text"]["text"] = mark + blocks[0]["text"]["text"]
    text = fallback_text(reply)
    if names is not None:
        text, blocks = names.rename(text), names.rename_blocks(blocks)
    # Limits are checked on what is sent: after the mark, the workspace's command names,
    # the escapes and the splits.
    blocks = cap_blocks(fit(blocks))
    return SlackMessage(text=clip(text, MAX_FALLBACK_TEXT), blocks=blocks, files=files)


def fit(blocks: list[Json]) -> list[Json]:
    """Every block within its own limits, whatever was added to it after rendering: a
    section or context over 3,000 characters is split into several, empty texts (which Slack
    refuses) are dropped."""
    fitted: list[Json] = []
    for block in blocks:
        kind = block["type"]
        if kind == "section" and "text" in block:
            text = block["text"]["text"]
            if text.strip():
                fitted.extend(section(part) for part in split_text(text) if part.strip())
        elif kind == "section" and "fields" in block:
            fields = [
                {**f, "text": clip(f["text"], MAX_FIELD_TEXT)}
                for f in block["fields"]
                if f["text"].strip()
            ]
            if fields:
                fitted.append({**block, "fields": fields})
        elif kind == "context":
            for element in block["elements"]:
                text = element["text"]
                fitted.extend(
                    context(part) for part in split_text(text, MAX_CONTEXT_TEXT) if part.strip()
                )
        elif kind == "header":
            if block["text"]["text"].strip():
                header = clip(block["text"]["text"], MAX_HEADER_TEXT)
                fitted.append({**block, "text": {**block["text"], "text": header}})
        elif kind == "actions":
            elements = [
                {**e, "text": {**e["text"], "text": clip(e["text"]["text"], MAX_BUTTON_LABEL)}}
                if "text" in e
                else e
                for e in block["elements"]
            ]
            fitted.append({**block, "elements": elements})
        else:
            fitted.append(block)
    return fitted


def cap_blocks(blocks: list[Json]) -> list[Json]:
    """At most 50 blocks: the tail is replaced by a note, keeping the next-page buttons."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    tail = [b for b in blocks[MAX_BLOCKS - 1 :] if b["type"] == "actions"][:1]
    keep = MAX_BLOCKS - 1 - len(tail)
    hidden = len(blocks) - keep - len(tail)
    return [
        *blocks[:keep],
        context(
            ngettext(
                "…{n} more not shown here; narrow it down or see the next page.",
                "…{n} more not shown here; narrow it down or see the next page.",
                hidden,
            )
        ),
        *tail,
    ]


def fallback_text(reply: Reply) -> str:
    text = escape(reply.plain_text()) or "Praxis"
    return clip(text, MAX_FALLBACK_TEXT)


def _render_block(block: Block, files: list[Image | Attachment], counter: Any) -> list[Json]:
    match block:
        case Header(text=text):
            return [
                {
                    "type": "header",
                    "text": {"type": "plain_text", "text": clip(plain(text), MAX_HEADER_TEXT)},
                }
            ]
        case Paragraph(text=text, link=link_):
            body = escape_text(text) + (f" {link(link_)}" if link_ else "")
            return [section(part) for part in split_text(body)]
        case Fields(pairs=pairs):
            return _fields(pairs)
        case ItemList(items=items, empty_text=empty):
            if not items:
                return [context(escape(empty))]
            return _items(items)
        case Note(text=text):
            return [context(part) for part in split_text(escape_text(text), MAX_CONTEXT_TEXT)]
        case Buttons(buttons=buttons):
            return _buttons(buttons, counter)
        case Image(filename=name, alt=alt):
            files.append(block)
            return [context(f":frame_with_picture: {escape(alt or name)}")]
        case Attachment(filename=name):
            files.append(block)
            return [context(f":paperclip: {escape(name)}")]
    return []


def _fields(pairs: tuple[tuple[str, Text], ...]) -> list[Json]:
    texts = [
        clip(f"*{escape(label)}*\n{escape_text(value)}", MAX_FIELD_TEXT) for label, value in pairs
    ]
    return [
        {"type": "section", "fields": [{"type": "mrkdwn", "text": t} for t in group]}
        for group in (texts[i : i + MAX_FIELDS] for i in range(0, len(texts), MAX_FIELDS))
    ]


def _item_text(item: Item) -> str:
    if item.link:
        title = plain_text_of(item.title)
        head = f"*{link(item.link, f'{item.ref} {title}' if item.ref else title)}*"
    else:
        ref = f"{escape(item.ref)} " if item.ref else ""
        head = f"*{ref}{escape_text(item.title)}*"
    detail = escape_text(item.detail)
    return f"{head}\n{detail}" if detail else head


def _items(items: tuple[Item, ...]) -> list[Json]:
    texts = [clip(_item_text(item), MAX_SECTION_TEXT) for item in items]
    if len(texts) <= 20:
        return [section(t) for t in texts]
    # Long lists: pack several items per section to stay well under 50 blocks.
    packed: list[str] = []
    for text in texts:
        if packed and len(packed[-1]) + 2 + len(text) <= MAX_SECTION_TEXT:
            packed[-1] += "\n\n" + text
        else:
            packed.append(text)
    return [section(t) for t in packed]


def _buttons(buttons: tuple[Button, ...], counter: Any) -> list[Json]:
    elements: list[Json] = []
    for button in buttons:
        if len(button.command) > MAX_BUTTON_VALUE or not button.command.strip():
            continue  # cannot be carried by Slack (or runs nothing); the text still says it
        if not button.label.strip():
            button = replace(button, label="…")
        element: Json = {
            "type": "button",
            "text": {"type": "plain_text", "text": clip(plain(button.label), MAX_BUTTON_LABEL)},
            "action_id": f"{PAGER_ACTION_PREFIX if button.pager else ACTION_PREFIX}{next(counter)}",
            "value": button.command,
        }
        if button.style is not ButtonStyle.DEFAULT:
            element["style"] = button.style.value
        elements.append(element)
    if not elements:
        return []
    return [
        {
            "type": "actions",
            "block_id": f"{ACTION_PREFIX}{next(counter)}",
            "elements": elements[i : i + MAX_BUTTONS_PER_BLOCK],
        }
        for i in range(0, len(elements), MAX_BUTTONS_PER_BLOCK)
    ]


def is_pager(action_id: str) -> bool:
    """Whether a clicked button was rendered from a pager button (Previous, Next)."""
    return action_id.startswith(PAGER_ACTION_PREFIX)
