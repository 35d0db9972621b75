"""Is a reply in Spanish? A few function words say it, whatever the exact phrasing.

An English sentence almost always has one of `ENGLISH_WORDS` in it, a Spanish one one of
`SPANISH_WORDS`; the words are matched whole, so what a person wrote in the test (a
title, a name) is chosen not to contain any of them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from commands.reflect.starter import SPANISH_BANK, STARTER_BANK

ENGLISH_WORDS = ("the", "your", "you", "and", "with", "this", "is", "are", "to", "of")
SPANISH_WORDS = (
    *("de", "la", "el", "los", "las", "en", "con", "tu", "tus", "un", "una", "para", "que"),
    *("del", "al", "es", "por", "se", "su", "sus", "y", "o", "ya", "aquí"),
)

_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def english_words(text: str) -> list[str]:
    """The English function words in `text` (none, in a Spanish reply)."""
    return sorted({w for w in words(text) if w in ENGLISH_WORDS})


def spanish_words(text: str) -> list[str]:
    return sorted({w for w in words(text) if w in SPANISH_WORDS})


_SYNTAX = re.compile(r"\[[^\]]*\]|<[^>]*>|\S*[:/]\S*")


def without_syntax(text: str) -> str:
    """`text` without what is typed as it is in every language: command names
    (`/praxis`), options (`to:<target>`), usage brackets. Help shows usage lines."""
    return _SYNTAX.sub(" ", text)


def assert_spanish(text: str) -> None:
    assert not english_words(text), f"English in a Spanish reply: {english_words(text)}\n{text}"
    assert spanish_words(text), f"no Spanish in:\n{text}"


def assert_english(text: str) -> None:
    assert english_words(text), f"no English in:\n{text}"


def texts(payload: Any) -> str:
    """Every `text` (and `content`, title, description, label...) a platform payload
    carries, one a line: what a person reads of it, without the JSON around it."""
    found: list[str] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for inner_key, inner in value.items():
                walk(inner, inner_key)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, key)
        elif isinstance(value, str) and key in READABLE:
            found.append(value)
        elif isinstance(value, str) and key == "payload":
            walk(json.loads(value))

    walk(payload)
    return "\n".join(found)


READABLE = frozenset(
    {"text", "content", "title", "description", "name", "value", "label", "placeholder"}
)


# -- what the Spanish flow types, on every platform -----------------------------------------
# Written by people, so never translated: chosen in Spanish so that whole replies can be
# read for English (a reply that echoes them stays free of English words).
SHARED_TITLE = "Fracciones en la recta numérica"
OWN_TITLE = "Razones con recetas de casa"
ANSWER = "Hoy escuché las ideas de Ana en su lengua de casa; las compartió con su pareja."
CASE_PARTS = {
    "title": "¿Quién explica en clase?",
    "grade": "6-8",
    "context": "Séptimo grado, 28 estudiantes, una unidad sobre razones con tablas.",
    "problem": "Las mismas cinco personas explican todos los días.",
    "focus": "identity,deep-math",
    "tried": "Ensayo en parejas antes de compartir, desde octubre.",
    "evidence": "Quienes explican por semana pasaron de 5 a 13.",
    "question": "¿Cómo evitar que el ensayo sea solo la voz de quien ya se siente seguro?",
}


def case_options_text() -> str:
    """The case's parts as typed options, for the platforms that take text."""
    return " ".join(f'{name}:"{value}"' for name, value in CASE_PARTS.items())


# The starter question every flow schedules: its number in a new community's bank (the
# English bank is seeded first) and its Spanish counterpart, which a Spanish reader gets.
VOICES = STARTER_BANK.index(next(p for p in STARTER_BANK if p.pair == "voices-heard")) + 1
VOICES_ES = next(p for p in SPANISH_BANK if p.pair == "voices-heard")
