"""The languages Praxis speaks, and which one the current piece of work speaks.

The language travels in a context variable rather than as an argument: a reply is
built deep inside a family's handler, a parser's error far from any member, a
scheduled frame inside the engine. The dispatcher (or the engine, or an adapter
rendering a reply) says once which language the work is for with `speaking`, and
every text made inside it, in that task and in tasks it starts, comes out in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum


class Language(StrEnum):
    EN = "en"
    ES = "es"

    @property
    def label(self) -> str:
        """The language's name in itself, as a person choosing it looks for it."""
        return _LABELS[self]

    @classmethod
    def parse(cls, text: str | None) -> Language | None:
        """A language from what a person or a platform says: `es`, `es-419`, `es_MX`,
        `Spanish`, `español`; None when it is none of ours (the caller falls back)."""
        if not text:
            return None
        word = text.strip().lower()
        if word in _NAMES:
            return _NAMES[word]
        code = re.split(r"[-_.@]", word, maxsplit=1)[0]
        return _NAMES.get(code)


_LABELS = {Language.EN: "English", Language.ES: "Español"}
_NAMES = {
    "en": Language.EN,
    "english": Language.EN,
    "inglés": Language.EN,
    "ingles": Language.EN,
    "es": Language.ES,
    "spanish": Language.ES,
    "español": Language.ES,
    "espanol": Language.ES,
    "castellano": Language.ES,
}

DEFAULT_LANGUAGE = Language.EN

_current: ContextVar[Language] = ContextVar("praxis_language", default=DEFAULT_LANGUAGE)


def current_language() -> Language:
    return _current.get()


@contextmanager
def speaking(language: Language | None) -> Iterator[Language]:
    """Make the texts built inside this block come out in `language` (None: no change)."""
    if language is None:
        yield _current.get()
        return
    token = _current.set(language)
    try:
        yield language
    finally:
        _current.reset(token)


def choose_language(
    chosen: str | None, platform: str | None, community_default: str | None
) -> Language:
    """Whose word wins: the person's own choice, then what their platform says they read
    (Discord's interaction locale, Slack's user locale), then the community's default."""
    for candidate in (chosen, platform, community_default):
        language = Language.parse(candidate)
        if language is not None:
            return language
    return DEFAULT_LANGUAGE
