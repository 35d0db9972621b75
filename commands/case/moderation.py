"""Taking a published case down, and checking what a moderator writes to an author.

`/case unpublish <id> [note:] confirm:yes` is a facilitator's (or an admin's)
takedown: the library copy goes in the same transaction, the case goes back to
its author as returned (with the note), the author is told by direct message,
and the audit log records who did it. Without `confirm:yes` it only says what
would happen.

A moderator's note goes to the author and into the audit log, so it is
checked for student-identifying details like everything else that is shared
("it names Jayden" would repeat the name): a note with findings is not sent
until the moderator re-sends the command with `confirm:yes`.
"""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.reply import Block, Button, Buttons, ButtonStyle, Note, Paragraph, Reply, Tone
from bot.text.deidentify import describe_findings
from commands.case.browse import authors_of, visible_case
from commands.case.library import unpublish_case
from storage.audit import AuditAction, record
from storage.cases import Case, CaseStatus

NOTE_MAX = 1500
BUTTON_COMMAND_MAX = 1900  # a button carries its command; Slack allows 2,000 characters


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def held_note(ctx: Context, note: str | None, command: str) -> Reply | None:
    """A reply holding the note back when it may identify a student, else None.

    `command` is the command as typed, without `confirm:yes`: it is shown back
    whole, so nothing typed is lost, with the same command and `confirm:yes`
    to send it as it is.
    """
    if not note:
        return None
    findings = ctx.identifying_details(note)
    if not findings:
        return None
    again = f"{command} confirm:yes"
    blocks: list[Block] = [
        Paragraph("Nothing was sent: " + describe_findings(findings, "Your note")),
        Note(f"Edit the note and send it again, or send it as it is: {again}"),
    ]
    if len(again) <= BUTTON_COMMAND_MAX:
        blocks.append(Buttons((Button("It's fine: send it", again, ButtonStyle.PRIMARY),)))
    return Reply(blocks, tone=Tone.WARNING)


def audit(ctx: Context, case: Case, action: AuditAction, note: str | None) -> None:
    record(
        ctx.session,
        ctx.community.id,
        actor_id=ctx.member.id,
        action=action,
        target_kind="case",
        target_id=case.id,
        subject_id=case.author_id,
        note=note,
        now=ctx.now,
    )


async def unpublish(ctx: Context, args: Args) -> Reply:
    case = await visible_case(ctx, args["case"])
    if case.state is not CaseStatus.PUBLISHED:
        raise UserError(
            f"Case #{case.id} is {case.status.replace('-', ' ')}, not published; "
            "only a published case can be unpublished."
        )
    note = (args.get("note") or "").strip() or None
    command = f"/case unpublish {case.id}" + (f" note:{quoted(note)}" if note else "")
    if not args.get("confirm"):
        return Reply(
            [
                Paragraph(
                    f"This would take case #{case.id} “{case.title}” out of the case library "
                    "at once and return it to its author"
                    + (" with your note." if note else ".")
                    + " The author is told by direct message; the audit log records it."
                ),
                Note(f"Nothing changes until you run {command} confirm:yes"),
                Buttons((Button("Unpublish it", f"{command} confirm:yes", ButtonStyle.DANGER),)),
            ],
            tone=Tone.WARNING,
        )
    held = held_note(ctx, note, command)
    if held is not None:
        # confirm:yes confirms the takedown, which must not wait for the note: a note that
        # may identify a student is left out rather than sent to the author.
        note = None
    author = (await authors_of(ctx, [case])).get(case.author_id)
    await unpublish_case(ctx.session, case)
    case.status = CaseStatus.RETURNED.value
    case.review_note = note or "A facilitator took this case out of the library."
    case.reviewer_id = ctx.member.id
    case.reviewed_at = ctx.now
    case.updated_at = ctx.now
    case.published_at = None
    audit(ctx, case, AuditAction.UNPUBLISHED, note)
    if author is not None:
        ctx.notify(
            ctx.member_address(author),
            Reply(
                [
                    Paragraph(
                        f"A facilitator took your case #{case.id} “{case.title}” out of the case "
                        "library; it is back with you as returned."
                    ),
                    Paragraph(f"Their note: {note}") if note else Note("No note was given."),
                    Note(
                        f"Edit it with /case submit {case.id}; it is checked and submitted again."
                    ),
                ],
                tone=Tone.WARNING,
            ),
        )
    blocks: list[Block] = [
        Paragraph(
            f"Unpublished case #{case.id}: it is out of the library and back with its author, "
            "who has been told."
        )
    ]
    if held is not None and note is None:
        blocks.append(
            Note(
                "Your note may identify a student, so it was not sent and not logged; the "
                "author was told of the takedown without it."
            )
        )
    return Reply(blocks, tone=Tone.SUCCESS)
