"""Ranked full-text search of the library, one interface over SQLite FTS5 and PostgreSQL.

Both engines index the same text, folded in Python (`bot.text.normalize.fold`),
in three weighted fields: the title (weighted highest), the tags, standard
codes and focus, then the description and body. Queries are built from
words only (`bot.text.normalize.query_terms`), so nothing a user types reaches
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

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import (
    BindParameter,
    ColumnClause,
    ColumnElement,
    Integer,
    bindparam,
    case,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import Join

from bot.kernel.pager import page_count
from bot.text.normalize import STOPWORDS, fold, fold_with_positions
from storage.community import Member
from storage.resource_models import NewResource, Resource, ResourceLabel

WINDOW = 500  # matching resources ranked at most, per query
SCAN = 5_000  # matches of the words looked at, at most, to fill the window
MAX_PAGE_SIZE = 50
SORTS = ("relevance", "new", "top")
MAX_PREFIXES = 6  # words of a suggestion query looked up, at most
# SQLite: one step of FTS5 segment merging every MERGE_EVERY index writes of a process,
# writing at most about MERGE_PAGES pages (4 KB each) of the index; see `SqliteSearch`.
MERGE_EVERY = 10
MERGE_PAGES = 50


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
    sharer: str | None = None  # the display name of who shared it, read with the page


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
        return page_count(self.total, self.page_size)

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
class Window:
    """A query's whole ranked window: every page of it is a slice of `ids`. Kept in
    `storage.search_cache` per library version, so paging and repeated searches do not
    rank again."""

    ids: tuple[int, ...]
    total: int
    capped: bool


@dataclass(frozen=True)
class Matches:
    """One page of ids in order, with how many matched in all."""

    ids: list[int]
    total: int
    capped: bool
    resources: list[Resource] = field(default_factory=list)
    sharers: list[str | None] = field(default_factory=list)  # display names, as `resources`


class SearchEngine(Protocol):
    async def index(self, session: AsyncSession, resource: Resource) -> None: ...

    async def index_many(self, session: AsyncSession, resources: list[NewResource]) -> None:
        """Index new resources (none indexed before) in one executemany."""
        ...

    async def unindex(self, session: AsyncSession, resource_id: int) -> None: ...

    async def ranked(
        self,
        session: AsyncSession,
        terms: list[tuple[str, ...]],
        filters: Filters,
        sort: str,
    ) -> Window:
        """The window's ids in their final order (at most `WINDOW`), and how many matched."""
        ...


def index_fields(resource: Resource | NewResource) -> tuple[str, str, str]:
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
_FTS_NAME: ColumnClause[Any] = literal_column("resource_search")
# bm25 weights by column: title, body, tags.
_BM25 = func.bm25(_FTS_NAME, 10.0, 1.0, 4.0)


def fts5_query(terms: list[tuple[str, ...]]) -> str:
    """An FTS5 query of quoted words and phrases, all required: never FTS5 syntax from users."""
    return " ".join('"' + " ".join(term) + '"' for term in terms)


_WRITES = itertools.count(1)  # index writes by this process, for `SqliteSearch.merge_step`
_MERGE = text(
    "INSERT INTO resource_search (resource_search, rank) VALUES ('merge', :pages)"
).bindparams(pages=MERGE_PAGES)


