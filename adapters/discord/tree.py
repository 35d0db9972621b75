"""Discord's app-command tree, generated from the core's command declarations.

Nothing here names a command: each family becomes a group (`/resource`), each
sub-command a sub-command (`/resource search`), each declared option a typed
Discord option. So a command added to a family reaches Discord with no change
here, and the parity test holds by construction.

Values go back to the core as raw strings (`StructuredCommand`): the core's one
conversion path checks them, whichever platform they were typed on. A Discord
user or channel becomes the `<@id>` / `<#id>` text the core already parses.

Discord shows each command in its reader's language (`name_localizations`,
`description_localizations`): every name, description and choice name is a
`locale_str` carrying how to make it (`make`), and `CatalogTranslator` makes it again
in Spanish for Discord's Spanish locales when the tree is synced. Names come from the
catalog's `command name` entries (bot/locale/es/commands.po), descriptions from the
declared help texts; what reaches Discord is the same English the tree was built
with, so a command is still matched by its English name when it is used.
"""

from __future__ import annotations

import inspect
import keyword
import re
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import discord
from discord import app_commands

from bot.face import Family, MessageAction, Option, OptionType, Registry, SubCommand
from bot.kernel.i18n import N_, _, pgettext
from bot.kernel.language import Language, current_language, speaking
from bot.kernel.model import StructuredCommand

NAME_LIMIT = 32
DESCRIPTION_LIMIT = 100
CHOICE_LIMIT = 25
CHOICE_NAME_LIMIT = 100
GROUP_LIMIT = 25  # sub-commands per group, options per command
STRING_LIMIT = 6000  # Discord's largest max_length for a string option
SEARCH_WORDS = "query"  # SPEC: on Discord the search words are the option `query`
COMMAND_NAME = "command name"  # the catalog's context for the names Discord shows
# Discord's Spanish locales: both read the one Spanish catalog.
LOCALES = {
    discord.Locale.spain_spanish: Language.ES,
    discord.Locale.latin_american_spanish: Language.ES,
}
# Discord's rule for a chat command's (or option's) name, in any language.
NAME_RULE = re.compile(r"^[-_\w]{1,32}$")

# The handler gets the command and any files attached to it (an .ics to import).
CommandHandler = Callable[
    [discord.Interaction, StructuredCommand, tuple[discord.Attachment, ...]], Awaitable[None]
]
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
    OptionType.TEXT: N_("text"),
    OptionType.INTEGER: N_("a whole number"),
    OptionType.DATE: N_("a date, e.g. 2026-12-01"),
    OptionType.TIME: N_("a time, e.g. 15:30 or 8am"),
    OptionType.DURATION: N_("how long, e.g. 2h or 3 days"),
    OptionType.RECURRENCE: N_('when, e.g. "every monday 8:00", "tomorrow 8am", "in 3 days"'),
    OptionType.URL: N_("a link starting with https://"),
    OptionType.USER: N_("a person"),
    OptionType.CHANNEL: N_("a channel"),
    OptionType.ID: N_("an id, e.g. 12"),
    OptionType.LIST: N_("comma-separated, e.g. a,b"),
    OptionType.BOOL: N_("yes or no"),
    OptionType.TARGET: N_("#channel, @person, team:<cycle> or everyone"),
    OptionType.FILE: N_("a file to attach"),
}
HELP_SUMMARY = N_("How to use /{family}; every sub-command's usage.")
TOPIC_HELP = N_("a sub-command to explain")
Maker = Callable[[], str]


def localised(text: str, make: Maker) -> app_commands.locale_str:
    """`text` (what Discord gets as the default) and how to make it in another language:
    `make()` is called again inside `speaking(<language>)` when the tree is synced."""
    return app_commands.locale_str(text, make=make)


