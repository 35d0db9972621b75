"""Discord in the member's language: a localised tree, and answers in the interaction's locale.

The tree is synced with es-ES and es-419 names and descriptions made by the catalog
translator; the fake refuses a payload that breaks Discord's rules (names, lengths,
locales, the 8,000 characters of a command), so a sync that reaches it whole passed.
Each interaction says the member's Discord language (`locale`); it becomes their
platform language, and the answer follows it.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import select

from bot.root.app import App
from bot.time.clock import FakeClock
from storage.community import Member
from tests.adapters.discord.conftest import Stack, serve_guilds
from tests.adapters.discord.test_e2e import answered, shown
from tests.adapters.spanish import (
    ANSWER,
    CASE_PARTS,
    OWN_TITLE,
    SHARED_TITLE,
    VOICES,
    VOICES_ES,
    assert_english,
    assert_spanish,
    without_syntax,
)
from tests.fakes.discord import FakeGuild, FakeUser
from tests.fakes.discord_limits import commands_violations

pytestmark = pytest.mark.asyncio(loop_scope="module")

GUILD = 1_100_000_000_000_000_001
SPANISH_LOCALES = ("es-ES", "es-419")
NAME = re.compile(r"^[-_\w]{1,32}$")

OWNER = FakeUser(1_310_000_000_000_000_001, "ann")  # English; the community's admin
LUCIA = FakeUser(1_310_000_000_000_000_002, "lucia", locale="es-419")
MARTA = FakeUser(1_310_000_000_000_000_003, "marta", locale="es-ES")
TOM = FakeUser(1_310_000_000_000_000_004, "tom", locale="en-US")


def _guild() -> FakeGuild:
    return FakeGuild(
        id=GUILD,
        name="Bilingual guild",
        owner=OWNER,
        channel_id=1_100_000_000_000_000_002,
        admin_role_id=1_100_000_000_000_000_003,
        members=(LUCIA, MARTA, TOM),
    )


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def stack(database: str) -> AsyncIterator[Stack]:
    async with serve_guilds(database, [_guild()]) as running:
        yield running


async def run(stack: Stack, name: str, options: dict[str, Any] | None, who: FakeUser) -> str:
    fake = stack.fake
    token = await fake.send_interaction(fake.slash_command(name, options or {}, user=who))
    return shown((await answered(stack, token)).data)


def nodes(command: dict[str, Any]) -> list[dict[str, Any]]:
    """A command and every sub-command, group and option under it."""
    found = [command]
    for option in command.get("options") or []:
        found.extend(nodes(option))
    return found


async def platform_language(app: App, user: FakeUser) -> str | None:
    async with app.db.session() as session:
        member = (
            await session.execute(select(Member).where(Member.user_id == str(user.id)))
        ).scalar_one()
        return member.platform_language


async def test_the_synced_tree_carries_spanish_within_discords_rules(stack: Stack) -> None:
    synced = stack.fake.commands(GUILD)
    assert synced, "the tree was synced"
    assert not [r for r in stack.fake.refused if r[1].endswith("/commands")]
    assert commands_violations(synced) == []
    for command in synced:
        # A chat command's names follow the name rule; a message command's is a label.
        rule = NAME if command.get("type", 1) == 1 else re.compile(r"^.{1,32}$")
        for node in nodes(command):
            for locale in SPANISH_LOCALES:
                name = (node.get("name_localizations") or {}).get(locale)
                assert name and rule.match(name), (node["name"], locale, name)
                if "description" in node and node.get("description"):
                    spanish = (node.get("description_localizations") or {}).get(locale)
                    assert spanish and 1 <= len(spanish) <= 100, (node["name"], spanish)
            # Nothing but Spanish is localised: other locales see the English default.
            assert set(node.get("name_localizations") or {}) <= set(SPANISH_LOCALES)


async def test_the_spanish_names_are_spanish_words_not_copies(stack: Stack) -> None:
    by_name = {c["name"]: c for c in stack.fake.commands(GUILD) if c.get("type", 1) == 1}
    praxis = {o["name"]: o for o in by_name["praxis"]["options"]}
    for locale in SPANISH_LOCALES:
        assert praxis["help"]["name_localizations"][locale] == "ayuda"
        assert praxis["whoami"]["name_localizations"][locale] == "quiénsoy"
    described = [
        (command, node["description"], node["description_localizations"]["es-419"])
        for command in by_name.values()
        for node in nodes(command)
        if node.get("description_localizations")
    ]
    same = sorted({(c["name"], english) for c, english, spanish in described if spanish == english})
    # A few read the same in both (values typed as they are: "launch, explore, ..."); few.
    assert len(same) <= 0.05 * len(described), same


async def test_an_interactions_locale_becomes_the_platform_language(stack: Stack) -> None:
    await run(stack, "praxis whoami", {}, OWNER)
    await run(stack, "praxis whoami", {}, LUCIA)
    await run(stack, "praxis whoami", {}, MARTA)
    assert await platform_language(stack.app, LUCIA) == "es-419"
    assert await platform_language(stack.app, MARTA) == "es-ES"


async def test_whoami_answers_in_each_members_language(stack: Stack) -> None:
    await run(stack, "praxis whoami", {}, OWNER)
    for member in (LUCIA, MARTA):
        spanish = await run(stack, "praxis whoami", {}, member)
        assert "Rol" in spanish and "Zona horaria" in spanish and "Idioma" in spanish
        assert "Time zone" not in spanish
    english = await run(stack, "praxis whoami", {}, TOM)
    assert "Time zone" in english and "Idioma" not in english


async def test_help_is_spanish_for_a_spanish_discord_and_english_otherwise(stack: Stack) -> None:
    spanish = await run(stack, "praxis help", {}, LUCIA)
    assert "/praxis" in spanish
    assert_spanish(without_syntax(spanish))
    english = await run(stack, "praxis help", {}, TOM)
    assert_english(english)


async def test_a_chosen_language_outranks_the_platforms(stack: Stack) -> None:
    await run(stack, "praxis whoami", {}, OWNER)
    chosen = await run(stack, "praxis profile", {"action": "set", "language": "en"}, MARTA)
    assert_english(chosen)
    english = await run(stack, "praxis whoami", {}, MARTA)
    assert "Time zone" in english and "Zona horaria" not in english
    await run(stack, "praxis profile", {"action": "set", "language": "auto"}, MARTA)
    again = await run(stack, "praxis whoami", {}, MARTA)
    assert "Zona horaria" in again


async def test_autocomplete_labels_are_in_the_typists_language(stack: Stack) -> None:
    await run(stack, "praxis whoami", {}, OWNER)
    started = await run(
        stack,
        "cycle start",
        {"name": "Quesadillas", "theme": "Razones", "lesson-date": "2026-12-15"},
        OWNER,
    )
    assert "Quesadillas" in started
    labels: dict[str, str] = {}
    for member in (LUCIA, TOM):
        token = await stack.fake.send_interaction(
            stack.fake.autocomplete(
                "cycle status", {"cycle": "quesa"}, focused="cycle", user=member
            )
        )
        callback = await answered(stack, token)
        assert callback.json["type"] == 8
        (choice,) = callback.data["choices"]
        labels[member.username] = choice["name"]
    assert "Quesadillas" in labels["lucia"] and "(sigue: " in labels["lucia"], labels
    assert "(next: " in labels["tom"], labels


def dms_to(stack: Stack, user: FakeUser) -> list[str]:
    """What the bot sent `user` by direct message, oldest first."""
    channel = stack.fake.dm_channels.get(user.id)
    if channel is None:
        return []
    return [
        shown(r.json)
        for r in stack.fake.requests
        if r.method == "POST" and r.path == f"/channels/{channel['id']}/messages"
    ]


async def test_a_spanish_discord_member_works_in_spanish_and_the_facilitator_in_english(
    stack: Stack,
) -> None:
    """The Spanish flow (see tests/adapters/test_spanish_console.py) on Discord: Lucía's
    Discord is es-419 and she chose nothing; Ann's is English."""
    app, fake = stack.app, stack.fake
    assert isinstance(app.services.clock, FakeClock)
    await run(stack, "praxis whoami", {}, OWNER)
    assert "Idioma" in await run(stack, "praxis whoami", {}, LUCIA)
    await run(
        stack,
        "resource share",
        {"url": "https://example.org/fracciones", "title": SHARED_TITLE, "type": "task"},
        OWNER,
    )
    scheduled = await run(
        stack,
        "reflect schedule",
        {"to": "everyone", "when": "every tuesday 8:00", "prompt": str(VOICES)},
        OWNER,
    )
    assert "Scheduled" in scheduled, scheduled
    app.services.clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))  # both are on UTC
    await app.engine.run_due(app.services.clock.now())
    await fake.wait_for(lambda _: bool(dms_to(stack, LUCIA)))
    [prompt] = dms_to(stack, LUCIA)
    assert VOICES_ES.text in prompt
    assert_spanish(prompt)

    seen = [
        await run(stack, "reflect answer", {"text": ANSWER}, LUCIA),
        found := await run(stack, "resource search", {"query": "fracciones"}, LUCIA),
        await run(
            stack,
            "resource share",
            {"url": "https://example.org/razones", "title": OWN_TITLE, "type": "task"},
            LUCIA,
        ),
        submitted := await run(stack, "case submit", dict(CASE_PARTS), LUCIA),
    ]
    assert SHARED_TITLE in found
    for text in seen:
        assert_spanish(text)
    case_id = submitted.split("#", 1)[1].split()[0].rstrip(".,:*")

    approved = await run(stack, "case review", {"case": case_id, "action": "approve"}, OWNER)
    assert_english(approved)
    await fake.wait_for(lambda _: len(dms_to(stack, LUCIA)) > 1)
    for notice in dms_to(stack, LUCIA)[1:]:
        assert_spanish(notice.replace(CASE_PARTS["title"], ""))

    report = await run(stack, "praxis report", {"charts": "no"}, OWNER)
    assert "Members" in report
    assert_english(report)
