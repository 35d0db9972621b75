"""Documents as files: Markdown that shows text as typed, and a PDF that renders and reads back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pypdfium2
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.reporting.document import Bullets, Document, Facts, Heading, Table, Text, to_markdown
from bot.reporting.pdf import printable, to_pdf

SAMPLE = Document(
    "Debrief packet: Ñandú and fractions",
    (
        Facts((("Research theme", "Fractions ≥ ½ as numbers, “on a line”"),)),
        Heading("Timeline"),
        Table(
            ("Min", "Student", "Note"),
            tuple((str(m), "A", f"moved {m}/4 past 1/2 #{m} | ok") for m in range(60)),
            (8, 10, 82),
        ),
        Heading("Student A", level=2),
        Bullets(("folded the strip in fourths", "counted the pieces aloud 🙂")),
        Text("Ça marche: señora Núñez’s class.\nSecond line."),
    ),
    subtitle="For the team only",
)


def test_the_pdf_reads_back_with_its_accents_on_every_page() -> None:
    data = to_pdf(SAMPLE)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2, "60 rows do not fit one page"
    assert reader.metadata is not None
    assert reader.metadata.title == "Debrief packet: Ñandú and fractions"
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ñandú" in text and "≥ ½" in text and "señora Núñez" in text
    assert "moved 59/4 past 1/2 #59 | ok" in text
    assert "counted the pieces aloud ?" in text, "a glyph the font lacks prints as ?"
    assert "page 2" in text


def test_a_picture_of_the_first_page_is_a_real_image(tmp_path: Path) -> None:
    document = pypdfium2.PdfDocument(to_pdf(SAMPLE))
    image = document[0].render(scale=1).to_pil()
    path = tmp_path / "page-1.png"
    image.save(path)
    assert path.stat().st_size > 5_000
    assert path.read_bytes().startswith(b"\x89PNG")
    # Not a blank page: a good share of it is dark ink (text and table lines).
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > grey.width * grey.height * 0.01


def test_markdown_escapes_what_would_format() -> None:
    markdown = to_markdown(
        Document("A # title", (Text("# not a heading\n- not a list\n*not bold* [x](y) <b>"),))
    )
    assert markdown.splitlines()[0] == "# A \\# title"
    assert "\\# not a heading" in markdown and "\\- not a list" in markdown
    assert "\\*not bold\\*" in markdown and "\\[x\\](y)" in markdown and "\\<b\\>" in markdown


def test_a_table_cell_keeps_to_its_row() -> None:
    markdown = to_markdown(Document("t", (Table(("a", "b"), (("x | y", "two\nlines"),)),)))
    assert "| x \\| y | two lines |" in markdown


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_stays_one_plain_paragraph_in_markdown(text: str) -> None:
    lines = to_markdown(Document("t", (Text(text),))).splitlines()[2:]
    for line in lines:
        assert not re.match(r"^\s*(#|[-+*>]|\d+[.)])(\s|$)", line), line
        assert not re.match(r"^\s*[-=][-=\s]*$", line), line
        assert not re.search(r"(?<!\\)[*_`\[\]<>|]", line), line


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_printable_keeps_only_what_the_font_draws(text: str) -> None:
    shown = printable(text)
    assert "\t" not in shown and "\r" not in shown
    assert all(ch == "\n" or ch == "?" or ch.isprintable() for ch in shown)


@settings(max_examples=15, deadline=None)
@given(st.text(min_size=1, max_size=80))
def test_any_text_renders_to_a_pdf_that_reads_back(text: str) -> None:
    data = to_pdf(Document("Notes", (Text(text),)))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert reader.pages
    words = [w for w in printable(text).split() if w.isalnum() and w.isascii()]
    read = "".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    for word in words[:5]:
        assert word in read.replace(" ", "") or word in read
