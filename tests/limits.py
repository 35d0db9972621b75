"""A reply as each platform would carry it, and what each platform would refuse in it.

The adapters' own renderers make the bodies (Block Kit and modals for Slack; messages,
embeds, components and modals for Discord, built with discord.py's own classes; terminal
text for the console); the limits are the fakes' (tests/fakes/*_limits.py), written from
the platforms' documentation. So a reply that passes here is one Slack and Discord accept,
whatever its kind: text, fields, lists, notes, buttons, files, forms, every tone.
"""

from __future__ import annotations

import itertools
from typing import Any

import discord

from adapters.console.render import render as console_render
from adapters.discord.forms import Draft, FormModal, steps_of
from adapters.discord.render import render as discord_render
from adapters.discord.views import (
    COMMAND_PREFIX,
    CUSTOM_ID_LIMIT,
    STORED_PREFIX,
    STYLES,
    CommandButton,
    FormButton,
)
from adapters.slack.forms import build_modal
from adapters.slack.naming import CommandNames
from adapters.slack.render import render as slack_render
from adapters.slack.replies import response_body
from bot.face import Outcome, Result
from bot.kernel.reply import Reply
from tests.fakes import discord_limits, slack_limits

Json = dict[str, Any]


# A workspace that registered the commands with a prefix (`/px-probe`): every command the
# text names gets longer, after rendering, as it does in such a workspace.
PREFIXED = CommandNames.of(
    ("praxis", "resource", "cycle", "reflect", "case", "nudge", "probe"), "px-"
)


def slack_problems(reply: Reply, origin: str | None = None) -> list[str]:
    """What Slack would refuse: the message (as an ack, a post or a response_url body), in a
    workspace with and without a command prefix, and, for a form, the modal."""
    problems: list[str] = []
    for names in (None, PREFIXED):
        problems += _slack_message_problems(reply, origin, names)
    if reply.form is not None:
        modal = build_modal(reply.form, channel="C0GENERAL", channel_name="general")
        problems += [f"modal: {p}" for p in slack_limits.view_violations(modal)]
    return problems


def _slack_message_problems(
    reply: Reply, origin: str | None, names: CommandNames | None
) -> list[str]:
    message = slack_render(reply, names=names)
    result = Result(reply, Outcome.OK, origin or "?", 0.0)
    found = slack_limits.message_violations(response_body(result, message))
    return [f"{'prefixed ' if names else ''}{p}" for p in found]


_KEYS = itertools.count(1)


def _custom_id(command: str) -> str:
    """As adapters.discord.views.ComponentStore: inline when it fits, else a stored key
    (each stored command gets a key of its own)."""
    inline = COMMAND_PREFIX + command
    return inline if len(inline) <= CUSTOM_ID_LIMIT else f"{STORED_PREFIX}{next(_KEYS):016x}"


async def _never(*_: Any) -> None:
    return None


def discord_bodies(reply: Reply) -> list[tuple[Json, int]]:
    """Each message body Discord would get for `reply`, and how many files it carries."""
    bodies: list[tuple[Json, int]] = []
    messages = discord_render(reply)
    for index, message in enumerate(messages):
        view = discord.ui.View(timeout=None)
        for button in message.buttons:
            view.add_item(
                CommandButton(_custom_id(button.command), button.label, STYLES[button.style])
            )
        if reply.form is not None and index == len(messages) - 1:
            view.add_item(FormButton("0" * 16, f"Open: {reply.form.title}"))
        body: Json = {"allowed_mentions": {"parse": []}}
        if message.content is not None:
            body["content"] = message.content
        if message.embeds:
            body["embeds"] = [embed.to_dict() for embed in message.embeds]
        components = view.to_components()
        if components:
            body["components"] = components
        bodies.append((body, len(message.files)))
    return bodies


def discord_problems(reply: Reply) -> list[str]:
    problems: list[str] = []
    for n, (body, files) in enumerate(discord_bodies(reply)):
        problems += [
            f"message {n}: {p}" for p in discord_limits.message_violations(body, files=files)
        ]
    if reply.form is not None:
        for step in range(len(steps_of(reply.form))):
            draft = Draft(1, "1", "1", reply.form, step=step)
            modal = FormModal(draft, _never).to_dict()
            problems += [f"modal {step}: {p}" for p in discord_limits.modal_violations(modal)]
    return problems


def console_text(reply: Reply) -> str:
    return console_render(reply)


def all_problems(reply: Reply, origin: str | None = None) -> list[str]:
    """Every platform at once; the console must render too (it has no limits of its own)."""
    console_text(reply)
    return [f"slack {p}" for p in slack_problems(reply, origin)] + [
        f"discord {p}" for p in discord_problems(reply)
    ]
