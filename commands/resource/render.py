"""How resources look: a card for one, a ranked page for many, and their buttons.

Everything is the neutral reply model; a button's command is plain command
text, so next/previous/rate/save work the same on every platform.
"""

from __future__ import annotations

from functools import partial

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
from storage.resource_models import GRADE_BANDS, RESOURCE_TYPES
from storage.resources import Resource, SearchPage, SearchQuery

MAX_SHOWN_BODY = 1500


def stars(resource: Resource) -> str:
    if not resource.rating_count:
        return "not rated yet"
    count = resource.rating_count
    return f"★ {resource.rating_avg:.1f} from {count} rating{'s' if count != 1 else ''}"


def labels_line(resource: Resource) -> str:
    parts = [resource.type]
    if resource.grade:
        parts.append(f"grades {resource.grade}" if resource.grade != "all" else "all grades")
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
    pairs: list[tuple[str, str]] = [("Type", resource.type)]
    if resource.grade:
        pairs.append(("Grades", resource.grade))
    if resource.standards:
        pairs.append(("Standards", ", ".join(resource.label_list("standard"))))
    if resource.focus:
        pairs.append(("Equity focus", ", ".join(resource.label_list("focus"))))
    if resource.tags:
        pairs.append(("Tags", ", ".join(resource.label_list("tag"))))
    if sharer is not None:
        pairs.append(("Shared by", sharer.display_name))
    pairs.append(("Rating", stars(resource)))
    blocks.append(Fields(tuple(pairs)))
    if resource.description:
        blocks.append(Paragraph(resource.description))
    if with_body and resource.body:
        body = resource.body
        if len(body) > MAX_SHOWN_BODY:
            body = body[:MAX_SHOWN_BODY].rstrip() + "…"
        blocks.append(Paragraph(body))
    if resource.url:
        blocks.append(Paragraph("Link:", link=Link(resource.title, resource.url)))
    return blocks


def card_buttons(resource: Resource, *, saved: bool) -> Buttons:
    buttons = [Button(f"Rate {n}", f"/resource rate {resource.id} {n}") for n in range(1, 6)]
    if saved:
        buttons.append(Button("Unsave", f"/resource unsave {resource.id}"))
    else:
        buttons.append(Button("Save", f"/resource save {resource.id}", ButtonStyle.PRIMARY))
    return Buttons(tuple(buttons))


def result_item(resource: Resource, sharer: str | None, snippet: str) -> Item:
    lines = [labels_line(resource)]
    meta = [stars(resource)]
    if sharer is not None:
        meta.append(f"shared by {sharer}")
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
        total = f"{page.total:,}+" if page.capped else f"{page.total:,}"
        note = f"Results {page.first}–{last} of {total} · page {page.page} of {page.pages}"
        if page.capped:
            note += ". Only the best of the newest matches are ranked: add words or filters."
        blocks.append(Note(note))
    elif page.page > 1 and page.total:
        blocks.append(Note(f"There are only {page.pages} pages."))
    to_page = partial(search_command, query, by_ref)
    blocks.extend(pager(to_page, page.page, page.pages, total=page.total))
    return blocks


def share_form(url: str, description: str) -> Form:
    """Five fields, so it is one modal on Discord too; the rest can be edited later."""
    return Form(
        title="Save as resource",
        command="/resource share",
        fields=(
            FormField("url", "Link", initial=url[:2000], max_length=2000),
            FormField("title", "Title", max_length=200, placeholder="a short title"),
            FormField("type", "Type", max_length=20, placeholder=", ".join(RESOURCE_TYPES)),
            FormField(
                "grade",
                "Grade band",
                required=False,
                max_length=5,
                placeholder=", ".join(GRADE_BANDS),
            ),
            FormField(
                "description",
                "Description",
                multiline=True,
                required=False,
                initial=description[:2000],
                max_length=2000,
            ),
        ),
        submit_label="Share",
    )
