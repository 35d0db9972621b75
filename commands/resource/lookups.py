"""Suggestions while someone types a resource id, a tag, a standard code or an equity focus.

Resources: an exact id first, then what the asker shared or saved, then the rest of the
library, newest first; typed words find titles and labels by word prefix (`frac num`
finds "Fractions on the number line"), through the search index so a large library
is never scanned. Tags and standards come from the labels index; a list option
(`tags:number-talks,frac`) completes its last item and keeps the others.
"""

from __future__ import annotations

import re

from bot.kernel.errors import UserError
from bot.lookup.matching import (
    Candidate,
    Lookup,
    LookupQuery,
    Suggestion,
    asker,
    best_matches,
    short_label,
    typed_id,
)
from bot.text.normalize import normalize_standard, normalize_tag, words
from commands.resource.render import grade_label, type_label
from storage.resource_models import DEFAULT_FOCUS, Resource
from storage.resources import (
    get_resource,
    label_values,
    recent_resources,
    saved_by_member,
    shared_by_member,
)
from storage.search import prefix_matches

MINE = 20  # the asker's own and saved resources considered, each
POOL = 100  # other resources considered
MAX_CODE = 24  # the longest standard code kept


def resource_label(resource: Resource) -> str:
    """`#12 Number talks rubric (rubric, 3-5)`, the type and band in the reader's words."""
    kind = type_label(resource.type)
    detail = f"{kind}, {grade_label(resource.grade)}" if resource.grade else kind
    return short_label(f"#{resource.id}", resource.title, f"({detail})")


def _text(resource: Resource) -> str:
    return " ".join(
        (resource.title, resource.type, resource.tags.replace("-", " "), resource.standards)
    )


def _candidate(resource: Resource, group: int) -> Candidate:
    return Candidate(
        str(resource.id), resource_label(resource), _text(resource), resource.id, group
    )


async def suggest_resources(query: LookupQuery) -> list[Suggestion]:
    session, community_id = query.session, query.community.id
    who = await asker(query)
    found: list[Candidate] = []
    digits = typed_id(query.text)
    if digits is not None:
        exact = await get_resource(session, community_id, int(digits))
        if exact is not None:
            found.append(_candidate(exact, 0))
    if who.member_id is not None:
        mine, _ = await shared_by_member(session, community_id, who.member_id, 0, MINE)
        saved, _ = await saved_by_member(session, community_id, who.member_id, 0, MINE)
        found += [_candidate(r, 0) for r in (*mine, *saved)]
    typed = words(query.text) if digits is None else []
    if typed:
        others = await prefix_matches(session, community_id, typed, POOL)
    else:
        others = await recent_resources(session, community_id, POOL)
    found += [_candidate(r, 1) for r in others]
    return best_matches(query.text, found, query.limit)


def split_list(text: str) -> tuple[list[str], str]:
    """`a, b, fr` -> (["a", "b"], "fr"): the finished items and the one being typed."""
    parts = text.split(",")
    return [p.strip() for p in parts[:-1] if p.strip()], parts[-1].strip()


def complete_list(done: list[str], values: list[str], limit: int) -> list[Suggestion]:
    """Each value as the list so far plus it: `number-talks,fractions`."""
    head = ",".join(done)
    out: list[Suggestion] = []
    for value in values:
        if value in done:
            continue
        full = f"{head},{value}" if head else value
        if len(full) > 100:  # Discord's longest choice value
            continue
        out.append(Suggestion(full, short_label("", full.replace(",", ", "))))
        if len(out) >= limit:
            break
    return out


def _normal(kind: str, raw: str) -> str:
    if not raw:
        return ""
    try:
        if kind == "standard":  # codes are letters, digits, dots and hyphens
            return re.sub(r"[^A-Z0-9.\-]", "", raw.upper())[:MAX_CODE]
        return normalize_tag(raw)
    except UserError:
        return ""


async def suggest_tags(query: LookupQuery) -> list[Suggestion]:
    """Tags already used in this community's library that start with what is typed."""
    done, typed = split_list(query.text)
    prefix = _normal("tag", typed)
    if typed and not prefix:
        return []
    values = await label_values(query.session, query.community.id, "tag", prefix, 100)
    exact = [v for v in values if v == prefix]
    done = [_normal("tag", d) or d for d in done]
    rest = [v for v in values if v != prefix]
    return complete_list(done, [*exact, *rest], query.limit)


async def suggest_standards(query: LookupQuery) -> list[Suggestion]:
    """Standard codes in this community's library; `7.rp` suggests 7.RP.A.2 and the like."""
    done, typed = split_list(query.text)
    prefix = _normal("standard", typed)
    values = await label_values(query.session, query.community.id, "standard", prefix, 100)
    try:
        typed_code = normalize_standard(typed) if typed else ""
    except UserError:
        typed_code = ""
    # Nothing in the library yet: offer the code as it will be written.
    ordered = [typed_code] if typed_code and not values else []
    return complete_list(done, [*values, *ordered], query.limit)


async def suggest_focus(query: LookupQuery) -> list[Suggestion]:
    """The equity-focus vocabulary: the five defaults, then this community's own."""
    done, typed = split_list(query.text)
    extra = (query.community.settings or {}).get("focus", [])
    vocabulary = [*DEFAULT_FOCUS, *(f for f in extra if f not in DEFAULT_FOCUS)]
    typed_words = words(typed)
    chosen = [
        value
        for value in vocabulary
        if all(any(w.startswith(t) for w in words(value)) for t in typed_words)
    ]
    return complete_list(done, chosen, query.limit)


LOOKUPS = (
    Lookup("resource", suggest_resources),
    Lookup("tag", suggest_tags),
    Lookup("standard", suggest_standards),
    Lookup("focus", suggest_focus),
)
