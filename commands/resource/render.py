"""How resources look: a card for one, a ranked page for many, and their buttons.

Everything is the neutral reply model; a button's command is plain command
text, so next/previous/rate/save work the same on every platform.
"""

from __future__ import annotations

from functools import partial

from bot.kernel.i18n import NP_, Words, _, decimal_text, ngettext, number_text, pgettext
from bot.kernel.pager import pager
from bot.kernel.reply import (
    Block,
    Button,
    Buttons,
    ButtonStyle,
    Fields,
    Form,
    FormField,
    Header,
    Item,
    ItemList,
    Link,
    Note,
    Paragraph,
)
from storage.community import Member
from storage.resources import Resource, SearchPage, SearchQuery

MAX_SHOWN_BODY = 1500


TYPES = Words(
    {
        "task": NP_("resource type", "task"),
        "rubric": NP_("resource type", "rubric"),
        "lesson": NP_("resource type", "lesson"),
        "assessment": NP_("resource type", "assessment"),
        "article": NP_("resource type", "article"),
        "video": NP_("resource type", "video"),
        "case-study": NP_("resource type", "case study"),
        "other": NP_("resource type", "other"),
    }
)


def type_label(kind: str) -> str:
    """A resource type as the reader says it; the stored value stays the English choice."""
    return TYPES[kind]


def grade_label(grade: str) -> str:
    """A grade band for the card's field ("all" is a word to translate; bands are not)."""
    return pgettext("grade band", "all") if grade == "all" else grade


def stars(resource: Resource) -> str:
    if not resource.rating_count:
        return _("not rated yet")
    count = resource.rating_count
    average = decimal_text(resource.rating_avg)
    return ngettext(
        "★ {average} from {n} rating", "★ {average} from {n} ratings", count, average=average
    )


def labels_line(resource: Resource) -> str:
    parts = [type_label(resource.type)]
    if resource.grade:
        parts.append(
            _("grades {band}", band=resource.grade) if resource.grade != "all" else _("all grades")
        )
    parts.extend(resource.label_list("standard"))
    return " · ".join(parts)


def card(
    resource: Resource,
    sharer: Member | None,
    *,
    heading: str | None = None,
    with_body: bool = False,
) -> list[Block]:
    """One resource: title, what it is, who shared it, its rating, its link or text."""
    blocks: list[Block] = []
    if heading:
        blocks.append(Paragraph(heading))
    blocks.append(Header(f"#{resource.id} {resource.title}"))
    pairs: list[tuple[str, str]] = [(_("Type"), type_label(resource.type))]
    if resource.grade:
        pairs.append((_("Grades"), grade_label(resource.grade)))
    if resource.standards:
        pairs.append((_("Standards"), ", ".join(resource.label_list("standard"))))
    if resource.focus:
        pairs.append((_("Equity focus"), ", ".join(resource.label_list("focus"))))
    if resource.tags:
        pairs.append((_("Tags"), ", ".join(resource.label_list("tag"))))
    if sharer is not None:
        pairs.append((_("Shared by"), sharer.display_name))
    pairs.append((_("Rating"), stars(resource)))
    blocks.append(Fields(tuple(pairs)))
    if resource.description:
        blocks.append(Paragraph(resource.description))
    if with_body and resource.body:
        body = resource.body
        if len(body) > MAX_SHOWN_BODY:
            body = body[:MAX_SHOWN_BODY].rstrip() + "…"
        blocks.append(Paragraph(body))
    if resource.url:
        blocks.append(Paragraph(_("Link:"), link=Link(resource.title, resource.url)))
    return blocks


def card_buttons(resource: Resource, *, saved: bool) -> Buttons:
    buttons = [
        Button(pgettext("button", "Rate {n}", n=n), f"/resource rate {resource.id} {n}")
        for n in range(1, 6)
    ]
    if saved:
        buttons.append(Button(pgettext("button", "Unsave"), f"/resource unsave {resource.id}"))
    else:
        buttons.append(
            Button(pgettext("button", "Save"), f"/resource save {resource.id}", ButtonStyle.PRIMARY)
        )
    return Buttons(tuple(buttons))


def result_item(resource: Resource, sharer: str | None, snippet: str) -> Item:
    lines = [labels_line(resource)]
    meta = [stars(resource)]
    if sharer is not None:
        meta.append(_("shared by {name}", name=sharer))
    lines.append(" · ".join(meta))
    if snippet:
        lines.append(snippet)
    link = Link(resource.title, resource.url) if resource.url else None
    return Item(title=resource.title, detail="\n".join(lines), link=link, ref=f"#{resource.id}")


def _quote(value: str) -> str:
    value = value.replace('"', " ").strip()
    return f'"{value}"' if any(ch.isspace() for ch in value) or not value else value


def search_command(query: SearchQuery, by_ref: str | None, page: int) -> str:
    """The command text of the same search on another page (what a button runs)."""
    parts = ["/resource search"]
    if query.words.strip():
        parts.append(f"query:{_quote(' '.join(query.words.split()))}")
    for name in ("type", "grade", "standard", "focus", "tag"):
        value = getattr(query, name)
        if value:
            parts.append(f"{name}:{_quote(value)}")
    if by_ref:
        parts.append(f"by:{by_ref}")
    if query.sort != "relevance":
        parts.append(f"sort:{query.sort}")
    parts.append(f"page:{page}")
    return " ".join(parts)


def results(
    page: SearchPage,
    query: SearchQuery,
    *,
    title: str,
    by_ref: str | None,
    empty_text: str,
) -> list[Block]:
    items = tuple(result_item(hit.resource, hit.sharer, hit.snippet) for hit in page.hits)
    blocks: list[Block] = [Header(title), ItemList(items, empty_text=empty_text)]
    if page.hits:
        last = page.first + len(page.hits) - 1
        total = number_text(page.total)
        params = {
            "first": page.first,
            "last": last,
            "total": total,
            "page": page.page,
            "pages": page.pages,
        }
        if page.capped:
            note = _(
                "Results {first}–{last} of {total}+ · page {page} of {pages}. Only the best of "
                "the newest matches are ranked: add words or filters.",
                **params,
            )
        else:
            note = _("Results {first}–{last} of {total} · page {page} of {pages}", **params)
        blocks.append(Note(note))
    elif page.page > 1 and page.total:
        blocks.append(
            Note(ngettext("There is only {n} page.", "There are only {n} pages.", page.pages))
        )
    to_page = partial(search_command, query, by_ref)
    blocks.extend(pager(to_page, page.page, page.pages, total=page.total))
    return blocks


def share_form(url: str, description: str) -> Form:
    """Five fields, so it is one modal on Discord too; the rest can be edited later."""
    return Form(
        title=_("Save as resource"),
        command="/resource share",
        fields=(
            FormField("url", _("Link"), initial=url[:2000], max_length=2000),
            FormField("title", _("Title"), max_length=200, placeholder=_("a short title")),
            FormField("type", _("Type"), max_length=20, placeholder=type_choices()),
            FormField(
                "grade",
                _("Grade band"),
                required=False,
                max_length=5,
                placeholder=grade_choices(),
            ),
            FormField(
                "description",
                _("Description"),
                multiline=True,
                required=False,
                initial=description[:2000],
                max_length=2000,
            ),
        ),
        submit_label=pgettext("button", "Share"),
    )


def type_choices() -> str:
    """The types a person may type, in the reader's words (Spanish ones are aliases)."""
    return _(
        "task, rubric, lesson, assessment, article, video, case-study, other",
    )


def grade_choices() -> str:
    return _("K-2, 3-5, 6-8, 9-12, all")
