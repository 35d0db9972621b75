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

from contextlib import nullcontext

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import UserError
from bot.kernel.i18n import _, pgettext
from bot.kernel.reply import Block, Button, Buttons, ButtonStyle, Note, Paragraph, Reply, Tone
from bot.text.deidentify import describe_findings
from commands.case.browse import authors_of, visible_case
from commands.case.library import unpublish_case
from commands.case.views import status_label
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
    described = describe_findings(findings, _("Your note"))
    blocks: list[Block] = [
        Paragraph(_("Nothing was sent: {findings}", findings=described)),
        Note(_("Edit the note and send it again, or send it as it is: {command}", command=again)),
    ]
    if len(again) <= BUTTON_COMMAND_MAX:
        blocks.append(
            Buttons((Button(pgettext("button", "It's fine: send it"), again, ButtonStyle.PRIMARY),))
        )
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
            _(
                "Case #{id} is {status}, not published; only a published case can be unpublished.",
                id=case.id,
                status=status_label(case),
            )
        )
    note = (args.get("note") or "").strip() or None
    command = f"/case unpublish {case.id}" + (f" note:{quoted(note)}" if note else "")
    if not args.get("confirm"):
        if note:
            would = _(
                "This would take case #{id} “{title}” out of the case library at once and "
                "return it to its author with your note. The author is told by direct "
                "message; the audit log records it.",
                id=case.id,
                title=case.title,
            )
        else:
            would = _(
                "This would take case #{id} “{title}” out of the case library at once and "
                "return it to its author. The author is told by direct message; the audit "
                "log records it.",
                id=case.id,
                title=case.title,
            )
        confirmed = f"{command} confirm:yes"
        return Reply(
            [
                Paragraph(would),
                Note(_("Nothing changes until you run {command}", command=confirmed)),
                Buttons(
                    (
                        Button(
                            pgettext("button", "Unpublish it"),
                            confirmed,
                            ButtonStyle.DANGER,
                        ),
                    )
                ),
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
    # Stored, and shown to whoever reads the case later: written in its author's language.
    with ctx.speaking_to(author) if author is not None else nullcontext():
        case.review_note = note or _("A facilitator took this case out of the library.")
    case.reviewer_id = ctx.member.id
    case.reviewed_at = ctx.now
    case.updated_at = ctx.now
    case.published_at = None
    audit(ctx, case, AuditAction.UNPUBLISHED, note)
    if author is not None:
        with ctx.speaking_to(author):
            ctx.notify(
                ctx.member_address(author),
                Reply(
                    [
                        Paragraph(
                            _(
                                "A facilitator took your case #{id} “{title}” out of the case "
                                "library; it is back with you as returned.",
                                id=case.id,
                                title=case.title,
                            )
                        ),
                        Paragraph(_("Their note: {note}", note=note))
                        if note
                        else Note(_("No note was given.")),
                        Note(
                            _(
                                "Edit it with /case submit {id}; it is checked and submitted "
                                "again.",
                                id=case.id,
                            )
                        ),
                    ],
                    tone=Tone.WARNING,
                ),
            )
    blocks: list[Block] = [
        Paragraph(
            _(
                "Unpublished case #{id}: it is out of the library and back with its author, "
                "who has been told.",
                id=case.id,
            )
        )
    ]
    if held is not None and note is None:
        blocks.append(
            Note(
                _(
                    "Your note may identify a student, so it was not sent and not logged; the "
                    "author was told of the takedown without it."
                )
            )
        )
    return Reply(blocks, tone=Tone.SUCCESS)
