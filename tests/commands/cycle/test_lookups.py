"""Suggestions for a cycle option: the asker's team's cycles first, with where each stands."""

from __future__ import annotations

from bot.kernel.roles import Role
from tests.harness import Harness
from tests.lookups import labels, suggest, values


async def test_cycles_match_by_name_and_id_and_show_their_phase(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    await harness.ok("maria", "/praxis whoami")
    await harness.ok(
        "keisha", '/cycle start name:"Ratios" theme:"Ratio reasoning" lesson-date:2026-12-01'
    )
    await harness.ok(
        "keisha",
        '/cycle start name:"Fractions on the número line" theme:"Fractions" '
        "lesson-date:2026-12-15 team:@maria",
    )
    await harness.ok("keisha", '/cycle start name:"Old ratios" theme:"x"')
    await harness.ok("keisha", "/cycle close 3")

    assert labels(await suggest(harness, "cycle", "maria", "numero")) == [
        "#2 Fractions on the número line (next: study)"
    ]
    everything = await suggest(harness, "cycle", "maria")
    assert values(everything) == ["2", "1", "3"], "maria's team first, closed ones last"
    assert labels(everything)[1] == "#1 Ratios (study phase)"
    assert labels(everything)[2] == "#3 Old ratios (closed)"
    assert values(await suggest(harness, "cycle", "maria", "RAT")) == ["1", "3"]
    assert values(await suggest(harness, "cycle", "maria", "#3")) == ["3"]
    assert len(await suggest(harness, "cycle", "maria", limit=2)) == 2


async def test_another_communitys_cycles_are_never_suggested(harness: Harness) -> None:
    await harness.community("ana")
    await harness.ok("ana", '/cycle start name:"Ratios" theme:"x"')
    await harness.community("zoe", community="other")

    assert await suggest(harness, "cycle", "zoe", "rat", community="other") == []
    assert await suggest(harness, "cycle", "zoe", "1", community="other") == []
