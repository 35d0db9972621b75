"""`/praxis <family> …` is the same command as `/<family> …`, whatever follows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grammar.parser import HelpRequest, ParsedCommand, Parser
from bot.grammar.registry import Registry
from bot.kernel.errors import UserError
from commands import all_families

REGISTRY = Registry(all_families())
PARSER = Parser(REGISTRY)
OTHERS = [f for f in REGISTRY if not f.umbrella]
WORDS = st.sampled_from(
    [
        *{s.name for f in REGISTRY for s in f.subcommands},
        "help",
        "fractions",
        "12",
        "#3",
        "page:2",
        'title:"Number talks"',
        "type:task",
        "grade:6-8",
        "url:https://ex.org/x",
        "“curly”",
        "<@U123|ana>",
    ]
)


def _outcome(text: str) -> tuple[object, ...]:
    try:
        parsed = PARSER.parse(text)
    except UserError as error:
        return ("error", error.message)
    if isinstance(parsed, ParsedCommand):
        return ("command", parsed.family.name, parsed.sub.name, parsed.args.values)
    assert isinstance(parsed, HelpRequest)
    return ("help", parsed.family and parsed.family.name, parsed.sub and parsed.sub.name)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(OTHERS), st.lists(WORDS, max_size=6))
def test_the_umbrella_parses_every_family_like_its_own_command(family, words) -> None:
    rest = " ".join(words)
    assert _outcome(f"/praxis {family.name} {rest}") == _outcome(f"/{family.name} {rest}")


def test_the_umbrellas_own_sub_commands_come_first() -> None:
    assert _outcome("/praxis whoami") == ("command", "praxis", "whoami", {})
    assert _outcome("/praxis help resource")[0] == "command"
