"""Suggestions while an observer types `note:` — their own notes only, held ones first.

A note is seen by the team, and a held one by its author alone, so the suggester
offers nobody else's: `#7 held · Fractions · min 12: moved 3/4 past…`.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.kernel.i18n import _
from bot.lookup.matching import (
    Candidate,
    Lookup,
    LookupQuery,
    Suggestion,
    asker,
    best_matches,
    short_label,
)
from storage.cycles import Cycle
from storage.lesson_study import HELD, LessonNote

POOL = 100  # the asker's newest notes considered


async def suggest_own_notes(query: LookupQuery) -> list[Suggestion]:
    who = await asker(query)
    if who.member_id is None:
        return []
    rows = await query.session.execute(
        select(LessonNote, Cycle.name)
        .join(Cycle, Cycle.id == LessonNote.cycle_id)
        .where(
            LessonNote.community_id == query.community.id,
            Cycle.community_id == query.community.id,
            LessonNote.observer_id == who.member_id,
        )
        .order_by(LessonNote.id.desc())
        .limit(POOL)
    )
    candidates = []
    for note, cycle_name in rows.all():
        held = note.status == HELD
        head = _("#{id} held", id=note.id) if held else f"#{note.id}"
        where = _("{cycle} · min {n}", cycle=cycle_name, n=note.minute)
        label = short_label(head, f"{where}: {note.body}")
        candidates.append(
            Candidate(str(note.id), label, note.body, note.id, group=0 if held else 1)
        )
    return best_matches(query.text, candidates, query.limit)


LOOKUPS = (Lookup("own-note", suggest_own_notes),)
