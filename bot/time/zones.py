"""Checking IANA time zone names typed by people."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.kernel.errors import UserError
from bot.text.suggest import closest


@cache
def _zones_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def check_zone(text: str) -> str:
    """The canonical spelling of an IANA zone name, or a UserError with a hint."""
    name = text.strip()
    canonical = _zones_by_lower().get(name.lower())
    if canonical:
        try:
            ZoneInfo(canonical)
            return canonical
        except ZoneInfoNotFoundError:
            pass
    guess = closest(name.lower().replace(" ", "_"), _zones_by_lower())
    hint = f" Did you mean {_zones_by_lower()[guess]}?" if guess else ""
    raise UserError(
        f"“{name}” is not a time zone I know.{hint} Use an IANA name like America/Chicago."
    )
