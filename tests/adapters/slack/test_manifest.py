"""Parity: every command the core defines is in the manifest and routed on Slack."""

from __future__ import annotations

import json

from adapters.slack.app import SlackAdapter, SlackConfig
from adapters.slack.manifest import BOT_EVENTS, build_manifest
from bot.grammar.parser import HelpRequest
from bot.root.app import App
from bot.root.cli import main


def test_every_family_and_sub_command_is_in_the_manifest_and_routed(app: App) -> None:
    manifest = build_manifest(app.registry)
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    adapter = SlackAdapter(app.core, SlackConfig(bot_token="xoxb-test", signing_secret="s"))
    for family in app.registry:
        name = f"/{family.name}"
        assert name in commands, name
        assert name in adapter.routed, name
        hint = commands[name]["usage_hint"].split(" | ")
        for sub in family.subcommands:
            assert sub.name in hint, f"{name} {sub.name}"
            # what the routed listener passes on reaches this very sub-command
            parsed = adapter.core.dispatcher.parser.parse(f"{name} {sub.name} help")
            assert isinstance(parsed, HelpRequest) and parsed.sub is sub
    assert set(adapter.routed) == set(commands)


def test_manifest_asks_for_what_the_adapter_uses(app: App) -> None:
    manifest = build_manifest(app.registry)
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "im:write", "users:read", "files:write"} <= scopes
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert set(manifest["settings"]["event_subscriptions"]["bot_events"]) == set(BOT_EVENTS)
    assert all(c["should_escape"] for c in manifest["features"]["slash_commands"])


def test_http_manifest_points_everything_at_the_request_url(app: App) -> None:
    url = "https://praxis.example.org/slack/events"
    manifest = build_manifest(app.registry, url)
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["settings"]["interactivity"]["request_url"] == url
    assert all(c["url"] == url for c in manifest["features"]["slash_commands"])


def test_cli_prints_the_manifest(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PRAXIS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    assert main(["slack-manifest"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["features"]["slash_commands"][0]["command"] == "/praxis"
