"""The set of command families this bot serves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bot.grammar.spec import Family, SubCommand


class Registry:
    def __init__(self, families: Iterable[Family]) -> None:
        self._families: dict[str, Family] = {}
        for family in families:
            if family.name in self._families:
                raise ValueError(f"command /{family.name} is defined twice")
            names = [sub.name for sub in family.subcommands]
            if len(names) != len(set(names)):
                raise ValueError(f"/{family.name} defines a sub-command twice")
            self._families[family.name] = family

    def family(self, name: str) -> Family | None:
        return self._families.get(name)

    def names(self) -> list[str]:
        return list(self._families)

    def __iter__(self) -> Iterator[Family]:
        return iter(self._families.values())

    def commands(self) -> Iterator[tuple[Family, SubCommand]]:
        for family in self._families.values():
            for sub in family.subcommands:
                yield family, sub
