"""The DeliveryPort for platform "slack": what the core sends unasked.

Scheduled prompts and nudges, a case author's notice, a cycle's announcements:
each names an `Address`. A channel gets chat.postMessage; a person gets a
direct message in the IM channel conversations.open gives (cached). Files go
with the message via files_upload_v2. Rate limits are waited out by the
client's retry handler; a failure the caller may retry is a DeliveryError.

Idempotency: Slack has no idempotency key on chat.postMessage, so a scheduled message
carries its key as message metadata (event_type "praxis_delivery"). When the engine re-sends
a message that may have been posted (a retry after a timeout, a send cut short by a crash),
this port first reads the channel's most recent messages with their metadata and posts
nothing if one already carries the key. The bot's own delivery is the last few messages of
a DM or channel unless the channel is very busy, hence a small look-back window.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import SlackMessage, render
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
        "restricted_action",
        "msg_too_long",
        "invalid_blocks",
        "no_text",
    }
)


@dataclass
class SlackDelivery:
    client: AsyncWebClient
    platform: str = PLATFORM
    _dm_channels: dict[str, str] = field(default_factory=dict)

    async def send(
        self, address: Address, reply: Reply, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        try:
            channel = await self.channel_for(address)
            if key is not None and resend:
                posted = await self.posted_with(channel, key)
                if posted is not None:
                    log.info("delivery %s was already posted; not posting it again", key)
                    return posted
            message = render(reply)
            # slack_sdk leaves a None argument out of the request.
            metadata = (
                None if key is None else {"event_type": EVENT_TYPE, "event_payload": {"key": key}}
            )
            response = await self.client.chat_postMessage(
                channel=channel,
                thread_ts=address.thread,
                unfurl_links=False,
                metadata=metadata,
                **message.as_kwargs(),
            )
            await self.upload_files(channel, message, thread=address.thread)
        except SlackApiError as error:
            raise _delivery_error(error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"Slack unreachable: {error}") from error
        return str(response.get("ts") or "") or None

    async def posted_with(self, channel: str, key: str) -> str | None:
        """The ts of a recent message in `channel` carrying `key`, if there is one.

        If the history cannot be read (a scope the workspace has not granted, say), the
        message is posted: a rare double is better than a reminder lost for good."""
        try:
            response = await self.client.conversations_history(
                channel=channel, limit=LOOK_BACK, include_all_metadata=True
            )
        except SlackApiError as error:
            log.warning("could not read recent messages to check a re-send: %s", error)
            return None
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if metadata.get("event_type") == EVENT_TYPE and payload.get("key") == key:
                return str(message.get("ts") or "") or key
        return None

    async def channel_for(self, address: Address) -> str:
        if address.channel:
            return address.channel
        if not address.user:
            raise DeliveryError("an address with neither channel nor user", permanent=True)
        cached = self._dm_channels.get(address.user)
        if cached:
            return cached
        response = await self.client.conversations_open(users=address.user)
        channel = str(response["channel"]["id"])
        self._dm_channels[address.user] = channel
        return channel

    async def upload_files(
        self, channel: str, message: SlackMessage, *, thread: str | None = None
    ) -> None:
        for file in message.files:
            title = file.alt if isinstance(file, Image) else file.filename
            await self.client.files_upload_v2(
                channel=channel,
                filename=file.filename,
                content=file.data,
                title=title,
                thread_ts=thread,
            )


def _delivery_error(error: SlackApiError) -> DeliveryError:
    response = error.response
    code = str(response.get("error", "")) if response is not None else ""
    if response is not None and response.status_code == 429:
        retry_after = float(response.headers.get("Retry-After", "30") or 30)
        return DeliveryError("Slack rate limit", retry_after=retry_after)
    return DeliveryError(f"Slack said {code or 'an error'}", permanent=code in PERMANENT_ERRORS)
