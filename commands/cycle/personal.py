"""What `/praxis forget-me` deletes of a person's lesson-study work: what only they see.

A note or artifact the identifying-details check held back is seen by its author alone
until they confirm or edit it; nobody else could ever delete it, so forgetting a person
deletes it. What the team already has (kept notes in the lesson's record, confirmed
artifacts) is the team's record and stays, its author shown as a former member.
"""

from __future__ import annotations

from bot.grammar.spec import PersonalData
from bot.kernel.i18n import ngettext
from storage.cycles import count_held_artifacts, delete_held_artifacts
from storage.lesson_study import count_held_notes, delete_held_notes

PERSONAL_DATA = (
    PersonalData(
        lambda n: ngettext("{n} held observation note", "{n} held observation notes", n),
        count_held_notes,
        delete_held_notes,
    ),
    PersonalData(
        lambda n: ngettext("{n} held cycle artifact", "{n} held cycle artifacts", n),
        count_held_artifacts,
        delete_held_artifacts,
    ),
)
