"""Processes the HTTP benchmarks start: the fake Slack API, the fake Discord, a bare Bolt app.

Run as `python -m bench.servers fake-slack`, `… fake-discord` or `… bare-bolt PORT API_URL
COMMAND SECRET`; each prints one line when it is listening (the fake: its API URL), then
serves until it is terminated. Being processes of their own, they take no CPU from the
client's or the bot's event loop.
"""

from __future__ import annotations

import asyncio
import sys

from aiohttp import web


async def fake_slack() -> None:
    from tests.fakes.slack_server import FakeSlack

    async with FakeSlack() as fake:
        print(fake.api_url, flush=True)
        await asyncio.Event().wait()


async def fake_discord() -> None:
    from tests.fakes.discord import FakeDiscord

    async with FakeDiscord() as fake:
        print(f"{fake.token} {fake.api_url} {fake.gateway_url}", flush=True)
        await asyncio.Event().wait()


async def bare_bolt(port: int, api_url: str, command: str, secret: str) -> None:
    from slack_bolt.async_app import AsyncAck, AsyncApp

    from adapters.slack.client import make_web_client

    bolt = AsyncApp(
        client=make_web_client("xoxb-bench", api_url),
        signing_secret=secret,
        process_before_response=True,
    )

    @bolt.command(command)
    async def fixed(ack: AsyncAck) -> None:
        await ack(response_type="ephemeral", text="fixed answer")

    runner = web.AppRunner(bolt.web_app("/slack/events"), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print(f"listening on {port}", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    match sys.argv[1:]:
        case ["fake-slack"]:
            asyncio.run(fake_slack())
        case ["fake-discord"]:
            asyncio.run(fake_discord())
        case ["bare-bolt", port, api_url, command, secret]:
            asyncio.run(bare_bolt(int(port), api_url, command, secret))
        case _:
            raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
