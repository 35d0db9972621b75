"""The message catalogs agree with the code: nothing missing, stale or mistranslated."""

from __future__ import annotations

from bot.root import catalog
from commands import all_families


def test_the_spanish_catalog_is_complete_and_current() -> None:
    """Complete but for the areas declared still under way (catalog.INCOMPLETE_AREAS)."""
    found = catalog.problems(all_families(), pending=[])
    assert not found, "\n".join(found[:60]) + (
        f"\n… {len(found)} in all" if len(found) > 60 else ""
    )


def test_only_the_areas_declared_under_way_may_lack_entries() -> None:
    pending: list[str] = []
    catalog.problems(all_families(), pending=pending)
    areas = {line.rsplit("goes in ", 1)[-1].rstrip(".po)") for line in pending if "goes in" in line}
    areas |= {
        line.split("/", 1)[1].split(".po", 1)[0] for line in pending if line.startswith("es/")
    }
    assert areas <= catalog.INCOMPLETE_AREAS
