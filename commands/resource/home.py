"""The library part of a person's home: what they saved, newest first."""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import HomeSection
from bot.kernel.i18n import ngettext
from bot.kernel.reply import Block, Button, Buttons, Item, ItemList, Link
from commands.resource.render import labels_line
from storage.resources import saved_by_member

SHOWN = 5


async def saved(ctx: Context) -> list[Block]:
    resources, total = await saved_by_member(ctx.session, ctx.community.id, ctx.member.id, 0, SHOWN)
    if not resources:
        return []
    items = tuple(
        Item(
            r.title,
            detail=labels_line(r),
            link=Link(r.title, r.url) if r.url else None,
            ref=f"#{r.id}",
        )
        for r in resources
    )
    blocks: list[Block] = [ItemList(items)]
    if total > SHOWN:
        label = ngettext("All {n} saved", "All {n} saved", total)
        blocks.append(Buttons((Button(label, "/resource saved"),)))
    return blocks


HOME = HomeSection("Saved resources", saved, empty="Nothing saved yet.", order=40)
