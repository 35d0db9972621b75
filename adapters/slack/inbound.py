"""Slack payloads -> neutral `Request`s: who asked, where, and a retry-safe key.

The idempotency key is the id Slack gives that one invocation and repeats on
each of its retries: `trigger_id` for slash commands and modal submissions,
`action_ts` for a click, `event_id` for events. The dispatcher records it and
answers a second delivery as a duplicate, so a retried request never runs a
command twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.slack.identity import IdentityCache
from bot.kernel.model import Address, Identity, Request, StructuredCommand, TextCommand

PLATFORM = "slack"
Json = dict[str, Any]


def address(
    team: str, channel: str | None, channel_name: str | None = None, thread: str | None = None
) -> Address:
    return Address(PLATFORM, team, channel or None, None, thread, channel_name or None)


def retry_num(headers: dict[str, Any]) -> int:
    """X-Slack-Retry-Num as an int (0 on a first delivery); Bolt lower-cases header names."""
    raw = headers.get("x-slack-retry-num")
    if isinstance(raw, list | tuple):
        raw = raw[0] if raw else None
    try:
        return int(raw) if raw is not None else 0
    except ValueError:
        return 0


@dataclass(frozen=True)
class Inbound:
    """One thing Slack asked us: the request and where answers can go."""

    request: Request
    response_url: str | None = None
    trigger_id: str | None = None
    retry: int = 0

    @property
    def team(self) -> str:
        return self.request.address.community

    @property
    def user(self) -> str:
        return self.request.identity.user_id

    @property
    def channel(self) -> str | None:
        return self.request.address.channel


class Translator:
    """Builds requests; looks people up through the identity cache."""

    def __init__(self, identities: IdentityCache) -> None:
        self.identities = identities

    async def identity(self, team: str, user_id: str, name: str = "") -> Identity:
        return await self.identities.identity(team, user_id, name)

    async def slash_command(self, command: Json, retry: int = 0) -> Inbound:
        team = str(command.get("team_id", ""))
        user = str(command.get("user_id", ""))
        family = str(command.get("command", "")).lstrip("/")
        text = f"/{family} {command.get('text', '')}".strip()
        trigger = command.get("trigger_id")
        request = Request(
            address(team, command.get("channel_id"), command.get("channel_name")),
            await self.identity(team, user, str(command.get("user_name", ""))),
            TextCommand(text),
            idempotency_key=f"slack:{team}:cmd:{trigger}" if trigger else None,
        )
        return Inbound(request, command.get("response_url"), trigger, retry)

    async def click(self, body: Json, action: Json, retry: int = 0) -> Inbound:
        team = _team(body)
        user = body.get("user") or {}
        channel = body.get("channel") or {}
        container = body.get("container") or {}
        channel_id = channel.get("id") or container.get("channel_id")
        stamp = action.get("action_ts") or body.get("trigger_id")
        request = Request(
            address(team, channel_id, channel.get("name")),
            await self.identity(team, str(user.get("id", "")), str(user.get("name", ""))),
            TextCommand(str(action.get("value", ""))),
            idempotency_key=f"slack:{team}:click:{user.get('id')}:{stamp}" if stamp else None,
        )
        return Inbound(request, body.get("response_url"), body.get("trigger_id"), retry)

    async def submission(
        self,
        body: Json,
        command: StructuredCommand,
        channel: str | None,
        channel_name: str | None,
        retry: int = 0,
    ) -> Inbound:
        team = _team(body)
        user = body.get("user") or {}
        trigger = body.get("trigger_id")
        request = Request(
            address(team, channel, channel_name),
            await self.identity(team, str(user.get("id", "")), str(user.get("name", ""))),
            command,
            idempotency_key=f"slack:{team}:form:{trigger}" if trigger else None,
        )
        return Inbound(request, None, trigger, retry)

    async def event(self, body: Json, event: Json, text: str, retry: int = 0) -> Inbound:
        team = str(body.get("team_id") or event.get("team") or "")
        user = str(event.get("user", ""))
        mention = event.get("type") == "app_mention"
        thread = event.get("thread_ts") or (event.get("ts") if mention else None)
        event_id = body.get("event_id")
        request = Request(
            address(team, event.get("channel"), None, thread),
            await self.identity(team, user),
            TextCommand(text),
            idempotency_key=f"slack:{team}:event:{event_id}" if event_id else None,
        )
        return Inbound(request, None, None, retry)


def _team(body: Json) -> str:
    team = body.get("team") or {}
    return str(team.get("id") or (body.get("user") or {}).get("team_id") or "")
