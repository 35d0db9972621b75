"""What every member does with prompts: see the open one, answer, skip, snooze, look back.

Everything here reads and writes only the asking person's own reflections, except
`shared`, which lists answers their authors chose to share with the asker.
"""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.i18n import N_, _, ngettext, pgettext
from bot.kernel.pager import page_count, pager
from bot.kernel.reply import (
    Block,
    Button,
    Buttons,
    Header,
    Item,
    ItemList,
    Note,
    Paragraph,
    Reply,
    Tone,
)
from bot.text.deidentify import Finding, describe_findings
from commands.reflect.core import check_share, ensure_bank, local, prompt_or_404, prompt_reply
from commands.reflect.scheduled import round_up_to_minute, schedule_snooze_reminder
from storage.reflect import (
    Reflection,
    Share,
    Status,
    held_reflection,
    history_page,
    open_reflections,
    prompts_by_ids,
    shared_with,
    teams_of,
)

HISTORY_PAGE = 5
SHARED_PAGE = 5
_SHARE_SAYS = {
    "private": N_("private: only you can see it"),
    "team": N_("shared with your team"),
    "community": N_("shared with the community"),
}


async def _target(ctx: Context, args: Args) -> Reflection | None:
    """The open reflection a command is about: the named prompt's, else the newest one."""
    ready, snoozed = await open_reflections(
        ctx.session, ctx.community.id, ctx.member.id, now=ctx.now
    )
    if "prompt" in args:
        prompt = await prompt_or_404(ctx.session, ctx.community, args["prompt"])
        for reflection in (*ready, *snoozed):
            if reflection.prompt_id == prompt.id:
                return reflection
        return None
    if ready:
        return ready[0]
    return snoozed[0] if snoozed else None


async def open_(ctx: Context, args: Args) -> Reply:
    await ensure_bank(ctx.session, ctx.community, ctx.now)
    ready, snoozed = await open_reflections(
        ctx.session, ctx.community.id, ctx.member.id, now=ctx.now
    )
    zone = ctx.member_zone()
    if not ready:
        if snoozed:
            until = min(r.snoozed_until for r in snoozed if r.snoozed_until is not None)
            return Reply(
                [
                    Paragraph(
                        _("Your open prompt is snoozed until {until}.", until=local(until, zone))
                    ),
                    Note(_('You can still answer it now: /reflect answer "your thoughts".')),
                ]
            )
        return Reply(
            [
                Paragraph(_("You have no open prompt right now.")),
                Note(_('Write a free reflection any time: /reflect answer "your thoughts".')),
            ]
        )
    shown = ready[0]
    prompts = await prompts_by_ids(
        ctx.session, ctx.community.id, {r.prompt_id for r in ready if r.prompt_id}
    )
    prompt = prompts.get(shown.prompt_id or 0)
    if prompt is None:  # its prompt is gone; nothing to show, nothing to answer against
        return Reply.text(_("You have no open prompt right now."))
    more = None
    others = [prompts[r.prompt_id] for r in ready[1:] if r.prompt_id in prompts]
    if others:
        ids = ", ".join(f"#{p.number}" for p in others)
        more = _('Also open: {ids}. Answer one with /reflect answer "..." prompt:<id>.', ids=ids)
    sent = _("Sent {when}", when=local(shown.sent_at, zone)) if shown.sent_at else None
    reply = prompt_reply(
        prompt, heading=_("Your open prompt #{number}", number=prompt.number), more=more
    )
    if sent:
        reply.blocks.insert(1, Note(sent))
    return reply


