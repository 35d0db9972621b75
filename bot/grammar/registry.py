"""The set of command families this bot serves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bot.grammar.spec import Family, MessageAction, SubCommand


class Registry:
    def __init__(self, families: Iterable[Family]) -> None:
        self._families: dict[str, Family] = {}
        for family in families:
            if family.name in self._families:
                raise ValueError(f"command /{family.name} is defined twice")
            names = [sub.name for sub in family.subcommands]
            if len(names) != len(set(names)):
                raise ValueError(f"/{family.name} defines a sub-command twice")
            for action in family.message_actions:
                sub = family.sub(action.sub)
                if sub is None or not (
                    sub.option(action.link_option) and sub.option(action.text_option)
                ):
                    raise ValueError(
                        f"/{family.name}: message action {action.label!r} needs a "
                        "sub-command with its link and text options"
                    )
            self._families[family.name] = family

    def family(self, name: str) -> Family | None:
        return self._families.get(name)

    def names(self) -> list[str]:
        return list(self._families)

    def __iter__(self) -> Iterator[Family]:
        return iter(self._families.values())

    def message_actions(self) -> Iterator[tuple[Family, MessageAction]]:
        for family in self._families.values():
            for action in family.message_actions:
                yield family, action

    def commands(self) -> Iterator[tuple[Family, SubCommand]]:
        for family in self._families.values():
            for sub in family.subcommands:
                yield family, sub
