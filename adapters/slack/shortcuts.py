"""Message shortcuts: "Save as resource" on any message, from the core's message actions.

Each `MessageAction` a family declares is a message shortcut (the manifest lists the same
callback ids). Choosing it on a message runs its sub-command with the message's link
(chat.getPermalink) and text as options, as the person who chose it; the share form
that comes back opens as a modal on the shortcut's trigger.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.inbound import actor_team, retry_num
from adapters.slack.manifest import shortcut_id
from bot.face import Family, MessageAction
from bot.kernel.model import StructuredCommand

if TYPE_CHECKING:
    from adapters.slack.app import SlackAdapter

log = logging.getLogger("praxis.slack")
Json = dict[str, Any]
MAX_TEXT = 2000


def register_shortcuts(adapter: SlackAdapter) -> list[str]:
    """A listener per message action; returns their callback ids."""
    routed: list[str] = []
    for family, action in adapter.core.registry.message_actions():
        callback = shortcut_id(family.name, action.sub)
        adapter.bolt.shortcut(callback)(_shortcut_listener(adapter, family, action))
        routed.append(callback)
    return routed


async def permalink(client: AsyncWebClient, channel: str | None, ts: str | None) -> str:
    """The message's link, or "" when Slack will not give one (the form still opens)."""
    if not channel or not ts:
        return ""
    try:
        response = await client.chat_getPermalink(channel=channel, message_ts=ts)
    except SlackApiError as error:
        log.info("chat.getPermalink failed: %s", error.response.get("error"))
        return ""
    return str(response.get("permalink") or "")


def unescape(text: str) -> str:
    """A message's mrkdwn text as it reads: Slack escapes only these three."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _shortcut_listener(
    adapter: SlackAdapter, family: Family, action: MessageAction
) -> Callable[..., Awaitable[None]]:
    async def on_shortcut(
        ack: AsyncAck,
        body: Json,
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        message = body.get("message") or {}
        channel = (body.get("channel") or {}).get("id")
        link = await permalink(client, channel, body.get("message_ts") or message.get("ts"))
        text = unescape(str(message.get("text", "")))
        values = {action.link_option: link, action.text_option: text}
        values = {name: value[:MAX_TEXT] for name, value in values.items() if value}
        command = StructuredCommand(family.name, action.sub, values)
        team = actor_team(body, context) or ""
        inbound = await adapter.translator.on_message(
            body, command, team, client, retry_num(request.headers)
        )
        result = await adapter.core.handle(inbound.request)
        await adapter.presenter.follow_up(inbound, result)

    return on_shortcut
