"""Point discord.py at configurable REST and gateway URLs.

Why globals: discord.py 2.x has no per-client setting for either URL. Every REST call,
including interaction callbacks and webhook follow-ups, builds its URL from the class
attribute `discord.http.Route.BASE` (the webhook module imports that same `Route`), and a
plain `discord.Client.connect` never asks `GET /gateway/bot`: it opens
`DiscordWebSocket.DEFAULT_GATEWAY` directly (only `AutoShardedClient` uses the URL from
`/gateway/bot`, and even then falls back to `DEFAULT_GATEWAY` after an invalidated
session). Overriding them per instance would mean monkeypatching private methods
(`HTTPClient.request`, `Client.connect`), which breaks silently on upgrades, whereas these
two class attributes are the documented-in-source switch (`discord.http._set_api_version`
sets `Route.BASE` itself).

So: the adapter's composition calls `configure_endpoints` once, before `Client.login`;
nothing here runs at import time; `restore_default_endpoints` puts Discord's URLs back
(tests). `endpoints_from_env` reads `DISCORD_API_URL` / `DISCORD_GATEWAY_URL`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

import yarl
from discord.gateway import DiscordWebSocket
from discord.http import Route

API_URL_ENV = "DISCORD_API_URL"
GATEWAY_URL_ENV = "DISCORD_GATEWAY_URL"

DEFAULT_API_URL = "https://discord.com/api/v10"
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"

_VERSIONED_PATH = re.compile(r"/v\d+$")


@dataclass(frozen=True)
class DiscordEndpoints:
    """The REST base (with its API version) and the gateway websocket URL in effect."""

    api_url: str
    gateway_url: str


def endpoints_from_env(environ: Mapping[str, str] | None = None) -> DiscordEndpoints:
    """Read the endpoint settings, falling back to Discord's own URLs when unset or blank."""
    env = os.environ if environ is None else environ
    return DiscordEndpoints(
        api_url=_normalise_api_url(env.get(API_URL_ENV) or DEFAULT_API_URL),
        gateway_url=_normalise_gateway_url(env.get(GATEWAY_URL_ENV) or DEFAULT_GATEWAY_URL),
    )


def configure_endpoints(api_url: str | None, gateway_url: str | None) -> DiscordEndpoints:
    """Make every discord.py client in this process use these URLs; None keeps Discord's.

    Validates first, so a typo fails at start-up with a message naming the setting rather
    than as a confusing 404 or connection error later. Returns what is now in effect.
    """
    endpoints = DiscordEndpoints(
        api_url=_normalise_api_url(api_url or DEFAULT_API_URL),
        gateway_url=_normalise_gateway_url(gateway_url or DEFAULT_GATEWAY_URL),
    )
    Route.BASE = endpoints.api_url
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(endpoints.gateway_url)
    return endpoints


def restore_default_endpoints() -> None:
    """Undo `configure_endpoints`, so one test's fake cannot leak into the next."""
    configure_endpoints(None, None)


def current_endpoints() -> DiscordEndpoints:
    """What discord.py will use right now (for start-up logs and tests)."""
    return DiscordEndpoints(api_url=Route.BASE, gateway_url=str(DiscordWebSocket.DEFAULT_GATEWAY))


def _normalise_api_url(url: str) -> str:
    parsed = yarl.URL(url.strip().rstrip("/"))
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ValueError(f"{API_URL_ENV} must be an http(s) URL, got {url!r}")
    if not _VERSIONED_PATH.search(parsed.path):
        raise ValueError(
            f"{API_URL_ENV} must end with the API version, e.g. {DEFAULT_API_URL!r}; got {url!r}"
        )
    return str(parsed)


def _normalise_gateway_url(url: str) -> str:
    parsed = yarl.URL(url.strip())
    if parsed.scheme not in ("ws", "wss") or not parsed.host:
        raise ValueError(f"{GATEWAY_URL_ENV} must be a ws(s) URL, got {url!r}")
    # discord.py appends its own ?v=&encoding=&compress= query; a query here would be lost.
    return str(parsed.with_query(None))
