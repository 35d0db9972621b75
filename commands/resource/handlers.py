"""/resource use cases: share, search, show, edit, remove, rate, save, mine, saved, focus."""

from __future__ import annotations

from bot.dispatch.context import Context
from bot.grammar.spec import Args
from bot.kernel.errors import NotFound, Refusal, UserError
from bot.kernel.i18n import N_, _, ngettext
from bot.kernel.pager import page_count, pager
from bot.kernel.reply import Block, Header, ItemList, Note, Paragraph, Reply, Tone
from bot.kernel.roles import Role
from bot.text.normalize import normalize_tag, normalize_url
from commands.resource import moderation, render
from commands.resource.checks import DuplicateUrl, check_text, clean_labels, share_resource
from storage import resources as library
from storage.cases import get_case
from storage.community import Community, Member
from storage.members import members_by_ids
from storage.resource_models import DEFAULT_FOCUS, MAX_DESCRIPTION, MAX_LABELS, MAX_TITLE
from storage.resource_models import focus_vocabulary as community_focus
from storage.resources import Resource, SearchQuery

PAGE_SIZE = 10
MAX_FOCUS = 30


def focus_of(community: Community) -> tuple[str, ...]:
    """The five default practices, then what this community added."""
    return community_focus(community.settings)


def focus_vocabulary(ctx: Context) -> tuple[str, ...]:
    return focus_of(ctx.community)


async def _sharer(ctx: Context, resource: Resource) -> Member | None:
    if resource.shared_by is None:
        return None
    found = await members_by_ids(ctx.session, ctx.community.id, [resource.shared_by])
    return found.get(resource.shared_by)


async def _load(ctx: Context, resource_id: int) -> Resource:
    resource = await library.get_resource(ctx.session, ctx.community.id, resource_id)
    if resource is None:
        raise NotFound(_("There is no resource #{id} here.", id=resource_id))
    return resource


async def _own_case(ctx: Context, resource: Resource) -> bool:
    """A published case is shared by nobody when anonymous; its author still may not rate it."""
    if resource.origin != "case" or resource.origin_id is None:
        return False
    case = await get_case(ctx.session, ctx.community.id, resource.origin_id)
    return case is not None and case.author_id == ctx.member.id


def _may_change(ctx: Context, resource: Resource) -> bool:
    return resource.shared_by == ctx.member.id or ctx.role.at_least(Role.FACILITATOR)


SHARE_OPTIONS = ("url", "title", "type", "grade", "standard", "focus", "tags", "description")


async def share(ctx: Context, args: Args) -> Reply:
    held = moderation.held_text(ctx, args, moderation.typed(args, "share", SHARE_OPTIONS))
    if held is not None:
        return held
    try:
        resource = await share_resource(
            ctx.session,
            ctx.community.id,
            title=args["title"],
            type=args["type"],
            description=args.get("description", ""),
            grade=args.get("grade"),
            standards=args.get("standard", ()),
            focus=_check_focus(ctx, args.get("focus", ())),
            tags=args.get("tags", ()),
            shared_by=ctx.member.id,
            url=args["url"],
            now=ctx.now,
        )
    except DuplicateUrl as duplicate:
        existing = duplicate.existing
        blocks = render.card(
            existing,
            await _sharer(ctx, existing),
            heading=_("That link is already in the library as #{id}; here it is.", id=existing.id),
        )
        saved = await library.is_saved(ctx.session, existing.id, ctx.member.id)
        blocks.append(render.card_buttons(existing, saved=saved))
        return Reply(blocks, tone=Tone.WARNING)
    blocks = render.card(
        resource, ctx.member, heading=_("{name} shared a resource.", name=ctx.member.display_name)
    )
    blocks.append(render.card_buttons(resource, saved=False))
    return Reply(blocks, private=False, tone=Tone.SUCCESS)


async def share_form(ctx: Context, args: Args) -> Reply:
    """The share form, prefilled; submitting it runs /resource share with its fields."""
    return Reply(form=render.share_form(args.get("url") or "", args.get("description") or ""))


def _check_focus(ctx: Context, values: tuple[str, ...]) -> tuple[str, ...]:
    vocabulary = focus_vocabulary(ctx)
    return clean_labels("focus", values, allowed=vocabulary)


async def search(ctx: Context, args: Args) -> Reply:
    by_ref: str | None = None
    by_id: int | None = None
    if "by" in args:
        member = await ctx.resolve_member(args["by"])
        by_id, by_ref = member.id, f"@{member.user_id}"
    standard = args.get("standard")
    if standard:
        standard = clean_labels("standard", (standard,))[0]
    focus = args.get("focus")
    if focus:
        focus = _check_focus(ctx, (focus,))[0]
    tag = normalize_tag(args["tag"]) if "tag" in args else None
    query = SearchQuery(
        words=args.get("query", ""),
        type=args.get("type"),
        grade=args.get("grade"),
        standard=standard,
        focus=focus,
        tag=tag,
        by=by_id,
        sort=args.get("sort", "relevance"),
        page=args.get("page", 1),
        page_size=PAGE_SIZE,
    )
    # The library's version as this request's transaction first read it (with the
    # community), so a search is one round trip fewer (storage.search_cache).
    page = await library.search_resources(
        ctx.session, ctx.community.id, query, version=ctx.community.search_version
    )
    words = " ".join(query.words.split())
    title = _("Resources matching “{words}”", words=words) if words else _("Resources")
    if words and not page.terms:
        title = _("Resources")
    empty = (
        _("Nothing matches. Try fewer words or filters.")
        if page.page == 1
        else _("No more results on this page.")
    )
    blocks = render.results(page, query, title=title, by_ref=by_ref, empty_text=empty)
    return Reply(blocks)


