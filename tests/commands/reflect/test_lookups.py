"""Suggestions for prompts, themes, pools and scheduled reflections."""

from __future__ import annotations

from bot.kernel.roles import Role
from tests.commands.reflect.helpers import send
from tests.harness import Harness
from tests.lookups import labels, suggest, values


async def _bank(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("kim", Role.FACILITATOR)
    await harness.ok("kim", '/reflect add-prompt "Whose voice was missing in the número talk?"')
    await harness.ok("maria", "/praxis whoami")


async def test_members_see_active_prompts_their_open_one_first(harness: Harness) -> None:
    await _bank(harness)
    await harness.ok("kim", "/reflect retire 2")
    await send(harness, "maria", prompt=3)

    found = await suggest(harness, "prompt", "maria", "")
    assert values(found)[0] == "3", "the open prompt first"
    assert "2" not in values(found), "a retired prompt is not offered"
    assert labels(await suggest(harness, "prompt", "maria", "NUMERO")) == [
        "#49 Whose voice was missing in the número talk? (en)"
    ]
    long_label = labels(await suggest(harness, "prompt", "maria", "1"))[0]
    assert long_label.startswith("#1 Think of today") and long_label.endswith("(reflect, en)")
    assert len(long_label) <= 100
    assert len(await suggest(harness, "prompt", "maria", "", limit=3)) == 3


async def test_retired_prompts_and_schedules_are_for_facilitators_only(harness: Harness) -> None:
    await _bank(harness)
    await harness.ok("kim", "/reflect retire 2")
    await harness.ok("kim", '/reflect schedule to:everyone when:"every tuesday 8:00" prompt:3')

    assert values(await suggest(harness, "retired-prompt", "kim", "")) == ["2"]
    assert await suggest(harness, "retired-prompt", "maria", "") == []
    assert labels(await suggest(harness, "reflect-schedule", "kim", "")) == [
        "#1 to everyone: prompt #3"
    ]
    assert await suggest(harness, "reflect-schedule", "maria", "") == []


async def test_themes_and_pools_come_from_this_communitys_bank(harness: Harness) -> None:
    await _bank(harness)
    assert values(await suggest(harness, "theme", "kim", "entry")) == ["entry-points"]
    assert values(await suggest(harness, "theme", "kim", "voice,ent")) == ["voice,entry-points"]
    pools = await suggest(harness, "pool", "kim", "pl")
    assert "plan (phase)" in labels(pools)
    await harness.community("zoe", community="other")
    assert await suggest(harness, "prompt", "zoe", "numero", community="other") == []
