"""Ranked full-text search of the library, one interface over SQLite FTS5 and PostgreSQL.

Both engines index the same text, folded in Python (`bot.normalize.fold`),
in three weighted fields: the title (weighted highest), the tags, standard
codes and focus, then the description and body. Queries are built from
words only (`bot.normalize.query_terms`), so nothing a user types reaches
either engine's query syntax.

Broad queries are bounded. Ranking every match of a word half the library
contains costs about a second at a million rows, so the ranking runs over a
window: the newest `WINDOW` resources that match the words, the community and
the filters, found by walking the index newest first and looking at no more
than `SCAN` matches of the words. A rare word has fewer matches than the
window, so it is ranked exactly; a very common word is ranked among its
newest matches, and the page says so ("the best of the newest 500").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import (
    ColumnElement,
    Integer,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.normalize import fold, fold_with_positions
from storage.resource_models import Resource, ResourceLabel

WINDOW = 500  # matching resources ranked at most, per query
SCAN = 5_000  # matches of the words looked at, at most, to fill the window
MAX_PAGE_SIZE = 50
SORTS = ("relevance", "new", "top")


@dataclass(frozen=True)
class SearchQuery:
    """What to look for. `words` is free user text; everything else is an exact filter."""

    words: str = ""
    type: str | None = None
    grade: str | None = None  # a band; resources for "all" grades match every band
    standard: str | None = None  # a normalised code; `7.RP` also finds `7.RP.A.2`
    focus: str | None = None
    tag: str | None = None
    by: int | None = None  # a member id
    origin: str | None = None  # e.g. "case": what another family published
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10


@dataclass(frozen=True)
class SearchHit:
    resource: Resource
    snippet: str = ""


@dataclass(frozen=True)
class SearchPage:
    hits: tuple[SearchHit, ...]
    page: int
    page_size: int
    total: int  # matches found; a lower bound when `capped`
    capped: bool = False  # more matched than were ranked: add words or filters
    terms: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first(self) -> int:
        return (self.page - 1) * self.page_size + 1


@dataclass(frozen=True)
class Matches:
    """One page of ids in order, with how many matched in all."""

    ids: list[int]
    total: int
    capped: bool
    resources: list[Resource] = field(default_factory=list)


class SearchEngine(Protocol):
    async def index(self, session: AsyncSession, resource: Resource) -> None: ...

    async def unindex(self, session: AsyncSession, resource_id: int) -> None: ...

    async def match(
        self,
        session: AsyncSession,
        terms: list[tuple[str, ...]],
        filters: list[ColumnElement[bool]],
        sort: str,
        offset: int,
        limit: int,
    ) -> Matches: ...


def index_fields(resource: Resource) -> tuple[str, str, str]:
    """The folded title, labels and body text a resource is found by."""
    labels = " ".join(
        [
            resource.type,
            resource.grade or "",
            *resource.label_list("standard"),
            *resource.label_list("focus"),
            *(tag.replace("-", " ") for tag in resource.label_list("tag")),
        ]
    )
    body = f"{resource.description}\n{resource.body}"
    return fold(resource.title), fold(labels), fold(body)


_FTS = table("resource_search", column("rowid", Integer))
_FTS_NAME = literal_column("resource_search")
# bm25 weights by column: title, body, tags.
_BM25 = func.bm25(_FTS_NAME, 10.0, 1.0, 4.0)


def fts5_query(terms: list[tuple[str, ...]]) -> str:
    """An FTS5 query of quoted words and phrases, all required: never FTS5 syntax from users."""
    return " ".join('"' + " ".join(term) + '"' for term in terms)


class SqliteSearch:
    """FTS5 with bm25; rows of `resource_search` carry the resource id as rowid."""

    async def index(self, session: AsyncSession, resource: Resource) -> None:
        await self.unindex(session, resource.id)
        title, labels, body = index_fields(resource)
        await session.execute(
            text(
                "INSERT INTO resource_search (rowid, title, body, tags) "
                "VALUES (:id, :title, :body, :tags)"
            ),
            {"id": resource.id, "title": title, "body": body, "tags": labels},
        )

    async def unindex(self, session: AsyncSession, resource_id: int) -> None:
        await session.execute(
            text("DELETE FROM resource_search WHERE rowid = :id"), {"id": resource_id}
        )

    async def match(
        self,
        session: AsyncSession,
        terms: list[tuple[str, ...]],
        filters: list[ColumnElement[bool]],
        sort: str,
        offset: int,
        limit: int,
    ) -> Matches:
        matches = _FTS_NAME.op("MATCH")(fts5_query(terms))
        # 1. The window: the newest matches of the words that pass the filters.
        scanned = (
            select(_FTS.c.rowid.label("id"))
            .where(matches)
            .order_by(_FTS.c.rowid.desc())
            .limit(SCAN)
            .cte("scanned")
            .prefix_with("MATERIALIZED")
        )
        window = (
            select(Resource.id)
            .select_from(scanned.join(Resource, Resource.id == scanned.c.id))
            .where(*filters)
            .limit(WINDOW)  # the materialized scan is read in its order: newest first
            .subquery("window")
        )
        scanned_count = select(func.count()).select_from(scanned).scalar_subquery()
        row = (
            await session.execute(select(func.count(), func.min(window.c.id), scanned_count))
        ).one()
        found, lowest = int(row[0]), row[1]
        if found == 0:
            return Matches([], 0, False)
        # The scan stopped short of the older matches: rank only what it saw.
        capped = found >= WINDOW or int(row[2]) >= SCAN
        floor = lowest if capped else None
        # 2. Rank the window.
        ranked_where = [matches] if floor is None else [matches, _FTS.c.rowid >= floor]
        ranked = (
            select(_FTS.c.rowid.label("id"), _BM25.label("score"))
            .where(*ranked_where)
            .cte("ranked")
            .prefix_with("MATERIALIZED")
        )
        order = _order(sort, ranked.c.score.asc())
        query = (
            select(Resource.id, func.count().over(), Resource)
            .select_from(ranked.join(Resource, Resource.id == ranked.c.id))
            .where(*filters)
            .order_by(*order)
            .offset(offset)
            .limit(limit)
        )
        rows = (await session.execute(query)).all()
        total = int(rows[0][1]) if rows else found
        return Matches([r[0] for r in rows], total, capped, [r[2] for r in rows])


class PostgresSearch:
    """A weighted tsvector (title A, labels B, body C) with a GIN index, ranked by ts_rank."""

    async def index(self, session: AsyncSession, resource: Resource) -> None:
        title, labels, body = index_fields(resource)
        await session.execute(
            text(
                "UPDATE resources SET search_vector = "
                "setweight(to_tsvector('english', :title), 'A') || "
                "setweight(to_tsvector('english', :tags), 'B') || "
                "setweight(to_tsvector('english', :body), 'C') WHERE id = :id"
            ),
            {"id": resource.id, "title": title, "tags": labels, "body": body},
        )

    async def unindex(self, session: AsyncSession, resource_id: int) -> None:
        """The vector lives on the row, so it goes with it."""

    async def match(
        self,
        session: AsyncSession,
        terms: list[tuple[str, ...]],
        filters: list[ColumnElement[bool]],
        sort: str,
        offset: int,
        limit: int,
    ) -> Matches:
        tsquery = pg_tsquery(terms)
        vector = literal_column("resources.search_vector")
        window = (
            select(Resource.id)
            .where(*filters, vector.op("@@")(tsquery))
            .order_by(Resource.id.desc())
            .limit(WINDOW)
            .cte("window")
            .prefix_with("MATERIALIZED")
        )
        score = func.ts_rank(vector, tsquery)
        order = _order(sort, score.desc())
        query = (
            select(Resource.id, func.count().over(), Resource)
            .select_from(window.join(Resource, Resource.id == window.c.id))
            .order_by(*order)
            .offset(offset)
            .limit(limit)
        )
        rows = (await session.execute(query)).all()
        if rows:
            total = int(rows[0][1])
        else:
            total = int(await session.scalar(select(func.count()).select_from(window)) or 0)
        return Matches([r[0] for r in rows], total, total >= WINDOW, [r[2] for r in rows])


def pg_tsquery(terms: list[tuple[str, ...]]) -> ColumnElement[object]:
    """A tsquery that requires every word and every typed-together phrase.

    Words go through plainto_tsquery and phrases through phraseto_tsquery,
    which read plain text only: no operator a user types reaches tsquery syntax.
    """
    singles = " ".join(term[0] for term in terms if len(term) == 1)
    parts: list[ColumnElement[object]] = []
    if singles:
        parts.append(func.plainto_tsquery("english", singles))
    parts.extend(func.phraseto_tsquery("english", " ".join(t)) for t in terms if len(t) > 1)
    combined = parts[0]
    for part in parts[1:]:
        combined = combined.op("&&")(part)
    return combined


def _order(sort: str, relevance: ColumnElement[object]) -> list[ColumnElement[object]]:
    if sort == "new":
        return [Resource.id.desc()]
    if sort == "top":
        return [
            Resource.rating_avg.desc(),
            Resource.rating_count.desc(),
            relevance,
            Resource.id.desc(),
        ]
    return [relevance, Resource.id.desc()]


def engine_for(session: AsyncSession) -> SearchEngine:
    dialect = session.bind.dialect.name
    return SqliteSearch() if dialect == "sqlite" else PostgresSearch()


def filters_for(community_id: int, query: SearchQuery) -> list[ColumnElement[bool]]:
    """The where-clauses of a query's filters; always scoped to one community."""
    clauses: list[ColumnElement[bool]] = [Resource.community_id == community_id]
    if query.type:
        clauses.append(Resource.type == query.type)
    if query.grade and query.grade != "all":
        clauses.append(or_(Resource.grade == query.grade, Resource.grade == "all"))
    elif query.grade == "all":
        clauses.append(Resource.grade == "all")
    if query.by is not None:
        clauses.append(Resource.shared_by == query.by)
    if query.origin:
        clauses.append(Resource.origin == query.origin)
    for kind, value in (("tag", query.tag), ("focus", query.focus)):
        if value:
            clauses.append(Resource.id.in_(_labelled(community_id, kind, value)))
    if query.standard:
        labelled = select(ResourceLabel.resource_id).where(
            ResourceLabel.community_id == community_id,
            ResourceLabel.kind == "standard",
            or_(
                ResourceLabel.value == query.standard,
                ResourceLabel.value.startswith(query.standard + ".", autoescape=True),
                ResourceLabel.value.startswith(query.standard + "-", autoescape=True),
            ),
        )
        clauses.append(Resource.id.in_(labelled))
    return clauses