async def show(ctx: Context, args: Args) -> Reply:
    resource = await _load(ctx, args["id"])
    await library.record_view(ctx.session, resource)
    blocks = render.card(resource, await _sharer(ctx, resource), with_body=True)
    mine = await library.my_rating(ctx.session, resource.id, ctx.member.id)
    if mine is not None:
        blocks.append(Note(_("You rated it {stars}.", stars=mine)))
    saved = await library.is_saved(ctx.session, resource.id, ctx.member.id)
    blocks.append(render.card_buttons(resource, saved=saved))
    return Reply(blocks)


EDITABLE = ("title", "type", "grade", "description", "standard", "focus", "tags", "url")


_CASE_COPY = {
    "edited": N_(
        "#{id} is published case #{case}; it is edited through /case: its author can "
        "withdraw it with /case withdraw {case}, and a facilitator can take it down with "
        "/case unpublish {case}."
    ),
    "removed": N_(
        "#{id} is published case #{case}; it is removed through /case: its author can "
        "withdraw it with /case withdraw {case}, and a facilitator can take it down with "
        "/case unpublish {case}."
    ),
    "hidden": N_(
        "#{id} is published case #{case}; it is hidden through /case: its author can "
        "withdraw it with /case withdraw {case}, and a facilitator can take it down with "
        "/case unpublish {case}."
    ),
}


def _refuse_if_a_case(resource: Resource, done: str) -> None:
    """A published case lives in /case; changing its library copy alone would split the two."""
    if resource.origin == "case" and resource.origin_id is not None:
        raise UserError(_(_CASE_COPY[done], id=resource.id, case=resource.origin_id))


async def edit(ctx: Context, args: Args) -> Reply:
    resource = await _load(ctx, args["id"])
    if not _may_change(ctx, resource):
        raise Refusal(_("Only the person who shared it or a facilitator can edit a resource."))
    _refuse_if_a_case(resource, "edited")
    changes = args.given(EDITABLE)
    if not changes:
        raise UserError(_('Say what to change, e.g. /resource edit 12 title:"New title".'))
    held = moderation.held_text(ctx, args, moderation.typed(args, "edit", EDITABLE))
    if held is not None:
        return held
    if "title" in args:
        resource.title = check_text("title", args["title"], MAX_TITLE, required=True)
    if "type" in args:
        resource.type = args["type"]
    if "grade" in args:
        resource.grade = args["grade"]
    if "description" in args:
        resource.description = check_text("description", args["description"], MAX_DESCRIPTION)
    if "standard" in args:
        resource.standards = ",".join(clean_labels("standard", args["standard"]))
    if "focus" in args:
        resource.focus = ",".join(_check_focus(ctx, args["focus"]))
    if "tags" in args:
        resource.tags = ",".join(clean_labels("tag", args["tags"]))
    if "url" in args:
        key = normalize_url(args["url"])
        other = await library.find_by_url(ctx.session, ctx.community.id, key)
        if other is not None and other.id != resource.id:
            raise DuplicateUrl(other)
        resource.url, resource.url_key = args["url"], key
    await library.reindex(ctx.session, resource, ctx.now)
    blocks = render.card(resource, await _sharer(ctx, resource), heading=_("Saved your changes."))
    return Reply(blocks, tone=Tone.SUCCESS)


async def remove(ctx: Context, args: Args) -> Reply:
    resource = await _load(ctx, args["id"])
    if not _may_change(ctx, resource):
        raise Refusal(_("Only the person who shared it or a facilitator can remove a resource."))
    _refuse_if_a_case(resource, "removed")
    return await moderation.take_down(ctx, resource, args, hide=False)


async def hide(ctx: Context, args: Args) -> Reply:
    resource = await _load(ctx, args["id"])
    _refuse_if_a_case(resource, "hidden")
    return await moderation.take_down(ctx, resource, args, hide=True)


async def rate(ctx: Context, args: Args) -> Reply:
    resource = await _load(ctx, args["id"])
    if resource.shared_by == ctx.member.id or await _own_case(ctx, resource):
        raise UserError(_("You can't rate a resource you shared; others' ratings count here."))
    stars = args["stars"]
    changed = await library.rate(ctx.session, resource, ctx.member.id, stars, ctx.now)
    params = {
        "id": resource.id,
        "title": resource.title,
        "stars": stars,
        "rating": render.stars(resource),
    }
    if changed:
        text = _(
            "Changed your rating of #{id} {title}: {stars} of 5. It now has {rating}.", **params
        )
    else:
        text = _("Rated #{id} {title}: {stars} of 5. It now has {rating}.", **params)
    return Reply([Paragraph(text)], tone=Tone.SUCCESS)


