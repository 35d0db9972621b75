"""`/case submit`: write a case (a form, or options on one line), check it, submit it.

With no options it opens the form, filled in from your open draft if you have
one. With options it saves them into your draft (or the case you name), and
once every part is there it runs the identifying-details check: a case with
findings is held as a draft and the author is shown each span; submitting it
anyway takes `confirm:yes`, which confirms only the findings already shown.
"""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import NotFound, Refusal, UserError
from bot.kernel.i18n import _, pgettext
from bot.kernel.reply import Block, Button, Buttons, ButtonStyle, Form, Note, Paragraph, Reply, Tone
from commands.case.check import (
    PartFinding,
    check_case,
    findings_blocks,
    findings_list,
    unconfirmed,
)
from commands.case.fields import (
    LABELS,
    PART_NAMES,
    check_focus,
    check_grade,
    focus_problem,
    focus_vocabulary,
    form_fields,
    grade_problem,
    missing_parts,
)
from commands.case.views import Viewer, status_label
from storage.cases import EDITABLE, Case, CaseStatus, get_case, latest_draft


async def submit(ctx: Context, args: Args) -> Reply:
    given = args.given((*PART_NAMES, "anonymous"))
    case = await _target(ctx, args.get("case"), new=bool(args.get("new")))
    if not given and not args.get("confirm") and not args.get("draft"):
        return _form_reply(case)
    kept_apart: Case | None = None
    if case is not None and "case" not in args and _would_replace(case, args, given):
        # No id, and the parts given would overwrite what the open draft holds: that is
        # a new case, not an edit. Keep both; never replace typed text silently.
        kept_apart, case = case, None
    if case is None:
        case = _new_case(ctx)
        ctx.session.add(case)
    problems = _apply(ctx, case, args, given)
    await ctx.session.flush()  # the case has its id from here on
    missing = missing_parts(case)
    findings = check_case(case, ctx.published_names)
    if kept_apart is not None:
        problems.insert(
            0,
            _(
                "You have an open draft #{open} “{title}”; these parts would have replaced "
                "its own, so they are saved as a new draft #{id} and draft #{open} is "
                "unchanged. To add them to #{open} instead, use /case submit {open} ...",
                open=kept_apart.id,
                title=kept_apart.title or _("untitled"),
                id=case.id,
            ),
        )
        return _saved_draft(case, problems, missing, findings)
    if problems or missing or args.get("draft"):
        return _saved_draft(case, problems, missing, findings)
    new = unconfirmed(findings, case.held_findings or [])
    if findings and (new or not args.get("confirm")):
        case.held_findings = sorted({f.key for f in findings})
        return _held(case, findings, shown_before=bool(args.get("confirm")) and bool(new))
    return _submitted(ctx, case, [f.record for f in findings])


async def _target(ctx: Context, case_id: int | None, *, new: bool) -> Case | None:
    """The named case if it is yours to edit, else your open draft, else None."""
    if case_id is not None and new:
        raise UserError(_("Name a case to edit, or say new:yes to start one, not both."))
    if new:
        return None
    if case_id is None:
        return await latest_draft(ctx.session, ctx.community.id, ctx.member.id)
    case = await get_case(ctx.session, ctx.community.id, case_id)
    if case is None or not Viewer.of(ctx).may_see(case):
        raise NotFound(_("There is no case #{id} here.", id=case_id))
    if case.author_id != ctx.member.id:
        raise Refusal(_("Only the author can edit a case."))
    if case.state not in EDITABLE:
        raise UserError(
            _(
                "Case #{id} is {status}; only drafts and returned cases can be edited. "
                "See it with /case show.",
                id=case.id,
                status=status_label(case),
            )
        )
    return case


def _would_replace(case: Case, args: Args, given: list[str]) -> bool:
    """Whether any given part differs from a part the draft already has."""
    for name in given:
        if name == "anonymous":
            continue
        old = getattr(case, name)
        if not old:
            continue
        new = args[name].strip() if isinstance(args[name], str) else args[name]
        if name in ("focus", "grade"):
            old = ",".join(old) if name == "focus" else old
            if str(old).replace(" ", "").lower() != str(new).replace(" ", "").lower():
                return True
        elif str(old).strip() != str(new).strip():
            return True
    return False


def _new_case(ctx: Context) -> Case:
    now = ctx.now
    return Case(
        community_id=ctx.community.id,
        author_id=ctx.member.id,
        status=CaseStatus.DRAFT.value,
        anonymous=False,
        title="",
        grade="",
        context="",
        problem="",
        focus=[],
        tried="",
        evidence="",
        question="",
        held_findings=[],
        confirmed_findings=[],
        created_at=now,
        updated_at=now,
    )


