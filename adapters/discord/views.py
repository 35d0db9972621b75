"""Buttons that keep working after a restart: persistent views with stable custom ids.

A core `Button` runs a command text as whoever clicks it. Its custom id is
`px:<command>` when that fits Discord's 100 characters, else `px#<key>` with the
command stored under the key (storage/discord.py); a pager button (Previous, Next)
is `pg:` or `pg#`, so its click can replace the page in place. In a direct message there is
no guild to say which community a command belongs to, so there the command is
always stored: the row names its community. Every id is matched by a
`DynamicItem` registered in `setup_hook`, so no view object has to survive in
memory for a click to be answered.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import discord

from bot.face import Core, StoredComponent
from bot.kernel.i18n import pgettext
from bot.kernel.language import Language
from bot.kernel.model import Address
from bot.kernel.reply import Button, ButtonStyle, Form, FormField

COMMAND_PREFIX = "px:"
STORED_PREFIX = "px#"
PAGER_PREFIX = "pg:"
STORED_PAGER_PREFIX = "pg#"
FORM_PREFIX = "pxo#"
CONTINUE_PREFIX = "pxc:"
LANGUAGE_KEY = "_language"  # beside a stored form's own fields
CUSTOM_ID_LIMIT = 100
LABEL_LIMIT = 80

STYLES = {
    ButtonStyle.DEFAULT: discord.ButtonStyle.secondary,
    ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    ButtonStyle.DANGER: discord.ButtonStyle.danger,
}


class ComponentHandlers(Protocol):
    """What the client answers clicks with (adapters.discord.interactions)."""

    async def claim(self, interaction: discord.Interaction) -> bool: ...

    async def on_command_button(self, interaction: discord.Interaction, custom_id: str) -> None: ...

    async def on_form_button(self, interaction: discord.Interaction, key: str) -> None: ...

    async def on_continue(self, interaction: discord.Interaction, draft_id: str) -> None: ...


def _handlers(interaction: discord.Interaction[Any]) -> ComponentHandlers:
    # A component's interaction reaches the PraxisClient (adapters.discord.client, which
    # imports this module), whose `praxis` is these handlers.
    handlers: ComponentHandlers = interaction.client.praxis
    return handlers


def _label(text: str) -> str:
    text = " ".join(text.split()) or "…"
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1] + "…"


class CommandButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.compile(r"p[xg][:#].+", re.DOTALL),
):
    """A button that runs a command; `px:<command>` or `px#<stored key>` (`pg` for a pager)."""

    def __init__(
        self,
        custom_id: str,
        label: str = "…",
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
    ) -> None:
        super().__init__(discord.ui.Button(label=_label(label), style=style, custom_id=custom_id))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> CommandButton:
        label = getattr(item, "label", None) or "…"
        style = getattr(item, "style", discord.ButtonStyle.secondary)
        return cls(match.group(0), label, style)

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await _handlers(interaction).claim(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handlers(interaction).on_command_button(interaction, self.custom_id)


@dataclass(frozen=True)
class CommandId:
    """What a command button's custom id says: a command or a stored key, and whether it pages."""

    text: str  # the command, or the key it is stored under
    stored: bool
    pager: bool


def read_command_id(custom_id: str) -> CommandId | None:
    """Read `px:`, `px#`, `pg:` or `pg#` ids; None for anything else."""
    for prefix, stored, pager in (
        (COMMAND_PREFIX, False, False),
        (STORED_PREFIX, True, False),
        (PAGER_PREFIX, False, True),
        (STORED_PAGER_PREFIX, True, True),
    ):
        if custom_id.startswith(prefix):
            return CommandId(custom_id[len(prefix) :], stored, pager)
    return None


class FormButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"pxo#(?P<key>[0-9a-f]+)"
):
    """Opens a stored form as a modal (a modal can only answer a fresh interaction)."""

    def __init__(self, key: str, label: str | None = None) -> None:
        shown = label or pgettext("button", "Open the form")
        super().__init__(
            discord.ui.Button(
                label=_label(shown), style=discord.ButtonStyle.primary, custom_id=FORM_PREFIX + key
            )
        )
        self.key = key

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FormButton:
        return cls(match["key"], getattr(item, "label", None))

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        return await _handlers(interaction).claim(interaction)

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handlers(interaction).on_form_button(interaction, self.key)


class ContinueButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"pxc:(?P<draft>[0-9a-f]+)"
):
    """Opens the next step of a form longer than one modal."""

    def __init__(self, draft_id: str, label: str | None = None) -> None:
        super().__init__(
            discord.ui.Button(
                label=_label(label or pgettext("button", "Continue")),
                style=discord.ButtonStyle.primary,
                custom_id=CONTINUE_PREFIX + draft_id,
            )
        )
        self.draft_id = draft_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ContinueButton:
        return cls(match["draft"], getattr(item, "label", None))

    async def callback(self, interaction: discord.Interaction) -> None:
        await _handlers(interaction).on_continue(interaction, self.draft_id)


DYNAMIC_ITEMS = (CommandButton, FormButton, ContinueButton)


def form_to_json(form: Form, language: Language | None = None) -> str:
    """A form as stored behind its button, with the language its reader reads (the modal's
    own words, and the steps' notices, are in it)."""
    data = asdict(form)
    if language is not None:
        data[LANGUAGE_KEY] = language.value
    return json.dumps(data, sort_keys=True)


def form_from_json(text: str) -> tuple[Form, Language | None]:
    """The stored form, and its reader's language (None for one stored before languages)."""
    data = json.loads(text)
    language = Language.parse(data.pop(LANGUAGE_KEY, None))
    fields = tuple(FormField(**f) for f in data.pop("fields"))
    return Form(fields=fields, **data), language


class ComponentStore:
    """Short custom ids for long payloads, kept in the database."""

    def __init__(self, app: Core) -> None:
        self.app = app

    async def _remember(self, address: Address, kind: str, payload: str) -> str:
        return await self.app.remember(address, kind, payload)

    async def command_id(self, address: Address, command: str, *, pager: bool = False) -> str:
        inline = (PAGER_PREFIX if pager else COMMAND_PREFIX) + command
        if address.channel is not None and len(inline) <= CUSTOM_ID_LIMIT:
            return inline
        stored = STORED_PAGER_PREFIX if pager else STORED_PREFIX
        return stored + await self._remember(address, "command", command)

    async def form_key(self, address: Address, form: Form, language: Language | None = None) -> str:
        return await self._remember(address, "form", form_to_json(form, language))

    async def recall(self, key: str) -> StoredComponent | None:
        return await self.app.recall(key)

    async def view(self, address: Address, buttons: list[Button]) -> discord.ui.View | None:
        """A persistent view (timeout None) for these buttons, or None when there are none."""
        if not buttons:
            return None
        view = discord.ui.View(timeout=None)
        for button in buttons:
            custom_id = await self.command_id(address, button.command, pager=button.pager)
            view.add_item(CommandButton(custom_id, button.label, STYLES[button.style]))
        return view
