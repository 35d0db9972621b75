"""Installing across workspaces (OAuth) and uninstalling.

With `SLACK_CLIENT_ID` and `SLACK_CLIENT_SECRET`, Bolt serves Slack's OAuth flow in
HTTP mode: `/slack/install` starts it (a state kept in slack_sdk's state store), Slack
sends the installer back to `/slack/oauth_redirect`, Bolt exchanges the code
(`oauth.v2.access`) and saves the installation in slack_sdk's installation store. Both
stores are slack_sdk's SQLAlchemy ones on the bot's own database (their tables come
from our migrations); nothing here stores a token itself. Each workspace is then its
own community, created when its first person speaks.

`app_uninstalled` and `tokens_revoked` remove the workspace's tokens (Bolt's own
listeners do the deleting) and keep its community's data: a workspace that installs
again finds everything as it was, and an operator deletes a community's data on
purpose, never as a side effect of an uninstall.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.listener.async_builtins import AsyncTokenRevocationListeners
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from adapters.slack.install_pages import CALLBACK_OPTIONS

if TYPE_CHECKING:
    from adapters.slack.app import SlackAdapter

log = logging.getLogger("praxis.slack")

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
UNINSTALL_EVENTS = ("app_uninstalled", "tokens_revoked")


@dataclass(frozen=True)
class SlackOAuth:
    """OAuth across workspaces: the app's credentials and slack_sdk's stores."""

    client_id: str
    client_secret: str
    installation_store: AsyncInstallationStore
    state_store: AsyncOAuthStateStore
    scopes: Sequence[str]
    authorization_url: str | None = None  # e.g. GovSlack's; default slack.com's

    def settings(self) -> AsyncOAuthSettings:
        return AsyncOAuthSettings(
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=list(self.scopes),
            installation_store=self.installation_store,
            installation_store_bot_only=True,
            state_store=self.state_store,
            install_path=INSTALL_PATH,
            redirect_uri_path=REDIRECT_PATH,
            authorization_url=self.authorization_url,
            # Straight to Slack's consent page: nothing of ours to render.
            install_page_rendering_enabled=False,
            # Back from Slack: our pages, in the installer's language.
            callback_options=CALLBACK_OPTIONS,
        )


def register_uninstall(adapter: SlackAdapter) -> list[str]:
    """Listeners for the two events that end an installation; returns their names."""
    store = adapter.workspaces.store
    revocation = AsyncTokenRevocationListeners(store) if store is not None else None

    async def on_uninstalled(context: AsyncBoltContext) -> None:
        team = context.team_id or ""
        if revocation is not None:
            await revocation.handle_app_uninstalled_events(context)
        adapter.workspaces.forget(team)
        log.info("Praxis was uninstalled from workspace %s; its community's data is kept", team)

    async def on_revoked(event: dict[str, Any], context: AsyncBoltContext) -> None:
        team = context.team_id or ""
        if revocation is not None:
            await revocation.handle_tokens_revoked_events(event, context)
        adapter.workspaces.forget(team)
        log.info("tokens revoked in workspace %s; its community's data is kept", team)

    adapter.bolt.event("app_uninstalled")(on_uninstalled)
    adapter.bolt.event("tokens_revoked")(on_revoked)
    return list(UNINSTALL_EVENTS)
