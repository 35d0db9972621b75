"""Reading cases: list, show, mine, search; and the author's withdraw.

Members see published cases and their own; facilitators also see every case
that has been submitted. Anything a viewer may not see is answered as if it
did not exist, so ids from another community or someone's draft reveal nothing.
"""

from __future__ import annotations

from dataclasses import replace

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import NotFound, Refusal, UserError
from bot.kernel.i18n import NP_, Words, _, ngettext, pgettext
from bot.kernel.pager import page_count, pager
from bot.kernel.reply import (
    Block,
    Button,
    Buttons,
    ButtonStyle,
    Item,
    ItemList,
    Note,
    Paragraph,
    Reply,
    Tone,
)
from commands.case.check import check_case, findings_list
from commands.case.fields import LABELS, check_focus, check_grade, focus_vocabulary, grade_problem
from commands.case.fields import missing_parts as missing_of
from commands.case.library import CaseQuery, search_cases, unpublish_case
from commands.case.views import STATUSES, Viewer, case_card, case_item
from storage.audit import AuditAction, record
from storage.cases import Case, CaseStatus, cases_by_author, cases_with_status, get_case
from storage.community import Member
from storage.members import members_by_ids

LIST_PAGE = 15


async def visible_case(ctx: Context, case_id: int) -> Case:
    """The case if this person may see it; otherwise it does not exist for them."""
    case = await get_case(ctx.session, ctx.community.id, case_id)
    if case is None or not Viewer.of(ctx).may_see(case):
        raise NotFound(_("There is no case #{id} here.", id=case_id))
    return case


async def authors_of(ctx: Context, cases: list[Case]) -> dict[int, Member]:
    return await members_by_ids(ctx.session, ctx.community.id, list({c.author_id for c in cases}))


async def show(ctx: Context, args: Args) -> Reply:
    case = await visible_case(ctx, args["case"])
    viewer = Viewer.of(ctx)
    author = (await authors_of(ctx, [case])).get(case.author_id)
    blocks: list[Block] = case_card(case, author, viewer)
    mine = case.author_id == ctx.member.id
    if case.state is CaseStatus.RETURNED and (mine or viewer.facilitator) and case.review_note:
        blocks.append(Paragraph(_("Returned with this note: {note}", note=case.review_note)))
    if viewer.facilitator and case.confirmed_findings and case.state is not CaseStatus.PUBLISHED:
        shown = ", ".join(_finding_label(key) for key in case.confirmed_findings)
        blocks.append(
            Note(_("The author confirmed these details are fine: {details}", details=shown))
        )
    if mine and case.state in (CaseStatus.DRAFT, CaseStatus.RETURNED):
        missing = missing_of(case)
        if missing:
            parts = ", ".join(f"{m}:" for m in missing)
            blocks.append(Note(_("Still needed: {parts}", parts=parts)))
        findings = check_case(case, ctx.published_names)
        if findings:
            blocks.append(Paragraph(_("Details to edit or confirm before you submit:")))
            blocks.append(findings_list(case, findings))
        blocks.append(
            Buttons(
                (Button(pgettext("button", "Continue in the form"), f"/case submit {case.id}"),)
            )
        )
    return Reply(blocks)


def _finding_label(key: str) -> str:
    part, _kind, excerpt = key.split("|", 2)
    return _("“{excerpt}” in {part}", excerpt=excerpt, part=LABELS[part])


