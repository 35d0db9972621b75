"""The logging layer keeps what people wrote out of every log line, and the suite's guard
would notice if it did not."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.root import logsafety
from bot.root.logs import JsonFormatter
from tests.logguard import LogGuard

REFLECTION = "I noticed Marisol explaining her ratio table to the whole group"


def record(
    name: str, msg: str, *args: object, exc: BaseException | None = None
) -> logging.LogRecord:
    """A record as the logging module makes it, so the installed factory applies."""
    exc_info = (type(exc), exc, exc.__traceback__) if exc is not None else None
    return logging.getLogger(name).makeRecord(name, logging.INFO, __file__, 1, msg, args, exc_info)


def shown(entry: logging.LogRecord) -> str:
    return logging.Formatter("%(message)s").format(entry)


def test_a_library_record_keeps_its_format_and_withholds_text_arguments() -> None:
    entry = record("discord.gateway", "For Shard ID %s: WebSocket Event: %s", 0, {"d": REFLECTION})
    assert shown(entry) == "For Shard ID 0: WebSocket Event: <dict, 1 keys>"
    entry = record(
        "slack_sdk.web", "Sending a request - url: %s, body: %s", "https://x/api", REFLECTION
    )
    assert (
        shown(entry)
        == f"Sending a request - url: https://x/api, body: <text, {len(REFLECTION)} chars>"
    )


def test_bolts_refusal_becomes_one_line_with_the_bodys_length_and_hash() -> None:
    body = f"command=%2Freflect&text=answer+{REFLECTION}\nERROR forged line"
    entry = record(
        "slack_bolt.middleware.request_verification.request_verification",
        f"Invalid request signature detected (signature: v0=abc, timestamp: 1, body: {body})",
    )
    text = shown(entry)
    assert REFLECTION not in text and "\n" not in text
    assert text.startswith("refused a Slack request") and f"{len(body)} bytes" in text


def test_a_traceback_withholds_its_exception_message_in_text_and_json() -> None:
    try:
        raise ValueError(f"could not save {REFLECTION!r}")
    except ValueError as error:
        entry = record("praxis.commands", "internal fault ref=%s", "1A2B", exc=error)
    for formatter in (logging.Formatter("%(message)s"), JsonFormatter()):
        text = formatter.format(entry)
        assert REFLECTION not in text
        assert "ValueError (message withheld" in text and "test_logsafety.py" in text


@given(st.text(min_size=12))
def test_no_text_argument_survives_a_library_record(text: str) -> None:
    entry = record("aiohttp.server", "Error handling request from %s: %r", "127.0.0.1", text)
    if not logsafety.safe_token(text):
        assert text not in shown(entry)


@pytest.mark.parametrize("logger", ["praxis.commands", "slack_bolt.App", "aiohttp.access"])
def test_the_guard_fails_a_test_whose_log_carries_a_watched_text(logger: str) -> None:
    guard = LogGuard()
    guard.watch(REFLECTION)
    guard.emit(record(logger, "clean line %s", 12))
    assert guard.leaks() == []
    # What a careless log line would look like after the factory: our own loggers are
    # trusted, so only the guard stands between such a line and the log.
    leaked = logging.LogRecord(logger, logging.INFO, __file__, 1, "saved %s", (REFLECTION,), None)
    guard.emit(leaked)
    [leak] = guard.leaks()
    assert leak.logger == logger and REFLECTION in leak.line
    clipped = logging.LogRecord(
        logger, logging.INFO, __file__, 1, REFLECTION[:30] + "…", None, None
    )
    guard.records = [clipped]
    assert guard.leaks(), "a clipped copy of the text is found too"
