"""The library's queries, and the API other families publish through.

`publish_resource` and `unpublish_origin` are how a case, a cycle report or
anything else becomes (and stops being) a library resource; `search_resources`
is the one ranked search, which `/case search` reuses with `type="case-study"`.
Every function takes the community id and never reads across communities.

Rows and queries only: what people may share, and the sentences that tell them what
to fix, are the resource family's (commands/resource/checks.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from bot.text.normalize import normalize_url, query_terms
from storage.base import affected_rows
from storage.resource_models import (
    DEFAULT_FOCUS,
    GRADE_BANDS,
    RESOURCE_TYPES,
    NewResource,
    Resource,
    ResourceLabel,
    ResourceRating,
    ResourceSave,
)
from storage.search import (
    MAX_PAGE_SIZE,
    SORTS,
    SearchHit,
    SearchPage,
    SearchQuery,
    engine_for,
    filters_for,
    list_filtered,
    page_of,
    snippet,
)
from storage.search_cache import cache_for, search_version

__all__ = [
    "DEFAULT_FOCUS",
    "GRADE_BANDS",
    "RESOURCE_TYPES",
    "Resource",
    "ResourceRating",
    "ResourceSave",
    "SearchHit",
    "SearchPage",
    "SearchQuery",
    "publish_resource",
    "search_resources",
    "unpublish_origin",
]


def _joined(labels: Iterable[str]) -> str:
    """Labels as the resource keeps them: comma-joined, each once, in the order given."""
    return ",".join(dict.fromkeys(labels))


async def find_by_url(session: AsyncSession, community_id: int, url_key: str) -> Resource | None:
    query = select(Resource).where(
        Resource.community_id == community_id, Resource.url_key == url_key
    )
    return (await session.execute(query)).scalar_one_or_none()


async def ids_by_url_key(
    session: AsyncSession, community_id: int, url_keys: Iterable[str]
) -> dict[str, int]:
    """Which of these normalised links the community's library already has, and as which id."""
    keys = list(dict.fromkeys(url_keys))
    found: dict[str, int] = {}
    for start in range(0, len(keys), 500):  # stay under every driver's parameter limit
        query = select(Resource.url_key, Resource.id).where(
            Resource.community_id == community_id, Resource.url_key.in_(keys[start : start + 500])
        )
        for url_key, resource_id in await session.execute(query):
            if url_key is not None:
                found[url_key] = resource_id
    return found


async def publish_many(session: AsyncSession, resources: list[NewResource]) -> None:
    """Add checked resources in one round of inserts: rows, labels and the search index.

    For bulk import: the caller has checked and normalised every value and ruled out
    duplicate links. Rows go in as one multi-row INSERT … RETURNING id (not through the
    unit of work, which costs about 0.5 ms a row), and the ids are set on them.
    """
    if not resources:
        return
    values = [resource.row() for resource in resources]
    statement = insert(Resource).returning(Resource.id, sort_by_parameter_order=True)
    ids = list((await session.execute(statement, values)).scalars())
    for resource, resource_id in zip(resources, ids, strict=True):
        resource.id = resource_id
    labels = [
        {
            "resource_id": resource.id,
            "kind": kind,
            "value": value,
            "community_id": resource.community_id,
        }
        for resource in resources
        for kind in ("tag", "standard", "focus")
        for value in resource.label_list(kind)
    ]
    if labels:
        await session.execute(insert(ResourceLabel), labels)
    await engine_for(session).index_many(session, resources)


async def publish_resource(
    session: AsyncSession,
    community_id: int,
    *,
    title: str,
    type: str,
    description: str = "",
    body: str = "",
    grade: str | None = None,
    standards: tuple[str, ...] = (),
    focus: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    shared_by: int | None = None,
    url: str | None = None,
    origin: str | None = None,
    origin_id: int | None = None,
    now: datetime,
) -> Resource:
    """Add a resource to a community's library and index it for search.

    Values arrive checked by the family that publishes: what a person shares goes
    through the resource family's checks first (commands.resource.checks), a case or
    a cycle report is checked by its own family. Labels come normalised; a type or
    grade outside the vocabulary is a programming error. `shared_by=None` shows no
    author (an anonymous case).
    """
    if type not in RESOURCE_TYPES:
        raise ValueError(f"unknown resource type {type!r}")
    if grade is not None and grade not in GRADE_BANDS:
        raise ValueError(f"unknown grade band {grade!r}")
    url = url.strip() if url is not None else None
    resource = Resource(
        community_id=community_id,
        title=title.strip(),
        type=type,
        grade=grade,
        description=description.strip(),
        body=body.strip(),
        url=url,
        url_key=normalize_url(url) if url is not None else None,
        standards=_joined(standards),
        focus=_joined(focus),
        tags=_joined(tags),
        shared_by=shared_by,
        origin=origin,
        origin_id=origin_id,
        views=0,
        rating_count=0,
        rating_sum=0,
        rating_avg=0.0,
        created_at=now,
        updated_at=now,
    )
    session.add(resource)
    await session.flush()
    await _write_labels(session, resource)
    await engine_for(session).index(session, resource)
    return resource


