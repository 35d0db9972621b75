"""A `Document` as a PDF, with fpdf2 and the DejaVu Sans font matplotlib ships.

Why fpdf2: pure Python, well kept (py-pdf), installs from PyPI with nothing to
download at run time, and embeds TrueType fonts so any text our people type
("Ñandú", "≥ ½", curly quotes, Vietnamese or Greek names of places) prints as
typed. The core PDF fonts only know Latin-1, so we embed DejaVu Sans, which
matplotlib (already a dependency, for charts) carries in its data folder; no
font is fetched or installed. Characters the font has no glyph for (emoji,
CJK) print as "?", replaced here, because fpdf2 would otherwise log the
missing characters, and no log line may carry what a person wrote.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.resources
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.kernel.i18n import _
from bot.reporting.document import Bullets, Document, Element, Facts, Heading, Table, Text

FAMILY = "DejaVu"
MISSING = "?"
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
BODY_SIZE = 10
TABLE_SIZE = 9
TABLE_LINE = 4.5


@functools.cache
def _font_dir() -> Path:
    root = importlib.resources.files("matplotlib") / "mpl-data" / "fonts" / "ttf"
    return Path(str(root))


@functools.cache
def _covered() -> frozenset[int]:
    """Code points both DejaVu faces we use can draw."""
    from fontTools.ttLib import TTFont

    points: set[int] | None = None
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        with TTFont(str(_font_dir() / name), lazy=True) as font:
            cmap = set(font.getBestCmap() or {})
        points = cmap if points is None else points & cmap
    return frozenset(points or ())


def printable(text: str) -> str:
    """`text` with what the font cannot draw replaced; tabs and odd spaces made plain."""
    covered = _covered()
    out = []
    for char in text:
        if char in "\n":
            out.append(char)
        elif char.isspace():
            out.append(" ")
        elif unicodedata.category(char) in _INVISIBLE:
            continue  # controls, joiners, soft hyphens, variation selectors: nothing to print
        elif ord(char) in covered:
            out.append(char)
        elif unicodedata.category(char) == "Mn":
            continue  # a combining mark the font lacks: the letter alone reads better
        else:
            out.append(MISSING)
    return "".join(out)


async def render_pdf(document: Document, *, created: datetime | None = None) -> bytes:
    """`to_pdf` in a worker thread, so a long packet never holds up other commands."""
    return await asyncio.to_thread(to_pdf, document, created=created)


def to_pdf(document: Document, *, created: datetime | None = None) -> bytes:
    """Render `document` on US Letter pages, numbered, with its title in the metadata
    (the page footer in the current reader's language: `asyncio.to_thread` carries it)."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class _Pages(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FAMILY, "", 8)
            self.set_text_color(110)
            shown = _(
                "{title}  ·  page {page}",
                title=printable(document.title)[:90],
                page=self.page_no(),
            )
            self.cell(0, 6, shown, align="C")
            self.set_text_color(0)

    pdf = _Pages(format="letter", unit="mm")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font(FAMILY, "", str(_font_dir() / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(_font_dir() / "DejaVuSans-Bold.ttf"))
    pdf.set_title(printable(document.title))
    pdf.set_creator("Praxis")
    if created is not None:
        pdf.set_creation_date(created)
    pdf.add_page()

    def write(text: str, size: float = BODY_SIZE, style: str = "", gap: float = 1.5) -> None:
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(0, size * 0.5, printable(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(gap)

    write(document.title, 16, "B", 1)
    if document.subtitle:
        pdf.set_text_color(90)
        write(document.subtitle, 9)
        pdf.set_text_color(0)
    pdf.ln(2)
    for element in document.elements:
        _element(pdf, element, write)
    return bytes(pdf.output())


def _element(pdf: object, element: Element, write) -> None:  # type: ignore[no-untyped-def]
    match element:
        case Heading(text=text, level=level):
            pdf.ln(2)  # type: ignore[attr-defined]
            write(text, 13 if level <= 1 else 11, "B", 1)
        case Text(text=text):
            write(text)
        case Bullets(items=items, empty_text=empty):
            if not items and empty:
                write(empty)
            for item in items:
                write(f"•  {item}", gap=0.5)
            pdf.ln(1)  # type: ignore[attr-defined]
        case Facts(pairs=pairs):
            for label, value in pairs:
                write(f"{label}: {value}", gap=0.5)
            pdf.ln(1)  # type: ignore[attr-defined]
        case Table(header=header, rows=rows, widths=widths, empty_text=empty):
            if not rows:
                write(empty or _("Nothing yet."))
                return
            _table(pdf, header, rows, widths)


class _Widths:
    """Text widths in the current font, from a per-character cache.

    fpdf2's get_string_width copies its graphics state on every call; a table of notes
    measures tens of thousands of words, so widths are summed from cached characters
    (fpdf2 applies no kerning without text shaping, so the sum is exact).
    """

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.cache: dict[tuple[str, float], dict[str, float]] = {}

    def __call__(self, text: str) -> float:
        pdf = self.pdf
        widths = self.cache.setdefault((pdf.font_style, pdf.font_size_pt), {})
        total = 0.0
        for char in text:
            width = widths.get(char)
            if width is None:
                width = widths[char] = pdf.get_string_width(char)
            total += width
        return total


def wrap(measure: Any, text: str, width: float) -> list[str]:
    """Greedy word wrap of `text` to `width` (mm), measured word by word.

    fpdf2's own line breaker re-measures the line at every character, which made a
    long lesson's packet take seconds (docs/PERFORMANCE.md). A word wider than the
    column is cut where it must be.
    """
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for word in paragraph.split():
            size = measure(word)
            while size > width and len(word) > 1:  # a very long word: cut it to fit
                cut = len(word) - 1
                while cut > 1 and measure(word[:cut]) > width:
                    cut -= 1
                if line:
                    lines.append(line)
                    line, used = "", 0.0
                lines.append(word[:cut])
                word = word[cut:]
                size = measure(word)
            if line and used + space + size > width:
                lines.append(line)
                line, used = word, size
            else:
                line, used = (f"{line} {word}", used + space + size) if line else (word, size)
        lines.append(line)
    return lines or [""]


def _table(
    pdf: Any, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], widths: tuple[int, ...]
) -> None:
    """Rows of wrapped cells, the header repeated on each new page, a rule under each row.

    Laid out by hand: a row never splits across pages, and text is wrapped by `wrap`.
    """
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    shares = widths or tuple(1 for _column in header)
    columns = [usable * share / sum(shares) for share in shares]
    pad = 1.2
    measure = _Widths(pdf)

    def draw(values: tuple[str, ...], style: str, fill: bool) -> None:
        pdf.set_font(FAMILY, style, TABLE_SIZE)
        cells = [
            wrap(measure, text, width - 2 * pad)
            for text, width in zip(values, columns, strict=False)
        ]
        height = TABLE_LINE * max(len(lines) for lines in cells) + pad
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            if style != "B":
                draw(head, "B", True)
                pdf.set_font(FAMILY, style, TABLE_SIZE)
        top, x = pdf.get_y(), pdf.l_margin
        if fill:
            pdf.set_fill_color(235)
            pdf.rect(x, top, usable, height, style="F")
        for lines, width in zip(cells, columns, strict=False):
            for number, line in enumerate(lines):
                if line:
                    pdf.set_xy(x + pad, top + pad / 2 + number * TABLE_LINE)
                    pdf.cell(width - 2 * pad, TABLE_LINE, line)
            x += width
        pdf.set_draw_color(190)
        pdf.line(pdf.l_margin, top + height, pdf.l_margin + usable, top + height)
        pdf.set_draw_color(0)
        pdf.set_xy(pdf.l_margin, top + height)

    head = tuple(printable(text) for text in header)
    breaking = pdf.auto_page_break
    pdf.set_auto_page_break(False, margin=pdf.b_margin)
    try:
        draw(head, "B", True)
        for values in rows:
            draw(tuple(printable(" ".join(text.split())) for text in values), "", False)
    finally:
        pdf.set_auto_page_break(breaking, margin=pdf.b_margin)
    pdf.ln(3)
