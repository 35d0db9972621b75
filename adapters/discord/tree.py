"""Discord's app-command tree, generated from the core's command declarations.

Nothing here names a command: each family becomes a group (`/resource`), each
sub-command a sub-command (`/resource search`), each declared option a typed
Discord option. So a command added to a family reaches Discord with no change
here, and the parity test holds by construction.

Values go back to the core as raw strings (`StructuredCommand`): the core's one
conversion path checks them, whichever platform they were typed on. A Discord
user or channel becomes the `<@id>` / `<#id>` text the core already parses.
"""

from __future__ import annotations

import inspect
import keyword
import re
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

import discord
from discord import app_commands

from bot.face import Family, MessageAction, Option, OptionType, Registry, SubCommand
from bot.kernel.model import StructuredCommand

NAME_LIMIT = 32
DESCRIPTION_LIMIT = 100
CHOICE_LIMIT = 25
GROUP_LIMIT = 25  # sub-commands per group, options per command
STRING_LIMIT = 6000  # Discord's largest max_length for a string option
SEARCH_WORDS = "query"  # SPEC: on Discord the search words are the option `query`

CommandHandler = Callable[[discord.Interaction, StructuredCommand], Awaitable[None]]
MessageHandler = Callable[
    [discord.Interaction, Family, MessageAction, discord.Message], Awaitable[None]
]
Suggester = Callable[[discord.Interaction, Option, str], Awaitable[list[app_commands.Choice[str]]]]
# What discord.py takes as a command's callback and as an option's autocomplete.
Callback = Callable[..., Coroutine[Any, Any, None]]
Autocomplete = Callable[
    [discord.Interaction[Any], str], Coroutine[Any, Any, list[app_commands.Choice[str]]]
]

_TYPE_HINTS = {
    OptionType.TEXT: "text",
    OptionType.INTEGER: "a whole number",
    OptionType.DATE: "a date, e.g. 2026-12-01",
    OptionType.TIME: "a time, e.g. 15:30 or 8am",
    OptionType.DURATION: "how long, e.g. 2h or 3 days",
    OptionType.RECURRENCE: 'when, e.g. "every monday 8:00", "tomorrow 8am", "in 3 days"',
    OptionType.URL: "a link starting with https://",
    OptionType.USER: "a person",
    OptionType.CHANNEL: "a channel",
    OptionType.ID: "an id, e.g. 12",
    OptionType.LIST: "comma-separated, e.g. a,b",
    OptionType.BOOL: "yes or no",
    OptionType.TARGET: "#channel, @person, team:<cycle> or everyone",
}


@dataclass(frozen=True)
class OptionBinding:
    """One core option as a Discord option: its Discord name and Python parameter."""

    option: Option
    discord_name: str
    param: str


@dataclass(frozen=True)
class CommandBinding:
    """One generated Discord sub-command and the core command it stands for."""

    family: str
    sub: str
    options: tuple[OptionBinding, ...]

    @property
    def qualified_name(self) -> str:
        return f"{self.family} {self.sub}"


def discord_name(name: str) -> str:
    """A valid Discord name: lowercase letters, digits, - and _, at most 32 characters."""
    cleaned = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "x"
    return cleaned[:NAME_LIMIT]


def describe(text: str, fallback: str) -> str:
    """A description Discord accepts: 1 to 100 characters, one line."""
    line = " ".join((text or fallback).split()) or fallback
    return line if len(line) <= DESCRIPTION_LIMIT else line[: DESCRIPTION_LIMIT - 1] + "…"


def option_description(option: Option) -> str:
    if option.help:
        return describe(option.help, option.name)
    if option.choices:
        return describe("one of: " + ", ".join(option.choices), option.name)
    return describe(_TYPE_HINTS.get(option.type, "text"), option.name)


