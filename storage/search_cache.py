"""Ranked windows kept per library version, so a search is ranked once, not per page.

Ranking is most of what a search costs (bm25 or ts_rank over up to `WINDOW` matches,
2-5 ms at 100k resources), and people ask for the same window again and again: Next and
Previous re-run the search for another slice; a community searches the same few words.
A window is kept under the community's `search_version`, which the database itself
bumps on every change to the community's resources (triggers of migration
0024_search_version, in the writing transaction): a new share, an edit, a rating, a
removal. So a window is never read under the version it was not made for, whichever
process made the change, and the page's rows are read afresh with the filters applied
again (`storage.search.page_of`): what was removed meanwhile cannot be shown.

The cache is per process and per database engine (tests run many databases in one
process, with the same community ids), bounded in entries, least recently used out.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Hashable

from sqlalchemy import Engine, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.community import Community
from storage.search import Window

MAX_WINDOWS = 256  # at most 500 ids each: about 1 MB in all


class WindowCache:
    """Least recently used windows, by key."""

    def __init__(self, size: int = MAX_WINDOWS) -> None:
        self.size = size
        self._windows: OrderedDict[Hashable, Window] = OrderedDict()
        self.hits = 0  # windows served without ranking again

    def get(self, key: Hashable) -> Window | None:
        window = self._windows.get(key)
        if window is None:
            return None
        self.hits += 1
        self._windows.move_to_end(key)
        return window

    def put(self, key: Hashable, window: Window) -> None:
        self._windows[key] = window
        self._windows.move_to_end(key)
        while len(self._windows) > self.size:
            self._windows.popitem(last=False)


_CACHES: weakref.WeakKeyDictionary[Engine, WindowCache] = weakref.WeakKeyDictionary()


def cache_for(session: AsyncSession) -> WindowCache:
    """The cache of the database `session` talks to."""
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    cache = _CACHES.get(engine)
    if cache is None:
        cache = _CACHES[engine] = WindowCache()
    return cache


async def search_version(session: AsyncSession, community_id: int) -> int:
    """The community's library version as this transaction sees it (its own writes
    included): read at search time, not taken from the request's start."""
    query = select(Community.search_version).where(Community.id == community_id)
    return int(await session.scalar(query) or 0)