class CatalogTranslator(app_commands.Translator):
    """discord.py's translator over our catalogs: for a Spanish locale, each string is
    made again in Spanish; other locales (and strings not made here) get none, so
    Discord shows the English default."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        language = LOCALES.get(locale)
        make = string.extras.get("make")
        if language is None or not callable(make):
            return None
        with speaking(language):
            text = str(make())
        return text or None


def local_name(name: str, word: str | None = None) -> str:
    """A command, sub-command or option name in the current language, as Discord takes
    it: the catalog's word (`word`, if already looked up), lowercase, no spaces, at most
    32 characters; the English name when the word will not do."""
    word = pgettext(COMMAND_NAME, name) if word is None else word
    cleaned = re.sub(r"[^\w-]+", "-", word.lower()).strip("-")[:NAME_LIMIT]
    return cleaned if NAME_RULE.match(cleaned) else discord_name(name)


def search_words_name() -> str:
    """The search words' option (`query` in English) in the current language."""
    return local_name(SEARCH_WORDS, pgettext("command name", "query"))


@dataclass(frozen=True)
class OptionBinding:
    """One core option as a Discord option: its Discord name and Python parameter."""

    option: Option
    discord_name: str
    param: str
    words: bool = False  # the search words, `query` on Discord

    def local_name(self) -> str:
        """This option's name in the current language."""
        return search_words_name() if self.words else local_name(self.option.name)


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
    """What an option is for, in the current language."""
    if option.help:
        return describe(_(option.help), option.name)
    if option.choices:
        return describe(_("one of: {choices}", choices=", ".join(option.choices)), option.name)
    return describe(_(_TYPE_HINTS.get(option.type, N_("text"))), option.name)


def bindings_for(sub: SubCommand) -> tuple[OptionBinding, ...]:
    """The Discord options of one sub-command, with unique names and parameters."""
    out: list[OptionBinding] = []
    seen: set[str] = set()
    for option in sub.options:
        words = option.rest and sub.name == "search"
        shown = discord_name(SEARCH_WORDS if words else option.name)
        if shown in seen:
            raise ValueError(f"/{sub.name}: two options both become “{shown}” on Discord")
        seen.add(shown)
        param = re.sub(r"\W", "_", shown)
        if keyword.iskeyword(param) or param[0].isdigit() or param == "interaction":
            param = f"opt_{param}"
        out.append(OptionBinding(option, shown, param, words))
    if len(out) > GROUP_LIMIT:
        raise ValueError(f"/{sub.name} has more than {GROUP_LIMIT} options; Discord allows 25")
    return tuple(out)


def help_sub(family: Family) -> SubCommand:
    """`/<family> help [topic]`, for families that do not declare their own; its texts in
    the current language."""
    names = tuple(sub.name for sub in family.subcommands)
    topic = Option(
        "topic",
        OptionType.CHOICE if len(names) <= CHOICE_LIMIT else OptionType.TEXT,
        help=TOPIC_HELP,
        positional=True,
        choices=names if len(names) <= CHOICE_LIMIT else (),
    )
    return SubCommand("help", _(HELP_SUMMARY, family=family.name), (topic,))


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
        case OptionType.FILE:
            return discord.Attachment
    return app_commands.Range[str, None, max(1, min(option.max_length, STRING_LIMIT))]


def _yes() -> str:
    return pgettext("choice", "yes")


def _no() -> str:
    return pgettext("choice", "no")


def choice_name(option: Option, choice: str) -> str:
    """A choice as a reader of the current language sees it in Discord's list (its value,
    what the core gets, stays `choice`): a sub-command's name for `help`'s topic, the
    choice's alias (the family's Spanish word) in Spanish, else the choice itself."""
    if option.help == TOPIC_HELP:
        return local_name(choice)
    if current_language() is not Language.EN:
        for alias, canonical in option.aliases:
            if canonical == choice and alias.strip():
                return alias[:CHOICE_NAME_LIMIT]
    return choice[:CHOICE_NAME_LIMIT]


