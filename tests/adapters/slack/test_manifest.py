"""Parity: the manifest asks Slack for exactly what the adapter registers and uses.

Commands (with a prefix too), the message shortcut, the events, App Home and the scopes:
what `praxis slack-manifest` prints is what a running adapter listens to, and every Web
API method the adapter calls in these flows is covered by a scope the manifest asks for.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from adapters.slack.app import SlackAdapter, SlackConfig
from adapters.slack.manifest import (
    BOT_EVENTS,
    STRICT_RESEND_SCOPES,
    ManifestOptions,
    bot_scopes,
    build_manifest,
)
from bot.grammar.parser import HelpRequest
from bot.root.app import App
from bot.root.cli import main
from tests.adapters.slack.conftest import SECRET, TOKEN, RunningSlack
from tests.fakes import slack_signing as sig
from tests.fakes.slack_server import FakeSlack

PREFIX = "px-"
README = Path(__file__).resolve().parents[3] / "README.md"

# The scope each Web API method the adapter calls needs (Slack's method reference).
SCOPE_OF = {
    "chat.postMessage": "chat:write",
    "chat.postEphemeral": "chat:write",
    "conversations.open": "im:write",
    "users.info": "users:read",
    "files.getUploadURLExternal": "files:write",
    "files.completeUploadExternal": "files:write",
    "auth.test": None,
    "views.open": None,
    "views.publish": None,
    "chat.getPermalink": None,
}


def _adapter(app: App, prefix: str = "") -> SlackAdapter:
    return SlackAdapter(
        app.core, SlackConfig(bot_token="xoxb-test", signing_secret="s", command_prefix=prefix)
    )


@pytest.mark.parametrize("prefix", ["", PREFIX])
def test_manifest_commands_shortcuts_events_and_home_match_what_the_adapter_registers(
    app: App, prefix: str
) -> None:
    manifest = build_manifest(app.registry, ManifestOptions(prefix=prefix))
    adapter = _adapter(app, prefix)
    commands = {c["command"]: c for c in manifest["features"]["slash_commands"]}
    assert set(commands) == set(adapter.routed)
    for family in app.registry:
        name = f"/{prefix}{family.name}"
        assert name in commands, name
        hint = commands[name]["usage_hint"].split(" | ")
        for sub in family.subcommands:
            assert sub.name in hint, f"{name} {sub.name}"
            # what the routed listener passes on reaches this very sub-command
            text = adapter.names.family_text(f"{name} {sub.name} help")
            parsed = adapter.core.dispatcher.parser.parse(text)
            assert isinstance(parsed, HelpRequest) and parsed.sub is sub
    shortcuts = manifest["features"]["shortcuts"]
    assert [s["callback_id"] for s in shortcuts] == adapter.shortcuts
    assert [s["name"] for s in shortcuts] == ["Save as resource"]
    assert all(s["type"] == "message" for s in shortcuts)
    events = manifest["settings"]["event_subscriptions"]["bot_events"]
    assert sorted(events) == sorted(adapter.events) == sorted(BOT_EVENTS)
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert "app_home_opened" in adapter.events


def test_a_prefix_names_every_command_and_stays_within_slacks_limits(app: App) -> None:
    manifest = build_manifest(app.registry, ManifestOptions(prefix=PREFIX))
    names = [c["command"] for c in manifest["features"]["slash_commands"]]
    assert names[0] == "/px-praxis" and "/px-resource" in names
    assert all(re.fullmatch(r"/[a-z0-9_-]{1,31}", name) for name in names)
    assert "/resource" not in names
    # The umbrella lists every other family after its own sub-commands.
    hint = next(
        c["usage_hint"] for c in manifest["features"]["slash_commands"] if c["command"] == names[0]
    )
    assert all(f"{f.name} …" in hint for f in app.registry if f.name != "praxis")


def test_scopes_are_the_least_the_adapter_needs(app: App) -> None:
    plain = build_manifest(app.registry)["oauth_config"]["scopes"]["bot"]
    strict = build_manifest(app.registry, ManifestOptions(strict_resend=True))
    strict_scopes = strict["oauth_config"]["scopes"]["bot"]
    assert "channels:read" not in plain, "channel names come from the payloads"
    assert not {"channels:history", "groups:history"} & set(plain)
    assert set(strict_scopes) - set(plain) == {s for s, _ in STRICT_RESEND_SCOPES}
    assert "im:history" in plain, "message.im needs it: commands typed in a DM"


def test_http_and_oauth_manifests_point_at_the_request_url(app: App) -> None:
    url = "https://praxis.example.org/slack/events"
    manifest = build_manifest(app.registry, ManifestOptions(request_url=url, oauth=True))
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["settings"]["interactivity"]["request_url"] == url
    assert manifest["settings"]["event_subscriptions"]["request_url"] == url
    assert all(c["url"] == url for c in manifest["features"]["slash_commands"])
    assert manifest["oauth_config"]["redirect_urls"] == [
        "https://praxis.example.org/slack/oauth_redirect"
    ]
    socket = build_manifest(app.registry)
    assert socket["settings"]["socket_mode_enabled"] is True
    assert "redirect_urls" not in socket["oauth_config"]


def test_cli_prints_the_manifest_with_the_configured_prefix(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    restore_logging: None,
) -> None:
    monkeypatch.setenv("PRAXIS_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setenv("PRAXIS_COMMAND_PREFIX", PREFIX)
    monkeypatch.setenv("SLACK_STRICT_RESEND", "true")
    assert main(["slack-manifest"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["features"]["slash_commands"][0]["command"] == "/px-praxis"
    assert "channels:history" in printed["oauth_config"]["scopes"]["bot"]
    assert main(["slack-manifest", "--oauth"]) == 2, "OAuth needs the HTTP request URL"


def test_the_readme_says_what_each_scope_is_for() -> None:
    text = README.read_text(encoding="utf-8")
    table = {m.group(1) for m in re.finditer(r"^\| `([a-z_.:]+)` \|", text, re.MULTILINE)}
    assert set(bot_scopes(strict_resend=True)) <= table, "every scope the manifest asks for"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """The CLI configures logging for a process of its own: put the test's back."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level


