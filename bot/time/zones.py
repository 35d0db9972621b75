"""Time zones: the IANA names people type, whose zone applies to a person, and a moment shown.

Each rule lives here once: how a typed or stored zone name is looked up (`canonical_zone`),
which zone a person's times are read in (`zone_for`), and how a delivery time is written
for people (`when_text`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.kernel.errors import UserError
from bot.kernel.i18n import _, moment_text
from bot.text.suggest import closest

FALLBACK_ZONE = "UTC"


@cache
def _zones_by_lower() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def canonical_zone(name: str) -> str | None:
    """The canonical spelling of an IANA zone name this machine can load, else None.

    People type "america/chicago" too; the lookup ignores case, never touches the file
    system for a name that is not a known zone, and checks the zone really loads.
    """
    canonical = _zones_by_lower().get(name.strip().lower())
    if canonical is None:
        return None
    try:
        ZoneInfo(canonical)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
    return canonical


def check_zone(text: str) -> str:
    """The canonical spelling of an IANA zone name, or a UserError with a hint."""
    name = text.strip()
    canonical = canonical_zone(name)
    if canonical:
        return canonical
    guess = closest(name.lower().replace(" ", "_"), _zones_by_lower())
    if guess:
        raise UserError(
            _(
                "“{name}” is not a time zone I know. Did you mean {guess}? "
                "Use an IANA name like America/Chicago.",
                name=name,
                guess=_zones_by_lower()[guess],
            )
        )
    raise UserError(
        _("“{name}” is not a time zone I know. Use an IANA name like America/Chicago.", name=name)
    )


class _Person(Protocol):
    @property
    def timezone(self) -> str | None: ...

    @property
    def platform_timezone(self) -> str | None: ...


class _Community(Protocol):
    @property
    def timezone(self) -> str: ...


class ZoneFrom(StrEnum):
    """Where a person's zone came from, for `/praxis whoami` to say."""

    OWN = "own"  # set with /praxis profile set
    PLATFORM = "platform"  # the hint their Slack or Discord profile gave
    COMMUNITY = "community"
    FALLBACK = "fallback"  # no zone this machine knows: UTC


def zone_choice(member: _Person, community: _Community) -> tuple[ZoneInfo, ZoneFrom]:
    """A person's own zone, else their platform's hint, else the community's, else UTC.

    A name this machine does not know (a platform's hint from a newer tz database, say)
    is passed over, never raised: a person's times must always be readable.
    """
    for name, source in (
        (member.timezone, ZoneFrom.OWN),
        (member.platform_timezone, ZoneFrom.PLATFORM),
        (community.timezone, ZoneFrom.COMMUNITY),
    ):
        if name:
            try:
                return ZoneInfo(name), source
            except (ValueError, KeyError, OSError):  # a zone this machine does not know
                continue
    return ZoneInfo(FALLBACK_ZONE), ZoneFrom.FALLBACK


def zone_for(member: _Person, community: _Community) -> ZoneInfo:
    """The zone a person's times are read and shown in (see `zone_choice`)."""
    return zone_choice(member, community)[0]


def when_text(moment: datetime, zone: str) -> str:
    """A delivery time as people read it, in the zone it is kept in and the reader's language.

    "Mon 30 Nov 2026, 08:00 EST" / "lun 30 nov 2026, 08:00 EST": the day, the date with its
    year, and the zone's name.
    A zone this machine does not know (a row the scheduler set aside, say) shows in UTC.
    """
    try:
        tz = ZoneInfo(zone)
    except (ValueError, KeyError, OSError):
        tz = ZoneInfo(FALLBACK_ZONE)
    return moment_text(moment.astimezone(tz))