def _apply(ctx: Context, case: Case, args: Args, given: list[str]) -> list[str]:
    """Save the given parts; a bad grade or focus is reported and left out, the text kept."""
    problems: list[str] = []
    for name in given:
        value = args[name]
        if name == "grade":
            band = check_grade(value)
            if band is None:
                problems.append(grade_problem(value))
            else:
                case.grade = band
        elif name == "focus":
            vocabulary = focus_vocabulary(ctx.community)
            known, unknown = check_focus(value, vocabulary)
            if unknown:
                problems.append(focus_problem(unknown, vocabulary))
            elif known:
                case.focus = known
        elif name == "anonymous":
            case.anonymous = bool(value)
        else:
            setattr(case, name, value.strip())
    if given:
        case.updated_at = ctx.now
    return problems


def _form_reply(case: Case | None) -> Reply:
    command = "/case submit" if case is None else f"/case submit {case.id}"
    title = _("New case of practice") if case is None else _("Case #{id}", id=case.id)
    intro = _(
        "Write your case. Use Student A, Student B, or a description instead of names; "
        "you'll be shown anything that could identify a student before it is submitted."
    )
    if case is not None:
        intro = _(
            "Continuing your {status} case #{id}. {intro}",
            status=status_label(case),
            id=case.id,
            intro=intro,
        )
    one_line = (
        f'{command} title:"..." grade:6-8 context:"..." problem:"..." '
        'focus:identity tried:"..." evidence:"..." question:"..." [anonymous:yes]'
    )
    reply = Reply([Paragraph(intro), Note(_("On one line: {command}", command=one_line))])
    reply.form = Form(
        title[:45], command, form_fields(case), submit_label=pgettext("button", "Submit case")
    )
    return reply


def _saved_draft(
    case: Case, problems: list[str], missing: list[str], findings: list[PartFinding]
) -> Reply:
    blocks: list[Block] = []
    if case.state is CaseStatus.DRAFT:
        saved = _("Saved your draft #{id}; it is not submitted yet.", id=case.id)
    else:
        saved = _("Saved your edits to returned case #{id}; it is not submitted yet.", id=case.id)
    blocks.append(Paragraph(saved))
    blocks.extend(Paragraph(problem) for problem in problems)
    if missing:
        names = ", ".join(f"{LABELS[name].lower()} ({name}:)" for name in missing)
        blocks.append(Paragraph(_("Still needed before it can be submitted: {parts}", parts=names)))
    if findings:
        case.held_findings = sorted({f.key for f in findings})
        blocks.append(Paragraph(_("Before you submit, check these details:")))
        blocks.append(findings_list(case, findings))
    blocks.append(
        Note(
            _(
                'Add parts with /case submit {id} evidence:"...", or open the form with '
                "/case submit {id}. Drafts are kept until you submit or withdraw them; "
                "only you can see them.",
                id=case.id,
            )
        )
    )
    blocks.append(
        Buttons((Button(pgettext("button", "Continue in the form"), f"/case submit {case.id}"),))
    )
    tone = Tone.WARNING if problems else Tone.INFO
    return Reply(blocks, tone=tone)


def _held(case: Case, findings: list[PartFinding], *, shown_before: bool) -> Reply:
    blocks = findings_blocks(case, findings)
    if shown_before:
        blocks.insert(
            1,
            Paragraph(_("Some of these are new since you were last shown the list; check them.")),
        )
    blocks.append(
        Note(
            _(
                'Edit a part with /case submit {id} context:"..." (it is checked again), '
                "or, if every detail above is fine, submit as it is with "
                "/case submit {id} confirm:yes.",
                id=case.id,
            )
        )
    )
    blocks.append(
        Buttons(
            (
                Button(
                    pgettext("button", "Edit in the form"),
                    f"/case submit {case.id}",
                    ButtonStyle.PRIMARY,
                ),
                Button(
                    pgettext("button", "They're fine: submit"),
                    f"/case submit {case.id} confirm:yes",
                ),
            )
        )
    )
    return Reply(blocks, tone=Tone.WARNING)


def _submitted(ctx: Context, case: Case, confirmed: list[str]) -> Reply:
    case.status = CaseStatus.SUBMITTED.value
    case.submitted_at = ctx.now
    case.updated_at = ctx.now
    case.confirmed_findings = sorted(set(confirmed))
    case.held_findings = []
    case.review_note = None
    case.reviewer_id = None
    shown_as = (
        _("Members will not see that you wrote it; facilitators will.")
        if case.anonymous
        else _("Members will see your name on it.")
    )
    return Reply(
        [
            Paragraph(
                _("Submitted case #{id} “{title}” for review.", id=case.id, title=case.title)
            ),
            Paragraph(
                _(
                    "A facilitator will read it; you'll get a direct message when it is "
                    "published or returned. {shown_as}",
                    shown_as=shown_as,
                )
            ),
            Note(_("Changed your mind? /case withdraw {id}", id=case.id)),
        ],
        tone=Tone.SUCCESS,
    )
