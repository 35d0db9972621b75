"""Input that cannot be stored is refused politely, where it is typed, and changes nothing:
a lone surrogate or a NUL anywhere in a command, a date past 2199 or before 1900."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot.dispatch.dispatcher import Outcome
from bot.grammar.parser import Parser
from bot.grammar.registry import Registry
from bot.kernel.errors import UserError
from bot.kernel.model import Address, Identity, Request, StructuredCommand, TextCommand
from bot.root.app import App
from bot.text.storable import storable, unstorable
from commands import all_families
from storage.community import Member
from storage.reflect import Prompt
from tests.harness import Harness

PARSER = Parser(Registry(all_families()))
BAD = st.sampled_from(["\x00", "\ud800", "\udbff", "\udc00", "\udfff"])
COMMANDS = [
    '/reflect add-prompt "What did you notice today?" phase:reflect',
    "/praxis profile set school:Lincoln district:North",
    '/nudge schedule to:#grade7 when:"every monday 8:00" message:"Bring student work"',
    "/resource search fractions number line",
    "/case search proportional reasoning",
]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(COMMANDS), st.integers(0, 200), BAD)
def test_the_parser_refuses_an_unstorable_character_anywhere(
    command: str, where: int, bad: str
) -> None:
    at = where % (len(command) + 1)
    text = command[:at] + bad + command[at:]
    with pytest.raises(UserError) as refused:
        PARSER.parse(text)
    assert "cannot be saved" in refused.value.message
    assert unstorable(refused.value.message) is None  # the message itself can be shown


@given(st.text(alphabet=st.characters(codec=None, categories=["Cs", "Cc", "L", "Zs"])))
def test_storable_keeps_what_can_be_kept(text: str) -> None:
    mended = storable(text)
    assert unstorable(mended) is None
    mended.encode("utf-8")  # what SQLite's driver does
    assert len(mended) == len(text)
    assert all(a == b for a, b in zip(text, mended, strict=True) if unstorable(a) is None)


async def counts(app: App) -> tuple[int, int]:
    async with app.db.session() as session:
        prompts = await session.scalar(select(func.count()).select_from(Prompt))
        members = await session.scalar(select(func.count()).select_from(Member))
    return int(prompts or 0), int(members or 0)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(where=st.integers(0, 40), bad=BAD, structured=st.booleans())
async def test_a_command_with_an_unstorable_character_changes_nothing(
    harness: Harness, app: App, where: int, bad: str, structured: bool
) -> None:
    await harness.community("ana")
    before = await counts(app)
    text = "What did you notice about student thinking today?"
    at = where % (len(text) + 1)
    typed = text[:at] + bad + text[at:]
    command = (
        StructuredCommand("reflect", "add-prompt", {"text": typed})
        if structured
        else TextCommand(f'/reflect add-prompt "{typed}"')
    )
    request = Request(Address("console", "console", "general"), Identity("ana", "ana"), command)
    result = await app.dispatcher.handle(request)
    assert result.outcome is Outcome.USER_ERROR, result.reply.plain_text()
    assert "cannot be saved" in result.reply.plain_text()
    assert await counts(app) == before


async def test_a_display_name_with_a_lone_surrogate_is_mended_not_a_fault(app: App) -> None:
    """A name the platform sends (JSON can carry "\\ud83d" alone) is not the person's
    typing: it is stored with a replacement character, and their commands work."""
    identity = Identity("U1", "Ana \ud83d Ruiz")
    request = Request(Address("slack", "T1", "C1"), identity, TextCommand("/praxis whoami"))
    result = await app.dispatcher.handle(request)
    assert result.outcome is Outcome.OK
    async with app.db.session() as session:
        name = await session.scalar(select(Member.display_name))
    assert name == "Ana \ufffd Ruiz"


YEARS = st.integers(1, 1899) | st.integers(2200, 9999)


@settings(max_examples=60, deadline=None)
@given(year=YEARS, month=st.integers(1, 12), day=st.integers(1, 28))
def test_a_date_option_outside_1900_to_2199_is_refused(year: int, month: int, day: int) -> None:
    typed = date(year, month, day).isoformat()
    with pytest.raises(UserError) as refused:
        PARSER.parse(f"/cycle start name:Fractions theme:equity lesson-date:{typed}")
    assert "too far in the" in refused.value.message


@pytest.mark.parametrize(
    "when",
    [
        "9999-12-31 23:00",
        "9999-12-31 23:00 tz:America/Chicago",
        "9999-12-31",
        "2200-01-01 08:00",
        "every day 8:00 tz:Pacific/Kiritimati",  # a rule: allowed, nothing far off in it
    ],
)
async def test_a_far_future_moment_is_refused_politely(harness: Harness, when: str) -> None:
    await harness.community("ana")
    result = await harness.run("ana", f'/nudge schedule to:#grade7 when:"{when}" message:"Hi"')
    if when.startswith("every"):
        assert result.ok
        return
    assert result.outcome is Outcome.USER_ERROR
    assert "too far in the future; give a date before 2200" in result.reply.plain_text()
    assert "nudge #" not in (await harness.text("ana", "/nudge list"))