def _labelled(community_id: int, kind: str, value: str) -> object:
    return select(ResourceLabel.resource_id).where(
        ResourceLabel.community_id == community_id,
        ResourceLabel.kind == kind,
        ResourceLabel.value == value,
    )


async def list_filtered(
    session: AsyncSession, filters: list[ColumnElement[bool]], sort: str, offset: int, limit: int
) -> Matches:
    """A search with no words: what passes the filters, newest first (or best rated)."""
    if sort == "top":
        order = [Resource.rating_avg.desc(), Resource.rating_count.desc(), Resource.id.desc()]
    else:
        order = [Resource.id.desc()]
    bounded = select(Resource.id).where(*filters).limit(WINDOW).subquery()
    total = select(func.count()).select_from(bounded).scalar_subquery()
    query = select(Resource, total).where(*filters).order_by(*order).offset(offset).limit(limit)
    rows = (await session.execute(query)).all()
    if rows:
        count = int(rows[0][1])
    else:
        count = int(await session.scalar(select(func.count()).select_from(bounded)) or 0)
    return Matches([r[0].id for r in rows], count, count >= WINDOW, [r[0] for r in rows])


def snippet(resource: Resource, terms: list[tuple[str, ...]] | tuple, width: int = 160) -> str:
    """A short piece of the description or body around the first word that matched."""
    source = " ".join(f"{resource.description} {resource.body[:4000]}".split())
    if not source:
        return ""
    if not terms:
        return _clip(source, 0, width)
    folded, positions = fold_with_positions(source)
    best: int | None = None
    for term in terms:
        for word in term:
            stem = word[: max(3, len(word) - 2)] if len(word) > 4 else word
            at = _word_start(folded, stem)
            if at is not None and (best is None or at < best):
                best = at
    if best is None:
        return _clip(source, 0, width)
    start = positions[best]
    return _clip(source, max(0, start - width // 3), width)


def _word_start(folded: str, stem: str) -> int | None:
    at = folded.find(stem)
    while at != -1:
        if at == 0 or not folded[at - 1].isalnum():
            return at
        at = folded.find(stem, at + 1)
    return None


def _clip(text: str, start: int, width: int) -> str:
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 20 else start
    end = start + width
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    piece = text[start:end].strip()
    return ("…" if start > 0 else "") + piece + ("…" if end < len(text) else "")
