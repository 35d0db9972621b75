"""The lesson-study part of a person's home: the open cycles they are on, what is next."""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import HomeSection
from bot.kernel.i18n import pgettext
from bot.kernel.reply import Block, Button, Buttons, Item, ItemList
from commands.cycle.render import headline
from commands.cycle.views import load_view
from storage.cycles import cycle_team, open_cycles

SHOWN = 5


async def my_cycles(ctx: Context) -> list[Block]:
    mine = []
    for cycle in await open_cycles(ctx.session, ctx.community.id):
        team = await cycle_team(ctx.session, cycle)
        if any(row.member_id == ctx.member.id for row in team):
            mine.append(cycle)
    if not mine:
        return []
    views = [await load_view(ctx, cycle) for cycle in mine[:SHOWN]]
    items = tuple(
        Item(view.cycle.name, detail=headline(view), ref=f"#{view.cycle.id}") for view in views
    )
    buttons = tuple(
        Button(pgettext("button", "#{id} status", id=v.cycle.id), f"/cycle status {v.cycle.id}")
        for v in views
    )
    return [ItemList(items), Buttons(buttons)]


HOME = HomeSection(
    "Your lesson-study cycles", my_cycles, empty="You are on no open cycle.", order=20
)
