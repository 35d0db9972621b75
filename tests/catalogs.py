"""The suite's watch on the Spanish catalog: a text shown without its translation fails.

Every `_`/`ngettext`/`pgettext` call a test makes is checked against each translated
language's catalog, whatever language the test's reader has; so an English test that
shows a message proves the Spanish catalog has it too. A placeholder the translation
lacks fails in `bot.root.catalog`'s check (tests/root/test_catalog.py).

PRAXIS_CATALOG_WATCH=off turns the watch off (while a change's texts await translation);
CI runs with it on.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache

from bot.kernel.i18n import watch_misses
from bot.kernel.language import Language
from bot.root import catalog


def enabled() -> bool:
    return os.environ.get("PRAXIS_CATALOG_WATCH", "on").lower() not in ("off", "0", "no")


@dataclass
class Misses:
    found: dict[str, Language] = field(default_factory=dict)

    def record(self, msgid: str, language: Language) -> None:
        self.found.setdefault(msgid, language)

    def start(self) -> None:
        self.found.clear()
        watch_misses(self.record)

    def stop(self) -> None:
        watch_misses(None)

    def failures(self) -> dict[str, Language]:
        """The misses that count: those of areas not declared still under way."""
        if not self.found:
            return {}
        areas = _areas()
        return {
            msgid: language
            for msgid, language in self.found.items()
            # A text the product's code does not hold (a test's own probe family) is not
            # the catalog's to carry.
            if msgid in areas and areas[msgid] not in catalog.INCOMPLETE_AREAS
        }

    def report(self) -> str:
        lines = [f"  [{lang.value}] {msgid!r}" for msgid, lang in sorted(self.failures().items())]
        return (
            f"{len(lines)} text(s) shown that a catalog lacks "
            "(run `praxis catalog update`, then translate them):\n" + "\n".join(lines)
        )


@cache
def _areas() -> dict[str, str]:
    from commands import all_families

    return catalog.area_of_message(all_families())


MISSES = Misses()
