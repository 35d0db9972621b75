"""The identifying-details check on its labelled corpus: the targets it must keep.

Recall on identifying items at least 95% and false alarms on clean items at
most 5%, in English and in Spanish separately (the corpus and its format are
in tests/bot/text/deidentify_corpus). `python -m bench.deidentify` prints the same
figures per category.
"""

from __future__ import annotations

import pytest

from bench.deidentify import caught
from bot.text.deidentify import find_identifying_details
from tests.bot.text.deidentify_corpus import LANGUAGES, load

RECALL = 0.95
FALSE_ALARMS = 0.05


def test_the_corpus_is_large_and_a_quarter_spanish() -> None:
    sizes = {language: len(load(language)) for language in LANGUAGES}
    assert sum(sizes.values()) >= 400
    assert sizes["es"] / sum(sizes.values()) >= 0.2
    for language in LANGUAGES:
        items = load(language)
        assert any(i.identifying for i in items) and any(not i.identifying for i in items)
        for item in items:
            assert all(must in item.text for must in item.must), (language, item.line)


@pytest.mark.parametrize("language", LANGUAGES)
def test_recall_and_false_alarms_meet_the_targets(language: str) -> None:
    items = load(language)
    identifying = [i for i in items if i.identifying]
    clean = [i for i in items if not i.identifying]
    missed = [i for i in identifying if not caught(i, find_identifying_details(i.text))]
    alarms = [i for i in clean if find_identifying_details(i.text)]
    recall = 1 - len(missed) / len(identifying)
    false_alarms = len(alarms) / len(clean)
    shown = "\n".join(f"missed line {i.line}: {i.text}" for i in missed[:10])
    shown += "\n".join(f"false alarm line {i.line}: {i.text}" for i in alarms[:10])
    assert recall >= RECALL, f"{language} recall {recall:.1%}\n{shown}"
    assert false_alarms <= FALSE_ALARMS, f"{language} false alarms {false_alarms:.1%}\n{shown}"
