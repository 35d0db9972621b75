"""Files people attach to a command on Slack: an .ics uploaded in a direct message to Praxis
(or with a mention of it) whose message is the command, e.g. "praxis calendar import".

A slash command carries no file, so on Slack a file arrives with a message event (subtype
`file_share`). Each file is downloaded from its `url_private_download` with the bot token,
as Slack requires, within MAX_INBOUND_BYTES; one too large, or that cannot be fetched,
arrives empty, so the command says it got no file instead of failing.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp

from bot.kernel.model import MAX_INBOUND_BYTES, InboundFile

log = logging.getLogger("praxis.slack")

TIMEOUT = aiohttp.ClientTimeout(total=10)


async def download(files: list[dict[str, Any]], token: str) -> tuple[InboundFile, ...]:
    found: list[InboundFile] = []
    if not files:
        return ()
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        for item in files:
            name = str(item.get("name") or "file")
            mime = str(item.get("mimetype") or "application/octet-stream")
            url = item.get("url_private_download") or item.get("url_private")
            data = b""
            if url and int(item.get("size") or 0) <= MAX_INBOUND_BYTES:
                data = await _fetch(session, str(url), headers)
            found.append(InboundFile(name, data, mime))
    return tuple(found)


async def _fetch(session: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> bytes:
    try:
        async with session.get(url, headers=headers) as response:
            if response.status != 200:
                log.warning("a shared file answered %s", response.status)
                return b""
            data = await response.content.read(MAX_INBOUND_BYTES + 1)
            return data if len(data) <= MAX_INBOUND_BYTES else b""
    except (aiohttp.ClientError, TimeoutError):
        log.warning("downloading a shared file failed", exc_info=True)
        return b""
