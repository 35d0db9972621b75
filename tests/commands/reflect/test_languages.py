"""One schedule, two languages: each person gets the prompt, and its frame, in theirs.

The starter banks pair questions across languages (`pair`): a schedule that names the
English prompt sends a Spanish reader its Spanish counterpart, with the bot's own words
around it in Spanish; a facilitator adds a prompt in a language and pairs it; and a
change of language after scheduling applies to the next sending.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from commands.reflect.starter import SPANISH_BANK, STARTER_BANK
from tests.adapters.spanish import assert_spanish
from tests.commands.reflect.helpers import dms
from tests.harness import Harness

VOICES_EN = next(p for p in STARTER_BANK if p.pair == "voices-heard")
VOICES_ES = next(p for p in SPANISH_BANK if p.pair == "voices-heard")
VOICES_NUMBER = STARTER_BANK.index(VOICES_EN) + 1  # the English bank is seeded first


async def _people(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("kim", Role.FACILITATOR)
    await harness.ok("lucia", "/praxis profile set language:es")
    await harness.ok("tom", "/praxis whoami")


async def _tuesday_8am(app: App, clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())


async def test_one_schedule_sends_each_person_the_prompt_in_their_language(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    await harness.ok(
        "kim", f'/reflect schedule to:everyone when:"every tuesday 8:00" prompt:{VOICES_NUMBER}'
    )
    await _tuesday_8am(app, clock)
    [tom] = dms(harness, "tom")
    [lucia] = dms(harness, "lucia")
    assert VOICES_EN.text in tom.reply.plain_text()
    assert VOICES_ES.text not in tom.reply.plain_text()
    spanish = lucia.reply.plain_text()
    assert VOICES_ES.text in spanish and VOICES_EN.text not in spanish
    # The bot's own words around the question are Spanish too.
    assert "a reflection prompt for you" in tom.reply.plain_text().lower()
    assert_spanish(spanish.replace(VOICES_ES.text, ""))
    # Each can answer the one they got.
    answered = await harness.ok("lucia", '/reflect answer "Hoy escuché a Ana en español."')
    assert_spanish(answered)
    assert "Saved" in await harness.ok("tom", '/reflect answer "Two voices led today."')


async def test_a_language_chosen_after_scheduling_applies_to_the_next_prompt(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    await harness.ok(
        "kim", f'/reflect schedule to:everyone when:"every tuesday 8:00" prompt:{VOICES_NUMBER}'
    )
    await harness.ok("tom", "/praxis profile set language:es")  # after the schedule was made
    await _tuesday_8am(app, clock)
    [tom] = dms(harness, "tom")
    assert VOICES_ES.text in tom.reply.plain_text()


async def test_a_facilitator_adds_a_spanish_prompt_paired_with_an_english_one(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    english = await harness.ok(
        "kim", '/reflect add-prompt "Which strategy did a quiet student try today?" language:en'
    )
    assert "Added prompt #" in english
    number = int(english.split("Added prompt #")[1].split()[0])
    spanish = await harness.ok(
        "kim",
        '/reflect add-prompt "¿Qué estrategia probó hoy alguien que casi no habla en clase?" '
        f"language:español pair:{number}",
    )
    assert "Added prompt #" in spanish
    await harness.ok(
        "kim", f'/reflect schedule to:everyone when:"every tuesday 8:00" prompt:{number}'
    )
    await _tuesday_8am(app, clock)
    assert "quiet student" in dms(harness, "tom")[0].reply.plain_text()
    assert "casi no habla" in dms(harness, "lucia")[0].reply.plain_text()


async def test_a_prompt_without_a_counterpart_sends_a_spanish_reader_a_spanish_one(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _people(harness)
    added = await harness.ok(
        "kim", '/reflect add-prompt "Which routine helped newcomers join today?" language:en'
    )
    number = int(added.split("Added prompt #")[1].split()[0])
    await harness.ok(
        "kim", f'/reflect schedule to:@lucia when:"every tuesday 8:00" prompt:{number}'
    )
    await _tuesday_8am(app, clock)
    [lucia] = dms(harness, "lucia")
    # The bank has prompts in her language: she gets the one she has waited longest for.
    text = lucia.reply.plain_text()
    assert any(p.text in text for p in SPANISH_BANK) and "newcomers" not in text
    assert_spanish(text)
