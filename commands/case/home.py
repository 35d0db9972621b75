"""The cases part of a person's home: their drafts, each with a button to go on."""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import HomeSection
from bot.kernel.i18n import _, pgettext
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
        returned = case.status == CaseStatus.RETURNED.value
        if missing:
            parts = ", ".join(missing)
            detail = (
                _("returned to you; still needed: {parts}", parts=parts)
                if returned
                else _("draft; still needed: {parts}", parts=parts)
            )
        else:
            detail = _("returned to you; ready") if returned else _("draft; ready")
        items.append(Item(case.title or _("Untitled case"), detail=detail, ref=f"#{case.id}"))
    buttons = tuple(
        Button(pgettext("button", "Go on with #{id}", id=c.id), f"/case submit {c.id}")
        for c in cases[:SHOWN]
    )
    return [ItemList(tuple(items)), Buttons(buttons)]


HOME = HomeSection("Your case drafts", drafts, empty="No drafts.", order=30)
