"""Where a cycle stands today: which phases are done, which is current, which is next.

A phase is a day; it lasts until the next phase begins. So the current phase
is the last one whose day has come, the next is the first still ahead, and
the earlier ones are done. A closed cycle has every phase done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from commands.cycle.phases import PHASES


class PhaseState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    NEXT = "next"
    LATER = "later"
    UNSCHEDULED = "not scheduled"
    NOT_HELD = "not held"  # the cycle closed before its day


@dataclass(frozen=True)
class PhaseLine:
    phase: str
    day: date | None
    at: str | None
    state: PhaseState


def timeline(
    days: dict[str, tuple[date, str | None]],
    *,
    today: date,
    closed: bool = False,
    not_held: frozenset[str] = frozenset(),
) -> list[PhaseLine]:
    """Each phase in order with its state; optional phases appear only when scheduled;
    those in `not_held` never happened (the cycle closed first)."""
    scheduled = [(p, *days[p]) for p in PHASES if p in days]
    current = None
    for phase, day, _ in scheduled:
        if day <= today:
            current = phase
    upcoming = next((p for p, day, _ in scheduled if day > today), None)
    lines: list[PhaseLine] = []
    for phase in PHASES:
        if phase not in days:
            if phase in ("revise", "reteach"):
                continue
            lines.append(PhaseLine(phase, None, None, PhaseState.UNSCHEDULED))
            continue
        day, at = days[phase]
        if phase in not_held:
            state = PhaseState.NOT_HELD
        elif closed or (day <= today and phase != current):
            state = PhaseState.DONE
        elif phase == current:
            state = PhaseState.CURRENT
        elif phase == upcoming:
            state = PhaseState.NEXT
        else:
            state = PhaseState.LATER
        lines.append(PhaseLine(phase, day, at, state))
    return lines


def current_phase(lines: list[PhaseLine]) -> PhaseLine | None:
    return next((line for line in lines if line.state is PhaseState.CURRENT), None)


def next_phase(lines: list[PhaseLine]) -> PhaseLine | None:
    return next((line for line in lines if line.state is PhaseState.NEXT), None)
