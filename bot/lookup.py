"""Suggestions while someone types an id, a tag, a cycle or a prompt.

Discord asks for suggestions as a person types an option (autocomplete). The
core answers through this small interface so that the adapter knows nothing of
resources or cycles: a family lists `Lookup`s on its `Family` declaration, each
for one kind named by `Option.autocomplete` ("resource", "cycle", "prompt",
"tag", "case", "schedule"). A kind nobody provides simply suggests nothing, so
the adapter works with whichever families exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.registry import Registry
    from storage.community import Community

KINDS = ("resource", "cycle", "prompt", "tag", "case", "schedule")
MAX_SUGGESTIONS = 25  # Discord shows at most 25


@dataclass(frozen=True)
class Suggestion:
    """One suggestion: `value` is what the command receives, `label` what is shown."""

    value: str
    label: str


@dataclass(frozen=True)
class LookupQuery:
    """What is being typed, by whom, in which community (never across communities)."""

    session: AsyncSession
    community: Community
    user_id: str  # the platform id of the person typing
    text: str  # what they typed so far; may be empty
    limit: int = MAX_SUGGESTIONS


Suggest = Callable[[LookupQuery], Awaitable[Sequence[Suggestion]]]


@dataclass(frozen=True)
class Lookup:
    """A family's suggester for one kind, e.g. Lookup("resource", suggest_resources)."""

    kind: str
    suggest: Suggest


def lookups_of(registry: Registry) -> dict[str, Suggest]:
    """Every kind some family can suggest; the first family to declare a kind wins."""
    found: dict[str, Suggest] = {}
    for family in registry:
        for lookup in family.lookups:
            found.setdefault(lookup.kind, lookup.suggest)
    return found


def id_suggestion(text: str) -> list[Suggestion]:
    """A fallback when no family suggests a kind: offer what was typed if it is an id."""
    typed = text.strip().lstrip("#")
    if typed.isdigit() and len(typed) <= 9:
        return [Suggestion(typed, f"#{typed}")]
    return []
