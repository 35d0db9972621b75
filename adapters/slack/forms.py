"""Forms as modals: `bot.kernel.reply.Form` -> a Slack view, and a submission -> a command.

A form is just another way to type a command: on submit, `Form.command` runs with
the field values as its options. The values go to the core as a
`StructuredCommand`, so quotes or newlines in what people wrote never have to
survive the text grammar. A `UserError` from the core is shown inline, on the
field of the option it names (`Result.option`), so nobody loses what they typed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from adapters.slack.render import clip, plain
from bot.face import Registry, tokenize
from bot.kernel.i18n import pgettext
from bot.kernel.model import StructuredCommand
from bot.kernel.reply import Form, FormField

Json = dict[str, Any]

CALLBACK_ID = "praxis_form"
ACTION_ID = "value"
MAX_TITLE = 24
MAX_INPUTS = 100
MAX_METADATA = 3000
MAX_INPUT_LENGTH = 3000
MAX_PLACEHOLDER = 150
DEFAULT_SUBMIT = "Submit"  # `Form.submit_label` when a family names none: ours to translate


@dataclass(frozen=True)
class FormOrigin:
    """Where the form was opened, carried through the modal's private_metadata."""

    command: str
    channel: str | None = None
    channel_name: str | None = None
    fields: tuple[str, ...] = ()

    def dump(self) -> str:
        data = {"c": self.command, "ch": self.channel, "n": self.channel_name, "f": self.fields}
        return json.dumps(data, separators=(",", ":"))

    @classmethod
    def load(cls, text: str) -> FormOrigin:
        data = json.loads(text or "{}")
        return cls(data.get("c", ""), data.get("ch"), data.get("n"), tuple(data.get("f", ())))


def _shown(text: str, limit: int, fallback: str) -> str:
    """Plain text within `limit`; Slack refuses an empty one, so `fallback` stands in."""
    clipped = clip(plain(" ".join(text.split())), limit)
    return clipped if clipped.strip() else fallback


def build_modal(form: Form, *, channel: str | None, channel_name: str | None) -> Json:
    """The modal for `form`; its own labels are in the current language (the caller
    speaks the reply's)."""
    fields = form.fields[:MAX_INPUTS]
    names = tuple(f.name for f in fields)
    metadata = FormOrigin(form.command, channel, channel_name, names).dump()
    if len(metadata) > MAX_METADATA:  # a long channel name cannot push the command out
        metadata = FormOrigin(form.command, channel, None, names).dump()
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": {
            "type": "plain_text",
            "text": _shown(form.title, MAX_TITLE, pgettext("modal", "Form")),
        },
        "submit": {
            "type": "plain_text",
            "text": _shown(_submit_label(form), MAX_TITLE, pgettext("modal", "Submit")),
        },
        "close": {"type": "plain_text", "text": clip(pgettext("modal", "Cancel"), MAX_TITLE)},
        "private_metadata": metadata,
        "blocks": [_input(f) for f in fields],
    }


def _submit_label(form: Form) -> str:
    if form.submit_label == DEFAULT_SUBMIT:
        return pgettext("modal", "Submit")
    return form.submit_label


def _input(field: FormField) -> Json:
    longest = max(1, min(field.max_length, MAX_INPUT_LENGTH))
    element: Json = {
        "type": "plain_text_input",
        "action_id": ACTION_ID,
        "multiline": field.multiline,
        "max_length": longest,
    }
    if field.initial:
        element["initial_value"] = field.initial[:longest]
    if field.placeholder.strip():
        element["placeholder"] = {
            "type": "plain_text",
            "text": _shown(field.placeholder, MAX_PLACEHOLDER, "…"),
        }
    return {
        "type": "input",
        "block_id": field.name,
        "label": {"type": "plain_text", "text": _shown(field.label, 2000, field.name)},
        "optional": not field.required,
        "element": element,
    }


def submitted_values(state: Json) -> dict[str, str]:
    """Field name -> typed text, from a view_submission's `view.state.values`."""
    values: dict[str, str] = {}
    for block_id, actions in (state.get("values") or {}).items():
        element: Json = actions.get(ACTION_ID) or next(iter(actions.values()), {})
        value = element.get("value")
        if value is not None and str(value).strip():
            values[block_id] = str(value)
    return values


def submission_command(
    registry: Registry, command: str, values: dict[str, str]
) -> StructuredCommand:
    """`Form.command` (e.g. `/reflect answer prompt:12`) plus the field values."""
    tokens = tokenize(command)
    if not tokens:
        raise ValueError("a form without a command")
    family_name = tokens[0].text.lstrip("/").lower()
    family = registry.family(family_name)
    rest = tokens[1:]
    sub_name: str | None = None
    if family is not None and rest and rest[0].key is None and family.sub(rest[0].text.lower()):
        sub_name = rest.pop(0).text.lower()
    elif family is not None:
        sub_name = family.default
    sub = family.sub(sub_name) if family is not None and sub_name else None
    positionals = [o.name for o in sub.positionals] if sub is not None else []
    options: dict[str, str] = {}
    for token in rest:
        if token.key is not None:
            options[token.key] = token.text
        elif positionals:
            options[positionals.pop(0)] = token.text
    options.update(values)
    return StructuredCommand(family_name, sub_name, options)


def inline_errors(message: str, option: str | None, fields: tuple[str, ...]) -> Json:
    """`response_action=errors` on the field of the option the error is about, else the first."""
    target = option if option in fields else (fields[0] if fields else "")
    return {target: clip(message, 2000)}
