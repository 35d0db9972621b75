"""Slash-command names on Slack: `/<prefix><family>`, so Praxis coexists with other apps.

A district's workspace may already have a `/case` or a `/cycle`; with
`PRAXIS_COMMAND_PREFIX=px-` every family is registered as `/px-resource`, `/px-case`, ...
The core keeps speaking of `/resource`: its help, usages and hints name commands the way
the grammar does. So the names are translated at the edges of this adapter only: an
incoming `/px-resource` is the `resource` family, and outgoing text that names a command
(`/resource search`) names it as this workspace knows it (`/px-resource search`). Button
values are commands the core parses and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

MAX_COMMAND = 32  # Slack's limit on a slash command's name, the slash included


@dataclass(frozen=True)
class CommandNames:
    prefix: str
    families: tuple[str, ...]
    _pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, families: Iterable[str], prefix: str = "") -> CommandNames:
        names = tuple(families)
        for name in names:
            if len(f"/{prefix}{name}") > MAX_COMMAND:
                raise ValueError(f"/{prefix}{name} is longer than Slack's {MAX_COMMAND} characters")
        pattern = None
        if prefix and names:
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            # A command is named after a space, a quote or a bracket, never inside a URL.
            pattern = re.compile(rf"(?<![\w/.:@#&;-])/({alternatives})(?![\w-])")
        return cls(prefix, names, pattern)

    def slash(self, family: str) -> str:
        """The slash command a family is registered as here."""
        return f"/{self.prefix}{family}"

    def commands(self) -> list[str]:
        return [self.slash(name) for name in self.families]

    def family_of(self, command: str) -> str:
        """`/px-resource` -> `resource`; a name that is not ours is returned bare."""
        name = command.strip().lstrip("/").lower()
        bare = name[len(self.prefix) :] if self.prefix and name.startswith(self.prefix) else ""
        return bare if bare in self.families and name not in self.families else name

    def family_text(self, text: str) -> str:
        """Typed command text with this workspace's name undone: `/px-case x` -> `/case x`."""
        head, sep, rest = text.strip().partition(" ")
        if head.startswith("/"):
            head = "/" + self.family_of(head)
        return head + sep + rest

    def rename(self, text: str) -> str:
        """Command names in reply text, as this workspace registered them."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: f"/{self.prefix}{m.group(1)}", text)

    def rename_blocks(self, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Every shown text of rendered Block Kit; values (commands to run) stay as they are."""
        if self._pattern is None:
            return blocks
        return [self._walk(block) for block in blocks]

    def _walk(self, node: Any) -> Any:
        if isinstance(node, dict):
            out: dict[str, Any] = {}
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    out[key] = self.rename(value)
                elif key in ("value", "action_id", "block_id", "url"):
                    out[key] = value
                else:
                    out[key] = self._walk(value)
            return out
        if isinstance(node, list):
            return [self._walk(item) for item in node]
        return node
