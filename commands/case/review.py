"""Facilitators' side: the review queue, claiming a case, approving or returning it.

The author hears the outcome by direct message. Approving publishes the case
and posts its card in the channel, with the author shown as members may see
them: an anonymous case's card never names its author.
"""

from __future__ import annotations

from dataclasses import replace

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import Refusal, UserError
from bot.kernel.i18n import _, date_text, ngettext, pgettext
from bot.kernel.reply import (
    Block,
    Button,
    Buttons,
    ButtonStyle,
    Form,
    FormField,
    ItemList,
    Note,
    Paragraph,
    Reply,
    Tone,
)
from commands.case.browse import authors_of, show, visible_case
from commands.case.library import publish_case
from commands.case.moderation import audit, held_note, quoted
from commands.case.views import Viewer, case_card, case_item, status_label
from storage.audit import AuditAction
from storage.cases import AWAITING_REVIEW, Case, CaseStatus, cases_with_status
from storage.community import Member, community_language
from storage.members import count_moderators, members_by_ids

NOTE_MAX = 1500


async def queue(ctx: Context, args: Args) -> Reply:
    viewer = Viewer.of(ctx)
    cases = await cases_with_status(
        ctx.session, ctx.community.id, sorted(AWAITING_REVIEW), oldest_first=True
    )
    authors = await authors_of(ctx, cases)
    reviewers = await _members(ctx, [c.reviewer_id for c in cases if c.reviewer_id])
    items = []
    for case in cases:
        item = case_item(case, authors.get(case.author_id), viewer, status=True)
        waiting = (
            _("submitted {date}", date=date_text(case.submitted_at, "month_day_year"))
            if case.submitted_at
            else ""
        )
        if case.state is CaseStatus.IN_REVIEW and case.reviewer_id in reviewers:
            reviewer = reviewers[case.reviewer_id].display_name
            waiting = (
                _("{submitted}, being reviewed by {name}", submitted=waiting, name=reviewer)
                if waiting
                else _("being reviewed by {name}", name=reviewer)
            )
        items.append(replace(item, detail=f"{item.detail}\n{waiting}"))
    return Reply(
        [
            Paragraph(
                ngettext(
                    "Cases waiting for review ({n}), oldest first.",
                    "Cases waiting for review ({n}), oldest first.",
                    len(cases),
                )
            ),
            ItemList(tuple(items), empty_text=_("No case is waiting for review.")),
            Note(_("/case review <id> to read one; then approve, or return it with a note.")),
        ]
    )


async def _members(ctx: Context, ids: list[int | None]) -> dict[int, Member]:
    wanted = [i for i in ids if i is not None]
    return await members_by_ids(ctx.session, ctx.community.id, wanted)


async def review(ctx: Context, args: Args) -> Reply:
    case = await visible_case(ctx, args["case"])
    if case.state not in AWAITING_REVIEW:
        raise UserError(
            _(
                "Case #{id} is {status}; only submitted cases can be reviewed. "
                "/case queue lists them.",
                id=case.id,
                status=status_label(case),
            )
        )
    action = args.get("action")
    if action is None:
        return await _claim(ctx, case, args)
    note = (args.get("note") or "").strip() or None
    if note and not args.get("confirm"):
        command = f"/case review {case.id} {action} note:{quoted(note)}"
        held = held_note(ctx, note, command)
        if held is not None:
            return held
    if action == "approve":
        return await _approve(ctx, case, note)
    return await _return(ctx, case, note)


async def _claim(ctx: Context, case: Case, args: Args) -> Reply:
    """Open a case for review: it shows as in review, by you, and you read all of it."""
    case.status = CaseStatus.IN_REVIEW.value
    case.reviewer_id = ctx.member.id
    case.updated_at = ctx.now
    reply = await show(ctx, args)
    reply.blocks.append(
        Buttons(
            (
                Button(
                    pgettext("button", "Approve and publish"),
                    f"/case review {case.id} approve",
                    ButtonStyle.PRIMARY,
                ),
                Button(pgettext("button", "Return with a note"), f"/case review {case.id} return"),
            )
        )
    )
    return reply


async def _approve(ctx: Context, case: Case, note: str | None) -> Reply:
    if case.author_id == ctx.member.id and await count_moderators(
        ctx.session, ctx.community.id, besides=ctx.member.id
    ):
        raise Refusal(
            _(
                "Case #{id} is your own: another facilitator reviews it. "
                "You can still return it, or withdraw it.",
                id=case.id,
            )
        )
    author = (await authors_of(ctx, [case])).get(case.author_id)
    case.status = CaseStatus.PUBLISHED.value
    case.reviewer_id = ctx.member.id
    case.reviewed_at = ctx.now
    case.published_at = ctx.now
    case.updated_at = ctx.now
    case.review_note = note
    await publish_case(ctx.session, case, now=ctx.now, language=community_language(ctx.community))
    audit(ctx, case, AuditAction.APPROVED, note)
    if author is not None:
        with ctx.speaking_to(author):
            if case.anonymous:
                published = _(
                    "Your case #{id} “{title}” was published in the case library. "
                    "Members don't see that you wrote it.",
                    id=case.id,
                    title=case.title,
                )
            else:
                published = _(
                    "Your case #{id} “{title}” was published in the case library.",
                    id=case.id,
                    title=case.title,
                )
            told: list[Block] = [Paragraph(published)]
            if note:
                told.append(Paragraph(_("The reviewer's note: {note}", note=note)))
            told.append(Note(f"/case show {case.id}"))
            ctx.notify(ctx.member_address(author), Reply(told, tone=Tone.SUCCESS))
    blocks: list[Block] = [Paragraph(_("Published case #{id} in the case library.", id=case.id))]
    blocks.extend(case_card(case, author, Viewer.public()))
    return Reply(blocks, private=False, tone=Tone.SUCCESS)


async def _return(ctx: Context, case: Case, note: str | None) -> Reply:
    if not note or not note.strip():
        reply = Reply(
            [
                Paragraph(_("Say what the author should change in case #{id}.", id=case.id)),
                Note(f'/case review {case.id} return note:"..."'),
            ],
            tone=Tone.WARNING,
        )
        reply.form = Form(
            _("Return case #{id}", id=case.id),
            f"/case review {case.id} return",
            (FormField("note", _("Note to the author"), multiline=True, max_length=NOTE_MAX),),
            submit_label=pgettext("button", "Return"),
        )
        return reply
    author = (await authors_of(ctx, [case])).get(case.author_id)
    case.status = CaseStatus.RETURNED.value
    case.review_note = note.strip()
    case.reviewer_id = ctx.member.id
    case.reviewed_at = ctx.now
    case.updated_at = ctx.now
    audit(ctx, case, AuditAction.RETURNED, case.review_note)
    if author is not None:
        with ctx.speaking_to(author):
            ctx.notify(
                ctx.member_address(author),
                Reply(
                    [
                        Paragraph(
                            _(
                                "Your case #{id} “{title}” was returned with a note:",
                                id=case.id,
                                title=case.title,
                            )
                        ),
                        Paragraph(case.review_note),
                        Note(
                            _(
                                "Edit it with /case submit {id} (the form) or "
                                '/case submit {id} evidence:"..."; it is checked and '
                                "submitted again.",
                                id=case.id,
                            )
                        ),
                    ],
                    tone=Tone.WARNING,
                ),
            )
    return Reply.text(
        _("Returned case #{id} to its author with your note.", id=case.id), tone=Tone.SUCCESS
    )
