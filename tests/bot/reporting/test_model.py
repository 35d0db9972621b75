"""The small-number rule and how figures are shown with the period before."""

from __future__ import annotations

from bot.reporting.model import Figure, small_number


def test_counts_below_five_are_shown_as_fewer_than_five() -> None:
    assert [small_number(n) for n in (0, 1, 4, 5, 12)] == [
        "fewer than 5",
        "fewer than 5",
        "fewer than 5",
        "5",
        "12",
    ]


def test_a_small_figure_never_reveals_its_count_through_the_change() -> None:
    shown = Figure("Answered", 3, 7, small=True).shown()
    assert shown == "fewer than 5 (before: 7)"
    assert "-4" not in shown


def test_figures_show_the_change_from_before() -> None:
    assert Figure("Active", 12, 9).shown() == "12 (before: 9, +3)"
    assert Figure("Active", 4, 4).shown() == "4 (before: 4, no change)"
    assert Figure("Open", 4).shown() == "4"
