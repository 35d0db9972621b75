"""The library's part of `/praxis report`, the weekly digest and `/praxis export resources`.

Shared, saved and rated count by when they happened, so each has a period
before to compare with; views are one running total per resource (the
library keeps no per-view history), so they rank "most used" but are not
compared between periods.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute

from bot.kernel.i18n import _, decimal_text, ngettext, pgettext
from bot.kernel.reply import Item, Link
from bot.reporting.model import (
    Breakdown,
    Cell,
    DigestPart,
    DigestScope,
    Export,
    ExportScope,
    Figure,
    Period,
    ReportScope,
    ReportSection,
    Row,
    SectionResult,
)
from commands.resource.render import grade_label, type_label
from storage.members import members_by_ids
from storage.resource_models import RESOURCE_TYPES, Resource, ResourceRating, ResourceSave

TOP = 5


async def _saves(scope: ReportScope, period: Period) -> int:
    query = (
        select(func.count())
        .select_from(ResourceSave)
        .where(
            ResourceSave.community_id == scope.community.id,
            period.where(ResourceSave.saved_at),
        )
    )
    if scope.member_ids is not None:
        query = query.where(ResourceSave.member_id.in_(scope.member_ids))
    return int(await scope.session.scalar(query) or 0)


async def _ratings(scope: ReportScope, period: Period) -> int:
    query = (
        select(func.count())
        .select_from(ResourceRating)
        .where(
            ResourceRating.community_id == scope.community.id,
            period.where(ResourceRating.rated_at),
        )
    )
    if scope.member_ids is not None:
        query = query.where(ResourceRating.member_id.in_(scope.member_ids))
    return int(await scope.session.scalar(query) or 0)


async def _shared_by_type(scope: ReportScope, period: Period) -> dict[str, int]:
    query = (
        select(Resource.type, func.count())
        .where(
            Resource.community_id == scope.community.id,
            period.where(Resource.created_at),
        )
        .group_by(Resource.type)
    )
    if scope.member_ids is not None:
        query = query.where(Resource.shared_by.in_(scope.member_ids))
    return {kind: int(n) for kind, n in (await scope.session.execute(query)).all()}


async def _marks(
    scope: ReportScope,
    model: type[ResourceSave] | type[ResourceRating],
    when: InstrumentedAttribute[datetime],
) -> dict[int, int]:
    """Saves or ratings per resource in the period."""
    query = (
        select(model.resource_id, func.count())
        .where(
            model.community_id == scope.community.id,
            scope.period.where(when),
        )
        .group_by(model.resource_id)
    )
    if scope.member_ids is not None:
        query = query.where(model.member_id.in_(scope.member_ids))
    return {rid: int(n) for rid, n in (await scope.session.execute(query)).all()}


async def most_used(scope: ReportScope) -> list[Item]:
    """The most saved and rated in the period; views (all time) break ties."""
    saves = await _marks(scope, ResourceSave, ResourceSave.saved_at)
    ratings = await _marks(scope, ResourceRating, ResourceRating.rated_at)
    ids = set(saves) | set(ratings)
    query = select(Resource).where(Resource.community_id == scope.community.id)
    if ids:
        query = query.where(Resource.id.in_(ids))
    else:  # nothing saved or rated: the most viewed
        query = query.where(Resource.views > 0).order_by(Resource.views.desc()).limit(TOP)
    found = list((await scope.session.execute(query)).scalars())
    found.sort(key=lambda r: (-(saves.get(r.id, 0) + ratings.get(r.id, 0)), -r.views, -r.id))
    items = []
    for resource in found[:TOP]:
        parts = [
            ngettext("{n} save", "{n} saves", saves.get(resource.id, 0)),
            ngettext("{n} rating", "{n} ratings", ratings.get(resource.id, 0)),
        ]
        if resource.rating_count:
            average = decimal_text(resource.rating_avg)
            parts.append(_("average {average} of 5", average=average))
        parts.append(ngettext("{n} view in all", "{n} views in all", resource.views))
        link = Link(pgettext("link", "open"), resource.url) if resource.url else None
        items.append(Item(resource.title, ", ".join(parts), link, ref=f"#{resource.id}"))
    return items


async def compute(scope: ReportScope) -> SectionResult:
    now_types = await _shared_by_type(scope, scope.period)
    before_types = await _shared_by_type(scope, scope.previous)
    library = await scope.session.scalar(
        select(func.count())
        .select_from(Resource)
        .where(Resource.community_id == scope.community.id)
    )
    figures = (
        Figure(_("Resources shared"), sum(now_types.values()), sum(before_types.values())),
        Figure(_("Saves"), await _saves(scope, scope.period), await _saves(scope, scope.previous)),
        Figure(
            _("Ratings"),
            await _ratings(scope, scope.period),
            await _ratings(scope, scope.previous),
        ),
        Figure(_("In the library"), int(library or 0)),
    )
    kinds = [k for k in RESOURCE_TYPES if now_types.get(k) or before_types.get(k)]
    rows = tuple(Row(type_label(k), now_types.get(k, 0), before_types.get(k, 0)) for k in kinds)
    return SectionResult(
        _("Resources"),
        figures,
        (
            Breakdown(
                _("Shared, by type"),
                rows,
                counted=lambda n: ngettext("shared", "shared", n),
                empty_text=_("None shared."),
            ),
        ),
        items=tuple(await most_used(scope)),
        items_title=_("Most used (saved and rated in the period; views in all):"),
    )


async def digest(scope: DigestScope) -> DigestPart | None:
    query = (
        select(Resource)
        .where(
            Resource.community_id == scope.community.id,
            scope.week.where(Resource.created_at),
            Resource.origin.is_(None),  # cases and cycle reports have their own parts
        )
        .order_by(Resource.created_at.desc(), Resource.id.desc())
        .limit(TOP)
    )
    found = list((await scope.session.execute(query)).scalars())
    if not found:
        return None
    items = tuple(
        Item(
            r.title,
            " · ".join(x for x in (type_label(r.type), grade_label(r.grade or "")) if x),
            Link(pgettext("link", "open"), r.url) if r.url else None,
            ref=f"#{r.id}",
        )
        for r in found
    )
    return DigestPart(_("New resources"), items, order=10)


SECTION = ReportSection("resources", "Resources", compute, order=20, digest=digest)


HEADER = (
    "id",
    "title",
    "type",
    "grade",
    "standards",
    "focus",
    "tags",
    "url",
    "description",
    "shared by",
    "shared at",
    "views",
    "saves",
    "ratings",
    "average rating",
)


async def rows(scope: ExportScope) -> Sequence[Sequence[Cell]]:
    """Every resource of the community; a case study published anonymously has no sharer."""
    query = select(Resource).where(Resource.community_id == scope.community.id)
    if scope.since is not None:
        query = query.where(Resource.created_at >= scope.since)
    resources = list((await scope.session.execute(query.order_by(Resource.id))).scalars())
    saves = dict(
        (
            await scope.session.execute(
                select(ResourceSave.resource_id, func.count())
                .where(ResourceSave.community_id == scope.community.id)
                .group_by(ResourceSave.resource_id)
            )
        ).all()
    )
    sharers = await members_by_ids(
        scope.session, scope.community.id, [r.shared_by for r in resources if r.shared_by]
    )
    out: list[Sequence[Cell]] = []
    for r in resources:
        sharer = sharers.get(r.shared_by) if r.shared_by else None
        when: datetime = r.created_at
        out.append(
            (
                r.id,
                r.title,
                r.type,
                r.grade,
                r.standards,
                r.focus,
                r.tags,
                r.url,
                r.description,
                sharer.display_name if sharer else "",
                when,
                r.views,
                int(saves.get(r.id, 0)),
                r.rating_count,
                round(r.rating_avg, 2) if r.rating_count else None,
            )
        )
    return out


EXPORT = Export(
    "resources",
    "every resource: type, grade, standards, focus, who shared it, views, saves, ratings",
    HEADER,
    rows,
)