async def reindex(session: AsyncSession, resource: Resource, now: datetime) -> None:
    """After an edit: labels and the search index follow the resource."""
    resource.updated_at = now
    await session.flush()
    await session.execute(delete(ResourceLabel).where(ResourceLabel.resource_id == resource.id))
    await _write_labels(session, resource)
    await engine_for(session).index(session, resource)


async def _write_labels(session: AsyncSession, resource: Resource) -> None:
    for kind in ("tag", "standard", "focus"):
        for value in resource.label_list(kind):
            session.add(
                ResourceLabel(
                    resource_id=resource.id,
                    kind=kind,
                    value=value,
                    community_id=resource.community_id,
                )
            )
    await session.flush()


async def remove_resource(session: AsyncSession, resource: Resource) -> None:
    await engine_for(session).unindex(session, resource.id)
    for model in (ResourceLabel, ResourceRating, ResourceSave):
        await session.execute(delete(model).where(model.resource_id == resource.id))
    await session.delete(resource)
    await session.flush()


async def unpublish_origin(
    session: AsyncSession, community_id: int, origin: str, origin_id: int
) -> int:
    """Remove what `origin`/`origin_id` published (a withdrawn case); returns how many."""
    query = select(Resource).where(
        Resource.community_id == community_id,
        Resource.origin == origin,
        Resource.origin_id == origin_id,
    )
    found = list((await session.execute(query)).scalars())
    for resource in found:
        await remove_resource(session, resource)
    return len(found)


