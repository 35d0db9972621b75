"""The DeliveryPort for platform "slack": what the core sends unasked.

Scheduled prompts and nudges, a case author's notice, a cycle's announcements:
each names an `Address`. A channel gets chat.postMessage; a person gets a
direct message in the IM channel conversations.open gives (cached). Files go
with the message via files_upload_v2. Rate limits are waited out by the
client's retry handler; a failure the caller may retry is a DeliveryError.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import SlackMessage, render
from bot.delivery import DeliveryError
from bot.model import Address
from bot.reply import Image, Reply

log = logging.getLogger("praxis.slack")

PLATFORM = "slack"
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

    async def send(self, address: Address, reply: Reply) -> str | None:
        try:
            channel = await self.channel_for(address)
            message = render(reply)
            response = await self.client.chat_postMessage(
                channel=channel,
                thread_ts=address.thread,
                unfurl_links=False,
                **message.as_kwargs(),
            )
            await self.upload_files(channel, message, thread=address.thread)
        except SlackApiError as error:
            raise _delivery_error(error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"Slack unreachable: {error}") from error
        return str(response.get("ts") or "") or None

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
