"""The message catalogs agree with the code: nothing missing, stale or mistranslated."""

from __future__ import annotations

from functools import cache

from bot.root import catalog
from commands import all_families


@cache
def _checked() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The check's problems and its pending lines, read once for both tests."""
    pending: list[str] = []
    found = catalog.problems(all_families(), pending=pending)
    return tuple(found), tuple(pending)


def test_the_spanish_catalog_is_complete_and_current() -> None:
    """Complete but for the areas declared still under way (catalog.INCOMPLETE_AREAS)."""
    found, _pending = _checked()
    assert not found, "\n".join(found[:60]) + (
        f"\n… {len(found)} in all" if len(found) > 60 else ""
    )


def test_only_the_areas_declared_under_way_may_lack_entries() -> None:
    _found, pending = _checked()
    areas = {
        line.rsplit("goes in ", 1)[-1].removesuffix(".po)") for line in pending if "goes in" in line
    }
    areas |= {
        line.split("/", 1)[1].split(".po", 1)[0] for line in pending if line.startswith("es/")
    }
    assert areas <= catalog.INCOMPLETE_AREAS
