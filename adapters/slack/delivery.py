"""The DeliveryPort for platform "slack": what the core sends unasked.

Scheduled prompts and nudges, a case author's notice, a cycle's announcements:
each names an `Address`. A channel gets chat.postMessage; a person gets a
direct message in the IM channel conversations.open gives (cached). Files go
with the message via files_upload_v2. Rate limits are waited out by the
client's retry handler; a failure the caller may retry is a DeliveryError.

Idempotency: Slack has no idempotency key on chat.postMessage, so a scheduled message
carries its key as message metadata (event_type "praxis_delivery"). When the engine re-sends
a message that may have been posted (a retry after a timeout, a send cut short by a crash),
this port first reads the conversation's most recent messages with their metadata and posts
nothing if one already carries the key. A direct message is always looked through (the
im:history scope is granted anyway, for commands typed in a DM); a channel only with
SLACK_STRICT_RESEND, which asks for channels:history and groups:history. Without them a
channel re-send is posted: a rare double rather than a lost reminder. The bot's own
delivery is the last few messages of a conversation unless it is very busy, hence a small
look-back window.

With OAuth each workspace has its own token (`Workspaces`); a workspace that uninstalled
the app is a permanent failure for its addresses, and its data stays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.naming import CommandNames
from adapters.slack.render import SlackMessage, render
from adapters.slack.workspaces import NotInstalled, Workspaces
from bot.face import DeliveryError
from bot.kernel.model import Address
from bot.kernel.reply import Image, Reply

log = logging.getLogger("praxis.slack")

PLATFORM = "slack"
EVENT_TYPE = "praxis_delivery"
LOOK_BACK = 50  # recent messages read before a re-send (one conversations.history page)
# Errors no retry will fix: the caller should give up on this address.
PERMANENT_ERRORS = frozenset(
    {
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "user_not_found",
        "user_disabled",
        "account_inactive",
        "cannot_dm_bot",
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
        "no_text",
    }
)


# The workspace's token no longer works: its cached client is dropped.
TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "token_revoked", "account_inactive"})


@dataclass
class SlackDelivery:
    workspaces: Workspaces
    names: CommandNames | None = None
    # Look a channel's history through before a re-send (channels:history, groups:history).
    # A direct message is always looked through: im:history is granted for commands in DMs.
    strict_resend: bool = False
    # Told (team, user) after a direct message is posted (the App Home shows it).
    direct_message_sent: Callable[[str, str], None] | None = None
    platform: str = PLATFORM
    _dm_channels: dict[tuple[str, str], str] = field(default_factory=dict)

    async def send(
        self, address: Address, reply: Reply, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        try:
            client = await self.workspaces.client(address.community)
            channel = await self.channel_for(address, client)
            if key is not None and resend and self.may_look_back(channel):
                posted = await self.posted_with(client, channel, key)
                if posted is not None:
                    log.info("delivery %s was already posted; not posting it again", key)
                    return posted
            message = render(reply, names=self.names)
            # slack_sdk leaves a None argument out of the request.
            metadata = (
                None if key is None else {"event_type": EVENT_TYPE, "event_payload": {"key": key}}
            )
            response = await client.chat_postMessage(
                channel=channel,
                thread_ts=address.thread,
                unfurl_links=False,
                metadata=metadata,
                **message.as_kwargs(),
            )
            await self.upload_files(client, channel, message, thread=address.thread)
            if address.user and self.direct_message_sent is not None:
                self.direct_message_sent(address.community, address.user)
        except NotInstalled as error:
            raise DeliveryError(str(error), permanent=True) from error
        except SlackApiError as error:
            failure = _delivery_error(error)
            if failure.permanent and _code(error) in TOKEN_ERRORS:
                self.workspaces.forget(address.community)
            raise failure from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"Slack unreachable: {error}") from error
        return str(response.get("ts") or "") or None

    def may_look_back(self, channel: str) -> bool:
        return channel.startswith("D") or self.strict_resend

    async def posted_with(self, client: AsyncWebClient, channel: str, key: str) -> str | None:
        """The ts of a recent message in `channel` carrying `key`, if there is one.

        If the history cannot be read (a scope the workspace has not granted, say), the
        message is posted: a rare double is better than a reminder lost for good."""
        try:
            response = await client.conversations_history(
                channel=channel, limit=LOOK_BACK, include_all_metadata=True
            )
        except SlackApiError as error:
            log.warning("could not read recent messages to check a re-send: %s", _code(error))
            return None
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == EVENT_TYPE and payload.get("key") == key:
                return str(message.get("ts") or "") or key
        return None

    async def channel_for(self, address: Address, client: AsyncWebClient | None = None) -> str:
        if address.channel:
            return address.channel
        if not address.user:
            raise DeliveryError("an address with neither channel nor user", permanent=True)
        cached = self._dm_channels.get((address.community, address.user))
        if cached:
            return cached
        client = client or await self.workspaces.client(address.community)
        response = await client.conversations_open(users=address.user)
        channel = str(response["channel"]["id"])
        self._dm_channels[(address.community, address.user)] = channel
        return channel

    async def upload_files(
        self,
        client: AsyncWebClient,
        channel: str,
        message: SlackMessage,
        *,
        thread: str | None = None,
    ) -> None:
        for file in message.files:
            title = file.alt if isinstance(file, Image) else file.filename
            await client.files_upload_v2(
                channel=channel,
                filename=file.filename,
                content=file.data,
                title=title,
                thread_ts=thread,
            )


def _code(error: SlackApiError) -> str:
    response = error.response
    return str(response.get("error", "")) if response is not None else ""


def _delivery_error(error: SlackApiError) -> DeliveryError:
    response = error.response
    code = str(response.get("error", "")) if response is not None else ""
    if response is not None and response.status_code == 429:
        retry_after = float(response.headers.get("Retry-After", "30") or 30)
        return DeliveryError("Slack rate limit", retry_after=retry_after)
    return DeliveryError(f"Slack said {code or 'an error'}", permanent=code in PERMANENT_ERRORS)
