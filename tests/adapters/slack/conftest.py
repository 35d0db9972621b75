"""A running Slack adapter: real Bolt over HTTP on 127.0.0.1:<port 0>, Web API on FakeSlack.

`slack.command("/praxis", "whoami")` posts a signed slash command exactly as Slack
would and returns the HTTP status and the ack body; what the bot then sent through
the Web API is on `slack.fake`.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.slack.app import EVENTS_PATH, SlackAdapter, SlackConfig
from bot.grammar.spec import Family
from bot.root.app import App
from commands import all_families
from tests.fakes import slack_signing as sig
from tests.fakes.probe import PROBE
from tests.fakes.slack_server import FakeSlack

SECRET = "praxis-test-signing-secret"
TOKEN = "xoxb-praxis-test"


@dataclass
class Answer:
    status: int
    text: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.text) if self.text else {}

    @property
    def shown(self) -> str:
        """Every text in the ack's blocks and fallback, as one string."""
        return json.dumps(self.json, ensure_ascii=False)


@dataclass
class RunningSlack:
    adapter: SlackAdapter
    fake: FakeSlack
    base: str
    session: aiohttp.ClientSession
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def url(self) -> str:
        return self.base + EVENTS_PATH

    def trigger(self) -> str:
        return f"trigger-{next(self._ids)}"

    async def post(self, request: sig.SignedRequest) -> Answer:
        async with self.session.post(self.url, data=request.body, headers=request.headers) as r:
            return Answer(r.status, await r.text())

    async def command(self, command: str, text: str = "", **kw: Any) -> Answer:
        options = {k: kw.pop(k) for k in ("forged", "expired", "retry_num") if k in kw}
        kw.setdefault("trigger_id", self.trigger())
        kw.setdefault("response_url", self.fake.response_url(kw["trigger_id"]))
        payload = sig.slash_command(command, text, **kw)
        return await self.post(sig.signed(payload, SECRET, **options))


@pytest.fixture
def families() -> list[Family]:
    """Every real family, and the shared probe family with every reply shape in one place."""
    return [*all_families(), PROBE]


@asynccontextmanager
async def serve_slack(app: App) -> AsyncIterator[RunningSlack]:
    """The Slack adapter over `app`, served on 127.0.0.1, its Web API on a new FakeSlack."""
    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        config = SlackConfig(
            bot_token=TOKEN, signing_secret=SECRET, api_url=fake.api_url, ack_budget=1.0
        )
        adapter = SlackAdapter(app.core, config)
        adapter.register_delivery()
        runner = web.AppRunner(adapter.web_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        base = f"http://127.0.0.1:{runner.addresses[0][1]}"
        try:
            yield RunningSlack(adapter, fake, base, session)
        finally:
            await adapter.close()
            await runner.cleanup()


@pytest.fixture
async def slack(app: App) -> AsyncIterator[RunningSlack]:
    async with serve_slack(app) as running:
        yield running
