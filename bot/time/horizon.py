"""The dates the bot works with: years 1900 to 2199.

A far-future date (9999-12-31) parses, but the arithmetic around it does not: a day added
for quiet hours, a time zone's offset, a reminder planned after it overflow Python's
datetime (year 9999 is its last). Two centuries either side of now covers every school
calendar; anything beyond is refused where it is typed, with this message.
"""

from __future__ import annotations

from datetime import date

from bot.kernel.i18n import _

EARLIEST = date(1900, 1, 1)
LATEST = date(2199, 12, 31)


def out_of_range(day: date) -> str | None:
    """Why `day` is refused, said for a person in their language; None when it is in range."""
    if day > LATEST:
        return _(
            "{date} is too far in the future; give a date before {year}.",
            date=day.isoformat(),
            year=LATEST.year + 1,
        )
    if day < EARLIEST:
        return _(
            "{date} is too far in the past; give a date from {year} on.",
            date=day.isoformat(),
            year=EARLIEST.year,
        )
    return None