class SqliteSearch:
    """FTS5 with bm25; rows of `resource_search` carry the resource id as rowid.

    Each transaction that writes the index adds a segment to it, and a search reads
    every segment for each of its words. A library built in bulk is one segment after
    FTS5's `optimize`; one grown by single shares had 8 after 20,000 shares and up to 25
    on the way, FTS5's own automerge letting 3 segments wait on each of ~7 levels. So
    the table merges any two segments of a level (`usermerge=2`, set by migration
    0023), and every `MERGE_EVERY` index writes the writing transaction also does one
    bounded step of that merging (about `MERGE_PAGES` pages): the index then held 7
    segments on average and 10 at most over 20,000 shares, for about 0.03 ms a share
    (docs/PERFORMANCE.md, "A library grown one share at a time"). A merge across levels
    (FTS5's negative 'merge', or 'optimize') would rewrite the whole index, a cost
    growing with the library: never on the share path.
    """

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
        if next(_WRITES) % MERGE_EVERY == 0:
            await self.merge_step(session)

    @staticmethod
    async def merge_step(session: AsyncSession) -> None:
        """One bounded step of merging the index's segments, in the caller's transaction."""
        await session.execute(_MERGE)

    async def index_many(self, session: AsyncSession, resources: list[NewResource]) -> None:
        rows = []
        for resource in resources:
            title, labels, body = index_fields(resource)
            rows.append({"id": resource.id, "title": title, "body": body, "tags": labels})
        await session.execute(
            text(
                "INSERT INTO resource_search (rowid, title, body, tags) "
                "VALUES (:id, :title, :body, :tags)"
            ),
            rows,
        )
        await self.merge_step(session)

    async def unindex(self, session: AsyncSession, resource_id: int) -> None:
        await session.execute(
            text("DELETE FROM resource_search WHERE rowid = :id"), {"id": resource_id}
        )

    async def ranked(
        self,
        session: AsyncSession,
        terms: list[tuple[str, ...]],
        filters: Filters,
        sort: str,
    ) -> Window:
        """One statement: the window's bounds, then bm25 over the window, its ids in order.

        The bounds (how many matched, the window's lowest id) are a CTE whose
        value reaches FTS5 as the `rowid >=` constraint, so the ranking reads
        only the window's part of the index, in the same round trip.
        """
        query, bounds_query = _statement(
            ("sqlite", sort, filters.shape), lambda: _sqlite_statements(sort, filters)
        )
        params = {**filters.params, "q": fts5_query(terms)}
        rows = (await session.execute(query, params)).all()
        if rows:
            found, scanned, total = int(rows[0][2]), int(rows[0][3]), int(rows[0][1])
        else:  # nothing matched, or nothing of it passed the filters: how many did match?
            row = (await session.execute(bounds_query, params)).one()
            found, scanned = int(row[0]), int(row[1])
            total = found
        if found == 0:
            return Window((), 0, False)
        # The scan stopped short of the older matches: only what it saw was ranked.
        capped = found >= WINDOW or scanned >= SCAN
        return Window(tuple(int(r[0]) for r in rows), total, capped)


class LeftFirst(Join):
    """An inner join whose left side SQLite must keep as the outer loop.

    SQLite documents `CROSS JOIN` as the way to fix the order of a join by hand
    ("Manual Control Of Query Plans Using CROSS JOIN"); other databases get a plain JOIN.
    """

    inherit_cache = True


@compiles(LeftFirst, "sqlite")
def _cross_join(join: LeftFirst, compiler: SQLCompiler, **kw: Any) -> str:
    kw.pop("asfrom", None)
    assert join.onclause is not None  # built with one
    linter = kw.get("from_linter")
    if linter:  # the join connects its sides: no cartesian-product warning
        linter.edges.update(itertools.product(join.left._from_objects, join.right._from_objects))
    return (
        join.left._compiler_dispatch(compiler, asfrom=True, **kw)
        + " CROSS JOIN "
        + join.right._compiler_dispatch(compiler, asfrom=True, **kw)
        + " ON "
        + join.onclause._compiler_dispatch(compiler, **kw)
    )


def _sqlite_statements(sort: str, filters: Filters) -> tuple[Any, Any]:
    clauses = filters.clauses
    matches = _FTS_NAME.op("MATCH")(bindparam("q"))
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
        # The scan drives the join whatever the planner knows (SQLite's CROSS JOIN): a
        # library grown one share at a time has no statistics, or old ones, and the
        # planner then walked every resource of the community and probed the scan
        # through an automatic index (4-5x slower on two words at 20,000 resources).
        .select_from(LeftFirst(scanned, Resource.__table__, Resource.id == scanned.c.id))
        .where(*clauses)
        # Newest first in any case: an unordered LIMIT would keep arbitrary matches if
        # the join were ever driven from `resources`. With the scan as the outer loop
        # this ORDER BY costs nothing: the scan is already in that order.
        .order_by(scanned.c.id.desc())
        .limit(WINDOW)
        .cte("window")
        .prefix_with("MATERIALIZED")
    )
    scanned_count = select(func.count()).select_from(scanned).scalar_subquery()
    bounds = (
        select(
            func.count().label("found"),
            func.min(window.c.id).label("lowest"),
            scanned_count.label("scanned"),
        )
        .cte("bounds")
        .prefix_with("MATERIALIZED")
    )
    floor = select(
        case(
            (or_(bounds.c.found >= WINDOW, bounds.c.scanned >= SCAN), bounds.c.lowest),
            else_=0,
        )
    ).scalar_subquery()
    # 2. Rank the window only.
    ranked = (
        select(_FTS.c.rowid.label("id"), _BM25.label("score"))
        .where(matches, _FTS.c.rowid >= floor)
        .cte("ranked")
        .prefix_with("MATERIALIZED")
    )
    query = (
        select(Resource.id, func.count().over(), bounds.c.found, bounds.c.scanned)
        .select_from(ranked.join(Resource, Resource.id == ranked.c.id).join(bounds, true()))
        .where(*clauses)
        .order_by(*_order(sort, ranked.c.score.asc()))
        .limit(WINDOW)
    )
    return query, select(bounds.c.found, bounds.c.scanned)


