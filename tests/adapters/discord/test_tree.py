"""The generated command tree: valid Discord names, types and descriptions for every command."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord.tree import build_tree, discord_name, raw_value
from bot.grammar.registry import Registry
from bot.grammar.spec import Family, Option, OptionType, SubCommand
from commands import all_families
from tests.fakes.probe import PROBE

NAME = re.compile(r"^[-_a-z0-9]{1,32}$")


async def _nothing(*_: Any) -> Any:
    return []


def synced(families: list[Family]) -> list[dict[str, Any]]:
    client = discord.Client(intents=discord.Intents.none())
    tree = app_commands.CommandTree(client)
    build_tree(tree, Registry(families), _nothing, _nothing)
    return [command.to_dict(tree) for command in tree.get_commands()]


def walk(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for option in options:
        out.append(option)
        out.extend(walk(option.get("options", [])))
    return out


def test_every_name_and_description_is_valid_for_discord() -> None:
    for command in synced([*all_families(), PROBE]):
        for node in [command, *walk(command["options"])]:
            assert NAME.match(node["name"]), node["name"]
            assert 1 <= len(node["description"]) <= 100
            assert len(node.get("choices") or []) <= 25
        assert len(command["options"]) <= 25


def test_option_types_follow_the_declaration() -> None:
    family = Family(
        "demo",
        "Demo.",
        (
            SubCommand(
                "search",
                "Find.",
                (
                    Option("words", positional=True, rest=True),
                    Option("grade", OptionType.CHOICE, choices=("K-2", "3-5")),
                    Option("by", OptionType.USER),
                    Option("in", OptionType.CHANNEL),
                    Option("page", OptionType.INTEGER, min_value=1),
                    Option("shared", OptionType.BOOL),
                    Option("id", OptionType.ID, required=True, autocomplete="resource"),
                    Option("quiet-hours", max_length=20),
                ),
            ),
        ),
    )

    (command,) = synced([family])

    search = command["options"][0]
    options = {o["name"]: o for o in search["options"]}
    assert next(iter(options)) == "id", "required options come first"
    assert options["query"]["type"] == 3, "SPEC: search words are the option query"
    assert [c["value"] for c in options["grade"]["choices"]] == ["K-2", "3-5"]
    assert options["by"]["type"] == 6 and options["in"]["type"] == 7
    assert (options["page"]["type"], options["page"]["min_value"]) == (4, 1)
    assert [c["value"] for c in options["shared"]["choices"]] == ["yes", "no"]
    assert options["id"]["autocomplete"] is True
    assert options["quiet-hours"]["max_length"] == 20
    help_ = next(o for o in command["options"] if o["name"] == "help")
    assert [c["value"] for c in help_["options"][0]["choices"]] == ["search"]


def test_names_are_made_valid() -> None:
    assert discord_name("Forget Me!") == "forget-me"
    assert len(discord_name("x" * 50)) == 32


@pytest.mark.parametrize(
    ("option", "value", "raw"),
    [
        (Option("who", OptionType.USER), discord.Object(id=42), "<@42>"),
        (Option("where", OptionType.CHANNEL), discord.Object(id=7), "<#7>"),
        (Option("grade", OptionType.CHOICE), app_commands.Choice(name="3-5", value="3-5"), "3-5"),
        (Option("n", OptionType.INTEGER), 3, "3"),
    ],
)
def test_raw_values_are_what_the_core_parses(option: Option, value: Any, raw: str) -> None:
    assert raw_value(option, value) == raw