@pytest.fixture
async def prefixed(app: App) -> AsyncIterator[RunningSlack]:
    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        config = SlackConfig(
            bot_token=TOKEN,
            signing_secret=SECRET,
            api_url=fake.api_url,
            ack_budget=10.0,  # about names, not deferral: the first share loads the checker
            command_prefix=PREFIX,
        )
        adapter = SlackAdapter(app.core, config)
        adapter.register_delivery()
        runner = web.AppRunner(adapter.web_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        try:
            yield RunningSlack(adapter, fake, f"http://127.0.0.1:{runner.addresses[0][1]}", session)
        finally:
            await adapter.close()
            await runner.cleanup()


async def test_prefixed_commands_reach_their_family_and_replies_name_them_so(
    prefixed: RunningSlack,
) -> None:
    answer = await prefixed.command("/px-resource", "help")
    assert answer.status == 200
    shown = answer.shown
    assert "/px-resource search" in shown and "/resource search" not in shown
    first = await prefixed.command("/px-praxis", "help")
    assert "after /px-praxis, e.g. /px-praxis resource search" in first.shown
    pages = [first.shown]
    while '"Next page"' in pages[-1]:
        pages.append((await prefixed.command("/px-praxis", f"help page:{len(pages) + 1}")).shown)
    help_all = " ".join(pages)
    assert "/px-resource share" in help_all and "/px-cycle start" in help_all
    assert not re.search(r"(?<!px-)/(resource|cycle|case) ", help_all)
    # The umbrella: one command reaches every family.
    shared = await prefixed.command(
        "/px-praxis", 'resource share url:https://ex.org/t title:"Number talks" type:task'
    )
    assert shared.json["response_type"] == "in_channel", shared.shown
    found = await prefixed.command("/px-praxis", "resource search number")
    assert "Number talks" in found.shown
    # Buttons still carry the core's command, which the parser reads back.
    card = await prefixed.command("/px-resource", "show 1")
    values = [
        e["value"] for b in card.json["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert values and all(v.startswith("/resource ") for v in values)


async def test_every_web_api_method_the_adapter_calls_is_covered_by_a_scope(
    prefixed: RunningSlack, app: App
) -> None:
    scopes = set(bot_scopes())
    await prefixed.command("/px-praxis", "whoami")
    await prefixed.command("/px-praxis", "export participation")
    await prefixed.command("/px-resource", "share url:https://ex.org/a title:A type:task")
    home = sig.event_callback(
        {"type": "app_home_opened", "user": sig.USER_ID, "tab": "home", "channel": "D0HOME"},
        event_id="EvHome1",
    )
    await prefixed.post(sig.signed(home, SECRET))
    await prefixed.fake.wait_for_call("views.publish")
    await prefixed.adapter.presenter.drain()
    called = {c.method for c in prefixed.fake.calls()} - {"response_url", "file_upload"}
    assert called, "the flows called the Web API"
    for method in called:
        assert method in SCOPE_OF, f"{method}: which scope does it need?"
        needed = SCOPE_OF[method]
        assert needed is None or needed in scopes, f"{method} needs {needed}"
