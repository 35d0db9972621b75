"""Suggestions for a case id: never a draft of someone else, never an anonymous author."""

from __future__ import annotations

from bot.kernel.roles import Role
from tests.commands.case.helpers import CLEAN
from tests.harness import Harness
from tests.lookups import labels, suggest, values


async def _cases(harness: Harness) -> None:
    """#1 zelda's anonymous case, published; #2 bob's case, submitted; #3 bob's draft."""
    await harness.community("ana")
    await harness.with_role("fay", Role.FACILITATOR)
    await harness.ok("zelda", f"/case submit {CLEAN} anonymous:yes")
    await harness.ok("fay", "/case review 1 approve")
    await harness.ok("bob", f"/case submit {CLEAN.replace('Who gets', 'Who still gets')}")
    await harness.ok("bob", '/case submit new:yes title:"Wait time in algebra" draft:yes')


async def test_members_see_their_own_cases_and_the_library_only(harness: Harness) -> None:
    await _cases(harness)
    await harness.ok("carl", "/praxis whoami")

    assert values(await suggest(harness, "case", "carl", "")) == ["1"]
    assert labels(await suggest(harness, "case", "carl", "who")) == ["#1 Who gets to explain?"]
    assert await suggest(harness, "case", "carl", "3") == [], "bob's draft stays his"
    assert await suggest(harness, "case", "carl", "wait") == []
    bob = await suggest(harness, "case", "bob", "")
    assert labels(bob) == [
        "#3 Wait time in algebra (draft)",
        "#2 Who still gets to explain? (submitted)",
        "#1 Who gets to explain?",
    ]
    assert all("zelda" not in label.lower() for label in labels(bob))


async def test_facilitators_see_cases_to_review_but_not_drafts(harness: Harness) -> None:
    await _cases(harness)

    assert values(await suggest(harness, "case", "fay", "")) == ["2", "1"]
    assert await suggest(harness, "case", "fay", "wait") == []


async def test_drafts_and_withdrawable_cases_are_the_askers_own(harness: Harness) -> None:
    await _cases(harness)

    assert values(await suggest(harness, "draft", "bob", "")) == ["3"]
    assert values(await suggest(harness, "own-case", "bob", "")) == ["2"]
    assert values(await suggest(harness, "own-case", "zelda", "")) == ["1"]
    assert await suggest(harness, "draft", "carl", "") == []
    await harness.community("zoe", community="other")
    assert await suggest(harness, "case", "zoe", "who", community="other") == []
