"""The text grammar, as people type it on Slack, phones and the console."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.grammar.parser import HelpRequest, ParsedCommand, Parser, bind_values, tokenize
from bot.grammar.registry import Registry
from bot.grammar.spec import Family, Option, OptionType, SubCommand
from bot.grammar.values import UserRef
from bot.kernel.errors import UserError
from commands import all_families

SAMPLE = Family(
    "thing",
    "A family for testing the grammar.",
    (
        SubCommand(
            "share",
            "share",
            (
                Option("url", OptionType.URL, required=True),
                Option("title", required=True, max_length=50),
                Option("type", OptionType.CHOICE, choices=("task", "rubric")),
                Option("tags", OptionType.LIST),
                Option("page", OptionType.INTEGER, min_value=1),
            ),
        ),
        SubCommand(
            "search",
            "search",
            (
                Option("words", positional=True, rest=True),
                Option("type", OptionType.CHOICE, choices=("task", "rubric")),
                Option("by", OptionType.USER),
            ),
        ),
        SubCommand(
            "move",
            "move",
            (
                Option("id", OptionType.ID, required=True, positional=True),
                Option("when", OptionType.DATE, required=True, positional=True),
                Option("note"),
            ),
        ),
        SubCommand(
            "plan",
            "plan",
            (Option("when", OptionType.RECURRENCE, required=True), Option("message")),
        ),
    ),
)
PARSER = Parser(Registry([SAMPLE]))


def parse(text: str) -> ParsedCommand:
    parsed = PARSER.parse(text)
    assert isinstance(parsed, ParsedCommand)
    return parsed


def test_options_and_quoted_values() -> None:
    parsed = parse('/thing share url:https://ex.org/a title:"Number talks rubric" type:Rubric')
    assert parsed.args["title"] == "Number talks rubric"
    assert parsed.args["type"] == "rubric"
    assert parsed.args["url"] == "https://ex.org/a"


@pytest.mark.parametrize(
    "text",
    [
        "/thing share url:https://ex.org title:“Number talks rubric”",
        "/thing share url:https://ex.org title:„Number talks rubric“",
        "/thing share url:https://ex.org title:‘Number talks rubric’",
        'thing share url:<https://ex.org> title:"Number talks rubric"',
    ],
)
def test_curly_quotes_and_slack_links(text: str) -> None:
    parsed = parse(text)
    assert parsed.args["title"] == "Number talks rubric"
    assert parsed.args["url"] == "https://ex.org"


def test_apostrophes_inside_words_are_not_quotes() -> None:
    parsed = parse("/thing search don't stop type:task")
    assert parsed.args["words"] == "don't stop"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/thing search by:<@U123ABC|maria>", UserRef(user_id="U123ABC", name="maria")),
        ("/thing search by:<@U123ABC>", UserRef(user_id="U123ABC")),
        ("/thing search by:@maria", UserRef(name="maria")),
        ("/thing search by:<@!4242>", UserRef(user_id="4242")),
    ],
)
def test_mentions(text: str, expected: UserRef) -> None:
    assert parse(text).args["by"] == expected


def test_positionals_ids_and_dates() -> None:
    parsed = parse("/thing move #12 2026-12-01 note:ok")
    assert parsed.args["id"] == 12
    assert parsed.args["when"] == date(2026, 12, 1)


def test_free_text_option_continues_without_quotes() -> None:
    parsed = parse("/thing plan when:every monday 8:00 message:Bring your notes")
    assert parsed.args["when"] == "every monday 8:00"
    assert parsed.args["message"] == "Bring your notes"


def test_lists() -> None:
    assert parse("/thing share url:http://a.io title:t tags:a, b ,c").args["tags"] == (
        "a",
        "b",
        "c",
    )
    assert parse('/thing share url:http://a.io title:t tags:"a, b ,c"').args["tags"] == (
        "a",
        "b",
        "c",
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("/thing share url:https://ex.org title:x tyep:task", "Did you mean type:?"),
        ("/thing share url:https://ex.org", "Missing title:"),
        ("/thing share url:ftp://ex.org title:x", "http:// or https://"),
        ("/thing share url:https://ex.org title:x type:rubrik", "Did you mean rubric?"),
        ("/thing share url:https://ex.org title:x page:0", "at least 1"),
        ("/thing share url:https://ex.org title:x page:two", "whole number"),
        ("/thing share url:https://ex.org title:" + "x" * 60, "too long"),
        ("/thing sahre", "Did you mean /thing share?"),
        ("/thin share", "Did you mean /thing?"),
        ("/thing move 12", "Missing <when>"),
        ("/thing move 12 tomorrow", "2026-12-01"),
        ('/thing share url:https://ex.org title:"a" title:"b"', "given twice"),
    ],
)
def test_mistakes_name_what_is_wrong(text: str, fragment: str) -> None:
    with pytest.raises(UserError) as caught:
        PARSER.parse(text)
    assert fragment in caught.value.message


@pytest.mark.parametrize(
    ("text", "option"),
    [
        ("/thing share url:https://ex.org title:x tyep:task", "tyep"),
        ("/thing share url:https://ex.org", "title"),
        ("/thing share url:ftp://ex.org title:x", "url"),
        ("/thing share url:https://ex.org title:x type:rubrik", "type"),
        ("/thing share url:https://ex.org title:x page:two", "page"),
        ("/thing share url:https://ex.org title:" + "x" * 60, "title"),
        ("/thing move 12 tomorrow", "when"),
        ('/thing share url:https://ex.org title:"a" title:"b"', "title"),
        ("/thing sahre", None),
    ],
)
def test_mistakes_name_the_option_they_are_in(text: str, option: str | None) -> None:
    """What a form needs to show a mistake on its field, without reading the sentence."""
    with pytest.raises(UserError) as caught:
        PARSER.parse(text)
    assert caught.value.option == option


@given(
    st.sampled_from(
        [
            OptionType.TIME,
            OptionType.DATE,
            OptionType.INTEGER,
            OptionType.URL,
            OptionType.ID,
            OptionType.BOOL,
            OptionType.DURATION,
            OptionType.USER,
            OptionType.CHANNEL,
        ]
    ),
    st.text(max_size=12),
)
def test_a_bad_value_of_any_type_names_its_option(kind: OptionType, raw: str) -> None:
    sub = SubCommand("s", "s", (Option("at", kind, required=True),))
    try:
        bind_values(sub, {"at": raw})
    except UserError as error:
        assert error.option == "at", error.message


def test_errors_carry_the_usage() -> None:
    with pytest.raises(UserError) as caught:
        PARSER.parse("/thing share url:https://ex.org")
    assert caught.value.usage is not None
    assert caught.value.usage.startswith("/thing share url:<url> title:<text>")


def test_help_requests() -> None:
    assert PARSER.parse("/thing help") == HelpRequest(SAMPLE, None)
    assert PARSER.parse("/thing help share") == HelpRequest(SAMPLE, SAMPLE.sub("share"))
    assert PARSER.parse("/thing") == HelpRequest(SAMPLE, None)


def test_tokenizer_keeps_unclosed_quote_as_rest() -> None:
    tokens = tokenize('say "hello there')
    assert tokens[-1].text == "hello there"


REAL = Parser(Registry(all_families()))
COMMAND_NAMES = [f"/{family.name} {sub.name}" for family, sub in REAL.registry.commands()]
text_pieces = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ['"', "“", "’", ":", "key:", 'title:"', "@", "<@U1|x>", "#12", "page:", "type:task", " "]
    ),
)


@settings(max_examples=400, deadline=None)
@given(command=st.sampled_from(COMMAND_NAMES), tail=st.lists(text_pieces, max_size=6))
def test_any_text_parses_or_is_a_user_error(command: str, tail: list[str]) -> None:
    """Whatever follows a real command, the parser answers or names the mistake."""
    try:
        result = REAL.parse(command + " " + " ".join(tail))
    except UserError as error:
        assert error.message
    else:
        assert isinstance(result, ParsedCommand | HelpRequest)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=80))
def test_any_text_at_all(text: str) -> None:
    with contextlib.suppress(UserError):
        REAL.parse(text)


def test_a_lone_apostrophe_is_a_word() -> None:
    assert parse("/thing search 'tis the season").args["words"] == "'tis the season"
