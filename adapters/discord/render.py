"""Replies as Discord messages: content or embeds, files, and the buttons to attach.

Discord rejects a message outright when one limit is passed (2,000 characters of
content; per embed 256 title, 4,096 description, 25 fields of 256/1,024, 2,048
footer; 6,000 characters and 10 embeds per message). So rendering measures as
it goes and starts another embed, or another message, before any limit is
reached: a long reply arrives as several messages, never as an error.

All reply text is plain text and is escaped here (markdown and mentions), so
nothing a teacher typed turns into formatting or a ping. Sending code adds
`allowed_mentions` on every call as a second guard.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.kernel.i18n import _
from bot.kernel.language import speaking
from bot.kernel.reply import (
    Attachment,
    Button,
    Buttons,
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
    plain,
)

CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 25
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
EMBEDS_PER_MESSAGE = 10
BUTTONS_PER_MESSAGE = 25
FILES_PER_MESSAGE = 10
# Keep clear of the hard per-message total so a footer or title never tips it over.
_MESSAGE_BUDGET = EMBED_TOTAL_LIMIT - 100

NO_MENTIONS = discord.AllowedMentions.none()

COLORS = {
    Tone.INFO: discord.Colour(0x4F7CAC),
    Tone.SUCCESS: discord.Colour(0x2E8B57),
    Tone.WARNING: discord.Colour(0xD4A017),
    Tone.ERROR: discord.Colour(0xC0392B),
}


@dataclass(frozen=True)
class FileData:
    """A file to upload; discord.File objects are single-use, so they are made at send time."""

    filename: str
    data: bytes

    def to_file(self) -> discord.File:
        import io

        return discord.File(io.BytesIO(self.data), filename=self.filename)


@dataclass
class RenderedMessage:
    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    files: list[FileData] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)

    def send_kwargs(self) -> dict[str, Any]:
        """The message as discord.py's `send` takes it, for a reply and a delivery alike.

        Files are made anew on each call: a discord.File can be sent only once.
        """
        kwargs: dict[str, Any] = {}
        if self.content is not None:
            kwargs["content"] = self.content
        if self.embeds:
            kwargs["embeds"] = self.embeds
        if self.files:
            kwargs["files"] = [f.to_file() for f in self.files]
        return kwargs

    def edit_kwargs(self) -> dict[str, Any]:
        """The message as an edit takes it: content and embeds replace what was there."""
        kwargs: dict[str, Any] = {"content": self.content, "embeds": self.embeds}
        if self.files:
            kwargs["attachments"] = [f.to_file() for f in self.files]
        return kwargs


def allowed_mentions(users: tuple[int, ...] = ()) -> discord.AllowedMentions:
    """None, or exactly these people when a reply explicitly means to notify them."""
    if not users:
        return NO_MENTIONS
    return discord.AllowedMentions(
        everyone=False, roles=False, replied_user=False, users=[discord.Object(u) for u in users]
    )


def mentions_for(reply: Reply) -> discord.AllowedMentions:
    """Who a reply may notify: nobody, unless it names people it means to (`mention_users`)."""
    users = getattr(reply, "mention_users", ())
    return allowed_mentions(tuple(int(u) for u in users if str(u).isdigit()))


def escape(text: str) -> str:
    """Plain text safe for Discord: no markdown effects, no pings."""
    escaped = discord.utils.escape_markdown(text, ignore_links=True)
    return discord.utils.escape_mentions(escaped)


def timestamp(moment: Moment) -> str:
    """Discord's timestamp markup: each reader sees the moment in their own zone."""
    return f"<t:{moment.timestamp}:f>"


def escape_text(text: Text) -> str:
    """A reply text as Discord markdown: its words escaped, its moments as timestamps."""
    return "".join(
        escape(part) if isinstance(part, str) else timestamp(part) for part in parts(text)
    )


def escape_inline(text: str) -> str:
    """Escaped for a title or field name, where `#` starts no heading: `#12` stays `#12`."""
    return re.sub(r"(?m)^\\(#)", r"\1", escape(text))