def bindings_for(sub: SubCommand) -> tuple[OptionBinding, ...]:
    """The Discord options of one sub-command, with unique names and parameters."""
    out: list[OptionBinding] = []
    seen: set[str] = set()
    for option in sub.options:
        name = SEARCH_WORDS if option.rest and sub.name == "search" else option.name
        shown = discord_name(name)
        if shown in seen:
            raise ValueError(f"/{sub.name}: two options both become “{shown}” on Discord")
        seen.add(shown)
        param = re.sub(r"\W", "_", shown)
        if keyword.iskeyword(param) or param[0].isdigit() or param == "interaction":
            param = f"opt_{param}"
        out.append(OptionBinding(option, shown, param))
    if len(out) > GROUP_LIMIT:
        raise ValueError(f"/{sub.name} has more than {GROUP_LIMIT} options; Discord allows 25")
    return tuple(out)


def help_sub(family: Family) -> SubCommand:
    """`/<family> help [topic]`, for families that do not declare their own."""
    names = tuple(sub.name for sub in family.subcommands)
    topic = Option(
        "topic",
        OptionType.CHOICE if len(names) <= CHOICE_LIMIT else OptionType.TEXT,
        help="a sub-command to explain",
        positional=True,
        choices=names if len(names) <= CHOICE_LIMIT else (),
    )
    return SubCommand("help", f"How to use /{family.name}; every sub-command's usage.", (topic,))


def family_subs(family: Family) -> tuple[SubCommand, ...]:
    """The sub-commands Discord shows for a family: its own, plus `help` if it has none."""
    subs = family.subcommands
    if family.sub("help") is None:
        subs = (*subs, help_sub(family))
    return subs


def _annotation(option: Option) -> Any:
    match option.type:
        case OptionType.INTEGER:
            if option.min_value is None and option.max_value is None:
                return int
            return app_commands.Range[int, option.min_value, option.max_value]
        case OptionType.USER:
            return discord.User
        case OptionType.CHANNEL:
            return discord.abc.GuildChannel
        case OptionType.CHOICE | OptionType.BOOL:
            return str
    return app_commands.Range[str, None, max(1, min(option.max_length, STRING_LIMIT))]


def _choices(option: Option) -> list[app_commands.Choice[str]] | None:
    if option.type is OptionType.BOOL:
        return [
            app_commands.Choice(name="yes", value="yes"),
            app_commands.Choice(name="no", value="no"),
        ]
    if option.type is OptionType.CHOICE and 0 < len(option.choices) <= CHOICE_LIMIT:
        return [app_commands.Choice(name=c[:100], value=c) for c in option.choices]
    return None


def _wants_autocomplete(option: Option) -> bool:
    if option.autocomplete:
        return True
    if option.type is OptionType.ID:
        return True
    return option.type is OptionType.CHOICE and len(option.choices) > CHOICE_LIMIT


def raw_value(option: Option, value: Any) -> str:
    """A Discord option value as the text the core parses."""
    if isinstance(value, discord.abc.User) or (
        option.type is OptionType.USER and hasattr(value, "id")
    ):
        return f"<@{value.id}>"
    if option.type is OptionType.CHANNEL and hasattr(value, "id"):
        return f"<#{value.id}>"
    if isinstance(value, app_commands.Choice):
        return str(value.value)
    return str(value)


def _callback(binding: CommandBinding, handler: CommandHandler) -> Callback:
    """A callback whose signature declares the options, as discord.py reads them."""

    async def callback(interaction: discord.Interaction, **kwargs: Any) -> None:
        values: dict[str, str] = {}
        for bound in binding.options:
            value = kwargs.get(bound.param)
            if value is not None:
                values[bound.option.name] = raw_value(bound.option, value)
        await handler(interaction, StructuredCommand(binding.family, binding.sub, values))

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for bound in binding.options:
        parameters.append(
            inspect.Parameter(
                bound.param,
                inspect.Parameter.KEYWORD_ONLY,
                default=inspect.Parameter.empty if bound.option.required else None,
                annotation=_annotation(bound.option),
            )
        )
    # discord.py reads the options from inspect.signature(callback), which honours
    # __signature__; typeshed declares no such attribute on a function, hence the ignore.
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__name__ = callback.__qualname__ = f"{binding.family}_{binding.sub}".replace("-", "_")
    return callback


