"""The App Home tab: a person's open prompt, drafts, saved resources and cycles.

What it shows is the core's `/praxis home` reply (the same on Discord and the console),
rendered as a home view and published with views.publish. It is published each time
the person opens the tab (`app_home_opened`), and again after anything they do that
changed something, or after the bot sends them a direct message (a new prompt), while
this process knows they look at it. Its buttons run their commands as the person who
clicks, like buttons anywhere else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.inbound import Inbound, actor_team, address
from bot.face import Result

if TYPE_CHECKING:
    from adapters.slack.app import SlackAdapter

log = logging.getLogger("praxis.slack")
MAX_HOME_BLOCKS = 100  # Slack's limit for a home view


@dataclass
class HomeTab:
    adapter: SlackAdapter
    # (team, user) of people who opened the tab: their view is kept current.
    viewers: set[tuple[str, str]] = field(default_factory=set)

    def register(self) -> list[str]:
        self.adapter.bolt.event("app_home_opened")(self._on_opened)
        return ["app_home_opened"]

    async def _on_opened(
        self,
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if event.get("tab", "home") != "home":
            return  # the Messages tab
        team = actor_team(body, context)
        user = str(event.get("user") or "")
        if not team or not user:
            return
        self.viewers.add((team, user))
        self.adapter.presenter.spawn(self.publish(client, team, user))

    async def publish(self, client: AsyncWebClient, team: str, user: str) -> None:
        identity = await self.adapter.translator.identity(client, team, user)
        result = await self.adapter.core.home(address(team, None), identity)
        message = self.adapter.presenter.render(result.reply)
        view = {"type": "home", "blocks": message.blocks[:MAX_HOME_BLOCKS]}
        try:
            await client.views_publish(user_id=user, view=view)
        except SlackApiError as error:
            log.warning("views.publish failed: %s", error.response.get("error"))

    def after_answer(self, inbound: Inbound, result: Result) -> None:
        """Refresh the asker's home when what they did changed something."""
        if result.changed and (inbound.team, inbound.user) in self.viewers:
            self.adapter.presenter.spawn(self.publish(inbound.client, inbound.team, inbound.user))

    async def after_delivery(self, team: str, user: str) -> None:
        """A direct message reached someone who looks at their home: show it there too."""
        if (team, user) not in self.viewers:
            return
        try:
            client = await self.adapter.workspaces.client(team)
        except Exception:  # uninstalled meanwhile: nothing to refresh
            return
        await self.publish(client, team, user)