def masked_link(link: Link) -> str:
    url = link.url.replace(")", "%29").replace(" ", "%20")
    label = escape(link.label).replace("]", "\\]") or url
    return f"[{label}]({url})"


def split_text(text: str, limit: int) -> list[str]:
    """Split at line breaks where possible, never leaving a chunk over `limit`."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while len(line) > limit:
            cut = line.rfind(" ", limit // 2, limit)
            cut = cut if cut > 0 else limit
            # Never split an escape (\\*) from the character it escapes.
            while cut > 1 and line[cut - 1] == "\\":
                cut -= 1
            chunks.append(line[:cut])
            line = line[cut:].lstrip(" ")
        current = line
    if current or not chunks:
        chunks.append(current)
    return chunks


def clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    while cut.endswith("\\"):
        cut = cut[:-1]
    return cut + "…"


def _simple(reply: Reply) -> str | None:
    """The reply as one plain message, when it is just a few lines of text."""
    lines: list[str] = []
    for block in reply.blocks:
        match block:
            case Paragraph(text=text, link=link):
                lines.append(escape_text(text) + (f" {masked_link(link)}" if link else ""))
            case Note(text=text):
                lines.append(f"-# {escape_text(text)}" if plain(text).strip() else "")
            case Buttons():
                continue
            case _:
                return None
    content = "\n".join(lines).strip()
    return content if content and len(content) <= CONTENT_LIMIT else None


class _EmbedBuilder:
    """Fills embeds block by block, opening a new one before any limit is reached."""

    def __init__(self, colour: discord.Colour) -> None:
        self.colour = colour
        self.embeds: list[discord.Embed] = []
        self.current = self._new()
        self.footer: list[str] = []

    def _new(self, title: str | None = None) -> discord.Embed:
        embed = discord.Embed(colour=self.colour, title=title)
        self.embeds.append(embed)
        return embed

    def _room(self) -> int:
        return _MESSAGE_BUDGET - len(self.current)

    def title(self, text: str) -> None:
        title = clip(escape_inline(text), TITLE_LIMIT)
        embed = self.current
        if embed.title or embed.description or embed.fields or len(title) > self._room():
            self.current = self._new(title)
        else:
            embed.title = title

    def text(self, text: str) -> None:
        for chunk in split_text(text, DESCRIPTION_LIMIT):
            self._add_text(chunk)

    def _add_text(self, chunk: str) -> None:
        embed = self.current
        if embed.fields:  # Discord shows the description above fields: keep the order
            embed = self.current = self._new()
        joined = f"{embed.description}\n{chunk}" if embed.description else chunk
        if len(joined) > DESCRIPTION_LIMIT or len(chunk) + 1 > self._room():
            embed = self.current = self._new()
            joined = chunk
        embed.description = joined

    def add_field(self, name: str, value: str, *, inline: bool) -> None:
        name = clip(name, FIELD_NAME_LIMIT) or "\u200b"
        if len(value) > FIELD_VALUE_LIMIT:  # too long for a field: a titled paragraph instead
            self.text(f"**{name}**\n{value}")
            return
        value = value or "\u200b"
        if len(self.current.fields) >= FIELD_LIMIT or len(name) + len(value) > self._room():
            self.current = self._new()
        self.current.add_field(name=name, value=value, inline=inline)

    def note(self, text: str) -> None:
        self.footer.append(text)

    def image(self, filename: str) -> None:
        target = self.current
        if target.image.url:
            target = self.current = self._new()
        target.set_image(url=f"attachment://{filename}")

    def finish(self) -> list[discord.Embed]:
        if self.footer:
            footer = "\n".join(self.footer)
            if len(footer) <= FOOTER_LIMIT and len(footer) <= self._room():
                self.current.set_footer(text=footer)
            else:
                self.text("\n".join(f"-# {line}" for line in split_text(footer, 1000)))
        return [e for e in self.embeds if len(e) or e.image.url]


def _item_field(item: Item) -> tuple[str, str]:
    """A field per item; a field name renders no timestamps, so a moment in a title reads
    as its text there and is shown again, as a timestamp, in the value."""
    title = plain(item.title)
    name = escape_inline(f"{item.ref} {title}" if item.ref else title)
    lines = [escape_text(item.detail)] if item.detail else []
    if any(isinstance(part, Moment) for part in parts(item.title)):
        lines.insert(0, escape_text(item.title))
    if item.link:
        lines.append(masked_link(item.link))
    return name, "\n".join(lines)


def render_embeds(reply: Reply) -> tuple[list[discord.Embed], list[FileData], list[Button]]:
    builder = _EmbedBuilder(COLORS.get(reply.tone, COLORS[Tone.INFO]))
    files: list[FileData] = []
    buttons: list[Button] = []
    for block in reply.blocks:
        match block:
            case Header(text=text):
                builder.title(text)
            case Paragraph(text=text, link=link):
                builder.text(escape_text(text) + (f" {masked_link(link)}" if link else ""))
            case Fields(pairs=pairs):
                for label, value in pairs:
                    shown = escape_text(value)
                    builder.add_field(escape_inline(label), shown, inline=len(shown) <= 40)
            case ItemList(items=items, empty_text=empty):
                if not items:
                    builder.text(escape(empty))
                for item in items:
                    name, value = _item_field(item)
                    builder.add_field(name, value, inline=False)
            case Note(text=text):
                builder.note(plain(text))  # a footer renders no timestamps: the text
            case Buttons(buttons=more):
                buttons.extend(more)
            case Image(filename=name, data=data):
                files.append(FileData(name, data))
                builder.image(name)
            case Attachment(filename=name, data=data):
                files.append(FileData(name, data))
    return builder.finish(), files, buttons


def _pack(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Group embeds into messages: at most 10 and 6,000 characters each."""
    messages: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    size = 0
    for embed in embeds:
        length = len(embed)
        if current and (len(current) >= EMBEDS_PER_MESSAGE or size + length > _MESSAGE_BUDGET):
            messages.append(current)
            current, size = [], 0
        current.append(embed)
        size += length
    if current:
        messages.append(current)
    return messages


