"""“Did you mean” hints for mistyped names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word.lower(), list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str], *, suffix: str = "") -> str:
    """A sentence fragment, empty when nothing is close."""
    match = closest(word, candidates)
    return f" Did you mean {match}{suffix}?" if match else ""
