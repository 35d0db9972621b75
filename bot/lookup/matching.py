"""Suggestions while someone types an id, a tag, a cycle or a prompt.

Discord asks for suggestions as a person types an option (autocomplete). The
core answers through this small interface so that the adapter knows nothing of
resources or cycles: a family lists `Lookup`s on its `Family` declaration, each
for one kind named by `Option.autocomplete` ("resource", "cycle", "prompt",
"tag", "case", ...). A kind nobody provides simply suggests nothing, so
the adapter works with whichever families exist.

Families build their suggestions with `Candidate` and `best_matches`: one
notion of matching for every kind (an id by prefix, `#12` or `12`; text by
word prefixes, ignoring case and accents), one ordering (an exact id, then
the families' own groups such as "yours" before "the rest", then how well the
text matched, then the order the family listed them in, newest first), and
labels cut to what Discord shows. `asker` finds the member typing, so a family
can scope by role and authorship; suggestions never leave the asker's community
because every query takes `query.community.id`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.kernel.i18n import _
from bot.kernel.roles import Role
from bot.text.normalize import words
from storage.community import Member

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.grammar.registry import Registry
    from storage.community import Community
    from storage.schedules import Schedule

KINDS = (
    "resource",
    "cycle",
    "prompt",
    "retired-prompt",
    "tag",
    "focus",
    "standard",
    "theme",
    "pool",
    "case",
    "draft",
    "own-case",
    "nudge",
    "reflect-schedule",
    "cycle-reminder",
    "target",
    "own-note",
)
MAX_SUGGESTIONS = 25  # Discord shows at most 25
LABEL_LIMIT = 100  # Discord's longest choice name
_ID = re.compile(r"^#?(\d{1,9})$")


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
    now: datetime | None = None  # the app's clock; None means the wall clock

    def moment(self) -> datetime:
        return self.now or datetime.now(UTC)


Suggest = Callable[[LookupQuery], Awaitable[Sequence[Suggestion]]]


@dataclass(frozen=True)
class Lookup:
    """A family's suggester for one kind, e.g. Lookup("resource", suggest_resources)."""

    kind: str
    suggest: Suggest


def lookups_of(registry: Registry) -> dict[str, Suggest]:
    """Every kind some family can suggest; the first family to declare a kind wins.

    The core adds "target" (a schedule's `to:`), with every family's target kinds.
    """
    from bot.lookup.targets import target_lookup

    found: dict[str, Suggest] = {}
    for family in registry:
        for lookup in family.lookups:
            found.setdefault(lookup.kind, lookup.suggest)
    kinds = [kind for family in registry for kind in family.target_kinds]
    found.setdefault("target", target_lookup(kinds))
    return found


def id_suggestion(text: str) -> list[Suggestion]:
    """A fallback when no family suggests a kind: offer what was typed if it is an id."""
    typed = text.strip().lstrip("#")
    if typed.isdigit() and len(typed) <= 9:
        return [Suggestion(typed, f"#{typed}")]
    return []


@dataclass(frozen=True)
class Candidate:
    """Something a lookup might suggest, before matching.

    `group` orders candidates before relevance (0 = the asker's own, say); `text` is
    what typed words are matched against (a title, a name, a theme).
    """

    value: str
    label: str
    text: str = ""
    id: int | None = None
    group: int = 0


def typed_id(text: str) -> str | None:
    """The digits of a typed id (`12`, `#12`), or None when the text is not an id."""
    match = _ID.match(text.strip())
    return match.group(1) if match else None


def _quality(typed: str, typed_words: list[str], candidate: Candidate) -> int | None:
    """How well `typed` matches: 0 exact id, 1 id prefix, 2 text starts with it, 3 every word
    starts a word; None when it does not match."""
    if not typed.strip():
        return 3
    digits = typed_id(typed)
    if digits is not None and candidate.id is not None:
        shown = str(candidate.id)
        if shown == digits:
            return 0
        if shown.startswith(digits):
            return 1
    if not typed_words:
        return None
    have = words(candidate.text)
    if not have:
        return None
    if " ".join(have).startswith(" ".join(typed_words)):
        return 2
    if all(any(word.startswith(t) for word in have) for t in typed_words):
        return 3
    return None


def best_matches(text: str, candidates: Iterable[Candidate], limit: int) -> list[Suggestion]:
    """The candidates `text` matches, best first, at most `limit`, each value once."""
    typed_words = words(text)
    scored: list[tuple[int, int, int, int, Candidate]] = []
    for position, candidate in enumerate(candidates):
        quality = _quality(text, typed_words, candidate)
        if quality is None:
            continue
        exact = 0 if quality == 0 else 1
        scored.append((exact, candidate.group, quality, position, candidate))
    scored.sort(key=lambda row: row[:4])
    out: list[Suggestion] = []
    seen: set[str] = set()
    for *_rank, candidate in scored:
        if candidate.value in seen:
            continue
        seen.add(candidate.value)
        out.append(Suggestion(candidate.value[:LABEL_LIMIT], candidate.label))
        if len(out) >= max(0, min(limit, MAX_SUGGESTIONS)):
            break
    return out


def short_label(head: str, title: str, tail: str = "") -> str:
    """`#12 Number talks rubric (rubric)`, the title cut so the whole fits Discord's 100."""
    title = " ".join(title.split())
    fixed = len(head) + len(tail) + (1 if head else 0) + (1 if tail else 0)
    room = max(1, LABEL_LIMIT - fixed)
    if len(title) > room:
        title = title[: room - 1].rstrip() + "…"
    return " ".join(part for part in (head, title, tail) if part)[:LABEL_LIMIT]


@dataclass(frozen=True)
class Asker:
    """Who is typing: their member row (None before they ever used the bot) and role."""

    member: Member | None
    role: Role

    @property
    def member_id(self) -> int | None:
        return self.member.id if self.member is not None else None

    @property
    def facilitator(self) -> bool:
        return self.role.at_least(Role.FACILITATOR)


async def asker(query: LookupQuery) -> Asker:
    """The member typing, in the query's community only."""
    found = (
        await query.session.execute(
            select(Member).where(
                Member.community_id == query.community.id, Member.user_id == query.user_id
            )
        )
    ).scalar_one_or_none()
    if found is None:
        return Asker(None, Role.MEMBER)
    try:
        role = Role(found.role)
    except ValueError:
        role = Role.MEMBER
    return Asker(found, role)


def schedule_lookup(kind: str, describe: Callable[[Schedule], str]) -> Suggest:
    """Suggest a family's schedules of `kind`, running ones first; facilitators only.

    Nudges and digests are managed by facilitators, so members are offered nothing.
    """
    from storage.schedules import PAUSED, SET_ASIDE, list_schedules

    async def suggest(query: LookupQuery) -> list[Suggestion]:
        if not (await asker(query)).facilitator:
            return []
        candidates = []
        for item in await list_schedules(query.session, query.community.id, kind=kind):
            text = describe(item)
            tail = ""
            if item.status == PAUSED:
                tail = _("(paused)")
            elif item.status == SET_ASIDE:
                tail = _("(set aside)")
            title = _("to {target}: {what}", target=item.target, what=text)
            label = short_label(f"#{item.number}", title, tail)
            group = 1 if tail else 0
            candidates.append(
                Candidate(str(item.number), label, f"{item.target} {text}", item.number, group)
            )
        return best_matches(query.text, candidates, query.limit)

    return suggest
