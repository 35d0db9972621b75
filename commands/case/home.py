"""The cases part of a person's home: their drafts, each with a button to go on."""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import HomeSection
from bot.kernel.reply import Block, Button, Buttons, Item, ItemList
from commands.case.fields import missing_parts
from storage.cases import CaseStatus, cases_with_status

SHOWN = 5


async def drafts(ctx: Context) -> list[Block]:
    cases = await cases_with_status(
        ctx.session,
        ctx.community.id,
        [CaseStatus.DRAFT, CaseStatus.RETURNED],
        submitted_only=False,
        author_id=ctx.member.id,
    )
    if not cases:
        return []
    items = []
    for case in cases[:SHOWN]:
        missing = missing_parts(case)
        state = "returned to you" if case.status == CaseStatus.RETURNED.value else "draft"
        detail = f"{state}; still needed: {', '.join(missing)}" if missing else f"{state}; ready"
        items.append(Item(case.title or "Untitled case", detail=detail, ref=f"#{case.id}"))
    buttons = tuple(Button(f"Go on with #{c.id}", f"/case submit {c.id}") for c in cases[:SHOWN])
    return [ItemList(tuple(items)), Buttons(buttons)]


HOME = HomeSection("Your case drafts", drafts, empty="No drafts.", order=30)
