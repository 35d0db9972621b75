"""Planning a schedule's occurrences: one parse of its stored recurrence, however many steps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.scheduling import timing
from bot.time import recurrence
from bot.time.recurrence import parse_recurrence, recurrence_to_text
from storage.schedules import ACTIVE, Schedule

START = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


def test_planning_many_steps_parses_the_stored_text_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parses: list[str] = []
    real = recurrence._parse_guarded

    def counting(text: str, ctx: Any, original: str) -> recurrence.Recurrence:
        parses.append(original)
        return real(text, ctx, original)

    monkeypatch.setattr(recurrence, "_parse_guarded", counting)
    recurrence.recurrence_from_text.cache_clear()
    rec = parse_recurrence("every weekday 06:10", now=START)
    parses.clear()
    schedule = Schedule(
        recurrence=recurrence_to_text(rec), zone="America/Denver", target="#general", status=ACTIVE
    )
    after, seen = START, []
    for _ in range(30):  # six weeks of weekdays, one planning step each
        occurrence, due = timing.plan_after(schedule, after, None)
        assert occurrence is not None and due == occurrence
        seen.append(occurrence)
        after = occurrence
    assert len(set(seen)) == 30 and seen == sorted(seen)
    assert len(parses) == 1, "the stored recurrence is parsed once, not once per step"
