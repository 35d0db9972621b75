"""Slash commands and message events, routed into the core.

One Bolt listener per command family, generated from the registry and named as this
workspace registers it (`/px-resource` with a prefix), so every family the core defines
is reachable on Slack (a parity test checks it against the manifest). A mention of the
bot (`@Praxis resource search fractions`) or a direct message runs the same grammar.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.inbound import actor_team, retry_num

if TYPE_CHECKING:
    from adapters.slack.app import SlackAdapter

log = logging.getLogger("praxis.slack")

_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")
COMMAND_EVENTS = ("app_mention", "message.im")


def register_commands(adapter: SlackAdapter) -> list[str]:
    """A listener for `/<prefix><family>` for every family; returns the commands routed."""
    routed: list[str] = []
    for name in adapter.names.commands():
        adapter.bolt.command(name)(_command_listener(adapter))
        routed.append(name)
    return routed


def _command_listener(adapter: SlackAdapter) -> Callable[..., Awaitable[None]]:
    async def on_command(
        ack: AsyncAck,
        command: dict[str, Any],
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        team = actor_team(command, context) or str(command.get("team_id", ""))
        inbound = await adapter.translator.slash_command(
            command, team, client, retry_num(request.headers)
        )
        work = adapter.core.handle(inbound.request)
        await adapter.presenter.answer_command(ack, inbound, work)

    return on_command


def register_events(adapter: SlackAdapter) -> list[str]:
    """Commands typed to the bot: a mention in a channel, or a direct message."""
    adapter.bolt.event("app_mention")(_event_listener(adapter))
    adapter.bolt.event({"type": "message", "channel_type": "im"})(_event_listener(adapter))
    return list(COMMAND_EVENTS)


def command_text(text: str) -> str:
    """What follows the bot's mention; `help` when nothing does."""
    text = _MENTION.sub("", text, count=1).strip()
    if not text:
        return "/praxis help"
    return text if text.startswith("/") else "/" + text


def _event_listener(adapter: SlackAdapter) -> Callable[..., Awaitable[None]]:
    async def on_event(
        body: dict[str, Any],
        event: dict[str, Any],
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if event.get("bot_id") or event.get("subtype"):
            return  # our own posts, edits and joins are not commands
        team = actor_team(body, context)
        if team is None:
            log.info("an event in a shared channel from a workspace Slack did not name; ignored")
            return
        text = adapter.names.family_text(command_text(str(event.get("text", ""))))
        inbound = await adapter.translator.event(
            body, event, text, team, client, retry_num(request.headers)
        )

        async def run() -> None:
            result = await adapter.core.handle(inbound.request)
            if result.outcome.value == "duplicate":
                return
            adapter.presenter.after_answer(inbound, result)
            reply = result.reply
            await adapter.presenter.post(inbound, reply, adapter.presenter.render(reply))

        # Events are acked by Bolt; the work runs beyond the request so the ack is fast.
        adapter.presenter.spawn(run())

    return on_event
