"""The prompt bank, for facilitators: list, add, retire and restore prompts.

Prompts are never deleted: a reflection keeps pointing at the question it answered, and a
retired prompt simply stops going out (pools skip it; a schedule naming it sends nothing).
Each prompt is written in one language; a prompt added with `pair:` is the counterpart of
another in a second language, which a schedule naming either sends to its readers.
"""

from __future__ import annotations

import re

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.i18n import _, ngettext
from bot.kernel.language import Language
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
            _(
                "“{raw}” is not a tag; tags are short words with hyphens, e.g. entry-points.",
                raw=raw,
            )
        )
    return tag


def parse_language(raw: str) -> Language:
    """`language:es`, `language:español`, `language:English`: stored as its code."""
    language = Language.parse(raw)
    if language is None:
        choices = ", ".join(item.value for item in Language)
        raise UserError(
            _("language: can be {choices}, not “{raw}”.", choices=choices, raw=raw),
            option="language",
        )
    return language


async def prompts(ctx: Context, args: Args) -> Reply:
    await ensure_bank(ctx.session, ctx.community, ctx.now)
    include_retired = bool(args.get("all"))
    rows = await list_prompts(ctx.session, ctx.community.id, include_retired=include_retired)
    if "tag" in args:
        pool = normalise_tag(args["tag"])
        rows = [p for p in rows if p.in_pool(pool)]
    if "phase" in args:
        rows = [p for p in rows if p.phase == args["phase"]]
    language = parse_language(args["language"]) if "language" in args else None
    if language is not None:
        rows = [p for p in rows if p.language == language.value]
    page = args.get("page", 1)
    pages = page_count(len(rows), PROMPTS_PAGE)
    if page > pages and rows:
        raise UserError(
            ngettext(
                "There is only {n} page of prompts.", "There are only {n} pages of prompts.", pages
            )
        )
    shown = rows[(page - 1) * PROMPTS_PAGE : page * PROMPTS_PAGE]
    items = tuple(
        Item(
            title=p.text,
            detail=(
                describe_tags(p, language=True)
                if p.active
                else _("{tags} · retired", tags=describe_tags(p, language=True))
            ),
            ref=f"#{p.number}",
        )
        for p in shown
    )
    blocks: list[Block] = [
        Header(_("Prompt bank")),
        ItemList(items, empty_text=_("No prompts match.")),
        Note(
            ngettext(
                "Page {page} of {pages} ({n} prompt). Schedule one with /reflect schedule "
                'to:<target> when:"every monday 8:00" prompt:<id> or pool:<tag>.',
                "Page {page} of {pages} ({n} prompts). Schedule one with /reflect schedule "
                'to:<target> when:"every monday 8:00" prompt:<id> or pool:<tag>.',
                len(rows),
                page=page,
                pages=pages,
            )
        ),
    ]
    base = "/reflect prompts" + "".join(
        f" {name}:{args[name]}" for name in ("tag", "phase") if name in args
    )
    if language is not None:
        base += f" language:{language.value}"
    if include_retired:
        base += " all:yes"
    blocks.extend(pager(base, page, pages, total=len(rows)))
    return Reply(blocks)


async def add_prompt(ctx: Context, args: Args) -> Reply:
    await ensure_bank(ctx.session, ctx.community, ctx.now)
    text = " ".join(args["text"].split())
    if len(text) < 10:
        raise UserError(_("A prompt needs at least a short question (10 characters or more)."))
    tags = sorted({normalise_tag(tag) for tag in args.get("tag", ())})
    language = parse_language(args["language"]) if "language" in args else ctx.language
    bank = await list_prompts(ctx.session, ctx.community.id, include_retired=True)
    for existing in bank:
        if existing.text.casefold() == text.casefold():
            if existing.active:
                message = _(
                    "That prompt is already in the bank as #{number}.", number=existing.number
                )
            else:
                message = _(
                    "That prompt is already in the bank as #{number} (retired; /reflect "
                    "restore brings it back).",
                    number=existing.number,
                )
            raise UserError(message)
    other = None
    if "pair" in args:
        other = await prompt_or_404(ctx.session, ctx.community, args["pair"])
        if other.language == language.value:
            raise UserError(
                _(
                    "Prompt #{number} is in {language} too; pair: names the same question in "
                    "another language.",
                    number=other.number,
                    language=language.label,
                ),
                option="pair",
            )
        taken = [
            p for p in bank if other.pair and p.pair == other.pair and p.language == language.value
        ]
        if taken:
            raise UserError(
                _(
                    "Prompt #{number} already has a counterpart in {language}: #{other}.",
                    number=other.number,
                    language=language.label,
                    other=taken[0].number,
                ),
                option="pair",
            )
    prompt = Prompt(
        community_id=ctx.community.id,
        number=await next_prompt_number(ctx.session, ctx.community.id),
        text=text,
        phase=args.get("phase"),
        tags=tags,
        starter=False,
        language=language.value,
        created_by=ctx.member.id,
        created_at=ctx.now,
    )
    if other is not None:
        other.pair = other.pair or f"prompt-{other.number}"
        prompt.pair = other.pair
    ctx.session.add(prompt)
    await ctx.session.flush()
    blocks: list[Block] = [
        Header(_("Added prompt #{number}", number=prompt.number)),
        ItemList((Item(title=prompt.text, ref=f"#{prompt.number}"),)),
        Note(describe_tags(prompt, language=True)),
    ]
    if not prompt.phase and not prompt.tags:
        blocks.append(Note(_("No phase or themes; add them with phase: and tag:.")))
    if other is not None:
        blocks.append(
            Note(
                _(
                    "Paired with #{other}: a schedule naming either sends each person the one "
                    "in their language.",
                    other=other.number,
                )
            )
        )
    return Reply(blocks, tone=Tone.SUCCESS)


async def retire(ctx: Context, args: Args) -> Reply:
    await ensure_bank(ctx.session, ctx.community, ctx.now)
    prompt = await prompt_or_404(ctx.session, ctx.community, args["prompt"])
    if not prompt.active:
        return Reply.text(_("Prompt #{number} is already retired.", number=prompt.number))
    prompt.retired_at = ctx.now
    return Reply(
        [
            Header(_("Retired prompt #{number}", number=prompt.number)),
            Note(
                _(
                    "It no longer goes out: pools skip it and schedules naming it send "
                    "nothing. Answers already written keep it. /reflect restore brings it back."
                )
            ),
        ],
        tone=Tone.SUCCESS,
    )


async def restore(ctx: Context, args: Args) -> Reply:
    prompt = await prompt_or_404(ctx.session, ctx.community, args["prompt"])
    if prompt.active:
        return Reply.text(
            _("Prompt #{number} is in use; nothing to restore.", number=prompt.number)
        )
    prompt.retired_at = None
    return Reply.text(
        _("Restored prompt #{number}; it goes out again.", number=prompt.number),
        tone=Tone.SUCCESS,
    )
