"""The port through which the core sends messages nobody asked for right now.

Scheduled deliveries, notifications to an author, announcements in a cycle's
channel: each names an `Address`, and the router hands it to the adapter of
that address's platform. One process can so deliver to several platforms.
"""

from __future__ import annotations

from typing import Protocol

from bot.kernel.model import Address
from bot.kernel.reply import Reply


class DeliveryError(Exception):
    """A send that failed; `retry_after` is set when the platform said when to retry."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent


class DeliveryPort(Protocol):
    platform: str

    async def send(
        self, address: Address, reply: Reply, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        """Post `reply` to a channel (address.channel) or a person (address.user).

        `key` is an idempotency key, stable for one message of one scheduled delivery and at
        most 25 characters: a second send with the same key must not post a second message
        (Discord: nonce with enforce_nonce; Slack: message metadata, looked up when
        `resend`). `resend` says the message may already have been posted (a retry after a
        timeout, or a send the bot was killed in the middle of), so a port that has to look
        before posting should look. Returns the platform's message id when it has one.
        Raises DeliveryError for a failure the caller may retry.
        """
        ...


class DeliveryRouter:
    def __init__(self) -> None:
        self._ports: dict[str, DeliveryPort] = {}

    def register(self, port: DeliveryPort) -> None:
        self._ports[port.platform] = port

    def platforms(self) -> list[str]:
        return list(self._ports)

    def can_deliver(self, platform: str) -> bool:
        return platform in self._ports

    async def send(
        self, address: Address, reply: Reply, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        port = self._ports.get(address.platform)
        if port is None:
            raise DeliveryError(f"no adapter for {address.platform} is running")
        if key is None:  # a notice sent once after a commit: no key to honour
            return await port.send(address, reply)
        return await port.send(address, reply, key=key, resend=resend)