def _choices(option: Option) -> list[app_commands.Choice[str]] | None:
    if option.type is OptionType.BOOL:
        return [
            app_commands.Choice(name=localised(_yes(), _yes), value="yes"),
            app_commands.Choice(name=localised(_no(), _no), value="no"),
        ]
    if option.type is OptionType.CHOICE and 0 < len(option.choices) <= CHOICE_LIMIT:
        return [
            app_commands.Choice(
                name=localised(choice_name(option, c), partial(choice_name, option, c)), value=c
            )
            for c in option.choices
        ]
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
    if isinstance(value, discord.Attachment):
        return value.filename  # the file itself travels beside the values
    return str(value)


def _callback(binding: CommandBinding, handler: CommandHandler) -> Callback:
    """A callback whose signature declares the options, as discord.py reads them."""

    async def callback(interaction: discord.Interaction, **kwargs: Any) -> None:
        values: dict[str, str] = {}
        files: list[discord.Attachment] = []
        for bound in binding.options:
            value = kwargs.get(bound.param)
            if value is not None:
                values[bound.option.name] = raw_value(bound.option, value)
                if isinstance(value, discord.Attachment):
                    files.append(value)
        command = StructuredCommand(binding.family, binding.sub, values)
        await handler(interaction, command, tuple(files))

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


def _declared_help(sub: SubCommand) -> str:
    return describe(_(sub.help), sub.name)


def _generated_help(family: Family) -> str:
    return describe(help_sub(family).help, "help")


def build_command(
    family: Family,
    sub: SubCommand,
    handler: CommandHandler,
    suggester: Suggester,
    parent: app_commands.Group,
    description: Maker | None = None,
) -> tuple[app_commands.Command[Any, ..., None], CommandBinding]:
    """One sub-command; `description` makes its description in the current language
    (by default from its declared help)."""
    binding = CommandBinding(family.name, sub.name, bindings_for(sub))
    callback = _callback(binding, handler)
    if binding.options:
        # Every option renamed, even to its own name: the rename carries how to say it.
        renames = {b.param: localised(b.discord_name, b.local_name) for b in binding.options}
        callback = app_commands.rename(**renames)(callback)
        descriptions = {
            b.param: localised(option_description(b.option), partial(option_description, b.option))
            for b in binding.options
        }
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
    make_description = description or partial(_declared_help, sub)
    command: app_commands.Command[Any, ..., None] = app_commands.Command(
        name=localised(discord_name(sub.name), partial(local_name, sub.name)),
        description=localised(make_description(), make_description),
        callback=callback,
        parent=parent,
    )
    return command, binding


def build_group(
    family: Family, handler: CommandHandler, suggester: Suggester
) -> tuple[app_commands.Group, list[CommandBinding]]:
    """One family as a guild-only group of sub-commands."""
    make_description = partial(_family_help, family)
    group = app_commands.Group(
        name=localised(discord_name(family.name), partial(local_name, family.name)),
        description=localised(make_description(), make_description),
        guild_only=True,
    )
    subs = family_subs(family)
    if len(subs) > GROUP_LIMIT:
        raise ValueError(f"/{family.name} has more than {GROUP_LIMIT} sub-commands for Discord")
    generated = family.sub("help") is None
    bindings: list[CommandBinding] = []
    for sub in subs:
        description = partial(_generated_help, family) if generated and sub.name == "help" else None
        command, binding = build_command(family, sub, handler, suggester, group, description)
        group.add_command(command)
        bindings.append(binding)
    return group, bindings


def _family_help(family: Family) -> str:
    return describe(_(family.help), family.name)


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

    make_name = partial(_menu_name, action)
    return app_commands.ContextMenu(
        name=localised(make_name(), make_name),
        callback=callback,
        type=discord.AppCommandType.message,
        allowed_contexts=app_commands.AppCommandContext(guild=True),
    )


def _menu_name(action: MessageAction) -> str:
    """A context menu's name (Apps → Save as resource): spaces and capitals allowed."""
    return " ".join(_(action.label).split())[:NAME_LIMIT] or action.sub


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
