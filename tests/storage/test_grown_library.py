"""A library grown one share at a time answers searches as one built in bulk does.

Each share is its own transaction, so the SQLite index is made of many small FTS5
segments, merged a bounded step at a time as shares arrive (`storage.search`); a bulk
import writes one. Whatever the index's shape, a search must find the same resources,
rank them the same, and for a word most resources contain rank the same newest 500.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from storage.community import Community
from storage.db import Database
from storage.resource_models import NewResource
from storage.resources import publish_many, publish_resource, search_resources
from storage.search import WINDOW, SearchPage, SearchQuery

N = 640  # more than the window for the word every title has
START = datetime(2026, 1, 1, tzinfo=UTC)
WORDS = ("fraction", "area", "volume", "graph", "angle", "slope", "prism")


def row(i: int) -> tuple[str, str, str]:
    """The i-th resource's title, description and tags: words of different frequencies."""
    title = f"ratio {WORDS[i % 7]} {WORDS[i % 5]} task {i}"
    description = f"{WORDS[i % 3]} practice for {WORDS[(i * 3) % 7]} with tables"
    return title, description, WORDS[i % 4]


@pytest.fixture
async def db(database_url: str):
    database = Database(database_url)
    yield database
    await database.close()


async def _community(db: Database, name: str) -> int:
    async with db.session() as session:
        community = Community(
            platform="console", external_id=name, name=name, timezone="UTC", settings={}
        )
        community.created_at = START
        session.add(community)
        await session.flush()
        return community.id


async def grow_by_shares(db: Database, community_id: int) -> None:
    for i in range(N):
        title, description, tag = row(i)
        async with db.session() as session:  # one transaction a share, as /resource share
            await publish_resource(
                session,
                community_id,
                title=title,
                type="task",
                description=description,
                tags=(tag,),
                url=f"https://example.org/grown/{i}",
                now=START + timedelta(seconds=i),
            )


async def build_in_bulk(db: Database, community_id: int) -> None:
    resources = []
    for i in range(N):
        title, description, tag = row(i)
        url = f"https://example.org/bulk/{i}"
        resources.append(
            NewResource(
                community_id=community_id,
                title=title,
                type="task",
                grade=None,
                description=description,
                url=url,
                url_key=url,
                standards="",
                focus="",
                tags=tag,
                shared_by=None,
                created_at=START + timedelta(seconds=i),
            )
        )
    async with db.session() as session:  # one transaction, as an import
        await publish_many(session, resources)


async def search(db: Database, community_id: int, words: str, page: int = 1) -> SearchPage:
    async with db.session() as session:
        return await search_resources(
            session, community_id, SearchQuery(words=words, page=page, page_size=50)
        )


def seen(page: SearchPage) -> tuple[list[str], int, bool]:
    return [hit.resource.title for hit in page.hits], page.total, page.capped


async def test_a_library_grown_by_shares_finds_and_ranks_as_one_built_in_bulk(
    db: Database, on_postgres: bool
) -> None:
    grown, bulk = await _community(db, "grown"), await _community(db, "bulk")
    await grow_by_shares(db, grown)
    await build_in_bulk(db, bulk)

    for words, page in [
        ("ratio", 1),
        ("ratio", 3),
        ("area", 1),
        ("area volume", 1),
        ("slope tables", 2),
        ("prism fraction task", 1),
    ]:
        shown = seen(await search(db, grown, words, page))
        assert shown == seen(await search(db, bulk, words, page)), (words, page)
        assert shown[0], (words, page)

    common = await search(db, grown, "ratio", page=10)  # the window's last page
    assert common.capped and common.total == WINDOW
    oldest_ranked = min(int(hit.resource.title.rsplit(" ", 1)[1]) for hit in common.hits)
    assert oldest_ranked >= N - WINDOW, "the newest 500 of the 640 matches are ranked"

    if not on_postgres:  # merged a step at a time, the FTS5 index is still sound
        async with db.session() as session:
            await session.execute(
                text(
                    "INSERT INTO resource_search (resource_search, rank)"
                    " VALUES ('integrity-check', 1)"
                )
            )
