"""How a schedule reads in a family's listing: when it runs, and what state it is in.

Listings must survive the very rows the engine set aside (a recurrence or zone that can no
longer be read), so nothing here raises on a stored value; a set-aside schedule says so,
with the engine's reference and what the facilitator can do about it. Everything here is
in the reader's language: the engine stores its reason for setting a schedule aside in
English ("ref 1A2B: failed while reading its community"), and it is translated as shown.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from bot.kernel.i18n import N_, _, pgettext
from bot.time.recurrence import recurrence_from_text
from bot.time.zones import when_text
from storage.schedules import ACTIVE, CANCELLED, DONE, PAUSED, SET_ASIDE, Schedule

UNREADABLE = N_("at a time that can no longer be read")
_FAULT = re.compile(r"^ref (?P<ref>[0-9A-Fa-f]+): failed while (?P<stage>.+)$")
# The stages the engine names (bot.scheduling.engine), translated where shown.
_STAGES = frozenset(
    {
        N_("reading its row"),
        N_("reading its community"),
        N_("recording its occurrences"),
        N_("working out its next time"),
    }
)


def describe(schedule: Schedule, *, zone_suffix: bool = True) -> str:
    """ "every monday at 8:00 (America/Chicago time)"; never raises on a stored value."""
    try:
        rec = recurrence_from_text(schedule.recurrence)
        ZoneInfo(schedule.zone)
        sentence = rec.describe()
    except (ValueError, KeyError, TypeError):
        return _(UNREADABLE)
    if rec.tz or not zone_suffix:
        return sentence
    return _("{when} ({zone} time)", when=sentence, zone=schedule.zone)


def status_text(status: str) -> str:
    """A schedule's stored status, as a reader says it ("paused", "set aside")."""
    if status == PAUSED:
        return pgettext("schedule status", "paused")
    if status == SET_ASIDE:
        return pgettext("schedule status", "set aside")
    if status == ACTIVE:
        return pgettext("schedule status", "active")
    if status == CANCELLED:
        return pgettext("schedule status", "cancelled")
    if status == DONE:
        return pgettext("schedule status", "done")
    return status


def fault_text(fault: str | None) -> str:
    """The engine's stored reason, in the reader's language (as stored when unknown)."""
    if not fault:
        return _("after a fault")
    match = _FAULT.match(fault)
    if match is None or match["stage"] not in _STAGES:
        return fault
    return _("ref {ref}: failed while {stage}", ref=match["ref"], stage=_(match["stage"]))


def set_aside_text(schedule: Schedule, remedy: str) -> str:
    """Why the schedule was set aside and `remedy` (the caller's sentence, translated)."""
    return _(
        "set aside by the scheduler ({reason}); {remedy}",
        reason=fault_text(schedule.fault),
        remedy=remedy,
    )


def state(schedule: Schedule, remedy: str) -> str:
    """ "paused", "next Mon 23 Nov 2026, 08:00 UTC", or why it was set aside and `remedy`."""
    if schedule.status == PAUSED:
        return status_text(PAUSED)
    if schedule.status == SET_ASIDE:
        return set_aside_text(schedule, remedy)
    if schedule.next_run_at is not None:
        return _("next {when}", when=when_text(schedule.next_run_at, schedule.zone))
    return status_text(schedule.status)