async def answer(ctx: Context, args: Args) -> Reply:
    await ensure_bank(ctx.session, ctx.community, ctx.now)
    text = (args.get("text") or "").strip()
    held = await held_reflection(ctx.session, ctx.community.id, ctx.member.id)
    if not text:
        if not args.get("confirm"):
            raise UserError(_('Write your reflection: /reflect answer "your thoughts".'))
        if held is None:
            raise UserError(_("You have no reflection waiting to be shared."))
        return _share_held(ctx, held)
    share = check_share(args.get("share"))
    reflection = await _target(ctx, args)
    if held is not None and reflection is None and share != Share.PRIVATE:
        reflection = held  # the text comes again, edited or confirmed: not a new reflection
    prompt_id = None
    if "prompt" in args:
        prompt_id = (await prompt_or_404(ctx.session, ctx.community, args["prompt"])).id
    if share == Share.TEAM and (reflection is None or not reflection.team):
        raise UserError(
            _(
                "Only an answer to a prompt sent to your team can be shared with a team. "
                "Keep it private (the default) or use share:community."
            ),
            option="share",
        )
    findings = ctx.identifying_details(text) if share != Share.PRIVATE else []
    shown = set((reflection.held_findings or []) if reflection is not None else [])
    keys = sorted({finding_key(f) for f in findings})
    hold = bool(findings) and not (args.get("confirm") and set(keys) <= shown)
    free = reflection is None
    if reflection is None:
        reflection = Reflection(
            community_id=ctx.community.id,
            member_id=ctx.member.id,
            prompt_id=prompt_id,
        )
        ctx.session.add(reflection)
    reflection.status = Status.ANSWERED.value
    reflection.answer = text
    reflection.share = share
    reflection.answered_at = ctx.now
    reflection.snoozed_until = None
    reflection.held_share = None
    reflection.held_findings = None
    if hold:
        # Saved, so nothing typed is lost, but private until the author confirms or edits.
        reflection.share = Share.PRIVATE.value
        reflection.held_share = share
        reflection.held_findings = keys
        return _held_reply(findings, share, again=bool(args.get("confirm")) and bool(shown))
    says = _(_SHARE_SAYS[share])
    saved = (
        _("Saved your free reflection ({share}).", share=says)
        if free
        else _("Saved your reflection ({share}).", share=says)
    )
    blocks: list[Block] = [Paragraph(saved)]
    ready, snoozed = await open_reflections(
        ctx.session, ctx.community.id, ctx.member.id, now=ctx.now
    )
    remaining = [r for r in (*ready, *snoozed) if r is not reflection and r.id != reflection.id]
    if remaining:
        blocks.append(
            Note(
                ngettext(
                    "You have {n} more open prompt: /reflect",
                    "You have {n} more open prompts: /reflect",
                    len(remaining),
                )
            )
        )
    blocks.append(Note(_("See what you have written with /reflect history.")))
    return Reply(blocks, tone=Tone.SUCCESS)


def _share_word(share: str) -> str:
    """How a history line names who a reflection is shared with, in one word."""
    if share == Share.TEAM:
        return pgettext("share", "team")
    if share == Share.COMMUNITY:
        return pgettext("share", "community")
    return pgettext("share", "private")


def finding_key(finding: Finding) -> str:
    return f"{finding.kind}|{' '.join(finding.excerpt.split()).lower()}"


def _held_reply(findings: list[Finding], share: str, *, again: bool) -> Reply:
    blocks: list[Block] = [
        Paragraph(_("Saved your reflection privately; it is not shared yet.")),
        Paragraph(describe_findings(findings, _("Your reflection"))),
    ]
    if again:
        blocks.append(Paragraph(_("Some of these are new since you were last shown the list.")))
    blocks.append(
        Note(
            _(
                "Edit it and answer again with share:{share}, or share it as it is: "
                "/reflect answer confirm:yes",
                share=share,
            )
        )
    )
    blocks.append(
        Buttons(
            (Button(pgettext("button", "They're fine: share it"), "/reflect answer confirm:yes"),)
        )
    )
    return Reply(blocks, tone=Tone.WARNING)


def _share_held(ctx: Context, held: Reflection) -> Reply:
    """Share a held reflection as it is: the author confirmed what they were shown."""
    findings = ctx.identifying_details(held.answer or "")
    keys = {finding_key(f) for f in findings}
    if not keys <= set(held.held_findings or []):
        held.held_findings = sorted(keys)
        return _held_reply(findings, held.held_share or Share.COMMUNITY.value, again=True)
    share = held.held_share or Share.PRIVATE.value
    held.share = share
    held.held_share = None
    held.held_findings = None
    return Reply.text(
        _("Shared your reflection ({share}).", share=_(_SHARE_SAYS[share])), tone=Tone.SUCCESS
    )


async def skip(ctx: Context, args: Args) -> Reply:
    reflection = await _target(ctx, args)
    if reflection is None:
        raise UserError(_("You have no open prompt to skip."))
    reflection.status = Status.SKIPPED.value
    reflection.skipped_at = ctx.now
    reflection.snoozed_until = None
    number = await _number(ctx, reflection)
    return Reply.text(_("Skipped prompt #{number}. No need to answer it.", number=number))


