"""CSV files that open cleanly in spreadsheet programs.

UTF-8 with a byte-order mark, so Excel reads accents and non-Latin text
right; CRLF line ends and standard quoting, so commas, quotes and newlines in
a field survive; and formula neutralisation: a text cell beginning with `=`,
`+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, so a
resource titled `=HYPERLINK(...)` is shown as text instead of running.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.kernel.i18n import pgettext
from bot.reporting.model import Cell

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that cannot be read as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: Cell, zone: ZoneInfo) -> str:
    """One value as a spreadsheet cell: times in the community's zone (ISO, for any
    spreadsheet to read), yes/no for booleans in the reader's language."""
    match value:
        case None:
            return ""
        case bool():
            return (
                pgettext("spreadsheet cell", "yes") if value else pgettext("spreadsheet cell", "no")
            )
        case int() | float():
            return str(value)  # a number, never text: -3 stays a number
        case datetime():
            return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        case date():
            return value.isoformat()
    return neutralise(str(value))


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]], zone: ZoneInfo) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells; the header has {len(header)}")
        writer.writerow([cell_text(value, zone) for value in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
