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
from commands.case.views import Viewer, case_card, case_item
from storage.audit import AuditAction
from storage.cases import AWAITING_REVIEW, Case, CaseStatus, cases_with_status
from storage.community import Member
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
        waiting = f"submitted {case.submitted_at:%Y-%m-%d}" if case.submitted_at else ""
        if case.state is CaseStatus.IN_REVIEW and case.reviewer_id in reviewers:
            waiting += f", being reviewed by {reviewers[case.reviewer_id].display_name}"
        items.append(replace(item, detail=f"{item.detail}\n{waiting}"))
    return Reply(
        [
            Paragraph(f"Cases waiting for review ({len(cases)}), oldest first."),
            ItemList(tuple(items), empty_text="No case is waiting for review."),
            Note("/case review <id> to read one; then approve, or return it with a note."),
        ]
    )


async def _members(ctx: Context, ids: list[int | None]) -> dict[int, Member]:
    wanted = [i for i in ids if i is not None]
    return await members_by_ids(ctx.session, ctx.community.id, wanted)


async def review(ctx: Context, args: Args) -> Reply:
    case = await visible_case(ctx, args["case"])
    if case.state not in AWAITING_REVIEW:
        raise UserError(
            f"Case #{case.id} is {case.status.replace('-', ' ')}; "
            "only submitted cases can be reviewed. /case queue lists them."
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
                    "Approve and publish", f"/case review {case.id} approve", ButtonStyle.PRIMARY
                ),
                Button("Return with a note", f"/case review {case.id} return"),
            )
        )
    )
    return reply


async def _approve(ctx: Context, case: Case, note: str | None) -> Reply:
    if case.author_id == ctx.member.id and await count_moderators(
        ctx.session, ctx.community.id, besides=ctx.member.id
    ):
        raise Refusal(
            f"Case #{case.id} is your own: another facilitator reviews it. "
            "You can still return it, or withdraw it."
        )
    author = (await authors_of(ctx, [case])).get(case.author_id)
    case.status = CaseStatus.PUBLISHED.value
    case.reviewer_id = ctx.member.id
    case.reviewed_at = ctx.now
    case.published_at = ctx.now
    case.updated_at = ctx.now
    case.review_note = note
    await publish_case(ctx.session, case, now=ctx.now)
    audit(ctx, case, AuditAction.APPROVED, note)
    if author is not None:
        told: list[Block] = [
            Paragraph(
                f"Your case #{case.id} “{case.title}” was published in the case library."
                + (" Members don't see that you wrote it." if case.anonymous else "")
            )
        ]
        if note:
            told.append(Paragraph(f"The reviewer's note: {note}"))
        told.append(Note(f"/case show {case.id}"))
        ctx.notify(ctx.member_address(author), Reply(told, tone=Tone.SUCCESS))
    blocks: list[Block] = [Paragraph(f"Published case #{case.id} in the case library.")]
    blocks.extend(case_card(case, author, Viewer.public()))
    return Reply(blocks, private=False, tone=Tone.SUCCESS)


async def _return(ctx: Context, case: Case, note: str | None) -> Reply:
    if not note or not note.strip():
        reply = Reply(
            [
                Paragraph(f"Say what the author should change in case #{case.id}."),
                Note(f'/case review {case.id} return note:"..."'),
            ],
            tone=Tone.WARNING,
        )
        reply.form = Form(
            f"Return case #{case.id}",
            f"/case review {case.id} return",
            (FormField("note", "Note to the author", multiline=True, max_length=NOTE_MAX),),
            submit_label="Return",
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
        ctx.notify(
            ctx.member_address(author),
            Reply(
                [
                    Paragraph(f"Your case #{case.id} “{case.title}” was returned with a note:"),
                    Paragraph(case.review_note),
                    Note(
                        f"Edit it with /case submit {case.id} (the form) or "
                        f'/case submit {case.id} evidence:"..."; it is checked and submitted again.'
                    ),
                ],
                tone=Tone.WARNING,
            ),
        )
    return Reply.text(f"Returned case #{case.id} to its author with your note.", tone=Tone.SUCCESS)