def _unique(buttons: Sequence[Button]) -> list[Button]:
    """Discord rejects two components with one custom id in a message: drop repeats (and a
    button that runs nothing)."""
    seen: set[str] = set()
    out: list[Button] = []
    for button in buttons:
        if button.command.strip() and button.command not in seen:
            seen.add(button.command)
            out.append(button)
    return out


def render(reply: Reply) -> list[RenderedMessage]:
    """Every message needed to show `reply`, in order; each within Discord's limits. What
    the adapter adds itself is in the reply's language."""
    with speaking(reply.language):
        return _render(reply)


def _render(reply: Reply) -> list[RenderedMessage]:
    buttons = _unique(
        [b for block in reply.blocks if isinstance(block, Buttons) for b in block.buttons]
    )
    simple = _simple(reply)
    if simple is not None:
        messages = [RenderedMessage(content=simple)]
    else:
        embeds, files, _buttons = render_embeds(reply)
        groups = _pack(embeds) or [[]]
        messages = [RenderedMessage(embeds=group) for group in groups]
        for start in range(0, len(files), FILES_PER_MESSAGE):
            index = start // FILES_PER_MESSAGE
            if index >= len(messages):
                messages.append(RenderedMessage(content="\u200b"))
            messages[index].files.extend(files[start : start + FILES_PER_MESSAGE])
        if not messages[0].embeds and not messages[0].files:
            messages[0].content = "\u200b"
    # A form is opened by a button of its own on the last message: leave it room.
    per_message = BUTTONS_PER_MESSAGE - (1 if reply.form is not None else 0)
    for offset in range(0, len(buttons), per_message):
        chunk = buttons[offset : offset + per_message]
        if offset == 0:
            messages[-1].buttons = chunk
        else:
            messages.append(RenderedMessage(content=_("More actions"), buttons=chunk))
    return messages
