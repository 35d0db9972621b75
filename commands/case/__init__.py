"""/case: cases of practice, from a private draft to the community's case library.

A member writes a case (a form, or options on one line), the
identifying-details check holds it until every flagged span is edited or
confirmed, facilitators review it, and approval publishes it. An anonymous
case never shows its author to members; facilitators always know who wrote it.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.grammar.spec import Family, Option, OptionType, PersonalData, SubCommand
from bot.kernel.i18n import ngettext
from bot.kernel.roles import Role
from commands.case import browse, figures, home, moderation, review, submit
from commands.case.demo import seed_demo
from commands.case.fields import part_options
from commands.case.lookups import LOOKUPS
from storage.cases import count_drafts, delete_drafts
from storage.community import Member
from storage.resource_models import GRADE_BANDS

# Spanish words for the typed choices; a value is always stored as its (English) choice.
ACTION_ALIASES = (("aprobar", "approve"), ("devolver", "return"))

_CASE_ID = Option(
    "case", OptionType.ID, required=True, positional=True, metavar="id", autocomplete="case"
)


async def _count_drafts(session: AsyncSession, member: Member) -> int:
    return await count_drafts(session, member.community_id, member.id)


async def _delete_drafts(session: AsyncSession, member: Member) -> int:
    return await delete_drafts(session, member.community_id, member.id)


FAMILY = Family(
    name="case",
    help="Cases of practice: write one, have it reviewed, read the case library.",
    details=(
        "A case has a title, grade band, context, problem of practice, equity focus, what "
        "was tried, evidence and a question for the community. Drafts are private and kept "
        "until you submit or withdraw them. Before a case is submitted it is checked for "
        "details that could identify a student; you edit them or confirm with confirm:yes. "
        "anonymous:yes hides your name from members; facilitators always see it."
    ),
    subcommands=(
        SubCommand(
            "submit",
            "Write a case: a form, or its parts as options; saves a draft until all are there.",
            (
                Option(
                    "case",
                    OptionType.ID,
                    positional=True,
                    metavar="id",
                    help="your draft or returned case to edit; default: your open draft",
                    autocomplete="draft",
                ),
                *part_options(),
                Option("confirm", OptionType.BOOL, help="yes: the flagged details are fine"),
                Option("draft", OptionType.BOOL, help="yes: save without submitting"),
                Option("new", OptionType.BOOL, help="yes: start a new case, not your open draft"),
            ),
            handler=submit.submit,
            details=(
                "With no options, opens the form (filled in from your open draft). With "
                "options, saves them; when every part is there the case is checked and "
                "submitted, or held with the details to edit or confirm."
            ),
        ),
        SubCommand(
            "list",
            "Published cases; or, with status:, cases in that status you may see.",
            (
                Option(
                    "status",
                    OptionType.CHOICE,
                    choices=browse.STATUS_CHOICES,
                    aliases=browse.STATUS_ALIASES,
                ),
                Option("page", OptionType.INTEGER, min_value=1, max_value=1000),
            ),
            handler=browse.list_,
        ),
        SubCommand("show", "One case.", (_CASE_ID,), handler=browse.show),
        SubCommand(
            "mine", "Your cases, drafts included, and where each one is.", handler=browse.mine
        ),
        SubCommand(
            "withdraw",
            "Withdraw your case: from review, or from the library.",
            (
                Option(
                    "case",
                    OptionType.ID,
                    required=True,
                    positional=True,
                    metavar="id",
                    autocomplete="own-case",
                ),
                Option("confirm", OptionType.BOOL, help="yes: take a published case down"),
            ),
            handler=browse.withdraw,
            details="A published case asks for confirm:yes first: withdrawn is final.",
        ),
        SubCommand(
            "search",
            "Search published cases; case and accents don't matter.",
            (
                Option("words", positional=True, rest=True, max_length=300),
                Option("grade", max_length=8, metavar="|".join(GRADE_BANDS)),
                Option("focus", max_length=60, metavar="<focus>", autocomplete="focus"),
                Option("by", OptionType.USER, metavar="@user", help="named cases by this person"),
                Option("page", OptionType.INTEGER, min_value=1, max_value=1000),
            ),
            handler=browse.search,
        ),
        SubCommand(
            "queue",
            "Cases waiting for review, oldest first.",
            role=Role.FACILITATOR,
            handler=review.queue,
            refusal="Only facilitators can review cases.",
        ),
        SubCommand(
            "review",
            "Read a submitted case, then approve (publishes it) or return it with a note.",
            (
                _CASE_ID,
                Option(
                    "action",
                    OptionType.CHOICE,
                    positional=True,
                    choices=("approve", "return"),
                    aliases=ACTION_ALIASES,
                ),
                Option(
                    "note", max_length=review.NOTE_MAX, help="to the author, with either action"
                ),
                Option("confirm", OptionType.BOOL, help="yes: the note's flagged details are fine"),
            ),
            role=Role.FACILITATOR,
            handler=review.review,
            refusal="Only facilitators can review cases.",
            details=(
                "approve publishes the case; return sends it back. A note reaches the author "
                "either way, and is checked for details that could identify a student first. "
                "Your own case is approved by another facilitator when there is one."
            ),
        ),
        SubCommand(
            "unpublish",
            "Take a published case out of the library and return it to its author.",
            (
                _CASE_ID,
                Option("note", max_length=moderation.NOTE_MAX, help="why, for the author"),
                Option("confirm", OptionType.BOOL, help="yes: take it down now"),
            ),
            role=Role.FACILITATOR,
            handler=moderation.unpublish,
            refusal="Only facilitators and admins can unpublish a case.",
            details=(
                "The library copy goes at once; the author is told by direct message and can "
                "edit and resubmit it; the audit log (/praxis audit) records it. Without "
                "confirm:yes it only says what would happen."
            ),
        ),
    ),
    personal_data=(
        PersonalData(
            lambda n: ngettext("{n} unsubmitted case draft", "{n} unsubmitted case drafts", n),
            _count_drafts,
            _delete_drafts,
        ),
    ),
    seed_demo=seed_demo,
    home=(home.HOME,),
    lookups=LOOKUPS,
    report_sections=(figures.SECTION,),
    exports=(figures.EXPORT,),
)
