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
