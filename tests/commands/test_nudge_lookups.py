"""Suggestions for a nudge id: facilitators only, this community only."""

from __future__ import annotations

from bot.kernel.roles import Role
from tests.harness import Harness
from tests.lookups import labels, suggest, values


async def test_facilitators_get_the_nudges_and_members_nothing(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("fran", Role.FACILITATOR)
    await harness.ok(
        "fran", '/nudge schedule to:#grade7 when:"every monday 8:00" message:"Bring student work"'
    )
    await harness.ok(
        "fran", '/nudge schedule to:#grade8 when:"every friday 9:00" message:"Observation notes"'
    )
    await harness.ok("fran", "/nudge pause 2")

    assert labels(await suggest(harness, "nudge", "fran", "stud")) == [
        "#1 to #grade7: Bring student work"
    ]
    assert labels(await suggest(harness, "nudge", "fran", "2")) == [
        "#2 to #grade8: Observation notes (paused)"
    ]
    found = await suggest(harness, "nudge", "fran", "grade")
    assert values(found) == ["1", "2"], "running nudges before paused ones"
    assert await suggest(harness, "nudge", "ben", "") == [], "members don't manage nudges"
    await harness.community("zoe", community="other")
    assert await suggest(harness, "nudge", "zoe", "", community="other") == []


async def test_digest_ids_are_suggested_to_facilitators_only(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("fran", Role.FACILITATOR)
    await harness.ok("fran", '/nudge schedule to:#grade7 when:"every monday 8:00" message:x')
    await harness.ok("fran", "/praxis digest to:#general")
    found = await suggest(harness, "digest", "fran", "")
    assert labels(found) == ["#2 to #general: weekly digest"], "digests only, not nudges"
    assert await suggest(harness, "digest", "ben", "") == []