_PG_INDEX = text(
    "UPDATE resources SET search_vector = "
    "setweight(to_tsvector('english', :title), 'A') || "
    "setweight(to_tsvector('english', :tags), 'B') || "
    "setweight(to_tsvector('english', :body), 'C') WHERE id = :id"
)


class PostgresSearch:
    """A weighted tsvector (title A, labels B, body C) with a GIN index, ranked by ts_rank."""

    async def index(self, session: AsyncSession, resource: Resource) -> None:
        title, labels, body = index_fields(resource)
        await session.execute(
            _PG_INDEX, {"id": resource.id, "title": title, "tags": labels, "body": body}
        )

    async def index_many(self, session: AsyncSession, resources: list[NewResource]) -> None:
        rows = []
        for resource in resources:
            title, labels, body = index_fields(resource)
            rows.append({"id": resource.id, "title": title, "tags": labels, "body": body})
        await session.execute(_PG_INDEX, rows)

    async def unindex(self, session: AsyncSession, resource_id: int) -> None:
        """The vector lives on the row, so it goes with it."""

    async def ranked(
        self,
        session: AsyncSession,
        terms: list[tuple[str, ...]],
        filters: Filters,
        sort: str,
    ) -> Window:
        singles, phrases = _split_terms(terms)
        key = ("postgresql", sort, filters.shape, bool(singles), len(phrases))
        query, count_query = _statement(
            key, lambda: _postgres_statements(sort, filters, bool(singles), len(phrases))
        )
        params: dict[str, object] = {**filters.params}
        if singles:
            params["words"] = singles
        params.update({f"phrase{i}": phrase for i, phrase in enumerate(phrases)})
        rows = (await session.execute(query, params)).all()
        total = int(rows[0][1]) if rows else int(await session.scalar(count_query, params) or 0)
        return Window(tuple(int(r[0]) for r in rows), total, total >= WINDOW)


def _split_terms(terms: list[tuple[str, ...]]) -> tuple[str, list[str]]:
    """Single words (one plainto_tsquery) and typed-together phrases (one each)."""
    singles = " ".join(term[0] for term in terms if len(term) == 1)
    return singles, [" ".join(term) for term in terms if len(term) > 1]


def _postgres_statements(
    sort: str, filters: Filters, singles: bool, phrases: int
) -> tuple[Any, Any]:
    """A tsquery that requires every word and every typed-together phrase.

    Words go through plainto_tsquery and phrases through phraseto_tsquery,
    which read plain text only: no operator a user types reaches tsquery syntax.
    """
    parts: list[ColumnElement[object]] = []
    if singles:
        parts.append(func.plainto_tsquery("english", bindparam("words")))
    parts.extend(func.phraseto_tsquery("english", bindparam(f"phrase{i}")) for i in range(phrases))
    tsquery = parts[0]
    for part in parts[1:]:
        tsquery = tsquery.op("&&")(part)
    vector: ColumnClause[Any] = literal_column("resources.search_vector")
    window = (
        select(Resource.id)
        .where(*filters.clauses, vector.op("@@")(tsquery))
        .order_by(Resource.id.desc())
        .limit(WINDOW)
        .cte("window")
        .prefix_with("MATERIALIZED")
    )
    score = func.ts_rank(vector, tsquery)
    query = (
        select(Resource.id, func.count().over())
        .select_from(window.join(Resource, Resource.id == window.c.id))
        .order_by(*_order(sort, score.desc()))
        .limit(WINDOW)
    )
    return query, select(func.count()).select_from(window)


