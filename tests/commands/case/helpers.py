"""What several /case tests share: a clean case and the people of a community."""

from __future__ import annotations

from bot.kernel.roles import Role
from tests.harness import Harness

# A real case: standard codes, grade levels, lesson dates, percentages, a cited author.
CLEAN = (
    'title:"Who gets to explain?" grade:6-8 '
    'context:"Seventh grade, 28 students, a unit on proportional relationships (7.RP.A.2). '
    'The lesson on 2026-10-05 used a ratio table, as in Boaler (2016)." '
    'problem:"The same five students explain every day." '
    "focus:identity,deep-math "
    'tried:"Partner rehearsal before sharing, from October 12 on; grade 7 team agreed." '
    'evidence:"Distinct explainers per week rose from 5 to 13; 68% on the exit ticket." '
    'question:"How do you keep rehearsal from becoming the confident partner talking?"'
)


async def people(harness: Harness) -> None:
    """ana is the admin, fay a facilitator, zelda and bob members."""
    await harness.community("ana")
    await harness.with_role("fay", Role.FACILITATOR)
    await harness.ok("zelda", "/praxis whoami")
    await harness.ok("bob", "/praxis whoami")