def _autocompleter(option: Option, suggester: Suggester) -> Autocomplete:
    async def suggest(
        interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await suggester(interaction, option, current)

    return suggest


def build_command(
    family: Family,
    sub: SubCommand,
    handler: CommandHandler,
    suggester: Suggester,
    parent: app_commands.Group,
) -> tuple[app_commands.Command[Any, ..., None], CommandBinding]:
    binding = CommandBinding(family.name, sub.name, bindings_for(sub))
    callback = _callback(binding, handler)
    renames = {b.param: b.discord_name for b in binding.options if b.param != b.discord_name}
    if renames:
        callback = app_commands.rename(**renames)(callback)
    if binding.options:
        descriptions = {b.param: option_description(b.option) for b in binding.options}
        callback = app_commands.describe(**descriptions)(callback)
    choices = {b.param: c for b in binding.options if (c := _choices(b.option))}
    if choices:
        callback = app_commands.choices(**choices)(callback)
    completing = {
        b.param: _autocompleter(b.option, suggester)
        for b in binding.options
        if _wants_autocomplete(b.option) and b.param not in choices
    }
    if completing:
        callback = app_commands.autocomplete(**completing)(callback)
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=discord_name(sub.name),
        description=describe(sub.help, sub.name),
        callback=callback,
        parent=parent,
    )
    return command, binding


def build_group(
    family: Family, handler: CommandHandler, suggester: Suggester
) -> tuple[app_commands.Group, list[CommandBinding]]:
    """One family as a guild-only group of sub-commands."""
    group = app_commands.Group(
        name=discord_name(family.name),
        description=describe(family.help, family.name),
        guild_only=True,
    )
    subs = family_subs(family)
    if len(subs) > GROUP_LIMIT:
        raise ValueError(f"/{family.name} has more than {GROUP_LIMIT} sub-commands for Discord")
    bindings: list[CommandBinding] = []
    for sub in subs:
        command, binding = build_command(family, sub, handler, suggester, group)
        group.add_command(command)
        bindings.append(binding)
    return group, bindings


def build_tree(
    tree: app_commands.CommandTree[Any],
    registry: Registry,
    handler: CommandHandler,
    suggester: Suggester,
    *,
    guild_ids: Sequence[int] = (),
) -> list[CommandBinding]:
    """Add every family to `tree`: to these guilds when given, else globally."""
    guilds = [discord.Object(id=g) for g in guild_ids]
    bindings: list[CommandBinding] = []
    for family in registry:
        group, family_bindings = build_group(family, handler, suggester)
        if guilds:
            tree.add_command(group, guilds=guilds)
        else:
            tree.add_command(group)
        bindings.extend(family_bindings)
    return bindings


def build_message_menu(
    family: Family, action: MessageAction, handler: MessageHandler
) -> app_commands.ContextMenu:
    """A message context-menu command (Apps → Save as resource) for one message action."""

    async def callback(interaction: discord.Interaction, message: discord.Message) -> None:
        await handler(interaction, family, action, message)

    return app_commands.ContextMenu(
        name=action.label[:NAME_LIMIT],
        callback=callback,
        type=discord.AppCommandType.message,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )


def build_message_menus(
    tree: app_commands.CommandTree[Any],
    registry: Registry,
    handler: MessageHandler,
    *,
    guild_ids: Sequence[int] = (),
) -> list[str]:
    """Every family's message actions as context menus; returns their names."""
    guilds = [discord.Object(id=g) for g in guild_ids]
    names: list[str] = []
    for family, action in registry.message_actions():
        menu = build_message_menu(family, action, handler)
        if guilds:
            tree.add_command(menu, guilds=guilds)
        else:
            tree.add_command(menu)
        names.append(menu.name)
    return names
