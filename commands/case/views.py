"""How a case is shown, and to whom its author's name is shown.

Every place a case appears (show, list, search, the card posted when it is
published, notifications, export rows) takes its author line from
`author_line`, so an anonymous case cannot show its author to a member by
accident in one place and not another.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dispatch.context import Context
from bot.kernel.i18n import NP_, Words, _, pgettext
from bot.kernel.reply import Block, Fields, Header, Item, Paragraph
from bot.kernel.roles import Role
from commands.case.fields import LABELS, PARTS
from storage.cases import Case, CaseStatus
from storage.community import Member

# A case's status as the reader says it; the stored value stays the English one.
STATUSES = Words(
    {
        "draft": NP_("case status", "draft"),
        "submitted": NP_("case status", "submitted"),
        "in-review": NP_("case status", "in review"),
        "published": NP_("case status", "published"),
        "returned": NP_("case status", "returned"),
        "withdrawn": NP_("case status", "withdrawn"),
    }
)


@dataclass(frozen=True)
class Viewer:
    """Who will read what is rendered: a member, a facilitator, or the channel."""

    member_id: int | None
    facilitator: bool

    @classmethod
    def of(cls, ctx: Context) -> Viewer:
        return cls(ctx.member.id, ctx.role.at_least(Role.FACILITATOR))

    @classmethod
    def public(cls) -> Viewer:
        """Everyone in a channel: no member's rights, no facilitator's."""
        return cls(None, False)

    def may_see(self, case: Case) -> bool:
        """Published cases for all; drafts for their author; submitted ones for facilitators."""
        if self.member_id is not None and case.author_id == self.member_id:
            return True
        if case.state is CaseStatus.PUBLISHED:
            return True
        return self.facilitator and case.ever_submitted


def author_line(case: Case, author: Member | None, viewer: Viewer) -> str:
    """The author as this viewer may see them."""
    name = author.display_name if author is not None else _("a former member")
    if not case.anonymous:
        return name
    if viewer.member_id is not None and case.author_id == viewer.member_id:
        return _("you (anonymous to members)")
    if viewer.facilitator:
        return _("{name} (anonymous to members)", name=name)
    return _("Anonymous")


def status_label(case: Case) -> str:
    return STATUSES[case.status]


def untitled(case: Case) -> str:
    return case.title or _("(untitled draft)")


def case_item(
    case: Case,
    author: Member | None,
    viewer: Viewer,
    *,
    status: bool = False,
    snippet: str | None = None,
) -> Item:
    """One line of a list: title, grade, focus, author; the status where it varies."""
    bits = [grade_text(case.grade) if case.grade else _("no grade yet")]
    if case.focus:
        bits.append(", ".join(case.focus))
    if case.anonymous and viewer.member_id is not None and case.author_id == viewer.member_id:
        bits.append(_("by you (anonymous to members)"))
    else:
        bits.append(_("by {author}", author=author_line(case, author, viewer)))
    if status:
        bits.append(status_label(case))
    detail = " · ".join(bits)
    if snippet:
        detail += "\n" + _shorten(snippet, 200)
    elif case.question:
        detail += "\n" + _shorten(case.question, 140)
    return Item(title=untitled(case), detail=detail, ref=f"#{case.id}")


def grade_text(grade: str) -> str:
    """A stored grade band as shown ("all" is a word to translate; bands are not)."""
    return pgettext("case grade band", "all") if grade == "all" else grade


def case_card(case: Case, author: Member | None, viewer: Viewer) -> list[Block]:
    """The whole case: header, facts, then each part under its label."""
    pairs = [
        (LABELS["grade"], grade_text(case.grade) if case.grade else "—"),
        (LABELS["focus"], ", ".join(case.focus) if case.focus else "—"),
        (pgettext("case card", "Author"), author_line(case, author, viewer)),
        (pgettext("case card", "Status"), status_label(case)),
    ]
    blocks: list[Block] = [
        Header(f"#{case.id} {untitled(case)}"),
        Fields(tuple(pairs)),
    ]
    for part in PARTS:
        if part.name in ("title", "grade", "focus"):
            continue
        text = getattr(case, part.name) or ""
        if text.strip():
            blocks.append(Paragraph(_("{label}: {text}", label=LABELS[part.name], text=text)))
    return blocks


def case_text(case: Case) -> str:
    """The case as one plain text, without its author: the library's copy of it.

    It is stored (the resource's body), so its labels are in the language it is made in:
    the community's, which `publish_case` speaks; what a person wrote is never
    translated."""
    lines = []
    for part in PARTS:
        if part.name in ("title",):
            continue
        value = ", ".join(case.focus) if part.name == "focus" else getattr(case, part.name)
        if value:
            lines.append(_("{label}: {value}", label=LABELS[part.name], value=value))
    return "\n\n".join(lines)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"
