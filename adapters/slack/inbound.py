"""Slack payloads -> neutral `Request`s: who asked, where, and a retry-safe key.

The idempotency key is the id Slack gives that one invocation and repeats on
each of its retries: `trigger_id` for slash commands and modal submissions,
`action_ts` for a click, `event_id` for events. The dispatcher records it and
answers a second delivery as a duplicate, so a retried request never runs a
command twice.

The community is the asker's own workspace. In a Slack Connect channel shared between
two organisations, a guest from the other one arrives through the host's installation,
but is a member of their own workspace's community (`actor_team`): what they do is
counted there, and what they see comes from there, never from the host's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.identity import IdentityCache
from adapters.slack.naming import CommandNames
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


def actor_team(body: Json, context: Any) -> str | None:
    """The workspace of whoever acted: theirs, not the host's, in a shared channel.

    Interactivity names the clicker's team on `user.team_id`; for events Bolt works it out
    from `event.user_team` (`context.actor_team_id`); a slash command is always sent to the
    installation in the invoker's own workspace, so its `team_id` is theirs. None when an
    event in a shared channel does not say (an Enterprise Grid guest): better no answer
    than the host's data.
    """
    user = body.get("user")
    if isinstance(user, dict) and user.get("team_id"):
        return str(user["team_id"])
    actor = getattr(context, "actor_team_id", None)
    if actor:
        return str(actor)
    if body.get("is_ext_shared_channel"):
        return None
    team = getattr(context, "team_id", None) or body.get("team_id") or (body.get("team") or {})
    if isinstance(team, dict):
        team = team.get("id")
    return str(team) if team else None


@dataclass(frozen=True)
class Inbound:
    """One thing Slack asked us: the request, where answers can go, and with which client."""

    request: Request
    client: AsyncWebClient
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

    def __init__(self, identities: IdentityCache, names: CommandNames) -> None:
        self.identities = identities
        self.names = names

    async def identity(
        self, client: AsyncWebClient, team: str, user_id: str, name: str = ""
    ) -> Identity:
        return await self.identities.identity(client, team, user_id, name)

    async def slash_command(
        self, command: Json, team: str, client: AsyncWebClient, retry: int = 0
    ) -> Inbound:
        user = str(command.get("user_id", ""))
        family = self.names.family_of(str(command.get("command", "")))
        text = f"/{family} {command.get('text', '')}".strip()
        trigger = command.get("trigger_id")
        request = Request(
            address(team, command.get("channel_id"), command.get("channel_name")),
            await self.identity(client, team, user, str(command.get("user_name", ""))),
            TextCommand(text),
            idempotency_key=f"slack:{team}:cmd:{trigger}" if trigger else None,
            retry=retry > 0,
        )
        return Inbound(request, client, command.get("response_url"), trigger, retry)

    async def click(
        self, body: Json, action: Json, team: str, client: AsyncWebClient, retry: int = 0
    ) -> Inbound:
        user = body.get("user") or {}
        channel = body.get("channel") or {}
        container = body.get("container") or {}
        channel_id = channel.get("id") or container.get("channel_id")
        stamp = action.get("action_ts") or body.get("trigger_id")
        request = Request(
            address(team, channel_id, channel.get("name")),
            await self.identity(client, team, str(user.get("id", "")), str(user.get("name", ""))),
            TextCommand(str(action.get("value", ""))),
            idempotency_key=f"slack:{team}:click:{user.get('id')}:{stamp}" if stamp else None,
            retry=retry > 0,
        )
        return Inbound(request, client, body.get("response_url"), body.get("trigger_id"), retry)

    async def on_message(
        self,
        body: Json,
        command: StructuredCommand,
        team: str,
        client: AsyncWebClient,
        retry: int = 0,
    ) -> Inbound:
        """A message shortcut: `command` already carries the message's link and text."""
        user = body.get("user") or {}
        channel = body.get("channel") or {}
        trigger = body.get("trigger_id")
        request = Request(
            address(team, channel.get("id"), channel.get("name")),
            await self.identity(client, team, str(user.get("id", "")), str(user.get("name", ""))),
            command,
            idempotency_key=f"slack:{team}:shortcut:{trigger}" if trigger else None,
            retry=retry > 0,
        )
        return Inbound(request, client, body.get("response_url"), trigger, retry)

    async def submission(
        self,
        body: Json,
        command: StructuredCommand,
        channel: str | None,
        channel_name: str | None,
        team: str,
        client: AsyncWebClient,
        retry: int = 0,
    ) -> Inbound:
        user = body.get("user") or {}
        trigger = body.get("trigger_id")
        request = Request(
            address(team, channel, channel_name),
            await self.identity(client, team, str(user.get("id", "")), str(user.get("name", ""))),
            command,
            idempotency_key=f"slack:{team}:form:{trigger}" if trigger else None,
            retry=retry > 0,
        )
        return Inbound(request, client, None, trigger, retry)

    async def event(
        self,
        body: Json,
        event: Json,
        text: str,
        team: str,
        client: AsyncWebClient,
        retry: int = 0,
    ) -> Inbound:
        user = str(event.get("user", ""))
        mention = event.get("type") == "app_mention"
        thread = event.get("thread_ts") or (event.get("ts") if mention else None)
        event_id = body.get("event_id")
        request = Request(
            address(team, event.get("channel"), None, thread),
            await self.identity(client, team, user),
            TextCommand(text),
            idempotency_key=f"slack:{team}:event:{event_id}" if event_id else None,
            retry=retry > 0,
        )
        return Inbound(request, client, None, None, retry)
