"""Nothing crosses from one community to another."""

from __future__ import annotations

from tests.harness import Harness


async def test_communities_never_see_each_others_members(harness: Harness) -> None:
    await harness.ok("ana", "/praxis whoami", community="T-ONE")
    await harness.ok("ben", "/praxis whoami", community="T-ONE")
    await harness.ok("zoe", "/praxis whoami", community="T-TWO")
    # zoe is T-TWO's admin, yet cannot name ben, who exists only in T-ONE.
    shown = await harness.fails("zoe", "/praxis role grant @ben facilitator", community="T-TWO")
    assert "don't know @ben" in shown
    assert "Role       member" in await harness.ok("ben", "/praxis whoami", community="T-ONE")


async def test_communities_never_see_each_others_settings(harness: Harness) -> None:
    await harness.ok("ana", "/praxis settings timezone:Asia/Tokyo", community="T-ONE")
    await harness.ok("zoe", "/praxis whoami", community="T-TWO")
    shown = await harness.ok("zoe", "/praxis settings", community="T-TWO")
    assert "Asia/Tokyo" not in shown and "UTC" in shown


async def test_the_same_person_is_separate_in_each_community(harness: Harness) -> None:
    await harness.ok("ana", "/praxis profile set school:Lincoln", community="T-ONE")
    await harness.ok("zed", "/praxis whoami", community="T-TWO")
    shown = await harness.ok("ana", "/praxis whoami", community="T-TWO")
    assert "Lincoln" not in shown and "Role       member" in shown