STATUS_CHOICES = ("published", "submitted", "in-review", "returned", "withdrawn", "draft")
# Spanish words for the statuses typed in status:, stored and matched as the English choice.
STATUS_ALIASES = (
    ("publicado", "published"),
    ("publicados", "published"),
    ("enviado", "submitted"),
    ("enviados", "submitted"),
    ("en-revisión", "in-review"),
    ("en-revision", "in-review"),
    ("devuelto", "returned"),
    ("devueltos", "returned"),
    ("retirado", "withdrawn"),
    ("retirados", "withdrawn"),
    ("borrador", "draft"),
    ("borradores", "draft"),
)
# A list's heading: "Published cases (3)"; the status's own name is in views.STATUSES.
LIST_TITLES: dict[str, tuple[str, str]] = {
    "published": NP_("case list", "Published cases ({n})"),
    "submitted": NP_("case list", "Submitted cases ({n})"),
    "in-review": NP_("case list", "In review cases ({n})"),
    "returned": NP_("case list", "Returned cases ({n})"),
    "withdrawn": NP_("case list", "Withdrawn cases ({n})"),
    "draft": NP_("case list", "Draft cases ({n})"),
}
LIST_EMPTY = Words(
    {
        "published": NP_("case list", "No published cases yet."),
        "submitted": NP_("case list", "No submitted cases yet."),
        "in-review": NP_("case list", "No in review cases yet."),
        "returned": NP_("case list", "No returned cases yet."),
        "withdrawn": NP_("case list", "No withdrawn cases yet."),
        "draft": NP_("case list", "No draft cases yet."),
    }
)


async def list_(ctx: Context, args: Args) -> Reply:
    viewer = Viewer.of(ctx)
    status = CaseStatus(args.get("status", "published"))
    page = args.get("page", 1)
    note = None
    if status is CaseStatus.PUBLISHED:
        cases = await cases_with_status(ctx.session, ctx.community.id, [status])
    elif status is CaseStatus.DRAFT:
        cases = await cases_with_status(
            ctx.session, ctx.community.id, [status], submitted_only=False, author_id=ctx.member.id
        )
        note = _("Drafts are private: these are yours.")
    elif viewer.facilitator:
        cases = await cases_with_status(ctx.session, ctx.community.id, [status])
    else:
        cases = await cases_with_status(
            ctx.session, ctx.community.id, [status], author_id=ctx.member.id
        )
        note = _(
            "Only published cases are shared; these are your own {status} cases.",
            status=status_label_of(status),
        )
    authors = await authors_of(ctx, cases)
    pages = page_count(len(cases), LIST_PAGE)
    if page > pages:
        raise UserError(_only_pages(pages))
    shown = cases[(page - 1) * LIST_PAGE : page * LIST_PAGE]
    items = tuple(case_item(c, authors.get(c.author_id), viewer) for c in shown)
    blocks: list[Block] = [
        Paragraph(pgettext(*LIST_TITLES[status.value], n=len(cases))),
        ItemList(items, empty_text=LIST_EMPTY[status.value]),
    ]
    if note:
        blocks.append(Note(note))
    blocks.extend(_paged(f"/case list status:{status.value}", page, pages, len(cases)))
    return Reply(blocks)


def _paged(command: str, page: int, pages: int, total: int) -> list[Block]:
    """The page counter, when there is more than one page, and Previous and Next."""
    counter: list[Block] = (
        [Note(_("Page {page} of {pages}", page=page, pages=pages))] if pages > 1 else []
    )
    return [*counter, *pager(command, page, pages, total=total)]


def _only_pages(pages: int) -> str:
    return ngettext("There is only {n} page of cases.", "There are only {n} pages of cases.", pages)


def status_label_of(status: CaseStatus) -> str:
    return STATUSES[status.value]


async def mine(ctx: Context, args: Args) -> Reply:
    viewer = Viewer.of(ctx)
    cases = await cases_by_author(ctx.session, ctx.community.id, ctx.member.id)
    items = []
    for case in cases:
        item = case_item(case, ctx.member, viewer, status=True)
        if case.state is CaseStatus.DRAFT and (missing := missing_of(case)):
            item = _with_detail(item, _("still needed: {parts}", parts=", ".join(missing)))
        if case.state is CaseStatus.RETURNED and case.review_note:
            item = _with_detail(item, _("returned: {note}", note=case.review_note))
        items.append(item)
    return Reply(
        [
            Paragraph(_("Your cases, newest first.")),
            ItemList(
                tuple(items),
                empty_text=_("You have no cases yet; start one with /case submit."),
            ),
            Note(_("Drafts are only yours until you submit them. /case show <id> for one case.")),
        ]
    )


