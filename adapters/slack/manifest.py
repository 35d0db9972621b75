"""`praxis slack-manifest`: the app manifest, generated from the command registry.

Paste it at https://api.slack.com/apps -> Create New App -> From a manifest.
Every family is a slash command whose usage hint lists its sub-commands, so
the manifest cannot fall behind the commands. Socket Mode by default; with a
request URL, the HTTP endpoints instead.
"""

from __future__ import annotations

import json
from typing import Any

from bot.face import Family, Registry

MAX_DESCRIPTION = 2000
MAX_USAGE_HINT = 1000

BOT_SCOPES = (
    "commands",  # slash commands
    "chat:write",  # replies, nudges, prompts
    "chat:write.public",  # nudges to public channels the bot was not invited to
    "im:write",  # conversations.open for direct messages
    "im:history",  # message.im; and a re-sent nudge checks the DM's last messages
    "channels:history",  # a re-sent nudge checks a channel's last messages (exactly once)
    "groups:history",  # the same in private channels
    "users:read",  # users.info: time zone, workspace admins and owners
    "files:write",  # exports and charts
    "files:read",  # an .ics shared with "praxis calendar import" in a direct message
    "app_mentions:read",  # @Praxis <command>
    "channels:read",  # channel names in replies
)
BOT_EVENTS = ("app_mention", "message.im")


def usage_hint(family: Family) -> str:
    subs = [sub.name for sub in family.subcommands]
    if "help" not in subs:
        subs.append("help")
    hint = " | ".join(subs)
    return hint if len(hint) <= MAX_USAGE_HINT else hint[: MAX_USAGE_HINT - 1] + "…"


def build_manifest(registry: Registry, request_url: str | None = None) -> dict[str, Any]:
    commands = []
    for family in registry:
        command: dict[str, Any] = {
            "command": f"/{family.name}",
            "description": family.help[:MAX_DESCRIPTION],
            "usage_hint": usage_hint(family),
            "should_escape": True,  # mentions arrive as <@U…> ids, channels as <#C…>
        }
        if request_url:
            command["url"] = request_url
        commands.append(command)
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
    return {
        "_metadata": {"major_version": 1, "minor_version": 1},
        "display_information": {
            "name": "Praxis",
            "description": "Resources, lesson study, reflection and cases for a math CoP.",
            "long_description": (
                "Praxis keeps an equity-focused community of practice in K-12 mathematics "
                "together: a searchable library of tasks, rubrics and lessons; lesson-study "
                "cycles with nudges; reflection prompts answered privately; and de-identified "
                "cases of practice reviewed by facilitators. Type /praxis help to start."
            ),
            "background_color": "#2c4a6e",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": False,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "Praxis", "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": {"scopes": {"bot": list(BOT_SCOPES)}},
        "settings": settings,
    }


def print_manifest(registry: Registry, request_url: str | None = None) -> int:
    print(json.dumps(build_manifest(registry, request_url), indent=2, ensure_ascii=False))
    return 0
