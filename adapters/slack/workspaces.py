"""The Web API client of each workspace: one bot token, or one per installation.

A district installs Praxis with one bot token (`SLACK_BOT_TOKEN`): every workspace the
bot hears from is answered with it. A network installs it across workspaces with OAuth:
each workspace's bot token is in slack_sdk's installation store (on the bot's own
database), found by team id, and a client is kept per workspace until the workspace
uninstalls the app or revokes the token.

What Bolt hands a listener (`context.client`) already carries the right token; this is
for the work nobody is waiting on: scheduled deliveries, notifications, App Home
refreshes, looking up a person who has not spoken yet.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.web.async_client import AsyncWebClient


class NotInstalled(Exception):
    """No bot token for this workspace: it never installed the app, or uninstalled it."""


@dataclass
class Workspaces:
    base: AsyncWebClient  # the single-token client; with OAuth, the token-less template
    store: AsyncInstallationStore | None = None
    _clients: dict[str, AsyncWebClient] = field(default_factory=dict)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @property
    def multi(self) -> bool:
        return self.store is not None

    async def client(self, team: str) -> AsyncWebClient:
        """The client that speaks for the bot in `team`; NotInstalled when there is none."""
        if self.store is None:
            return self.base
        cached = self._clients.get(team)
        if cached is not None:
            return cached
        async with self._lock:
            cached = self._clients.get(team)
            if cached is not None:
                return cached
            bot = await self.store.async_find_bot(enterprise_id=None, team_id=team)
            if bot is None or not bot.bot_token:
                raise NotInstalled(f"Praxis is not installed in workspace {team}")
            client = self.for_token(bot.bot_token)
            self._clients[team] = client
            return client

    def for_token(self, token: str) -> AsyncWebClient:
        """A client like the base one (API URL, retries) with another token."""
        base = self.base
        return AsyncWebClient(
            token=token,
            base_url=base.base_url,
            timeout=base.timeout,
            retry_handlers=list(base.retry_handlers or []),
        )

    def forget(self, team: str) -> None:
        """Drop a workspace's client: it uninstalled, or its token stopped working."""
        self._clients.pop(team, None)
