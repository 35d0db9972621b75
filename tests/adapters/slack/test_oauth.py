"""Many workspaces from one install: `praxis run slack --http` with OAuth, end to end.

The real runner and slack-bolt's OAuth flow, slack_sdk's SQLAlchemy installation and
state stores on the bot's own database, and the local fake of Slack (oauth.v2.access).
Two districts install the app; each is its own community and is answered with its own
token; nothing crosses between them; uninstalling removes the tokens and keeps the data;
no token or secret is ever in the log.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from adapters.slack.manifest import bot_scopes
from bot.face import DeliveryError
from bot.kernel.model import Address
from bot.kernel.reply import Reply
from bot.root.app import App
from bot.root.config import Settings
from bot.root.runner import RunOptions, run_platforms
from storage.community import Community, Member
from tests.adapters.slack.conftest import Answer
from tests.fakes import slack_signing as sig
from tests.fakes.slack_server import FakeSlack, OAuthGrant

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "oauth-client-secret-do-not-log"
SIGNING_SECRET = "signing-secret-do-not-log"
EAST = OAuthGrant("T0EAST", "Eastside ISD", "xoxb-east-do-not-log")
WEST = OAuthGrant("T0WEST", "Westlake USD", "xoxb-west-do-not-log")
SECRETS = (CLIENT_SECRET, SIGNING_SECRET, EAST.bot_token, WEST.bot_token)


@dataclass
class Network:
    app: App
    fake: FakeSlack
    base: str
    session: aiohttp.ClientSession

    async def install(self, code: str, language: str | None = None) -> aiohttp.ClientResponse:
        """A district admin clicks Add to Slack, approves, and comes back with a code;
        `language` is their browser's Accept-Language."""
        started = await self.session.get(f"{self.base}/slack/install", allow_redirects=False)
        assert started.status == 302, await started.text()
        consent = urlsplit(started.headers["Location"])
        query = parse_qs(consent.query)
        assert consent.netloc == "slack.com" and query["client_id"] == [CLIENT_ID]
        assert query["scope"][0].split(",") == bot_scopes()
        cookie = started.cookies["slack-app-oauth-state"]
        state = query["state"][0]
        assert cookie.value == state, "the state is tied to the installer's browser"
        return await self.session.get(
            f"{self.base}/slack/oauth_redirect",
            params={"code": code, "state": state},
            headers={
                "Cookie": f"slack-app-oauth-state={state}",
                **({"Accept-Language": language} if language else {}),
            },
            allow_redirects=False,
        )

    async def post(self, payload: sig.Payload) -> Answer:
        signed = sig.signed(payload, SIGNING_SECRET)
        async with self.session.post(
            f"{self.base}/slack/events", data=signed.body, headers=signed.headers
        ) as response:
            return Answer(response.status, await response.text())

    async def command(self, team: str, user: str, command: str, words: str) -> Answer:
        trigger = f"trigger-{team}-{user}-{words[:10]}"
        return await self.post(
            sig.slash_command(
                command,
                words,
                team_id=team,
                user_id=user,
                trigger_id=trigger,
                response_url=self.fake.response_url(trigger),
            )
        )

    async def bots(self) -> dict[str, str]:
        async with self.app.db.session() as session:
            rows = await session.execute(text("SELECT team_id, bot_token FROM slack_bots"))
            return {team: token for team, token in rows}


@pytest.fixture
async def network(app: App, caplog: pytest.LogCaptureFixture) -> AsyncIterator[Network]:
    caplog.set_level(logging.INFO)
    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        fake.oauth_client = (CLIENT_ID, CLIENT_SECRET)
        fake.grant("code-east", EAST)
        fake.grant("code-west", WEST)
        app.settings = Settings(
            PRAXIS_DATABASE_URL=app.settings.database_url,
            SLACK_CLIENT_ID=CLIENT_ID,
            SLACK_CLIENT_SECRET=CLIENT_SECRET,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.api_url,
            _env_file=None,
        )
        options = RunOptions(platform="slack", http=True, host="127.0.0.1", port=0)
        task = asyncio.create_task(run_platforms(app, options))
        async with asyncio.timeout(10):
            while not (options.listening and options.ready.is_set()):
                assert not task.done(), task.result()
                await asyncio.sleep(0.01)
        try:
            yield Network(app, fake, f"http://127.0.0.1:{options.listening[0]}", session)
        finally:
            os.kill(os.getpid(), signal.SIGTERM)
            assert await asyncio.wait_for(task, 15) == 0


