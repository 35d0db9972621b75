"""`praxis slack-manifest`: the app manifest, generated from the command registry.

Paste it at https://api.slack.com/apps -> Create New App -> From a manifest.
Every family is a slash command whose usage hint lists its sub-commands, every message
action a message shortcut, so the manifest cannot fall behind what the adapter
registers (a parity test holds the two together). Socket Mode by default; with a
request URL, the HTTP endpoints instead, and with OAuth the install redirect too.

Scopes are the least the adapter needs; each is listed with what it is for, and the
README's scope table is checked against this list.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from adapters.slack.naming import CommandNames
from bot.face import Family, Registry

MAX_DESCRIPTION = 2000
MAX_USAGE_HINT = 1000
MAX_SHORTCUT_NAME = 24
OAUTH_REDIRECT_PATH = "/slack/oauth_redirect"
SHORTCUT_PREFIX = "praxis_msg:"

# (scope, what the adapter does with it); always asked for.
BOT_SCOPES: tuple[tuple[str, str], ...] = (
    ("commands", "slash commands and the Save as resource message shortcut"),
    ("chat:write", "replies, nudges, prompts, announcements and digests"),
    ("chat:write.public", "nudges and digests to public channels the bot was not invited to"),
    ("im:write", "conversations.open, to send a person a direct message"),
    (
        "im:history",
        "commands typed in a direct message with the bot (message.im); "
        "a re-sent direct message first checks the conversation's last messages",
    ),
    ("users:read", "users.info: a person's name, time zone, and whether they are an admin"),
    ("files:write", "CSV exports and report charts"),
    ("app_mentions:read", "@Praxis <command> in a channel"),
)
# Only with SLACK_STRICT_RESEND: a re-sent channel delivery is looked for first.
STRICT_RESEND_SCOPES: tuple[tuple[str, str], ...] = (
    (
        "channels:history",
        "with SLACK_STRICT_RESEND: a re-sent nudge in a public channel "
        "checks its last messages, so it is never posted twice",
    ),
    ("groups:history", "with SLACK_STRICT_RESEND: the same in private channels"),
)
# What the adapter subscribes to (adapters/slack/commands.py and home.py register them).
BOT_EVENTS = ("app_mention", "message.im", "app_home_opened", "app_uninstalled", "tokens_revoked")


@dataclass(frozen=True)
class ManifestOptions:
    """What shapes the manifest besides the registry: how the app is reached and named."""

    request_url: str | None = None  # HTTP mode: https://your.host/slack/events
    prefix: str = ""
    strict_resend: bool = False
    oauth: bool = False  # installed across workspaces: the redirect URL is listed


def bot_scopes(strict_resend: bool = False) -> list[str]:
    scopes = BOT_SCOPES + (STRICT_RESEND_SCOPES if strict_resend else ())
    return [scope for scope, _why in scopes]


def shortcut_id(family: str, sub: str) -> str:
    """The callback id of a message shortcut: which sub-command it runs."""
    return f"{SHORTCUT_PREFIX}{family}:{sub}"


def usage_hint(family: Family, registry: Registry | None = None) -> str:
    subs = [sub.name for sub in family.subcommands]
    if "help" not in subs:
        subs.append("help")
    if family.umbrella and registry is not None:
        subs.extend(f"{other.name} …" for other in registry if other is not family)
    hint = " | ".join(subs)
    return hint if len(hint) <= MAX_USAGE_HINT else hint[: MAX_USAGE_HINT - 1] + "…"


def redirect_url(request_url: str) -> str:
    parts = urlsplit(request_url)
    return f"{parts.scheme}://{parts.netloc}{OAUTH_REDIRECT_PATH}"


def build_manifest(registry: Registry, options: ManifestOptions | None = None) -> dict[str, Any]:
    options = options or ManifestOptions()
    request_url = options.request_url
    names = CommandNames.of(registry.names(), options.prefix)
    commands = []
    for family in registry:
        command: dict[str, Any] = {
            "command": names.slash(family.name),
            "description": family.help[:MAX_DESCRIPTION],
            "usage_hint": usage_hint(family, registry),
            "should_escape": True,  # mentions arrive as <@U…> ids, channels as <#C…>
        }
        if request_url:
            command["url"] = request_url
        commands.append(command)
    shortcuts = [
        {
            "name": action.label[:MAX_SHORTCUT_NAME],
            "type": "message",
            "callback_id": shortcut_id(family.name, action.sub),
            "description": (action.help or action.label)[:150],
        }
        for family, action in registry.message_actions()
    ]
    settings: dict[str, Any] = {
        "event_subscriptions": {"bot_events": list(BOT_EVENTS)},
        "interactivity": {"is_enabled": True},
        "org_deploy_enabled": False,
        "socket_mode_enabled": request_url is None,
        "token_rotation_enabled": False,
    }
    if request_url:
        settings["event_subscriptions"]["request_url"] = request_url
        settings["interactivity"]["request_url"] = request_url
    oauth_config: dict[str, Any] = {"scopes": {"bot": bot_scopes(options.strict_resend)}}
    if options.oauth and request_url:
        oauth_config["redirect_urls"] = [redirect_url(request_url)]
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": "Praxis",
            "description": "Resources, lesson study, reflection and cases for a math CoP.",
            "long_description": (
                "Praxis keeps an equity-focused community of practice in K-12 mathematics "
                "together: a searchable library of tasks, rubrics and lessons; lesson-study "
                "cycles with nudges; reflection prompts answered privately; and de-identified "
                f"cases of practice reviewed by facilitators. Type {names.slash('praxis')} "
                "help to start."
            ),
            "background_color": "#2c4a6e",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "Praxis", "always_online": True},
            "slash_commands": commands,
            "shortcuts": shortcuts,
        },
        "oauth_config": oauth_config,
        "settings": settings,
    }


def print_manifest(registry: Registry, options: ManifestOptions | None = None) -> int:
    print(json.dumps(build_manifest(registry, options), indent=2, ensure_ascii=False))
    return 0