async def snooze(ctx: Context, args: Args) -> Reply:
    reflection = await _target(ctx, args)
    if reflection is None:
        raise UserError(_("You have no open prompt to snooze."))
    until = round_up_to_minute(ctx.now + args["duration"])
    reflection.snoozed_until = until
    await schedule_snooze_reminder(ctx, reflection)
    zone = ctx.member_zone()
    number = await _number(ctx, reflection)
    return Reply(
        [
            Paragraph(
                _(
                    "Snoozed prompt #{number} until {until} ({zone}); it comes back then.",
                    number=number,
                    until=local(until, zone),
                    zone=zone.key,
                )
            ),
            Note(_('You can still answer it before then: /reflect answer "your thoughts".')),
        ],
        tone=Tone.SUCCESS,
    )


async def history(ctx: Context, args: Args) -> Reply:
    page = args.get("page", 1)
    rows, total = await history_page(
        ctx.session,
        ctx.community.id,
        ctx.member.id,
        offset=(page - 1) * HISTORY_PAGE,
        limit=HISTORY_PAGE,
    )
    pages = page_count(total, HISTORY_PAGE)
    if page > pages and total:
        raise UserError(
            ngettext(
                "There is only {n} page of history.", "There are only {n} pages of history.", pages
            )
        )
    zone = ctx.member_zone()
    prompts = await prompts_by_ids(
        ctx.session, ctx.community.id, {r.prompt_id for r in rows if r.prompt_id}
    )
    items = []
    for row in rows:
        prompt = prompts.get(row.prompt_id or 0)
        title = _short(prompt.text) if prompt else _("Free reflection")
        if row.status == Status.SKIPPED:
            when = local(row.skipped_at, zone) if row.skipped_at else ""
            detail = _("Skipped {when}", when=when)
        else:
            when = local(row.answered_at, zone) if row.answered_at else ""
            detail = f"{row.answer}\n{when} · {_share_word(row.share)}"
        items.append(Item(title=title, detail=detail, ref=f"#{prompt.number}" if prompt else None))
    blocks: list[Block] = [
        Header(_("Your reflections")),
        ItemList(tuple(items), empty_text=_('Nothing yet. Write one: /reflect answer "..."')),
    ]
    if total:
        blocks.append(
            Note(_("Page {page} of {pages}. Only you can see this.", page=page, pages=pages))
        )
    blocks.extend(pager("/reflect history", page, pages, total=total))
    return Reply(blocks)


async def shared(ctx: Context, args: Args) -> Reply:
    page = args.get("page", 1)
    teams = await teams_of(ctx.session, ctx.community.id, ctx.member.id)
    rows, total = await shared_with(
        ctx.session,
        ctx.community.id,
        teams,
        offset=(page - 1) * SHARED_PAGE,
        limit=SHARED_PAGE,
    )
    pages = page_count(total, SHARED_PAGE)
    if page > pages and total:
        raise UserError(
            ngettext(
                "There is only {n} page of shared reflections.",
                "There are only {n} pages of shared reflections.",
                pages,
            )
        )
    prompts = await prompts_by_ids(
        ctx.session, ctx.community.id, {r.prompt_id for r, _author in rows if r.prompt_id}
    )
    zone = ctx.member_zone()
    items = []
    for row, author in rows:
        prompt = prompts.get(row.prompt_id or 0)
        title = (
            _("{name}, on: {prompt}", name=author.display_name, prompt=_short(prompt.text))
            if prompt
            else _("{name}, a free reflection", name=author.display_name)
        )
        who = (
            _("shared with the community")
            if row.share == Share.COMMUNITY
            else _("shared with the team")
        )
        when = local(row.answered_at, zone) if row.answered_at else ""
        items.append(Item(title=title, detail=f"{row.answer}\n{when} · {who}"))
    blocks: list[Block] = [
        Header(_("Reflections shared with you")),
        ItemList(tuple(items), empty_text=_("Nobody has shared a reflection with you yet.")),
    ]
    if total:
        blocks.append(Note(_("Page {page} of {pages}.", page=page, pages=pages)))
    blocks.extend(pager("/reflect shared", page, pages, total=total))
    return Reply(blocks)


async def _number(ctx: Context, reflection: Reflection) -> str:
    prompts = await prompts_by_ids(ctx.session, ctx.community.id, {reflection.prompt_id or 0})
    prompt = prompts.get(reflection.prompt_id or 0)
    return str(prompt.number) if prompt else "?"


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