def _order(sort: str, relevance: ColumnElement[Any]) -> list[ColumnElement[Any]]:
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
    dialect = session.get_bind().dialect.name
    return SqliteSearch() if dialect == "sqlite" else PostgresSearch()


@dataclass(frozen=True)
class Filters:
    """A query's filters: which are set (`shape`) and their values (`params`).

    The where-clauses depend on the shape only and read the values from named
    parameters, so a statement built once for a shape serves every query of
    that shape with new values: building a search statement with SQLAlchemy
    costs more Python time (about 0.6 ms) than running it on a rare word.
    """

    shape: tuple[str, ...]
    params: dict[str, object]

    @property
    def clauses(self) -> tuple[ColumnElement[bool], ...]:
        return _clauses(self.shape)

    @property
    def key(self) -> tuple[object, ...]:
        """The filters as a hashable key: their shape and every value."""
        return (self.shape, tuple(sorted((k, repr(v)) for k, v in self.params.items())))


def filters_for(community_id: int, query: SearchQuery) -> Filters:
    """A query's filters; always scoped to one community."""
    shape: list[str] = []
    params: dict[str, object] = {"f_community": community_id}

    def add(name: str, value: object) -> None:
        shape.append(name)
        params[f"f_{name}"] = value

    if query.type:
        add("type", query.type)
    if query.grade == "all":
        shape.append("grade_all")
    elif query.grade:
        add("grade", query.grade)
    if query.by is not None:
        add("by", query.by)
    if query.origin:
        add("origin", query.origin)
    if query.tag:
        add("tag", query.tag)
    if query.focus:
        add("focus", query.focus)
    if query.standard:
        add("standard", query.standard)
        params["f_standard_dot"] = _like_prefix(query.standard + ".")
        params["f_standard_dash"] = _like_prefix(query.standard + "-")
    return Filters(tuple(shape), params)


def _like_prefix(value: str) -> str:
    """A LIKE pattern for "starts with `value`", with `/` escaping the wildcards."""
    return value.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


@functools.cache
def _clauses(shape: tuple[str, ...]) -> tuple[ColumnElement[bool], ...]:
    community: BindParameter[int] = bindparam("f_community")
    clauses: list[ColumnElement[bool]] = [Resource.community_id == community]
    for name in shape:
        if name == "type":
            clauses.append(Resource.type == bindparam("f_type"))
        elif name == "grade":  # resources for all grades match every band
            clauses.append(or_(Resource.grade == bindparam("f_grade"), Resource.grade == "all"))
        elif name == "grade_all":
            clauses.append(Resource.grade == "all")
        elif name == "by":
            clauses.append(Resource.shared_by == bindparam("f_by"))
        elif name == "origin":
            clauses.append(Resource.origin == bindparam("f_origin"))
        elif name in ("tag", "focus"):
            labelled = select(ResourceLabel.resource_id).where(
                ResourceLabel.community_id == community,
                ResourceLabel.kind == name,
                ResourceLabel.value == bindparam(f"f_{name}"),
            )
            clauses.append(Resource.id.in_(labelled))
        elif name == "standard":  # `7.RP` also finds `7.RP.A.2`
            labelled = select(ResourceLabel.resource_id).where(
                ResourceLabel.community_id == community,
                ResourceLabel.kind == "standard",
                or_(
                    ResourceLabel.value == bindparam("f_standard"),
                    ResourceLabel.value.like(bindparam("f_standard_dot"), escape="/"),
                    ResourceLabel.value.like(bindparam("f_standard_dash"), escape="/"),
                ),
            )
            clauses.append(Resource.id.in_(labelled))
    return tuple(clauses)


_PAGE: dict[str, BindParameter[int]] = {
    "offset": bindparam("page_offset"),
    "limit": bindparam("page_limit"),
}
# Who shared each resource on the page, read in the same statement as the page.
_SHARER = Member.__table__.alias("sharer")
_SHARER_JOIN = (_SHARER.c.id == Resource.shared_by) & (
    _SHARER.c.community_id == Resource.community_id
)


def _statement(key: tuple[object, ...], build: Callable[[], Any]) -> Any:
    """A statement built once per shape of query (a few dozen shapes at most)."""
    found = _STATEMENTS.get(key)
    if found is None:
        found = _STATEMENTS[key] = build()
    return found


