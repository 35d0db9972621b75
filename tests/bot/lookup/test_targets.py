"""Suggestions for a schedule's `to:`: facilitators only, this community's people only;
a person's suggested target is the platform's mention form whenever the reader accepts it."""

from __future__ import annotations

from bot.kernel.roles import Role
from bot.lookup.targets import person_value
from storage.community import Member
from tests.harness import Harness
from tests.lookups import labels, suggest, values


async def _setup(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("fran", Role.FACILITATOR)
    for name in ("maria", "marcus", "tom"):
        await harness.ok(name, "/praxis whoami")
    await harness.community("mara", community="other")


async def test_a_facilitator_is_offered_everyone_teams_and_people(harness: Harness) -> None:
    await _setup(harness)
    await harness.ok(
        "fran",
        '/cycle start name:"Fractions on a line" theme:"Fractions" '
        "lesson-date:2026-12-15 team:@maria,@tom",
    )
    found = await suggest(harness, "target", "fran", "")
    assert found[0].label == "everyone (a direct message to each member)"
    assert "team:Fractions on a line" in values(found)
    assert "@maria" in labels(found)

    people = await suggest(harness, "target", "fran", "@mar")
    assert sorted(labels(people)) == ["@marcus", "@maria"], "another community's mara never"
    for person in people:  # each value names exactly that person when scheduling
        shown = await harness.ok(
            "fran", f'/nudge schedule to:{person.value} when:"tomorrow 8am" message:x'
        )
        assert person.label in shown

    teams = await suggest(harness, "target", "fran", "team:frac")
    assert values(teams) == ["team:Fractions on a line"]
    await harness.ok("fran", f'/nudge schedule to:"{teams[0].value}" when:"tomorrow 8am" message:x')
    assert values(await suggest(harness, "target", "fran", "every")) == ["everyone"]


async def test_a_channel_is_offered_as_typed_and_odd_text_is_harmless(harness: Harness) -> None:
    await _setup(harness)
    assert values(await suggest(harness, "target", "fran", "#grade7")) == ["#grade7"]
    assert await suggest(harness, "target", "fran", "#") == []
    for odd in ("team:", "team:nothing", "@", ":", "<@", "x" * 300, "%_'\"", "everyone:x"):
        for found in await suggest(harness, "target", "fran", odd):
            assert len(found.value) <= 100 and len(found.label) <= 100


async def test_members_and_other_communities_get_nothing_of_ours(harness: Harness) -> None:
    await _setup(harness)
    assert await suggest(harness, "target", "maria", "") == [], "members don't schedule"
    await harness.with_role("mara", Role.FACILITATOR, community="other")
    theirs = await suggest(harness, "target", "mara", "", community="other")
    assert labels(theirs) == ["everyone (a direct message to each member)", "@mara"]


def _member(user_id: str, name: str) -> Member:
    return Member(user_id=user_id, display_name=name, name_key=name.lower())


def test_a_person_is_named_by_their_platform_id() -> None:
    assert person_value(_member("80351110224678912", "María Hernández")) == "<@80351110224678912>"
    assert person_value(_member("U024BE7LH", "María Hernández")) == "<@U024BE7LH>"
    assert person_value(_member("maria", "María Hernández")) == "@maria"