async def get_resource(
    session: AsyncSession, community_id: int, resource_id: int
) -> Resource | None:
    query = select(Resource).where(
        Resource.community_id == community_id, Resource.id == resource_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def search_resources(
    session: AsyncSession, community_id: int, query: SearchQuery, *, version: int | None = None
) -> SearchPage:
    """Ranked, filtered, paged search of one community's library.

    `version` is the community's `search_version` as this transaction read it with the
    community (a request that has not written to the library since); otherwise it is
    read here. A window kept under an older version is never used, and a page's rows
    are read afresh whatever the version said."""
    if query.sort not in SORTS:  # the family's sort: option offers only these
        raise ValueError(f"unknown sort {query.sort!r}")
    page_size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    page = max(1, query.page)
    offset = (page - 1) * page_size
    terms = query_terms(query.words)
    filters = filters_for(community_id, query)
    if terms:
        # Ranked once per library version: the next page, or the same words again,
        # is a slice of the window already ranked (storage.search_cache).
        cache = cache_for(session)
        if version is None:
            version = await search_version(session, community_id)
        key = (community_id, version, query.sort, tuple(terms), filters.key)
        window = cache.get(key)
        if window is None:
            window = await engine_for(session).ranked(session, terms, filters, query.sort)
            cache.put(key, window)
        matches = await page_of(session, filters, window, offset, page_size)
    else:
        matches = await list_filtered(session, filters, query.sort, offset, page_size)
    hits = tuple(
        SearchHit(resource, snippet(resource, terms) if terms else "", sharer)
        for resource, sharer in zip(matches.resources, matches.sharers, strict=True)
    )
    return SearchPage(hits, page, page_size, matches.total, matches.capped, tuple(terms))


async def resources_by_ids(
    session: AsyncSession, community_id: int, ids: list[int]
) -> dict[int, Resource]:
    if not ids:
        return {}
    query = select(Resource).where(Resource.community_id == community_id, Resource.id.in_(ids))
    return {r.id: r for r in (await session.execute(query)).scalars()}


async def rate(
    session: AsyncSession, resource: Resource, member_id: int, stars: int, now: datetime
) -> bool:
    """Set a member's rating; True when it replaced an earlier one."""
    existing = await session.get(ResourceRating, (resource.id, member_id))
    if existing is None:
        session.add(
            ResourceRating(
                resource_id=resource.id,
                member_id=member_id,
                community_id=resource.community_id,
                stars=stars,
                rated_at=now,
            )
        )
        changed = False
    else:
        existing.stars = stars
        existing.rated_at = now
        changed = True
    await session.flush()
    await refresh_rating(session, resource)
    return changed


async def refresh_rating(session: AsyncSession, resource: Resource) -> None:
    row = (
        await session.execute(
            select(func.count(), func.coalesce(func.sum(ResourceRating.stars), 0)).where(
                ResourceRating.resource_id == resource.id
            )
        )
    ).one()
    resource.rating_count = int(row[0])
    resource.rating_sum = int(row[1])
    resource.rating_avg = round(resource.rating_sum / resource.rating_count, 3) if row[0] else 0.0


async def my_rating(session: AsyncSession, resource_id: int, member_id: int) -> int | None:
    found = await session.get(ResourceRating, (resource_id, member_id))
    return found.stars if found else None


async def is_saved(session: AsyncSession, resource_id: int, member_id: int) -> bool:
    return await session.get(ResourceSave, (resource_id, member_id)) is not None


async def save(session: AsyncSession, resource: Resource, member_id: int, now: datetime) -> bool:
    """Bookmark; False when it was already saved."""
    if await is_saved(session, resource.id, member_id):
        return False
    session.add(
        ResourceSave(
            resource_id=resource.id,
            member_id=member_id,
            community_id=resource.community_id,
            saved_at=now,
        )
    )
    await session.flush()
    return True


async def unsave(session: AsyncSession, resource: Resource, member_id: int) -> bool:
    result = await session.execute(
        delete(ResourceSave).where(
            ResourceSave.resource_id == resource.id, ResourceSave.member_id == member_id
        )
    )
    return affected_rows(result) > 0


async def shared_by_member(
    session: AsyncSession, community_id: int, member_id: int, offset: int, limit: int
) -> tuple[list[Resource], int]:
    where = (Resource.community_id == community_id, Resource.shared_by == member_id)
    query = select(Resource).where(*where).order_by(Resource.id.desc()).offset(offset).limit(limit)
    total = await session.scalar(select(func.count()).select_from(Resource).where(*where))
    return list((await session.execute(query)).scalars()), int(total or 0)


async def saved_by_member(
    session: AsyncSession, community_id: int, member_id: int, offset: int, limit: int
) -> tuple[list[Resource], int]:
    where = (ResourceSave.community_id == community_id, ResourceSave.member_id == member_id)
    query = (
        select(Resource)
        .join(ResourceSave, ResourceSave.resource_id == Resource.id)
        .where(*where)
        .order_by(ResourceSave.saved_at.desc(), Resource.id.desc())
        .offset(offset)
        .limit(limit)
    )
    total = await session.scalar(select(func.count()).select_from(ResourceSave).where(*where))
    return list((await session.execute(query)).scalars()), int(total or 0)


async def count_member_marks(
    session: AsyncSession, model: type[ResourceRating] | type[ResourceSave], member_id: int
) -> int:
    return int(
        await session.scalar(
            select(func.count()).select_from(model).where(model.member_id == member_id)
        )
        or 0
    )


async def delete_member_ratings(session: AsyncSession, member_id: int) -> int:
    """forget-me: a member's ratings go, and the averages they fed are recomputed."""
    ids = list(
        (
            await session.execute(
                select(ResourceRating.resource_id).where(ResourceRating.member_id == member_id)
            )
        ).scalars()
    )
    await session.execute(delete(ResourceRating).where(ResourceRating.member_id == member_id))
    for resource_id in ids:
        resource = await session.get(Resource, resource_id)
        if resource is not None:
            await refresh_rating(session, resource)
    return len(ids)


async def delete_member_saves(session: AsyncSession, member_id: int) -> int:
    result = await session.execute(delete(ResourceSave).where(ResourceSave.member_id == member_id))
    return affected_rows(result)


async def record_view(session: AsyncSession, resource: Resource) -> None:
    """Count a view ("most used" in reports) with an atomic increment."""
    await session.execute(
        update(Resource)
        .where(Resource.id == resource.id)
        .values(views=Resource.views + 1)
        .execution_options(synchronize_session=False)  # set below, without a second read
    )
    set_committed_value(resource, "views", (resource.views or 0) + 1)


async def recent_resources(session: AsyncSession, community_id: int, limit: int) -> list[Resource]:
    """The newest resources of a community, for suggestions before anything is typed."""
    query = (
        select(Resource)
        .where(Resource.community_id == community_id)
        .order_by(Resource.id.desc())
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def label_values(
    session: AsyncSession, community_id: int, kind: str, prefix: str, limit: int
) -> list[str]:
    """Distinct tags (or standard codes) of a community starting with `prefix`, in order.

    A range on the (community, kind, value) index, so it stays an index read however
    large the library grows.
    """
    where = [ResourceLabel.community_id == community_id, ResourceLabel.kind == kind]
    if prefix:
        where += [ResourceLabel.value >= prefix, ResourceLabel.value < prefix + "\U0010ffff"]
    query = (
        select(ResourceLabel.value)
        .where(*where)
        .group_by(ResourceLabel.value)
        .order_by(ResourceLabel.value)
        .limit(limit)
    )
    # A database collation may order punctuation its own way: keep true prefixes only.
    return [v for v in (await session.execute(query)).scalars() if v.startswith(prefix)]
