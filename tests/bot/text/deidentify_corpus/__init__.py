"""The labelled corpus of the identifying-details check, read by its test and its benchmark.

Two files, `en.txt` and `es.txt`, written by hand: classroom transcripts,
observation notes, case evidence, reflections, identifiers and family
mentions that identify a student, and clean items of the same kinds, plus
hard clean ones (published educators, colleagues, schools, curricula,
pseudonyms, standards, fractions, dates, counts). The format is at the top
of each file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
LANGUAGES = ("en", "es")
FILES = {"en": ("en", "en_holdout"), "es": ("es", "es_holdout")}


@dataclass(frozen=True)
class Item:
    """One labelled text: identifying (with the spans that must be caught) or clean."""

    language: str
    category: str
    text: str
    identifying: bool
    must: tuple[str, ...]
    line: int


def load(language: str) -> list[Item]:
    """Every item of one language: the tuned half and the held-out half."""
    return [item for name in FILES[language] for item in load_file(name, language)]


def load_file(name: str, language: str) -> list[Item]:
    items: list[Item] = []
    category = "uncategorised"
    path = HERE / f"{name}.txt"
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("## "):
            category = line[3:].strip()
            continue
        kind, _, rest = line.partition(" ")
        if kind == "+":
            must, _, text = rest.partition(" | ")
            spans = tuple(s.strip() for s in must.split(";") if s.strip())
            items.append(Item(language, category, _text(text), True, spans, number))
        elif kind == "-":
            items.append(Item(language, category, _text(rest), False, (), number))
        else:
            raise ValueError(f"{path.name}:{number}: a line starts with '+', '-', '#' or '##'")
    return items


def _text(raw: str) -> str:
    return raw.replace("\\n", "\n")


def load_all() -> list[Item]:
    return [item for language in LANGUAGES for item in load(language)]
