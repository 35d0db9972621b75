"""Replies as terminal text; a moment reads in the zone the core gave it (the reader's)."""

from __future__ import annotations

from bot.kernel.i18n import _
from bot.kernel.language import speaking
from bot.kernel.reply import (
    Attachment,
    Buttons,
    Fields,
    Header,
    Image,
    ItemList,
    Note,
    Paragraph,
    Reply,
    Tone,
    plain,
)

_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_TONE_MARK = {Tone.ERROR: "✗ ", Tone.WARNING: "! ", Tone.SUCCESS: "✓ ", Tone.INFO: ""}


def render(reply: Reply, *, color: bool = False, saved_files: dict[str, str] | None = None) -> str:
    """Render for a terminal; `saved_files` maps attachment names to where they were written.
    What the console itself adds is said in the reply's language."""
    with speaking(reply.language):
        return _render(reply, color=color, saved_files=saved_files)


def _render(reply: Reply, *, color: bool, saved_files: dict[str, str] | None) -> str:
    bold, dim, reset = (_BOLD, _DIM, _RESET) if color else ("", "", "")
    lines: list[str] = []
    first = True
    for block in reply.blocks:
        match block:
            case Header(text=text):
                lines.append(f"{bold}{text}{reset}")
            case Paragraph(text=text, link=link):
                mark = _TONE_MARK[reply.tone] if first else ""
                lines.append(mark + plain(text) + (f" {link.url}" if link else ""))
            case Fields(pairs=pairs):
                width = max((len(label) for label, _value in pairs), default=0)
                lines.extend(f"  {label.ljust(width)}  {plain(value)}" for label, value in pairs)
            case ItemList(items=items, empty_text=empty):
                if not items:
                    lines.append(f"  {empty}")
                for item in items:
                    title = plain(item.title)
                    head = f"{item.ref} {title}" if item.ref else title
                    lines.append(f"  • {bold}{head}{reset}")
                    detail = plain(item.detail).splitlines()
                    lines.extend(f"      {line}" for line in detail if line)
                    if item.link:
                        lines.append(f"      {item.link.url}")
            case Note(text=text):
                lines.append(f"{dim}{plain(text)}{reset}")
            case Buttons(buttons=buttons):
                shown = "   ".join(f"[{b.label}] {b.command}" for b in buttons)
                lines.append(f"{dim}{shown}{reset}")
            case Image(filename=name, alt=alt) | Attachment(filename=name, mime=alt):
                where = (saved_files or {}).get(name)
                shown = (
                    _(
                        "{name} saved to {where}: {description}",
                        name=name,
                        where=where,
                        description=alt,
                    )
                    if where
                    else _("{name}: {description}", name=name, description=alt)
                )
                lines.append(f"{dim}[{shown}]{reset}")
        first = False
    if reply.form is not None:
        names = " ".join(f'{f.name}:"..."' for f in reply.form.fields)
        shown = _(
            "Form “{title}”: {usage}", title=reply.form.title, usage=f"{reply.form.command} {names}"
        )
        lines.append(f"{dim}{shown}{reset}")
    if not reply.private:
        posted = _("(posted in the channel)")
        lines.insert(0, f"{dim}{posted}{reset}")
    return "\n".join(lines)
