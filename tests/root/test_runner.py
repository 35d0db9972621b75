"""`praxis run`: platforms on one loop until SIGTERM; a clear refusal without tokens."""

from __future__ import annotations

import asyncio
import os
import signal

from bot.root.app import App
from bot.root.runner import RunOptions
from tests.conftest import MakeApp


def _args(platform: str = "slack") -> RunOptions:
    return RunOptions(platform=platform, http=True, host="127.0.0.1", port=0)


async def test_missing_slack_tokens_are_named_and_nothing_starts(app: App, caplog) -> None:
    from bot.root.runner import run_platforms

    assert await run_platforms(app, _args()) == 2
    assert "SLACK_BOT_TOKEN" in caplog.text


async def test_missing_discord_token_is_named_and_nothing_starts(app: App, caplog) -> None:
    from bot.root.runner import run_platforms

    assert await run_platforms(app, _args("discord")) == 2
    assert "DISCORD_TOKEN" in caplog.text
    assert not app.services.delivery.can_deliver("discord")


async def test_runs_slack_over_http_until_sigterm(make_app: MakeApp) -> None:
    from bot.root.runner import run_platforms

    app = await make_app(
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET="secret",
        SLACK_API_URL="http://127.0.0.1:1/api/",
    )
    options = _args()
    running = asyncio.create_task(run_platforms(app, options))
    ready = asyncio.create_task(options.ready.wait())
    await asyncio.wait({running, ready}, return_when=asyncio.FIRST_COMPLETED)
    assert not running.done(), "the platform is serving, not stopped"
    assert app.services.delivery.can_deliver("slack")
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(running, 10) == 0


async def test_oauth_needs_http_mode_and_says_so(make_app: MakeApp, caplog) -> None:
    from bot.root.runner import run_platforms

    app = await make_app(
        SLACK_CLIENT_ID="1.2", SLACK_CLIENT_SECRET="client-secret-value", SLACK_APP_TOKEN="xapp-1"
    )
    assert await run_platforms(app, RunOptions(platform="slack")) == 2
    assert "--http" in caplog.text and "client-secret-value" not in caplog.text


def test_secrets_never_show_in_the_settings_and_a_bad_prefix_is_named() -> None:
    import pytest
    from pydantic import ValidationError

    from bot.root.config import Settings

    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-secret-1",
        SLACK_SIGNING_SECRET="signing-2",
        DISCORD_TOKEN="discord-3",
        PRAXIS_COMMAND_PREFIX="PX-",
        _env_file=None,
    )
    shown = repr(settings) + str(settings.model_dump())
    assert not any(s in shown for s in ("xoxb-secret-1", "signing-2", "discord-3"))
    assert settings.command_prefix == "px-"
    with pytest.raises(ValidationError, match="PRAXIS_COMMAND_PREFIX"):
        Settings(PRAXIS_COMMAND_PREFIX="p x/", _env_file=None)
