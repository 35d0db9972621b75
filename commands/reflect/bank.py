"""The prompt bank, for facilitators: list, add, retire and restore prompts.

Prompts are never deleted: a reflection keeps pointing at the question it answered, and a
retired prompt simply stops going out (pools skip it; a schedule naming it sends nothing).
"""

from __future__ import annotations

import re

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.pager import page_count, pager
from bot.kernel.reply import Block, Header, Item, ItemList, Note, Reply, Tone
from commands.reflect.core import describe_tags, ensure_bank, prompt_or_404
from storage.reflect import Prompt, list_prompts, next_prompt_number

PROMPTS_PAGE = 10
_TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def normalise_tag(raw: str) -> str:
    tag = "-".join(raw.strip().lower().lstrip("#").split())
    if not _TAG.match(tag):
        raise UserError(
            f"“{raw}” is not a tag; tags are short words with hyphens, e.g. entry-points."
        )
    return tag


async def prompts(ctx: Context, args: Args) -> Reply:
    await ensure_bank(ctx.session, ctx.community, ctx.now)
    include_retired = bool(args.get("all"))
    rows = await list_prompts(ctx.session, ctx.community.id, include_retired=include_retired)
    if "tag" in args:
        pool = normalise_tag(args["tag"])
        rows = [p for p in rows if p.in_pool(pool)]
    if "phase" in args:
        rows = [p for p in rows if p.phase == args["phase"]]
    page = args.get("page", 1)
    pages = page_count(len(rows), PROMPTS_PAGE)
    if page > pages and rows:
        raise UserError(f"There are only {pages} page(s) of prompts.")
    shown = rows[(page - 1) * PROMPTS_PAGE : page * PROMPTS_PAGE]
    items = tuple(
        Item(
            title=p.text,
            detail=describe_tags(p) + (" · retired" if not p.active else ""),
            ref=f"#{p.number}",
        )
        for p in shown
    )
    blocks: list[Block] = [
        Header("Prompt bank"),
        ItemList(items, empty_text="No prompts match."),
        Note(
            f"Page {page} of {pages} ({len(rows)} prompts). Schedule one with "
            '/reflect schedule to:<target> when:"every monday 8:00" prompt:<id> or pool:<tag>.'
        ),
    ]
    base = "/reflect prompts" + "".join(
        f" {name}:{args[name]}" for name in ("tag", "phase") if name in args
    )
    if include_retired:
        base += " all:yes"
    blocks.extend(pager(base, page, pages, total=len(rows)))
    return Reply(blocks)


async def add_prompt(ctx: Context, args: Args) -> Reply:
    await ensure_bank(ctx.session, ctx.community, ctx.now)
    text = " ".join(args["text"].split())
    if len(text) < 10:
        raise UserError("A prompt needs at least a short question (10 characters or more).")
    tags = sorted({normalise_tag(tag) for tag in args.get("tag", ())})
    for existing in await list_prompts(ctx.session, ctx.community.id, include_retired=True):
        if existing.text.casefold() == text.casefold():
            state = "" if existing.active else " (retired; /reflect restore brings it back)"
            raise UserError(f"That prompt is already in the bank as #{existing.number}{state}.")
    prompt = Prompt(
        community_id=ctx.community.id,
        number=await next_prompt_number(ctx.session, ctx.community.id),
        text=text,
        phase=args.get("phase"),
        tags=tags,
        starter=False,
        created_by=ctx.member.id,
        created_at=ctx.now,
    )
    ctx.session.add(prompt)
    await ctx.session.flush()
    tags_text = describe_tags(prompt)
    return Reply(
        [
            Header(f"Added prompt #{prompt.number}"),
            ItemList((Item(title=prompt.text, ref=f"#{prompt.number}"),)),
            Note(tags_text or "No phase or themes; add them with phase: and tag:."),
        ],
        tone=Tone.SUCCESS,
    )


async def retire(ctx: Context, args: Args) -> Reply:
    await ensure_bank(ctx.session, ctx.community, ctx.now)
    prompt = await prompt_or_404(ctx.session, ctx.community, args["prompt"])
    if not prompt.active:
        return Reply.text(f"Prompt #{prompt.number} is already retired.")
    prompt.retired_at = ctx.now
    return Reply(
        [
            Header(f"Retired prompt #{prompt.number}"),
            Note(
                "It no longer goes out: pools skip it and schedules naming it send nothing. "
                "Answers already written keep it. /reflect restore brings it back."
            ),
        ],
        tone=Tone.SUCCESS,
    )


async def restore(ctx: Context, args: Args) -> Reply:
    prompt = await prompt_or_404(ctx.session, ctx.community, args["prompt"])
    if prompt.active:
        return Reply.text(f"Prompt #{prompt.number} is in use; nothing to restore.")
    prompt.retired_at = None
    return Reply.text(f"Restored prompt #{prompt.number}; it goes out again.", tone=Tone.SUCCESS)
