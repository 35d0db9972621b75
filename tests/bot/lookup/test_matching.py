"""The shared matching of lookups, and that every declared kind is provided."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.grammar.registry import Registry
from bot.grammar.spec import OptionType
from bot.lookup.matching import Candidate, best_matches, lookups_of, short_label
from commands import all_families

TITLES = [
    Candidate("12", "#12 Number talks rubric", "Number talks rubric", 12, 1),
    Candidate("3", "#3 Ñandú numbers", "Ñandú numbers", 3, 1),
    Candidate("120", "#120 Talking about numbers", "Talking about numbers", 120, 0),
]


def test_an_exact_id_first_then_groups_then_how_well_it_matched() -> None:
    assert [s.value for s in best_matches("#12", TITLES, 25)] == ["12", "120"]
    assert [s.value for s in best_matches("num", TITLES, 25)] == ["120", "12", "3"]
    assert [s.value for s in best_matches("NANDU", TITLES, 25)] == ["3"]
    assert [s.value for s in best_matches("talk num", TITLES, 25)] == ["120", "12"]
    assert best_matches("volume", TITLES, 25) == []
    assert len(best_matches("", TITLES, 2)) == 2


@given(st.text(max_size=300), st.text(max_size=30))
def test_labels_always_fit_discord(title: str, tail: str) -> None:
    label = short_label("#123456789", title, tail[:30])
    assert len(label) <= 100


def test_every_autocomplete_kind_an_option_declares_is_provided() -> None:
    registry = Registry(all_families())
    provided = lookups_of(registry)
    for family, sub in registry.commands():
        for option in sub.options:
            if option.autocomplete:
                assert option.autocomplete in provided, f"/{family.name} {sub.name} {option.name}"
            if option.type is OptionType.ID:
                assert option.autocomplete, f"/{family.name} {sub.name} {option.name} has no kind"
