"""The reflection part of a person's home: their open prompt, with its answer button."""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import HomeSection
from bot.kernel.i18n import _, ngettext, pgettext
from bot.kernel.reply import Block, Button, Buttons, ButtonStyle, Note, Paragraph
from commands.reflect.core import local
from storage.reflect import open_reflections, prompts_by_ids


async def open_prompt(ctx: Context) -> list[Block]:
    ready, snoozed = await open_reflections(
        ctx.session, ctx.community.id, ctx.member.id, now=ctx.now
    )
    zone = ctx.member_zone()
    if not ready:
        if not snoozed:
            return []
        until = min(r.snoozed_until for r in snoozed if r.snoozed_until is not None)
        return [Note(_("Your open prompt is snoozed until {until}.", until=local(until, zone)))]
    prompts = await prompts_by_ids(
        ctx.session, ctx.community.id, {r.prompt_id for r in ready if r.prompt_id}
    )
    shown = ready[0]
    prompt = prompts.get(shown.prompt_id or 0)
    if prompt is None:
        return []
    blocks: list[Block] = [Paragraph(f"#{prompt.number} {prompt.text}")]
    if shown.sent_at:
        blocks.append(
            Note(
                _(
                    "Sent {when}; only you see your answer.",
                    when=local(shown.sent_at, zone),
                )
            )
        )
    blocks.append(
        Buttons(
            (
                Button(pgettext("button", "Answer"), "/reflect", ButtonStyle.PRIMARY),
                Button(pgettext("button", "Skip"), f"/reflect skip prompt:{prompt.number}"),
            )
        )
    )
    if len(ready) > 1:
        blocks.append(
            Note(
                ngettext(
                    "{n} more open; /reflect shows it.",
                    "{n} more open; /reflect shows them.",
                    len(ready) - 1,
                )
            )
        )
    return blocks


HOME = HomeSection("Your open prompt", open_prompt, empty="No open prompt right now.", order=10)
