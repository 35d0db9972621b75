"""The reply model: what the core says, which each adapter renders.

Every text here is plain user-visible text, never markup: adapters escape it
for their platform, so nothing a user typed can turn into a mention or a
formatting trick. Structure (headers, fields, lists, buttons) is explicit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.kernel.i18n import _, moment_text, pgettext
from bot.kernel.language import Language, current_language, speaking


@dataclass(frozen=True)
class Moment:
    """An instant, shown to each reader in their own zone where the platform can: Slack's
    `<!date^…>` token and Discord's `<t:…:f>` timestamp render it in the reader's own
    settings. The text fallback (notifications, the console, places a platform renders no
    token) reads it in `zone`: the reader's zone as the core knows it (the person asking,
    the person a message goes to, or the community's for a channel)."""

    at: datetime  # aware
    zone: str = "UTC"
    # The reader's language, as it was when the moment was made (the reply it is part of
    # may be rendered later, outside that reader's work).
    language: Language = field(default_factory=current_language)

    def fallback(self) -> str:
        with speaking(self.language):
            return moment_text(self.at.astimezone(ZoneInfo(self.zone)))

    @property
    def timestamp(self) -> int:
        return int(self.at.timestamp())


@dataclass(frozen=True)
class Rich:
    """Text with moments in it: `Rich(("Next: ", Moment(at, zone), "."))`."""

    parts: tuple[str | Moment, ...]

    def plain(self) -> str:
        return "".join(p if isinstance(p, str) else p.fallback() for p in self.parts)

    def __str__(self) -> str:
        return self.plain()


# Where a block holds text a reader sees, it may be a Rich text with moments in it.
Text = str | Rich


def plain(text: Text) -> str:
    """A text with its moments read in their fallback zone."""
    return text if isinstance(text, str) else text.plain()


def parts(text: Text) -> tuple[str | Moment, ...]:
    return (text,) if isinstance(text, str) else text.parts


def rich(*pieces: str | Moment) -> Rich:
    return Rich(tuple(p for p in pieces if not (isinstance(p, str) and not p)))


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Header:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: Text
    link: Link | None = None


@dataclass(frozen=True)
class Fields:
    """Label and value pairs, shown side by side where the platform can."""

    pairs: tuple[tuple[str, Text], ...]


@dataclass(frozen=True)
class Item:
    """One entry of a list: a resource, a case, a prompt, a schedule."""

    title: Text
    detail: Text = ""
    link: Link | None = None
    ref: str | None = None  # "#12", shown before the title


@dataclass(frozen=True)
class ItemList:
    items: tuple[Item, ...]
    # Made in the reader's language when the list is made (bot.kernel.i18n).
    empty_text: str = field(default_factory=lambda: _("Nothing here yet."))


@dataclass(frozen=True)
class Note:
    """Small print: a hint, a page counter, a usage line."""

    text: Text


class ButtonStyle(StrEnum):
    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Button:
    """A button whose click runs `command` as the person who clicked it.

    `pager` marks Previous and Next (bot.kernel.pager): the click shows another page of
    the same list, so an adapter replaces the page in place rather than answering anew.
    """

    label: str
    command: str
    style: ButtonStyle = ButtonStyle.DEFAULT
    pager: bool = False


@dataclass(frozen=True)
class Buttons:
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Image:
    """A picture, e.g. a chart; adapters upload or attach it."""

    filename: str
    data: bytes
    alt: str


@dataclass(frozen=True)
class Attachment:
    """A file, e.g. a CSV export."""

    filename: str
    data: bytes
    mime: str


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    multiline: bool = False
    required: bool = True
    initial: str = ""
    max_length: int = 3000
    placeholder: str = ""


@dataclass(frozen=True)
class Form:
    """A form to fill in: a modal on Slack and Discord, prompts in the console.

    On submit, the adapter runs `command` with the field values as options
    (`name:value`), so a form is just another way to type a command.
    """

    title: str
    command: str
    fields: tuple[FormField, ...]
    submit_label: str = field(default_factory=lambda: pgettext("button", "Submit"))


class Tone(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


Block = Header | Paragraph | Fields | ItemList | Note | Buttons | Image | Attachment


@dataclass
class Reply:
    """What the bot answers.

    `private` replies are visible only to the person who asked (ephemeral on
    Slack and Discord). A public reply is posted in the channel.
    """

    blocks: list[Block] = field(default_factory=list)
    private: bool = True
    tone: Tone = Tone.INFO
    form: Form | None = None
    # The language its reader reads, so that what an adapter adds around it (buttons,
    # page links, fallbacks) is in the same language: taken when the reply is made.
    language: Language = field(default_factory=current_language)

    @classmethod
    def text(cls, text: str, *, private: bool = True, tone: Tone = Tone.INFO) -> Reply:
        return cls([Paragraph(text)], private=private, tone=tone)

    @classmethod
    def error(cls, message: str, usage: str | None = None) -> Reply:
        blocks: list[Block] = [Paragraph(message)]
        if usage:
            blocks.append(Note(_("Usage: {usage}", usage=usage)))
        return cls(blocks, private=True, tone=Tone.ERROR)

    def add(self, *blocks: Block) -> Reply:
        self.blocks.extend(blocks)
        return self

    def plain_text(self) -> str:
        """A plain-text rendering: the fallback text of rich messages, and logs."""
        return render_plain(self)


def render_plain(reply: Reply) -> str:
    """Render a reply as plain text; the console and notification fallbacks use it. What
    it adds (a form's or a file's mark) is in the reply's own language."""
    with speaking(reply.language):
        lines: list[str] = []
        for block in reply.blocks:
            lines.extend(_plain_block(block))
        if reply.form is not None:
            lines.append(_("[form: {title}]", title=reply.form.title))
        return "\n".join(lines).strip()


def _plain_block(block: Block) -> list[str]:
    match block:
        case Header(text=text):
            return [text.upper() if len(text) < 60 else text]
        case Paragraph(text=text, link=link):
            return [plain(text) + (f" <{link.url}>" if link else "")]
        case Fields(pairs=pairs):
            return [f"{label}: {plain(value)}" for label, value in pairs]
        case ItemList(items=items, empty_text=empty):
            if not items:
                return [empty]
            out: list[str] = []
            for item in items:
                title = plain(item.title)
                head = f"{item.ref} {title}" if item.ref else title
                out.append(f"• {head}")
                if item.detail:
                    out.extend(f"    {line}" for line in plain(item.detail).splitlines())
                if item.link:
                    out.append(f"    {item.link.url}")
            return out
        case Note(text=text):
            return [plain(text)]
        case Buttons(buttons=buttons):
            return ["  ".join(f"[{b.label}: {b.command}]" for b in buttons)]
        case Image(filename=name, alt=alt):
            return [_("[image {name}: {alt}]", name=name, alt=alt)]
        case Attachment(filename=name):
            return [_("[file {name}]", name=name)]
    return []
