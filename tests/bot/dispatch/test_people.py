"""People named before they have used the bot: looked up through the platform's port.

The console harness stands in for a platform whose adapter can look people up by id
(Slack and Discord have their own tests of the real lookups); the core creates the
member from the profile, and being named never counts as using the bot.
"""

from __future__ import annotations

import re

from bot.kernel.model import Address, Identity
from tests.harness import Harness


class Directory:
    """A platform that knows two people by id, neither of whom has used the bot."""

    platform = "console"

    def __init__(self) -> None:
        self.people = {
            "U0NIA": Identity("U0NIA", "Nia Newcomer", timezone="America/Denver"),
            "U0OWEN": Identity("U0OWEN", "Owen Owner", platform_admin=True),
        }
        self.asked: list[tuple[str, str]] = []

    async def identity(self, community: Address, user_id: str) -> Identity | None:
        self.asked.append((community.community, user_id))
        return self.people.get(user_id)


def _active(report: str) -> str:
    return re.search(r"Active members\s+(\d+)", report).group(1)  # type: ignore[union-attr]


async def test_a_role_a_team_and_a_nudge_for_people_who_have_not_spoken(
    harness: Harness,
) -> None:
    directory = Directory()
    harness.app.core.register_people(directory)
    await harness.community("ana")
    before = await harness.ok("ana", "/praxis report charts:no")

    granted = await harness.ok("ana", "/praxis role grant <@U0NIA> facilitator")
    assert "Nia Newcomer is now a facilitator" in granted
    assert directory.asked == [("console", "U0NIA")]
    # Nia is a member now: found without asking the platform again.
    await harness.ok("ana", "/praxis role revoke <@U0NIA> facilitator")
    assert len(directory.asked) == 1

    started = await harness.ok(
        "ana",
        '/cycle start name:"Fractions" theme:"Number lines" team:<@U0NIA>,<@U0OWEN>',
    )
    assert "Nia Newcomer" in started and "Owen Owner" in started
    nudged = await harness.ok(
        "ana", '/nudge schedule to:<@U0OWEN> when:"tomorrow 8am" message:"Bring the plan"'
    )
    assert "Owen Owner" in nudged

    unknown = await harness.fails("ana", "/praxis role grant <@U0NOBODY> facilitator")
    assert "can't find <@U0NOBODY>" in unknown
    named = await harness.fails("ana", "/praxis role grant @zed facilitator")
    assert "use the bot once first" in named, "a bare name cannot be looked up"

    after = await harness.ok("ana", "/praxis report charts:no")
    assert _active(after) == _active(before) == "1", "being named is not using the bot"
    assert re.search(r"Members on record\s+3", after)
