"""Every help page in Spanish, for a member who reads Spanish, with nothing left in English.

The pages are asked for as a person would (the overview followed by its Siguiente
buttons, each family's help, each sub-command's help) and each must be made without a
single catalog miss, whatever area the text belongs to (the suite's own watch spares the
areas still being translated; this test does not), and must read as Spanish once the
syntax typed as it is (commands, options, usage brackets) is set aside. Parse errors and
"did you mean" are answered in Spanish too.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.kernel.i18n import watch_misses
from bot.kernel.language import Language
from bot.kernel.reply import Reply
from bot.kernel.roles import Role
from tests.adapters.spanish import assert_spanish, english_words, without_syntax
from tests.bot.grammar.test_help_fits import RENDERERS, _help_replies, _texts
from tests.harness import Harness


class Misses:
    """Every message id looked up and not found while a page was made."""

    def __init__(self) -> None:
        self.found: list[tuple[str, Language]] = []

    def __enter__(self) -> Misses:
        self.previous = watch_misses(self.record)
        return self

    def __exit__(self, *_: object) -> None:
        watch_misses(self.previous)

    def record(self, msgid: str, language: Language) -> None:
        self.found.append((msgid, language))


async def _spanish_help(harness: Harness) -> list[tuple[str, Reply]]:
    return list((await _help_replies(harness, "lucia", next_label="Siguiente")).items())


@pytest.fixture
async def spanish(harness: Harness) -> Harness:
    await harness.community("ana")
    await harness.ok("lucia", "/praxis profile set language:es")
    return harness


async def test_every_help_page_is_made_without_a_catalog_miss(spanish: Harness) -> None:
    with Misses() as misses:
        pages = await _spanish_help(spanish)
    assert len(pages) > len(list(spanish.app.registry.commands()))
    assert not misses.found, sorted(set(misses.found))


async def test_every_help_page_reads_as_spanish_on_every_platform(spanish: Harness) -> None:
    overview_pages = 0
    for command, reply in await _spanish_help(spanish):
        prose = "\n".join(without_syntax(text) for text in _texts(reply))
        try:
            assert_spanish(prose)
            for check in RENDERERS.values():
                check(reply)  # within each platform's limits, nothing cut
        except AssertionError as failure:
            raise AssertionError(f"{command}: {failure}") from None
        overview_pages += command.startswith("/praxis help") and " " not in command[13:]
    assert overview_pages > 1, "the overview is paged in Spanish too"


async def test_an_unknown_command_is_answered_in_spanish_with_a_suggestion(
    spanish: Harness,
) -> None:
    refused = await spanish.fails("lucia", "/praxis hepl")
    assert "¿Quisiste decir /praxis help?" in refused
    assert not english_words(without_syntax(refused)), refused
    english = await spanish.fails("ana", "/praxis hepl")
    assert "Did you mean /praxis help?" in english


async def test_a_mistyped_option_and_choice_are_answered_in_spanish(spanish: Harness) -> None:
    option = await spanish.fails("lucia", "/praxis profile set lenguage:es")
    assert "¿Quisiste decir language:?" in option
    assert not english_words(without_syntax(option)), option
    await spanish.with_role("lucia", Role.FACILITATOR)
    await spanish.ok(
        "lucia", '/cycle start name:"Fracciones" theme:"Fracciones" lesson-date:2026-12-15'
    )
    choice = await spanish.fails("lucia", "/cycle schedule Fracciones estudi 2026-12-20")
    assert "¿Quisiste decir estudio?" in choice, choice
    assert not english_words(without_syntax(choice)), choice


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(word=st.text(alphabet="abcdefghijklmnopqrstuvwxyzñáéíóú", min_size=1, max_size=12))
async def test_any_unknown_sub_command_is_refused_in_spanish(spanish: Harness, word: str) -> None:
    praxis = spanish.app.registry.family("praxis")
    assert praxis is not None
    if word in {s.name for s in praxis.subcommands}:
        return
    with Misses() as misses:
        refused = await spanish.fails("lucia", f"/praxis {word}")
    assert not misses.found, misses.found
    said = without_syntax(refused.replace(f"“{word}”", ""))  # what was typed is echoed
    assert "no tiene" in refused and not english_words(said), refused
