"""Forms as modals, in steps of at most five text inputs.

Discord allows five inputs per modal, and a modal can only answer a fresh
interaction. So a longer form (a case has seven fields) is filled in steps: the
first modal's submit answers with a "Continue" button, whose click opens the
next modal; the last submit runs `Form.command` with every value.

What was typed in earlier steps waits in memory, for the person who typed it
only, for an hour: it is a draft of private text, so it is not written to the
database, and after a restart the Continue button says to start again.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.face import Registry, tokenize
from bot.kernel.errors import UserError
from bot.kernel.i18n import _, pgettext
from bot.kernel.language import Language, current_language, speaking
from bot.kernel.model import StructuredCommand
from bot.kernel.reply import Form, FormField

INPUTS_PER_MODAL = 5
TITLE_LIMIT = 45
LABEL_LIMIT = 45
PLACEHOLDER_LIMIT = 100
INPUT_LIMIT = 4000
DRAFT_SECONDS = 3600.0

StepDone = Callable[[discord.Interaction, "FormModal"], Awaitable[None]]


def steps_of(form: Form) -> list[tuple[FormField, ...]]:
    fields = form.fields
    return [
        fields[i : i + INPUTS_PER_MODAL] for i in range(0, max(len(fields), 1), INPUTS_PER_MODAL)
    ]


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class Draft:
    """A form being filled in: who, where, and the values of the steps done."""

    user_id: int
    community: str
    channel: str | None
    form: Form
    # The reader's language: the modal's own words and the steps' notices are in it.
    language: Language = field(default_factory=current_language)
    step: int = 0
    values: dict[str, str] = field(default_factory=dict)
    created: float = field(default_factory=time.monotonic)


class Drafts:
    """Drafts of multi-step forms, by a random id; each expires after an hour."""

    def __init__(self, ttl: float = DRAFT_SECONDS) -> None:
        self.ttl = ttl
        self._drafts: dict[str, Draft] = {}

    def put(self, draft: Draft) -> str:
        self._prune()
        draft_id = secrets.token_hex(8)
        self._drafts[draft_id] = draft
        return draft_id

    def holds(self, draft_id: str) -> bool:
        return draft_id in self._drafts

    def take(self, draft_id: str, user_id: int) -> Draft | None:
        """The draft, if it is this person's and still fresh (it is removed)."""
        self._prune()
        draft = self._drafts.get(draft_id)
        if draft is None or draft.user_id != user_id:
            return None
        return self._drafts.pop(draft_id)

    def _prune(self) -> None:
        now = time.monotonic()
        for key in [k for k, d in self._drafts.items() if now - d.created > self.ttl]:
            del self._drafts[key]


class FormModal(discord.ui.Modal):
    """One step of a form; its submit goes to `on_done` with this modal's values."""

    def __init__(self, draft: Draft, on_done: StepDone) -> None:
        steps = steps_of(draft.form)
        title = draft.form.title
        if len(steps) > 1:
            suffix = f" ({draft.step + 1}/{len(steps)})"
            title = _clip(title, TITLE_LIMIT - len(suffix)) + suffix
        with speaking(draft.language):
            fallback = pgettext("modal", "Form")
        super().__init__(
            title=_clip(title, TITLE_LIMIT) or fallback,
            custom_id=f"pxm:{secrets.token_hex(8)}",
            timeout=DRAFT_SECONDS,
        )
        self.draft = draft
        self.on_done = on_done
        self.inputs: list[tuple[str, discord.ui.TextInput[Any]]] = []
        for form_field in steps[draft.step]:
            longest = max(1, min(form_field.max_length, INPUT_LIMIT))
            default = draft.values.get(form_field.name) or form_field.initial or None
            text_input: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=_clip(form_field.label, LABEL_LIMIT) or form_field.name,
                custom_id=form_field.name,
                style=(
                    discord.TextStyle.paragraph if form_field.multiline else discord.TextStyle.short
                ),
                required=form_field.required,
                default=default[:longest] if default else None,  # Discord refuses longer
                max_length=longest,
                placeholder=_clip(form_field.placeholder, PLACEHOLDER_LIMIT) or None,
            )
            self.add_item(text_input)
            self.inputs.append((form_field.name, text_input))

    def values(self) -> dict[str, str]:
        return {name: text_input.value.strip() for name, text_input in self.inputs}

    @property
    def last_step(self) -> bool:
        return self.draft.step + 1 >= len(steps_of(self.draft.form))

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await self.on_done(interaction, self)


def form_command(registry: Registry, form: Form, values: dict[str, str]) -> StructuredCommand:
    """`Form.command` plus the filled-in values, as separated options (no quoting needed).

    The command text may carry options of its own (`/reflect answer prompt:12`);
    the form's values are added to them, and an empty optional field is left out.
    """
    tokens = tokenize(form.command)
    if not tokens:
        raise UserError(_("This form has no command to run."))
    family = registry.family(tokens[0].text.lstrip("/").lower())
    if family is None:
        raise UserError(_("There is no command {command}.", command=tokens[0].text))
    rest = tokens[1:]
    sub_name: str | None = None
    if rest and rest[0].key is None and family.sub(rest[0].text.lower()) is not None:
        sub_name = rest[0].text.lower()
        rest = rest[1:]
    elif family.default is not None:
        sub_name = family.default
    sub = family.sub(sub_name) if sub_name else None
    raw: dict[str, str] = {}
    positionals = [o for o in sub.positionals] if sub else []
    for token in rest:
        if token.key is not None:
            raw[token.key] = token.text
        elif positionals:
            option = positionals.pop(0)
            raw[option.name] = token.text
    raw.update({name: value for name, value in values.items() if value})
    return StructuredCommand(family.name, sub_name, raw)
