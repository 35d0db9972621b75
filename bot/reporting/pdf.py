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

import functools
import importlib.resources
import unicodedata
from datetime import datetime
from pathlib import Path

from bot.reporting.document import Bullets, Document, Element, Facts, Heading, Table, Text

FAMILY = "DejaVu"
MISSING = "?"
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
BODY_SIZE = 10
LINE = 5.0


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


def to_pdf(document: Document, *, created: datetime | None = None) -> bytes:
    """Render `document` on US Letter pages, numbered, with its title in the metadata."""
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    class _Pages(FPDF):  # type: ignore[misc]
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FAMILY, "", 8)
            self.set_text_color(110)
            shown = f"{printable(document.title)[:90]}  ·  page {self.page_no()}"
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
                write(empty)
                return
            _table(pdf, header, rows, widths)


def _table(
    pdf: object, header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], widths: tuple[int, ...]
) -> None:
    pdf.set_font(FAMILY, "", 9)  # type: ignore[attr-defined]
    with pdf.table(  # type: ignore[attr-defined]
        col_widths=widths or None,
        text_align="LEFT",
        line_height=4.5,
        first_row_as_headings=True,
        headings_style=_headings_style(),
        borders_layout="HORIZONTAL_LINES",
        padding=(0.8, 1.2),
    ) as table:
        head = table.row()
        for text in header:
            head.cell(printable(text))
        for values in rows:
            row = table.row()
            for text in values:
                row.cell(printable(text))
    pdf.ln(3)  # type: ignore[attr-defined]


def _headings_style():  # type: ignore[no-untyped-def]
    from fpdf.fonts import FontFace

    return FontFace(family=FAMILY, emphasis="BOLD", fill_color=(235, 235, 235))
