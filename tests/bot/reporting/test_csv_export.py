"""CSV exports open cleanly in spreadsheets and round-trip through Python's csv module."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.reporting.csv_export import BOM, neutralise, to_csv

ZONE = ZoneInfo("America/Chicago")


def read_back(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_file_starts_with_a_byte_order_mark_and_uses_crlf() -> None:
    data = to_csv(("a", "b"), [("x", 1)], ZONE)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.endswith(b"\r\n")


@given(
    st.lists(
        st.tuples(st.text(), st.text(alphabet=st.characters(codec="utf-8"))),
        max_size=5,
    )
)
def test_every_text_field_round_trips(rows: list[tuple[str, str]]) -> None:
    """Commas, quotes, newlines, non-Latin text: read back exactly, save the formula guard."""
    data = to_csv(("title", "notes"), rows, ZONE)
    back = read_back(data)
    assert back[0] == ["title", "notes"]
    assert back[1:] == [[neutralise(a), neutralise(b)] for a, b in rows]


def test_awkward_fields_round_trip_unchanged() -> None:
    awkward = [
        ("Fractions, decimals and percents", 'She said "why?"'),
        ("line one\nline two\r\nline three", "Ñandú · 分数 · كسور · дроби · 🧮"),
        ("", "  spaces kept  "),
    ]
    assert read_back(to_csv(("a", "b"), awkward, ZONE))[1:] == [list(row) for row in awkward]


def test_cells_that_would_run_as_formulas_are_neutralised() -> None:
    dangerous = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("http://x")']
    back = read_back(to_csv(("cell",), [(text,) for text in dangerous], ZONE))
    assert [row[0] for row in back[1:]] == ["'" + text for text in dangerous]


def test_numbers_dates_and_booleans_stay_plain() -> None:
    when = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)
    back = read_back(
        to_csv(
            ("n", "neg", "d", "t", "b", "none"), [(3, -2, date(2026, 1, 2), when, True, None)], ZONE
        )
    )
    assert back[1] == ["3", "-2", "2026-01-02", "2026-11-23 09:00", "yes", ""]


def test_header_cells_are_neutralised_too() -> None:
    assert read_back(to_csv(("=evil",), [], ZONE))[0] == ["'=evil"]
