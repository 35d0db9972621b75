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
from bot.kernel.model import Address
from bot.kernel.reply import Block, Button, Buttons, Form, FormField, Header, Note, Paragraph, Reply
from bot.scheduling.kinds import member_address
from commands.reflect.starter import STARTER_BANK
from storage.community import Community, Member
from storage.reflect import (
    Prompt,
    Reflection,
    Status,
    find_delivery,
    get_prompt,
    has_prompts,
    last_prompt_ids,
    list_prompts,
)

PHASES = ("study", "plan", "teach", "reflect", "revise", "reteach")
SHARES = ("private", "team", "community")
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
    """Give a community its starter bank the first time anyone reaches for it.

    Seeded once: a community whose facilitators retired every starter keeps them retired.
    """
    if await has_prompts(session, community.id):
        return
    try:
        # Two first commands at once (a platform's retry, a second instance) both get here:
        # the one that loses on the unique number finds the other's bank instead.
        async with session.begin_nested():
            for number, starter in enumerate(STARTER_BANK, start=1):
                session.add(
                    Prompt(
                        community_id=community.id,
                        number=number,
                        text=starter.text,
                        phase=starter.phase,
                        tags=list(starter.tags),
                        starter=True,
                        created_at=now,
                    )
                )
    except IntegrityError:
        return


async def prompt_or_404(session: AsyncSession, community: Community, number: int) -> Prompt:
    prompt = await get_prompt(session, community.id, number)
    if prompt is None:
        raise NotFound(f"There is no prompt #{number} here; /reflect prompts lists them.")
    return prompt


async def choose_from_pool(
    session: AsyncSession, community: Community, member: Member, pool: str
) -> Prompt | None:
    """The pool's prompt this person has waited longest for: never-sent first, then oldest.

    So a pool rotates through every prompt before repeating one, and a person never gets
    the same prompt twice in a row unless the pool holds only that one.
    """
    candidates = [p for p in await list_prompts(session, community.id) if p.in_pool(pool)]
    if not candidates:
        return None
    last = await last_prompt_ids(session, community.id, member.id)
    return min(candidates, key=lambda p: (last.get(p.id, _NEVER), p.number))


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
    """Record a prompt as sent to `member` and return the direct message to deliver.

    Give `prompt_id` (the prompt's number as people see it, #12) for one prompt, or `pool`
    (a tag or a phase) to rotate through a pool. `team` ("cycle:12") lets the person share
    their answer with that team. With
    `schedule_id` and `occurrence`, a second call for the same occurrence returns the first
    one's message instead of recording the prompt twice. Returns None when there is nothing
    to send: the prompt was retired, or the pool is empty.
    """
    if (prompt_id is None) == (pool is None):
        raise ValueError("give exactly one of prompt_id and pool")
    await ensure_bank(session, community, now)
    if schedule_id is not None and occurrence is not None:
        existing = await find_delivery(session, member.id, schedule_id, occurrence)
        if existing is not None and existing.prompt_id is not None:
            prompt = await session.get(Prompt, existing.prompt_id)
            if prompt is not None and prompt.community_id == community.id:
                return _sent(community, member, existing, prompt)
    if prompt_id is not None:
        prompt = await get_prompt(session, community.id, prompt_id)
        if prompt is None or not prompt.active:
            return None
    else:
        assert pool is not None
        prompt = await choose_from_pool(session, community, member, pool)
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
    reply = prompt_reply(prompt, heading="A reflection prompt for you")
    return SentPrompt(
        reflection.id, prompt.number, member.id, member_address(community, member), reply
    )


def describe_tags(prompt: Prompt) -> str:
    parts = []
    if prompt.phase:
        parts.append(f"phase: {prompt.phase}")
    if prompt.tags:
        parts.append("themes: " + ", ".join(prompt.tags))
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
                Button("Skip", f"/reflect skip prompt:{prompt.number}"),
                Button("Snooze a day", f"/reflect snooze 1d prompt:{prompt.number}"),
            )
        )
    )
    blocks.append(
        Note(
            'Answer with /reflect answer "your thoughts". Only you can see it unless you add '
            "share:team or share:community."
        )
    )
    if more:
        blocks.append(Note(more))
    form = Form(
        title="Your reflection",
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
                "Share with",
                required=False,
                placeholder="private (the default), team or community",
                max_length=10,
            ),
        ),
        submit_label="Save",
    )
    return Reply(blocks, form=form)


def local(moment: datetime, zone: ZoneInfo) -> str:
    """A moment as a person reads it in their own zone: "Tue 24 Nov 08:00"."""
    shown = moment.astimezone(zone)
    return f"{shown:%a} {shown.day} {shown:%b %H:%M}"


def check_share(value: str | None) -> str:
    share = (value or "private").strip().lower()
    if share not in SHARES:
        raise UserError(f"share: can be private, team or community, not “{value}”.", option="share")
    return share