_STATEMENTS: dict[tuple[object, ...], Any] = {}


def _list_statements(sort: str, filters: Filters) -> tuple[Any, Any]:
    order: list[ColumnElement[Any]]
    if sort == "top":
        order = [Resource.rating_avg.desc(), Resource.rating_count.desc(), Resource.id.desc()]
    else:
        order = [Resource.id.desc()]
    clauses = filters.clauses
    bounded = select(Resource.id).where(*clauses).limit(WINDOW).subquery()
    total = select(func.count()).select_from(bounded).scalar_subquery()
    query = (
        select(Resource, total, _SHARER.c.display_name)
        .outerjoin(_SHARER, _SHARER_JOIN)
        .where(*clauses)
        .order_by(*order)
        .offset(_PAGE["offset"])
        .limit(_PAGE["limit"])
    )
    return query, select(func.count()).select_from(bounded)


async def list_filtered(
    session: AsyncSession, filters: Filters, sort: str, offset: int, limit: int
) -> Matches:
    """A search with no words: what passes the filters, newest first (or best rated).

    The total is counted up to `WINDOW` only: counting every video in a million
    resources would cost more than listing them.
    """
    query, count_query = _statement(
        ("list", sort, filters.shape), lambda: _list_statements(sort, filters)
    )
    params = {**filters.params, "page_offset": offset, "page_limit": limit}
    rows = (await session.execute(query, params)).all()
    count = int(rows[0][1]) if rows else int(await session.scalar(count_query, filters.params) or 0)
    resources, sharers = [r[0] for r in rows], [r[2] for r in rows]
    return Matches([r.id for r in resources], count, count >= WINDOW, resources, sharers)


def _page_statement(filters: Filters) -> Any:
    return (
        select(Resource, _SHARER.c.display_name)
        .outerjoin(_SHARER, _SHARER_JOIN)
        .where(Resource.id.in_(bindparam("page_ids", expanding=True)), *filters.clauses)
    )


async def page_of(
    session: AsyncSession, filters: Filters, window: Window, offset: int, limit: int
) -> Matches:
    """One page of a ranked window: its rows read now, with the filters applied again, so
    a window kept from before can only show what is still there and still matches."""
    wanted = window.ids[offset : offset + limit]
    if not wanted:
        return Matches([], window.total, window.capped)
    query = _statement(("page", filters.shape), lambda: _page_statement(filters))
    rows = (await session.execute(query, {**filters.params, "page_ids": list(wanted)})).all()
    found = {row[0].id: (row[0], row[1]) for row in rows}
    kept = [found[i] for i in wanted if i in found]
    return Matches(
        [r.id for r, _ in kept],
        window.total,
        window.capped,
        [r for r, _ in kept],
        [n for _, n in kept],
    )


def snippet(resource: Resource, terms: Sequence[tuple[str, ...]], width: int = 160) -> str:
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


async def prefix_matches(
    session: AsyncSession, community_id: int, prefixes: list[str], limit: int
) -> list[Resource]:
    """The newest resources whose title or labels have a word starting with each prefix.

    For suggestions while someone types (`frac num` finds "Fractions on the number
    line"). `prefixes` are folded words of letters and digits (`bot.text.normalize.words`),
    so nothing typed reaches either engine's query syntax.
    """
    # A stop word is in no PostgreSQL vector; the caller's own matching still checks it.
    safe = [p for p in prefixes if p.isalnum() and p not in STOPWORDS][:MAX_PREFIXES]
    if not safe:
        return []
    if session.get_bind().dialect.name == "postgresql":
        tsquery = func.to_tsquery("english", " & ".join(f"{p}:*AB" for p in safe))
        matches = literal_column("resources.search_vector").op("@@")(tsquery)
        query = select(Resource).where(Resource.community_id == community_id, matches)
    else:
        fts = "{title tags} : (" + " ".join(f'"{p}"*' for p in safe) + ")"
        ids = select(_FTS.c.rowid).where(_FTS_NAME.op("MATCH")(fts)).scalar_subquery()
        query = select(Resource).where(Resource.community_id == community_id, Resource.id.in_(ids))
    query = query.order_by(Resource.id.desc()).limit(limit)
    return list((await session.execute(query)).scalars())
