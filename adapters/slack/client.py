"""The Web API client and response_url poster, with slack_sdk's retry handlers.

slack_sdk only retries connection errors by default; a 429 with Retry-After
must be waited out and a 5xx retried too (SPEC: rate limits are waited out,
not dropped). Every call goes to `SLACK_API_URL` when it is set.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

log = logging.getLogger("praxis.slack")

DEFAULT_API_URL = "https://slack.com/api/"


def retry_handlers() -> list[AsyncRetryHandler]:
    return [
        AsyncConnectionErrorRetryHandler(max_retry_count=2),
        AsyncRateLimitErrorRetryHandler(max_retry_count=3),
        AsyncServerErrorRetryHandler(max_retry_count=2),
    ]


def api_base(url: str | None) -> str:
    base = (url or DEFAULT_API_URL).strip() or DEFAULT_API_URL
    return base if base.endswith("/") else base + "/"


def make_web_client(token: str | None, api_url: str | None) -> AsyncWebClient:
    """The one Web API client of a process; Bolt copies base URL and handlers from it."""
    return AsyncWebClient(token=token, base_url=api_base(api_url), retry_handlers=retry_handlers())


async def post_to_response_url(url: str, message: dict[str, Any]) -> bool:
    """Answer through a response_url (valid 30 minutes, 5 uses), waiting out 429s."""
    client = AsyncWebhookClient(url, timeout=10, retry_handlers=retry_handlers())
    try:
        response = await client.send_dict(message)
    except Exception:  # network failure after retries: logged, the bot keeps running
        log.warning("posting to a response_url failed", exc_info=True)
        return False
    if response.status_code != 200:
        log.warning("response_url answered %s: %s", response.status_code, response.body[:200])
        return False
    return True
