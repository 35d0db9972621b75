"""Suggestions while someone types a prompt, a theme or a scheduled reflection.

Members are offered active prompts only, their own open prompts first; retired
prompts (for `/reflect restore`) and scheduled reflections are offered to
facilitators only. Labels show a prompt's number and its opening words, never
anyone's answer.
"""

from __future__ import annotations

from bot.kernel.i18n import _
from bot.kernel.language import DEFAULT_LANGUAGE
from bot.lookup.matching import (
    Candidate,
    Lookup,
    LookupQuery,
    Suggestion,
    asker,
    best_matches,
    short_label,
)
from commands.reflect.core import PHASES
from commands.reflect.scheduled import GROUP, KIND, SNOOZE
from storage.community import member_language
from storage.reflect import Prompt, list_prompts, open_reflections
from storage.schedules import PAUSED, SET_ASIDE, Schedule, list_schedules


def prompt_label(prompt: Prompt) -> str:
    """ "#3 Where could a student start… (plan, en)": the language, as typed, beside it."""
    tail = f"({prompt.phase}, {prompt.language})" if prompt.phase else f"({prompt.language})"
    return short_label(f"#{prompt.number}", prompt.text, tail)


def _candidate(prompt: Prompt, group: int) -> Candidate:
    text = " ".join((prompt.text, prompt.phase or "", prompt.language, *(prompt.tags or [])))
    return Candidate(str(prompt.number), prompt_label(prompt), text, prompt.number, group)


async def suggest_prompts(query: LookupQuery) -> list[Suggestion]:
    """Active prompts; the asker's open ones first, then those in their language."""
    who = await asker(query)
    prompts = await list_prompts(query.session, query.community.id)
    mine: set[int] = set()
    language = DEFAULT_LANGUAGE.value
    if who.member is not None:
        language = member_language(who.member, query.community).value
        ready, snoozed = await open_reflections(
            query.session, query.community.id, who.member.id, now=query.moment()
        )
        mine = {r.prompt_id for r in (*ready, *snoozed) if r.prompt_id}

    def group(prompt: Prompt) -> int:
        if prompt.id in mine:
            return 0
        return 1 if prompt.language == language else 2

    candidates = [_candidate(p, group(p)) for p in reversed(prompts)]
    return best_matches(query.text, candidates, query.limit)


async def suggest_retired_prompts(query: LookupQuery) -> list[Suggestion]:
    """Retired prompts, for facilitators restoring one; members are offered nothing."""
    if not (await asker(query)).facilitator:
        return []
    prompts = await list_prompts(query.session, query.community.id, include_retired=True)
    candidates = [_candidate(p, 0) for p in reversed(prompts) if not p.active]
    return best_matches(query.text, candidates, query.limit)


async def _themes(query: LookupQuery) -> list[str]:
    seen: list[str] = []
    for prompt in await list_prompts(query.session, query.community.id):
        for tag in prompt.tags or []:
            if tag not in seen:
                seen.append(tag)
    return sorted(seen)


async def suggest_themes(query: LookupQuery) -> list[Suggestion]:
    """The themes (tags) of the active prompt bank; a list completes its last item."""
    done = [p.strip() for p in query.text.split(",")[:-1] if p.strip()]
    typed = query.text.split(",")[-1]
    head = ",".join(done)
    candidates = [
        Candidate(f"{head},{tag}" if head else tag, tag, tag)
        for tag in await _themes(query)
        if tag not in done
    ]
    return best_matches(typed, candidates, query.limit)


async def suggest_pools(query: LookupQuery) -> list[Suggestion]:
    """What a schedule may rotate through: a theme or a lesson-study phase."""
    themes = [Candidate(t, _("{tag} (theme)", tag=t), t) for t in await _themes(query)]
    phases = [Candidate(p, _("{phase} (phase)", phase=p), p, group=1) for p in PHASES]
    return best_matches(query.text, [*themes, *phases], query.limit)


async def suggest_schedules(query: LookupQuery) -> list[Suggestion]:
    """Scheduled reflections as `/reflect schedules` shows them; for facilitators only."""
    if not (await asker(query)).facilitator:
        return []
    rows = await list_schedules(query.session, query.community.id, kind=KIND)
    groups: dict[str, list[Schedule]] = {}
    for row in rows:
        if (row.owner or "").startswith(SNOOZE):
            continue
        groups.setdefault(row.owner or f"{GROUP}{row.id}", []).append(row)
    candidates = []
    for members in groups.values():
        first = min(members, key=lambda s: s.id)
        payload = first.payload or {}
        what = (
            _("prompt #{number}", number=payload["prompt"])
            if "prompt" in payload
            else _("pool {pool}", pool=payload.get("pool"))
        )
        paused = all(s.status == PAUSED for s in members)
        aside = any(s.status == SET_ASIDE for s in members)
        tail = _("(set aside)") if aside else _("(paused)") if paused else ""
        label = short_label(
            f"#{first.number}", _("to {target}: {what}", target=first.target, what=what), tail
        )
        text = f"{first.target} {what}"
        candidates.append(Candidate(str(first.number), label, text, first.number))
    return best_matches(query.text, candidates, query.limit)


LOOKUPS = (
    Lookup("prompt", suggest_prompts),
    Lookup("retired-prompt", suggest_retired_prompts),
    Lookup("theme", suggest_themes),
    Lookup("pool", suggest_pools),
    Lookup("reflect-schedule", suggest_schedules),
)
