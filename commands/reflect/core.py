"""What every /reflect command and delivery shares: the bank, choosing a prompt, sending one.

`send_prompt_to` is the one way a prompt reaches a person: a scheduled delivery, a cycle's
reflect phase and the demo all call it. It records an open reflection (what `/reflect` shows
and what `/reflect stats` counts as sent) and returns the direct message to deliver; the
caller sends it after its transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.errors import NotFound, UserError
from bot.kernel.i18n import _, date_text, pgettext, time_text
from bot.kernel.language import Language, speaking
from bot.kernel.model import Address
from bot.kernel.reply import Block, Button, Buttons, Form, FormField, Header, Note, Paragraph, Reply
from bot.scheduling.kinds import member_address
from commands.reflect.starter import STARTER_BANKS
from storage.community import Community, Member, member_language
from storage.reflect import (
    Prompt,
    Reflection,
    Status,
    find_delivery,
    get_prompt,
    has_prompts,
    last_prompt_ids,
    list_prompts,
    next_prompt_number,
    starter_languages,
)

PHASES = ("study", "plan", "teach", "reflect", "revise", "reteach")
SHARES = ("private", "team", "community")
LANGUAGES = tuple(language.value for language in Language)
_SHARE_WORDS = {"privado": "private", "equipo": "team", "comunidad": "community"}
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class SentPrompt:
    """A prompt recorded as sent to one person, and the direct message that carries it."""

    reflection_id: int
    prompt_number: int  # as people see it: #12
    member_id: int
    address: Address
    reply: Reply


async def ensure_bank(session: AsyncSession, community: Community, now: datetime) -> None:
    """Give a community its starter banks (English, then Spanish) the first time anyone
    reaches for them; a bank from before a language's starters existed gets them added
    after its own prompts.

    Seeded once per language: a community whose facilitators retired every starter keeps
    them retired.
    """
    banks = STARTER_BANKS
    number = 1
    if await has_prompts(session, community.id):
        seeded = await starter_languages(session, community.id)
        banks = tuple(
            (language, bank) for language, bank in STARTER_BANKS if language not in seeded
        )
        if not banks:
            return
        number = await next_prompt_number(session, community.id)
    try:
        # Two first commands at once (a platform's retry, a second instance) both get here:
        # the one that loses on the unique number finds the other's bank instead.
        async with session.begin_nested():
            for language, bank in banks:
                for starter in bank:
                    session.add(
                        Prompt(
                            community_id=community.id,
                            number=number,
                            text=starter.text,
                            phase=starter.phase,
                            tags=list(starter.tags),
                            starter=True,
                            language=language,
                            pair=starter.pair,
                            created_at=now,
                        )
                    )
                    number += 1
    except IntegrityError:
        return


async def prompt_or_404(session: AsyncSession, community: Community, number: int) -> Prompt:
    prompt = await get_prompt(session, community.id, number)
    if prompt is None:
        raise NotFound(
            _("There is no prompt #{number} here; /reflect prompts lists them.", number=number)
        )
    return prompt


def in_language(prompts: list[Prompt], language: Language) -> list[Prompt]:
    """The prompts written in `language`, or all of them when none is: a person gets a
    prompt in their language when the bank has one, and a prompt all the same when not."""
    theirs = [p for p in prompts if p.language == language.value]
    return theirs or prompts


async def choose_from_pool(
    session: AsyncSession,
    community: Community,
    member: Member,
    pool: str,
    language: Language | None = None,
) -> Prompt | None:
    """The pool's prompt this person has waited longest for: never-sent first, then oldest;
    in their language when the pool has prompts in it.

    So a pool rotates through every prompt before repeating one, and a person never gets
    the same prompt twice in a row unless the pool holds only that one.
    """
    candidates = [p for p in await list_prompts(session, community.id) if p.in_pool(pool)]
    if not candidates:
        return None
    candidates = in_language(candidates, language or member_language(member, community))
    last = await last_prompt_ids(session, community.id, member.id)
    return min(candidates, key=lambda p: (last.get(p.id, _NEVER), p.number))


async def counterpart(
    session: AsyncSession,
    community: Community,
    prompt: Prompt,
    language: Language,
    member: Member | None = None,
) -> Prompt:
    """What to send a reader of `language` when a schedule names `prompt`: the prompt
    itself when it is in their language (or the bank has none in it), else its paired
    counterpart, else (for a person) the prompt in their language they have waited longest
    for, among those sharing its phase or a theme when there are any. A channel without a
    counterpart gets the named prompt."""
    if prompt.language == language.value:
        return prompt
    theirs = [p for p in await list_prompts(session, community.id) if p.language == language.value]
    if not theirs:
        return prompt
    if prompt.pair:
        for candidate in theirs:
            if candidate.pair == prompt.pair:
                return candidate
    if member is None:
        return prompt
    themes = set(prompt.tags or [])
    related = [p for p in theirs if p.phase == prompt.phase or themes & set(p.tags or [])]
    last = await last_prompt_ids(session, community.id, member.id)
    return min(related or theirs, key=lambda p: (last.get(p.id, _NEVER), p.number))


async def pool_exists(session: AsyncSession, community: Community, pool: str) -> bool:
    return any(p.in_pool(pool) for p in await list_prompts(session, community.id))


async def send_prompt_to(
    session: AsyncSession,
    community: Community,
    member: Member,
    *,
    prompt_id: int | None = None,
    pool: str | None = None,
    now: datetime,
    team: str | None = None,
    schedule_id: int | None = None,
    occurrence: datetime | None = None,
) -> SentPrompt | None:
    """Record a prompt as sent to `member` and return the direct message to deliver, in
    their language.

    Give `prompt_id` (the prompt's number as people see it, #12) for one prompt, or `pool`
    (a tag or a phase) to rotate through a pool. Either way the person gets a prompt in
    their language when the bank has one (`counterpart`, `choose_from_pool`). `team`
    ("cycle:12") lets the person share their answer with that team. With `schedule_id` and
    `occurrence`, a second call for the same occurrence returns the first
    one's message instead of recording the prompt twice. Returns None when there is nothing
    to send: the prompt was retired, or the pool is empty.
    """
    if (prompt_id is None) == (pool is None):
        raise ValueError("give exactly one of prompt_id and pool")
    await ensure_bank(session, community, now)
    language = member_language(member, community)
    if schedule_id is not None and occurrence is not None:
        existing = await find_delivery(session, member.id, schedule_id, occurrence)
        if existing is not None and existing.prompt_id is not None:
            prompt = await session.get(Prompt, existing.prompt_id)
            if prompt is not None and prompt.community_id == community.id:
                return _sent(community, member, existing, prompt)
    if prompt_id is not None:
        named = await get_prompt(session, community.id, prompt_id)
        if named is None or not named.active:
            return None
        prompt = await counterpart(session, community, named, language, member)
    else:
        assert pool is not None
        prompt = await choose_from_pool(session, community, member, pool, language)
        if prompt is None:
            return None
    reflection = Reflection(
        community_id=community.id,
        member_id=member.id,
        prompt_id=prompt.id,
        status=Status.OPEN.value,
        sent_at=now,
        schedule_id=schedule_id,
        occurrence=occurrence,
        team=team,
        share="private",
    )
    session.add(reflection)
    await session.flush()
    return _sent(community, member, reflection, prompt)


def _sent(
    community: Community, member: Member, reflection: Reflection, prompt: Prompt
) -> SentPrompt:
    with speaking(member_language(member, community)):
        reply = prompt_reply(prompt, heading=_("A reflection prompt for you"))
    return SentPrompt(
        reflection.id, prompt.number, member.id, member_address(community, member), reply
    )


def describe_tags(prompt: Prompt, *, language: bool = False) -> str:
    """ "phase: plan · themes: voice, rigor", with the values as they are typed; with
    `language`, the language it is written in first ("language: es")."""
    parts = []
    if language:
        parts.append(_("language: {language}", language=prompt.language))
    if prompt.phase:
        parts.append(_("phase: {phase}", phase=prompt.phase))
    if prompt.tags:
        parts.append(_("themes: {themes}", themes=", ".join(prompt.tags)))
    return " · ".join(parts)


def prompt_reply(prompt: Prompt, *, heading: str, more: str | None = None) -> Reply:
    """A prompt as a person sees it: the question, a form to answer, skip and snooze."""
    blocks: list[Block] = [Header(heading), Paragraph(prompt.text)]
    tags = describe_tags(prompt)
    if tags:
        blocks.append(Note(tags))
    blocks.append(
        Buttons(
            (
                Button(pgettext("button", "Skip"), f"/reflect skip prompt:{prompt.number}"),
                Button(_("Snooze a day"), f"/reflect snooze 1d prompt:{prompt.number}"),
            )
        )
    )
    blocks.append(
        Note(
            _(
                'Answer with /reflect answer "your thoughts". Only you can see it unless you '
                "add share:team or share:community."
            )
        )
    )
    if more:
        blocks.append(Note(more))
    form = Form(
        title=_("Your reflection"),
        command=f"/reflect answer prompt:{prompt.number}",
        fields=(
            FormField(
                "text",
                prompt.text[:45] + ("…" if len(prompt.text) > 45 else ""),
                multiline=True,
                max_length=4000,
            ),
            FormField(
                "share",
                _("Share with"),
                required=False,
                placeholder=_("private (the default), team or community"),
                max_length=10,
            ),
        ),
        submit_label=pgettext("button", "Save"),
    )
    return Reply(blocks, form=form)


def local(moment: datetime, zone: ZoneInfo) -> str:
    """A moment as a person reads it in their own zone and language: "Tue 24 Nov 08:00"."""
    shown = moment.astimezone(zone)
    return f"{date_text(shown, 'day_short')} {time_text(shown)}"


def check_share(value: str | None) -> str:
    share = (value or "private").strip().lower()
    share = _SHARE_WORDS.get(share, share)
    if share not in SHARES:
        raise UserError(
            _("share: can be private, team or community, not “{value}”.", value=value),
            option="share",
        )
    return share
