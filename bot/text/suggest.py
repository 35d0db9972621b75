"""“Did you mean” hints for mistyped names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from bot.kernel.i18n import _


def closest(word: str, candidates: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word.lower(), list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(
    word: str, candidates: Iterable[str], *, suffix: str = "", prefix: str = ""
) -> str:
    """A whole sentence after a space (" Did you mean /resource?"), in the reader's language;
    empty when nothing is close. `prefix` and `suffix` go around the name as typed syntax
    (`/resource `, `:`), never translated."""
    match = closest(word, candidates)
    if not match:
        return ""
    typed = prefix + match + suffix
    return " " + _("Did you mean {suggestion}?", suggestion=typed)
