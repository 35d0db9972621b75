"""Slack users -> `bot.kernel.model.Identity`, from users.info, cached per process.

Workspace owners and admins are Praxis admins (SPEC), and a person's Slack time
zone is the hint used until they set their own with /praxis profile (the core
keeps the two apart: `Member.timezone` wins over `platform_timezone`); so is their
Slack language (`locale`, asked for with include_locale), until they choose one.
users.info is asked once per person per `ttl`; if Slack does not answer in
time, the request goes on with what the payload said, so a slow Web API never
costs the 3-second ack. The client is the one of the workspace asking (with OAuth,
each workspace has its own token).
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field, replace

from slack_sdk.web.async_client import AsyncWebClient

from bot.kernel.model import Identity

log = logging.getLogger("praxis.slack")


@dataclass(frozen=True)
class Profile:
    """What users.info says of a person: who they are and which workspace is theirs."""

    identity: Identity
    team: str  # their own workspace; another one's for a Slack Connect guest
    is_bot: bool = False
    deleted: bool = False


@dataclass
class IdentityCache:
    ttl: float = 6 * 3600
    timeout: float = 1.0
    _known: dict[tuple[str, str], tuple[float, Profile]] = field(default_factory=dict)

    async def identity(
        self, client: AsyncWebClient, team: str, user_id: str, fallback_name: str = ""
    ) -> Identity:
        profile = await self.profile(client, team, user_id)
        if profile is None:
            return Identity(user_id, fallback_name or user_id)
        identity = profile.identity
        if identity.display_name == user_id and fallback_name:
            return replace(identity, display_name=fallback_name)
        return identity

    async def profile(self, client: AsyncWebClient, team: str, user_id: str) -> Profile | None:
        """The person's profile, or None if Slack did not say in time."""
        key = (team, user_id)
        cached = self._known.get(key)
        if cached is not None and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        profile = await self._lookup(client, user_id)
        if profile is not None:
            self._known[key] = (time.monotonic(), profile)
        return profile

    async def _lookup(self, client: AsyncWebClient, user_id: str) -> Profile | None:
        try:
            async with asyncio.timeout(self.timeout):
                # include_locale: the person's Slack language (`es-LA`), their language in
                # Praxis until they choose one.
                response = await client.users_info(user=user_id, include_locale=True)
        except Exception:  # Slack slow or failing: go on with the payload's name
            log.warning("users.info failed for a user; using the request's name", exc_info=True)
            return None
        user = response.get("user") or {}
        profile = user.get("profile") or {}
        name = (
            profile.get("display_name")
            or profile.get("real_name")
            or user.get("real_name")
            or user_id
        )
        identity = Identity(
            user_id=user_id,
            display_name=name,
            platform_admin=bool(
                user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")
            ),
            timezone=user.get("tz") or None,
            locale=_locale(user.get("locale")),
        )
        return Profile(
            identity,
            team=str(user.get("team_id") or ""),
            is_bot=bool(user.get("is_bot")),
            deleted=bool(user.get("deleted")),
        )

    def forget(self, team: str, user_id: str) -> None:
        self._known.pop((team, user_id), None)


def _locale(value: object) -> str | None:
    """Slack's locale code (`es-LA`, `en-US`) as it is, if it is one."""
    if isinstance(value, str) and value.strip() and len(value) <= 16:
        return value.strip()
    return None
