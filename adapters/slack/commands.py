"""Slash commands and message events, routed into the core.

One Bolt listener per command family, generated from the registry, so every
family the core defines is reachable on Slack (a parity test checks it). A
mention of the bot (`@Praxis resource search fractions`) or a direct message
runs the same grammar.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.inbound import retry_num
from adapters.slack.render import render

if TYPE_CHECKING:
    from adapters.slack.app import SlackAdapter

_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")


def register_commands(adapter: SlackAdapter) -> list[str]:
    """A listener for `/<family>` for every family; returns the commands routed."""
    routed: list[str] = []
    for family in adapter.core.registry:
        name = f"/{family.name}"
        adapter.bolt.command(name)(_command_listener(adapter))
        routed.append(name)
    return routed


def _command_listener(
    adapter: SlackAdapter,
) -> Callable[[AsyncAck, dict[str, Any], AsyncBoltRequest], Awaitable[None]]:
    async def on_command(ack: AsyncAck, command: dict[str, Any], request: AsyncBoltRequest) -> None:
        inbound = await adapter.translator.slash_command(command, retry_num(request.headers))
        work = adapter.core.handle(inbound.request)
        await adapter.presenter.answer_command(ack, inbound, work)

    return on_command


def register_events(adapter: SlackAdapter) -> None:
    adapter.bolt.event("app_mention")(_event_listener(adapter))
    adapter.bolt.event({"type": "message", "channel_type": "im"})(_event_listener(adapter))


def command_text(text: str) -> str:
    """What follows the bot's mention; `help` when nothing does."""
    text = _MENTION.sub("", text, count=1).strip()
    if not text:
        return "/praxis help"
    return text if text.startswith("/") else "/" + text


def _event_listener(
    adapter: SlackAdapter,
) -> Callable[[dict[str, Any], dict[str, Any], AsyncBoltRequest], Awaitable[None]]:
    async def on_event(
        body: dict[str, Any], event: dict[str, Any], request: AsyncBoltRequest
    ) -> None:
        if event.get("bot_id") or event.get("subtype"):
            return  # our own posts, edits and joins are not commands
        inbound = await adapter.translator.event(
            body, event, command_text(str(event.get("text", ""))), retry_num(request.headers)
        )

        async def run() -> None:
            result = await adapter.core.handle(inbound.request)
            if result.outcome.value == "duplicate":
                return
            await adapter.presenter.post(inbound, result.reply, render(result.reply))

        # Events are acked by Bolt; the work runs beyond the request so the ack is fast.
        adapter.presenter.spawn(run())

    return on_event