async def test_two_districts_install_and_each_is_its_own_community(
    network: Network, caplog: pytest.LogCaptureFixture
) -> None:
    app, fake = network.app, network.fake
    for code in ("code-east", "code-west"):
        finished = await network.install(code)
        assert finished.status == 200, await finished.text()
    assert await network.bots() == {"T0EAST": EAST.bot_token, "T0WEST": WEST.bot_token}
    [exchange, _] = fake.successful("oauth.v2.access")
    assert exchange.args.get("client_secret") is None, "the secret goes as HTTP basic auth"

    # Each workspace is answered with its own token, and is its own community.
    shared = await network.command(
        "T0EAST",
        "U0ANA",
        "/resource",
        'share url:https://ex.org/east title:"East rubric" type:rubric',
    )
    assert shared.status == 200
    async with asyncio.timeout(10):  # answered in the ack, or followed up when slower
        while (
            "East rubric"
            not in (await network.command("T0EAST", "U0ANA", "/resource", "search rubric")).shown
        ):
            await asyncio.sleep(0.05)
    west = await network.command("T0WEST", "U0BEN", "/resource", "search rubric")
    assert "East rubric" not in west.shown
    assert "Ana" not in west.shown
    tokens = {c.token for c in fake.successful("users.info")}
    assert tokens == {EAST.bot_token, WEST.bot_token}
    async with app.db.session() as session:
        communities = (await session.execute(select(Community.external_id))).scalars().all()
        members = await session.scalar(select(func.count()).select_from(Member))
    assert sorted(communities) == ["T0EAST", "T0WEST"] and members == 2

    # What nobody is waiting on goes out with the workspace's token too.
    await app.services.delivery.send(Address("slack", "T0WEST", "C0WEST"), Reply.text("Nudge"))
    posted = await fake.wait_for_call("chat.postMessage")
    assert posted.token == WEST.bot_token and posted.args["channel"] == "C0WEST"

    # West uninstalls: its tokens are gone, its community and data stay.
    uninstalled = await network.post(
        sig.event_callback({"type": "app_uninstalled"}, team_id="T0WEST", event_id="EvU1")
    )
    assert uninstalled.status == 200
    async with asyncio.timeout(10):
        while "T0WEST" in await network.bots():
            await asyncio.sleep(0.02)
    with pytest.raises(DeliveryError) as refused:
        await app.services.delivery.send(Address("slack", "T0WEST", "C0WEST"), Reply.text("x"))
    assert refused.value.permanent
    async with app.db.session() as session:
        kept = await session.scalar(
            select(func.count())
            .select_from(Member)
            .join(Community)
            .where(Community.external_id == "T0WEST")
        )
    assert kept == 1, "the community's data is kept until an admin deletes it"

    # East revokes its bot token: gone too; East keeps working once it installs again.
    revoked = await network.post(
        sig.event_callback(
            {"type": "tokens_revoked", "tokens": {"bot": [sig.BOT_USER_ID]}},
            team_id="T0EAST",
            event_id="EvR1",
        )
    )
    assert revoked.status == 200
    async with asyncio.timeout(10):
        while "T0EAST" in await network.bots():
            await asyncio.sleep(0.02)
    fake.grant("code-east-2", OAuthGrant("T0EAST", "Eastside ISD", "xoxb-east-2-do-not-log"))
    assert (await network.install("code-east-2")).status == 200
    again = await network.command("T0EAST", "U0ANA", "/resource", "search rubric")
    assert "East rubric" in again.shown, "its library was kept"

    logged = caplog.text + "".join(repr(r.args) for r in caplog.records)
    for secret in (*SECRETS, "xoxb-east-2-do-not-log"):
        assert secret not in logged, "no token or secret in any log line"
        assert secret not in repr(app.settings)


async def test_the_pages_after_slack_are_in_the_installers_browser_language(
    network: Network,
) -> None:
    english = await network.install("code-east")
    page = await english.text()
    assert english.status == 200 and "Praxis is installed" in page
    assert 'http-equiv="refresh"' in page and "slack://app?team=T0EAST" in page
    spanish = await network.install("code-west", language="es-419,es;q=0.9,en;q=0.8")
    page = await spanish.text()
    assert "Praxis está instalado" in page and "abre Slack" in page
    assert '<html lang="es">' in page and "slack://app?team=T0WEST" in page
    # Back with a state no browser was given: not installed, said in Spanish, no internals.
    refused = await network.session.get(
        f"{network.base}/slack/oauth_redirect",
        params={"code": "code-east", "state": "forged"},
        headers={"Accept-Language": "es-ES"},
        allow_redirects=False,
    )
    text = await refused.text()
    assert refused.status >= 400 and "Praxis no se instaló" in text
    assert "Vuelve a intentarlo" in text and "/slack/install" in text
    assert "invalid" not in text and "Traceback" not in text


def test_the_browser_language_follows_its_weights() -> None:
    from adapters.slack.install_pages import browser_language
    from bot.kernel.language import Language

    def asked(header: str) -> Language:
        return browser_language({"accept-language": [header]})

    assert asked("es-419,es;q=0.9,en;q=0.8") is Language.ES
    assert asked("en-US,en;q=0.9,es;q=0.8") is Language.EN
    assert asked("fr-FR,fr;q=0.9,es;q=0.5,en;q=0.4") is Language.ES
    assert asked("en;q=0.2, es;q=0.7") is Language.ES
    assert asked("de-DE") is Language.EN
    assert asked("es;q=0, en") is Language.EN
    assert asked("") is Language.EN
    assert asked("es;q=banana,en") is Language.EN


@given(st.text(max_size=200))
def test_any_accept_language_header_gives_a_language(header: str) -> None:
    from adapters.slack.install_pages import browser_language
    from bot.kernel.language import Language

    assert browser_language({"accept-language": [header]}) in (Language.EN, Language.ES)
