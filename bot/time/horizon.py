"""The dates the bot works with: years 1900 to 2199.

A far-future date (9999-12-31) parses, but the arithmetic around it does not: a day added
for quiet hours, a time zone's offset, a reminder planned after it overflow Python's
datetime (year 9999 is its last). Two centuries either side of now covers every school
calendar; anything beyond is refused where it is typed, with this message.
"""

from __future__ import annotations

from datetime import date

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def out_of_range(day: date) -> str | None:
    """Why `day` is refused, said for a person; None when it is in range."""
    if day > LATEST:
        return f"{day.isoformat()} is too far in the future; give a date before {LATEST.year + 1}."
    if day < EARLIEST:
        return f"{day.isoformat()} is too far in the past; give a date from {EARLIEST.year} on."
    return None
