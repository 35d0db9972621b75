"""The DeliveryPort for Discord: scheduled prompts, nudges and notices.

A channel address posts in that channel; a person's address opens (or reuses)
their direct-message channel. discord.py waits out a 429 itself (it honours
Retry-After); a limit it gives up on, or any other HTTP failure, becomes a
`DeliveryError` the scheduling engine understands: permanent when retrying
cannot help (the channel is gone, the bot may not post there, the person
blocks DMs), with `retry_after` when Discord said when to try again.

Idempotency: a scheduled message is sent with its key as the nonce and `enforce_nonce`, so
when the engine re-sends it (a retry after a timeout, a send cut short by a crash) Discord
returns the message it already created instead of posting a second one. Discord checks the
nonce over the last few minutes, which covers a restart or a standby taking over (≤ 30 s).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import discord

from adapters.discord.render import mentions_for, render
from adapters.discord.views import ComponentStore
from bot.face import DeliveryError
from bot.kernel.model import Address
from bot.kernel.reply import Reply

log = logging.getLogger("praxis.discord")


class DiscordDelivery:
    """Sends replies nobody is waiting for, through a connected client."""

    platform = "discord"

    def __init__(self, client: discord.Client, store: ComponentStore) -> None:
        self.client = client
        self.store = store

    async def send(
        self, address: Address, reply: Reply, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        try:
            target = await self._target(address)
            first: str | None = None
            mentions = mentions_for(reply)
            for part, message in enumerate(render(reply)):
                view = await self.store.view(address, message.buttons)
                kwargs: dict[str, Any] = {"allowed_mentions": mentions, **message.send_kwargs()}
                if view is not None:
                    kwargs["view"] = view
                if key is not None:  # discord.py 2.7 sends enforce_nonce with every nonce
                    kwargs["nonce"] = nonce_for(key, part)
                sent = await target.send(**kwargs)
                first = first or str(sent.id)
            return first
        except discord.RateLimited as error:
            raise DeliveryError(str(error), retry_after=error.retry_after) from error
        except (discord.Forbidden, discord.NotFound) as error:
            raise DeliveryError(_describe(address, error), permanent=True) from error
        except discord.HTTPException as error:
            raise DeliveryError(_describe(address, error)) from error
        except (OSError, TimeoutError) as error:
            raise DeliveryError(f"could not reach Discord: {error}") from error

    async def _target(self, address: Address) -> discord.abc.Messageable:
        if address.channel:
            channel_id = int(address.channel)
            channel = self.client.get_channel(channel_id)
            if channel is None:
                channel = await self.client.fetch_channel(channel_id)
            if not isinstance(channel, discord.abc.Messageable):
                raise DeliveryError(f"channel {channel_id} cannot take messages", permanent=True)
            return channel
        if address.user:
            user_id = int(address.user)
            user = self.client.get_user(user_id) or await self.client.fetch_user(user_id)
            return user.dm_channel or await user.create_dm()
        raise DeliveryError("a delivery needs a channel or a person", permanent=True)


def nonce_for(key: str, part: int) -> str:
    """One nonce per Discord message of a reply (a long reply is several), ≤ 25 characters."""
    nonce = key if part == 0 else f"{key}/{part}"
    if len(nonce) > 25:
        nonce = hashlib.blake2s(nonce.encode(), digest_size=12).hexdigest()[:25]
    return nonce


def _describe(address: Address, error: discord.HTTPException) -> str:
    where = f"channel {address.channel}" if address.channel else f"user {address.user}"
    return f"Discord refused a message to {where}: {error.status} {error.text}"