def _with_detail(item: Item, extra: str) -> Item:
    return replace(item, detail=f"{item.detail}\n{extra}")


async def withdraw(ctx: Context, args: Args) -> Reply:
    case = await visible_case(ctx, args["case"])
    if case.author_id != ctx.member.id:
        raise Refusal(_("Only the author can withdraw a case."))
    if case.state is CaseStatus.WITHDRAWN:
        raise UserError(_("Case #{id} is already withdrawn.", id=case.id))
    was_published = case.state is CaseStatus.PUBLISHED
    if was_published and not args.get("confirm"):
        command = f"/case withdraw {case.id} confirm:yes"
        return Reply(
            [
                Paragraph(
                    _(
                        "Case #{id} “{title}” is published: withdrawing takes it out of "
                        "the case library for good (withdrawn is final).",
                        id=case.id,
                        title=case.title,
                    )
                ),
                Note(_("Nothing changes until you run {command}", command=command)),
                Buttons((Button(pgettext("button", "Withdraw it"), command, ButtonStyle.DANGER),)),
            ],
            tone=Tone.WARNING,
        )
    case.status = CaseStatus.WITHDRAWN.value
    case.updated_at = ctx.now
    case.held_findings = []
    if was_published:
        await unpublish_case(ctx.session, case)
        record(
            ctx.session,
            ctx.community.id,
            actor_id=ctx.member.id,
            action=AuditAction.WITHDRAWN,
            target_kind="case",
            target_id=case.id,
            subject_id=case.author_id,
            note=None,
            now=ctx.now,
        )
        text = _("Withdrew case #{id}; it is no longer in the case library.", id=case.id)
    else:
        text = _("Withdrew case #{id}; nobody will review it.", id=case.id)
    return Reply.text(text, tone=Tone.SUCCESS)


async def search(ctx: Context, args: Args) -> Reply:
    viewer = Viewer.of(ctx)
    grade = None
    if "grade" in args:
        grade = check_grade(args["grade"])
        if grade is None:
            raise UserError(grade_problem(args["grade"]))
    focus = None
    if "focus" in args:
        vocabulary = focus_vocabulary(ctx.community)
        known, unknown = check_focus(args["focus"], vocabulary)
        if unknown:
            raise UserError(
                _(
                    "“{word}” is not an equity focus: {focus}.",
                    word=unknown[0],
                    focus=", ".join(vocabulary),
                )
            )
        if len(known) > 1:
            raise UserError(_("Search one equity focus at a time, e.g. focus:identity."))
        focus = known[0] if known else None
    by = await ctx.resolve_member(args["by"]) if "by" in args else None
    words = args.get("words", "")
    query = CaseQuery(
        words=words, grade=grade, focus=focus, by=by.id if by else None, page=args.get("page", 1)
    )
    found = await search_cases(ctx.session, ctx.community.id, query)
    if query.page > found.pages and found.total:
        raise UserError(_only_pages(found.pages))
    authors = await authors_of(ctx, found.cases)
    items = tuple(
        case_item(c, authors.get(c.author_id), viewer, snippet=found.snippets.get(c.id))
        for c in found.cases
    )
    if words:
        found_text = ngettext(
            "{n} published case for “{words}”.",
            "{n} published cases for “{words}”.",
            found.total,
            words=words,
        )
    else:
        found_text = ngettext(
            "{n} published case for the filters.",
            "{n} published cases for the filters.",
            found.total,
        )
    blocks: list[Block] = [
        Paragraph(found_text),
        ItemList(items, empty_text=_("No published case matches; try fewer words.")),
    ]
    command = "/case search" + (f' "{words}"' if words else "")
    if grade:
        command += f" grade:{grade}"
    if focus:
        command += f" focus:{focus}"
    if by is not None:
        command += f" by:@{by.name_key}"
    blocks.extend(_paged(command, found.page, found.pages, found.total))
    return Reply(blocks)
