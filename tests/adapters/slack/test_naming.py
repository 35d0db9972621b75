"""Command names with a prefix: incoming names are undone, outgoing text renamed, and
nothing else in a text is touched (links, words, other apps' commands)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.naming import CommandNames

FAMILIES = ("praxis", "resource", "cycle", "reflect", "case", "nudge")
NAMES = CommandNames.of(FAMILIES, "px-")
PIECES = st.sampled_from(
    [
        "/resource search",
        "/case",
        "/praxis help",
        "https://ex.org/resource/12",
        "and/or",
        "/cases",
        "/giphy",
        "“/cycle status”",
        "(/nudge list)",
        "#12",
        " ",
        "\n",
        "word",
        "a/resource",
    ]
)


@given(st.lists(PIECES, max_size=12))
def test_renaming_adds_the_prefix_to_our_commands_only(pieces: list[str]) -> None:
    text = " ".join(pieces)
    renamed = NAMES.rename(text)
    assert renamed.replace("/px-", "/") == text, "only the prefix was added"
    assert NAMES.rename(renamed) == renamed
    assert "https://ex.org/resource/12" in renamed or "https://ex.org/resource/12" not in text
    assert "/px-cases" not in renamed and "/px-giphy" not in renamed


def test_incoming_names_are_undone() -> None:
    for family in FAMILIES:
        assert NAMES.family_of(NAMES.slash(family)) == family
        assert NAMES.family_of(f"/{family}") == family
    assert NAMES.family_text("/px-case submit title:x") == "/case submit title:x"
    assert NAMES.family_text("resource search") == "resource search"
    assert CommandNames.of(FAMILIES).rename("/resource") == "/resource"
