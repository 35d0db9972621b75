"""The neutral request model: who asked, where, and what.

Adapters build these from platform events; the core never sees a platform's
own objects. Identifiers are the platform's own strings, scoped by
`Address.platform` and `Address.community`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Address:
    """Where a message came from or goes to."""

    platform: str  # "console", "slack", "discord"
    community: str  # Slack team id, Discord guild id, "console"
    channel: str | None = None  # channel id; None for a direct message
    user: str | None = None  # the platform user id, for a direct message
    thread: str | None = None
    channel_name: str | None = None  # shown in replies; ids are what we store

    def in_channel(self, channel: str, channel_name: str | None = None) -> Address:
        return Address(self.platform, self.community, channel, None, None, channel_name)

    def to_user(self, user: str) -> Address:
        return Address(self.platform, self.community, None, user)


@dataclass(frozen=True)
class Identity:
    """The person behind a request, as the platform describes them."""

    user_id: str
    display_name: str
    platform_admin: bool = False  # Slack owner/admin, Discord Administrator/owner
    timezone: str | None = None  # a platform hint, used until they set their own
    # What the platform says they read (Discord's interaction locale, Slack's user locale):
    # their language until they choose one.
    locale: str | None = None


@dataclass(frozen=True)
class TextCommand:
    """A command typed as text, as on Slack and the console."""

    text: str


@dataclass(frozen=True)
class StructuredCommand:
    """A command whose options arrive already separated, as on Discord.

    Values are still raw strings: one conversion path in the core checks and
    types them, whichever platform they came from.
    """

    family: str
    sub: str | None
    values: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class InboundFile:
    """A file someone attached to a command (a district's .ics calendar): the adapter
    downloads it, within `MAX_INBOUND_BYTES`, before the request reaches the core."""

    filename: str
    data: bytes
    mime: str = "application/octet-stream"


MAX_INBOUND_BYTES = 1_000_000


@dataclass(frozen=True)
class Request:
    address: Address
    identity: Identity
    command: TextCommand | StructuredCommand
    # A platform's own id for this delivery of the request (Slack retries
    # carry the same one); used to answer a retry without running it twice.
    idempotency_key: str | None = None
    # The platform says this is a re-send (Slack's retry number): the first delivery may
    # still be running, so even a reply that changed nothing is not sent twice.
    retry: bool = False
    files: tuple[InboundFile, ...] = ()
