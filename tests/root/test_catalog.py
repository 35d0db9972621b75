"""The message catalogs agree with the code: nothing missing, stale or mistranslated."""

from __future__ import annotations

from bot.root import catalog
from commands import all_families


def test_the_spanish_catalog_is_complete_and_current() -> None:
    found = catalog.problems(all_families())
    assert not found, "\n".join(found[:60]) + (
        f"\n… {len(found)} in all" if len(found) > 60 else ""
    )
