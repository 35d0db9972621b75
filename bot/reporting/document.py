"""A document to hand people as a file: headings, text, lists, facts and tables.

A family builds one `Document` (a debrief packet, an end-of-cycle report) and
gets both files from it: Markdown here, PDF in `bot.reporting.pdf`. So the two
files never say different things, and no family writes Markdown or PDF code.
Every text is plain text a person typed or the core wrote; `to_markdown`
escapes it, so a note that starts with "#" or holds a "|" stays a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.kernel.i18n import _


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: a section, 2: a part of one


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    empty_text: str = ""


@dataclass(frozen=True)
class Facts:
    """Label and value lines: "Research theme: ...", "Lesson: Tue 15 Dec 10:00"."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Relative column widths for the PDF; equal when not given.
    widths: tuple[int, ...] = ()
    empty_text: str = ""  # empty: "Nothing yet." in the reader's language


Element = Heading | Text | Bullets | Facts | Table


@dataclass(frozen=True)
class Document:
    title: str
    elements: tuple[Element, ...] = field(default_factory=tuple)
    subtitle: str = ""


_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_LIST_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s|$)")
_RULE = re.compile(r"^(\s*)([-=])(?=[-=\s]*$)")  # "---" or "===": a rule or a heading underline


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows as typed: no emphasis, links, headings or HTML."""
    lines = []
    for line in text.splitlines() or [""]:
        line = _SPECIAL.sub(r"\\\1", line)
        line = _LIST_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", line)
        line = _RULE.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", line)
        lines.append(line)
    return "\n".join(lines)


def _cell(text: str) -> str:
    return escape_markdown(" ".join(text.split())) or " "


def to_markdown(document: Document) -> str:
    out: list[str] = [f"# {escape_markdown(document.title)}", ""]
    if document.subtitle:
        out += [f"_{escape_markdown(document.subtitle)}_", ""]
    for element in document.elements:
        match element:
            case Heading(text=text, level=level):
                out += [f"{'#' * (min(level, 4) + 1)} {escape_markdown(text)}", ""]
            case Text(text=text):
                out += [escape_markdown(text).replace("\n", "  \n"), ""]
            case Bullets(items=items, empty_text=empty):
                if items:
                    out += [f"- {_cell(item)}" for item in items]
                elif empty:
                    out.append(f"_{escape_markdown(empty)}_")
                out.append("")
            case Facts(pairs=pairs):
                out += [f"- **{_cell(label)}:** {_cell(value)}" for label, value in pairs]
                out.append("")
            case Table(header=header, rows=rows, empty_text=empty):
                if not rows:
                    shown_empty = escape_markdown(empty or _("Nothing yet."))
                    out += [f"_{shown_empty}_", ""]
                    continue
                out.append("| " + " | ".join(_cell(h) for h in header) + " |")
                out.append("|" + "|".join(" --- " for _column in header) + "|")
                out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
                out.append("")
    return "\n".join(out).rstrip() + "\n"


def to_plain(document: Document) -> str:
    """The document as plain text: what a library resource's body holds."""
    out: list[str] = [document.title]
    if document.subtitle:
        out.append(document.subtitle)
    out.append("")
    for element in document.elements:
        match element:
            case Heading(text=text):
                out += [text, ""]
            case Text(text=text):
                out += [text, ""]
            case Bullets(items=items, empty_text=empty):
                out += [f"- {item}" for item in items] if items else ([empty] if empty else [])
                out.append("")
            case Facts(pairs=pairs):
                out += [f"{label}: {value}" for label, value in pairs]
                out.append("")
            case Table(rows=rows, empty_text=empty):
                shown = [" · ".join(c for c in row if c) for row in rows]
                out += shown or [empty or _("Nothing yet.")]
                out.append("")
    return "\n".join(out).strip()
