"""Ranked windows are kept per library version, and a kept window is never out of date.

Whatever changes a community's library (a share, an edit, a rating, a removal, a bulk
import, from this process or another), the next search answers as a search that ranks
afresh would; paging and asking again are answered from the kept window; a view changes
nothing a search shows and keeps it. Run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from storage.community import Community, Member
from storage.db import Database
from storage.resource_models import NewResource, Resource
from storage.resources import (
    publish_many,
    publish_resource,
    rate,
    record_view,
    remove_resource,
    search_resources,
)
from storage.search import SearchPage, SearchQuery, engine_for, filters_for, page_of
from storage.search_cache import cache_for, search_version

NOW = datetime(2026, 12, 1, tzinfo=UTC)
WORDS = ("ratio", "fraction", "area", "slope")


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    yield database
    await database.close()


async def _community(db: Database, name: str = "c") -> int:
    async with db.session() as session:
        community = Community(platform="console", external_id=name, name=name, settings={})
        community.created_at = NOW
        session.add(community)
        await session.flush()
        return community.id


async def _member(db: Database, community_id: int, user: str) -> int:
    async with db.session() as session:
        member = Member(
            community_id=community_id,
            user_id=user,
            display_name=user.title(),
            name_key=user,
            role="member",
            created_at=NOW,
            last_seen_at=NOW,
        )
        session.add(member)
        await session.flush()
        return member.id


async def _share(db: Database, community_id: int, title: str) -> int:
    async with db.session() as session:
        resource = await publish_resource(
            session, community_id, title=title, type="task", description="practice", now=NOW
        )
        return resource.id


def _shown(page: SearchPage) -> list[int]:
    return [hit.resource.id for hit in page.hits]


async def _search(db: Database, community_id: int, **query: object) -> SearchPage:
    async with db.session() as session:
        return await search_resources(session, community_id, SearchQuery(**query))  # type: ignore[arg-type]


async def _fresh(db: Database, community_id: int, **query: object) -> list[int]:
    """What ranking afresh shows, bypassing every kept window."""
    search = SearchQuery(**query)  # type: ignore[arg-type]
    from bot.text.normalize import query_terms

    async with db.session() as session:
        filters = filters_for(community_id, search)
        window = await engine_for(session).ranked(
            session, query_terms(search.words), filters, search.sort
        )
        offset = (search.page - 1) * search.page_size
        matches = await page_of(session, filters, window, offset, search.page_size)
        return matches.ids


async def test_the_next_page_and_the_same_words_again_are_not_ranked_again(
    db: Database,
) -> None:
    community = await _community(db)
    for i in range(25):
        await _share(db, community, f"ratio task {i}")
    first = await _search(db, community, words="ratio", page_size=10)
    async with db.session() as session:
        cache = cache_for(session)
    hits = cache.hits
    second = await _search(db, community, words="ratio", page_size=10, page=2)
    again = await _search(db, community, words="ratio", page_size=10)
    assert cache.hits == hits + 2, "both answered from the window already ranked"
    assert _shown(again) == _shown(first)
    assert _shown(second) == await _fresh(db, community, words="ratio", page_size=10, page=2)
    assert not set(_shown(first)) & set(_shown(second))
    assert first.total == 25 and second.total == 25


async def test_a_share_an_edit_a_rating_and_a_removal_show_at_once(db: Database) -> None:
    community = await _community(db)
    rater = await _member(db, community, "ana")
    ids = [await _share(db, community, f"ratio task {i}") for i in range(3)]
    assert len(_shown(await _search(db, community, words="ratio"))) == 3
    # A share: found by the very next search.
    new = await _share(db, community, "ratio wall")
    assert new in _shown(await _search(db, community, words="ratio"))
    # An edit: a title that no longer has the word.
    async with db.session() as session:
        edited = await session.get(Resource, ids[0])
        assert edited is not None
        edited.title = "slope task"
        from storage.resources import reindex

        await reindex(session, edited, NOW)
    assert ids[0] not in _shown(await _search(db, community, words="ratio"))
    # A rating: the best rated first, at once.
    top = _shown(await _search(db, community, words="ratio", sort="top"))
    async with db.session() as session:
        rated = await session.get(Resource, top[-1])
        assert rated is not None
        await rate(session, rated, rater, 5, NOW)
    assert _shown(await _search(db, community, words="ratio", sort="top"))[0] == top[-1]
    # A removal: gone from the next search.
    async with db.session() as session:
        removed = await session.get(Resource, new)
        assert removed is not None
        await remove_resource(session, removed)
    assert new not in _shown(await _search(db, community, words="ratio"))


async def test_a_view_keeps_the_window(db: Database) -> None:
    community = await _community(db)
    shared = await _share(db, community, "ratio task")
    async with db.session() as session:
        before = await search_version(session, community)
    await _search(db, community, words="ratio")
    async with db.session() as session:
        resource = await session.get(Resource, shared)
        assert resource is not None
        await record_view(session, resource)
    async with db.session() as session:
        assert await search_version(session, community) == before
        cache = cache_for(session)
    hits = cache.hits
    await _search(db, community, words="ratio")
    assert cache.hits == hits + 1


async def test_another_process_change_is_seen_by_this_ones_window(
    db: Database, database_url: str
) -> None:
    """A second worker is another engine with its own cache, on the same database."""
    community = await _community(db)
    await _share(db, community, "ratio task")
    other = Database(database_url)
    try:
        assert len(_shown(await _search(other, community, words="ratio"))) == 1
        added = await _share(db, community, "ratio wall")  # by this worker
        assert added in _shown(await _search(other, community, words="ratio"))
        async with db.session() as session:  # a bulk import, by this worker too
            await publish_many(
                session,
                [
                    NewResource(
                        community_id=community,
                        title=f"ratio row {i}",
                        type="task",
                        grade=None,
                        description="",
                        url=f"https://example.org/row/{i}",
                        url_key=f"example.org/row/{i}",
                        standards="",
                        focus="",
                        tags="",
                        shared_by=None,
                        created_at=NOW,
                    )
                    for i in range(3)
                ],
            )
        assert len(_shown(await _search(other, community, words="ratio"))) == 5
    finally:
        await other.close()


async def test_each_community_has_its_own_version(db: Database) -> None:
    east, west = await _community(db, "east"), await _community(db, "west")
    await _share(db, east, "ratio east")
    async with db.session() as session:
        west_before = await search_version(session, west)
        east_version = await search_version(session, east)
    assert east_version > 0
    await _share(db, east, "ratio east again")
    async with db.session() as session:
        assert await search_version(session, west) == west_before
    assert _shown(await _search(db, west, words="ratio")) == []


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("share"), st.sampled_from(WORDS), st.sampled_from(WORDS)),
        st.tuples(st.just("remove"), st.integers(0, 30), st.just("")),
        st.tuples(st.just("rate"), st.integers(0, 30), st.sampled_from(("1", "5"))),
        st.tuples(st.just("view"), st.integers(0, 30), st.just("")),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=OPERATIONS, sort=st.sampled_from(("relevance", "new", "top")))
async def test_a_kept_window_always_answers_as_ranking_afresh_would(
    db: Database, operations: list[tuple[str, object, str]], sort: str
) -> None:
    community = await _community(db, f"h{id(operations)}")
    rater = await _member(db, community, f"r{id(operations)}")
    for op, what, extra in operations:
        async with db.session() as session:
            ids = list(
                (
                    await session.execute(
                        select(Resource.id).where(Resource.community_id == community)
                    )
                ).scalars()
            )
            if op == "share":
                await publish_resource(
                    session, community, title=f"{what} {extra}", type="task", now=NOW
                )
            elif ids and op in ("remove", "rate", "view"):
                resource = await session.get(Resource, ids[int(str(what)) % len(ids)])
                assert resource is not None
                if op == "remove":
                    await remove_resource(session, resource)
                elif op == "rate":
                    await rate(session, resource, rater, int(extra), NOW)
                else:
                    await record_view(session, resource)
        for word in WORDS[:2]:
            kept = _shown(await _search(db, community, words=word, sort=sort, page_size=3))
            assert kept == await _fresh(db, community, words=word, sort=sort, page_size=3)