async def save(ctx: Context, args: Args) -> Reply:
    resource = await _load(ctx, args["id"])
    if not await library.save(ctx.session, resource, ctx.member.id, ctx.now):
        return Reply.text(
            _("#{id} {title} is already in your saved list.", id=resource.id, title=resource.title)
        )
    return Reply.text(
        _(
            "Saved #{id} {title}. See your list with /resource saved.",
            id=resource.id,
            title=resource.title,
        ),
        tone=Tone.SUCCESS,
    )


async def unsave(ctx: Context, args: Args) -> Reply:
    resource = await _load(ctx, args["id"])
    if not await library.unsave(ctx.session, resource, ctx.member.id):
        return Reply.text(
            _("#{id} {title} was not in your saved list.", id=resource.id, title=resource.title)
        )
    return Reply.text(
        _("Took #{id} {title} off your saved list.", id=resource.id, title=resource.title),
        tone=Tone.SUCCESS,
    )


async def _listing(
    ctx: Context, args: Args, *, sub: str, title: str, empty: str, saved: bool
) -> Reply:
    page = args.get("page", 1)
    fetch = library.saved_by_member if saved else library.shared_by_member
    found, total = await fetch(
        ctx.session, ctx.community.id, ctx.member.id, (page - 1) * PAGE_SIZE, PAGE_SIZE
    )
    ids = sorted({r.shared_by for r in found if r.shared_by})
    names = {
        m.id: m.display_name
        for m in (await members_by_ids(ctx.session, ctx.community.id, ids)).values()
    }
    items = tuple(render.result_item(r, names.get(r.shared_by or 0), "") for r in found)
    blocks: list[Block] = [Header(title), ItemList(items, empty_text=empty)]
    pages = page_count(total, PAGE_SIZE)
    if total:
        blocks.append(
            Note(
                ngettext(
                    "{n} in all · page {page} of {pages}",
                    "{n} in all · page {page} of {pages}",
                    total,
                    page=min(page, pages),
                    pages=pages,
                )
            )
        )
    blocks.extend(pager(f"/resource {sub}", page, pages, total=total))
    return Reply(blocks)


async def mine(ctx: Context, args: Args) -> Reply:
    return await _listing(
        ctx,
        args,
        sub="mine",
        title=_("Resources you shared"),
        empty=_('You haven\'t shared any yet: /resource share url:... title:"..." type:task'),
        saved=False,
    )


async def saved(ctx: Context, args: Args) -> Reply:
    return await _listing(
        ctx,
        args,
        sub="saved",
        title=_("Your saved resources"),
        empty=_("Nothing saved yet: use Save on a resource, or /resource save <id>."),
        saved=True,
    )


async def focus(ctx: Context, args: Args) -> Reply:
    """List the equity-focus vocabulary; facilitators extend it."""
    action = args.get("action")
    vocabulary = focus_vocabulary(ctx)
    if action is None:
        extra = [f for f in vocabulary if f not in DEFAULT_FOCUS]
        lines = ", ".join(DEFAULT_FOCUS)
        blocks: list[Block] = [Paragraph(_("Equity focus: {focus}.", focus=lines))]
        if extra:
            blocks.append(Paragraph(_("Added by this community: {focus}.", focus=", ".join(extra))))
        blocks.append(Note(_("Facilitators add one with /resource focus add <tag>.")))
        return Reply(blocks)
    ctx.require(Role.FACILITATOR, _("Only facilitators can change the equity-focus list."))
    if "tag" not in args:
        if action == "add":
            raise UserError(_("Name the focus to add, e.g. /resource focus add language."))
        raise UserError(_("Name the focus to remove, e.g. /resource focus remove language."))
    tag = normalize_tag(args["tag"])
    settings = dict(ctx.community.settings or {})
    extra = [f for f in settings.get("focus", []) if f not in DEFAULT_FOCUS]
    if action == "add":
        if tag in vocabulary:
            return Reply.text(_("“{tag}” is already an equity focus here.", tag=tag))
        if len(extra) >= MAX_FOCUS:
            raise UserError(
                ngettext(
                    "A community can add at most {n} focus tag.",
                    "A community can add at most {n} focus tags.",
                    MAX_FOCUS,
                )
            )
        extra.append(tag)
        message = _("Added “{tag}” to this community's equity focus.", tag=tag)
    else:
        if tag in DEFAULT_FOCUS:
            raise UserError(_("“{tag}” is one of the five default practices and stays.", tag=tag))
        if tag not in extra:
            raise UserError(_("“{tag}” is not a focus this community added.", tag=tag))
        extra.remove(tag)
        message = _("Removed “{tag}” from this community's equity focus.", tag=tag)
    settings["focus"] = extra
    ctx.community.settings = settings
    return Reply.text(message, tone=Tone.SUCCESS)


__all__ = ["MAX_LABELS"]
