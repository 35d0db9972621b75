"""No log line carries what a person wrote, whichever library logs it.

Installed once per process (`install`, from the command line and from `build_app`) as the
logging record factory, so it applies to every record of every logger before any handler
sees it: stderr, a JSON shipper, pytest's capture alike.

Three rules:
- Libraries that handle request bodies (slack_bolt, slack_sdk, discord, aiohttp, asyncio,
  apscheduler) log payloads: Bolt logs the whole body of a request that fails verification at
  INFO, discord.py logs every gateway event and HTTP body at DEBUG. Their records keep their
  format string; each argument is shown only if it is a number or a short token without
  spaces (an id, a method, a URL path), else as its type and length. A pre-formatted message
  is cut where a payload starts (`{`, `[`, `body:`). Bolt's refusal becomes one line: the
  reason, the body's length and a short hash (enough to match it with Slack's retries).
- An exception's message may quote input (`KeyError: 'the text'`, a parameter in a database
  error): in every logger's tracebacks, a message that is not a short token is replaced by
  its length. Frames (file, line, function) are kept: they are what debugging needs.
- Our own loggers (`praxis.*`) are trusted to log ids, names of commands and counts only;
  the test suite checks that no test's log carries the text of a reflection or a case.
"""

from __future__ import annotations

import hashlib
import logging
import re
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any

LIBRARIES = (
    "slack_bolt",
    "slack_sdk",
    "discord",
    "aiohttp",
    "asyncio",
    "apscheduler",
    "aiosqlite",
    "asyncpg",
)
_TOKEN = re.compile(r"[\w.:/@#%=+,~?&\-]{0,120}", re.ASCII)
_PAYLOAD_START = re.compile(
    r"[{\[<]|\bbody\b|\bpayload\b|\bexception=|\btext\b\s*[:=]", re.IGNORECASE
)
_BOLT_REFUSAL = "Invalid request signature detected"
_INSTALLED = "_praxis_log_safety"

Factory = Callable[..., logging.LogRecord]


def body_fingerprint(body: str | bytes) -> str:
    """`412 bytes, sha256 1a2b3c4d`: says which request it was without saying what it said."""
    data = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return f"{len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:8]}"


def safe_token(value: str) -> bool:
    return _TOKEN.fullmatch(value) is not None


def shown(value: Any) -> Any:
    """An argument as a library's log line may show it."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if safe_token(value) else f"<text, {len(value)} chars>"
    if isinstance(value, bytes | bytearray):
        return f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return f"<{type(value).__name__}, {len(value)} keys>"
    if isinstance(value, list | tuple | set | frozenset):
        return f"<{type(value).__name__}, {len(value)} items>"
    if isinstance(value, BaseException):
        return type(value).__name__
    text = str(value)
    return text if safe_token(text) else f"<{type(value).__name__}>"


def _cut(message: str) -> str:
    """A pre-formatted library message up to where a payload starts."""
    match = _PAYLOAD_START.search(message)
    if match is None and len(message) <= 300:
        return message
    keep = message[: match.start()] if match else message[:200]
    return f"{keep.rstrip(' (:=')} [{len(message) - len(keep)} chars withheld]"


def _bolt_refusal(message: str) -> str:
    body = message.split("body: ", 1)[1][:-1] if "body: " in message else ""
    return (
        "refused a Slack request: its signature or timestamp did not verify "
        f"(body {body_fingerprint(body)})"
    )


def _library_message(record: logging.LogRecord) -> str:
    msg = record.msg if isinstance(record.msg, str) else shown(record.msg)
    args = record.args
    if not args:
        if msg.startswith(_BOLT_REFUSAL):
            return _bolt_refusal(msg)
        return _cut(msg)
    try:
        if isinstance(args, dict):
            return msg % {key: shown(value) for key, value in args.items()}
        return msg % tuple(shown(value) for value in args)
    except (TypeError, ValueError, KeyError):
        return f"{_cut(msg)} [arguments withheld]"


def _exception_line(error: BaseException) -> str:
    text = str(error)
    kind = type(error).__qualname__
    if not text:
        return kind
    if safe_token(text.strip("'\"")) and len(text) <= 80:
        return f"{kind}: {text}"
    return f"{kind} (message withheld, {len(text)} chars)"


def safe_traceback(
    exc_info: tuple[type[BaseException], BaseException, TracebackType | None],
) -> str:
    """The traceback with its frames, each exception's message reduced to a safe form."""
    error = exc_info[1]
    if error is None:
        return ""
    lines: list[str] = []
    seen: set[int] = set()
    chain: list[tuple[BaseException, str | None]] = []
    current: BaseException | None = error
    link: str | None = None
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "The above exception was the direct cause"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "During handling of the above exception"
        else:
            current = None
    for failure, how in reversed(chain):
        frames = traceback.format_list(traceback.extract_tb(failure.__traceback__))
        lines.append("Traceback (most recent call last):\n")
        lines.extend(frames)
        lines.append(_exception_line(failure) + "\n")
        if how:
            lines.append(f"\n{how}, another exception occurred:\n\n")
    return "".join(lines).rstrip("\n")


def sanitize(record: logging.LogRecord) -> logging.LogRecord:
    """Make one record safe to emit (in place)."""
    if record.name.split(".", 1)[0] in LIBRARIES:
        record.msg, record.args = _library_message(record), ()
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = safe_traceback(record.exc_info)  # formatters use it as is
    return record


def install() -> None:
    """Make every log record of this process pass `sanitize` (idempotent)."""
    current = logging.getLogRecordFactory()
    if getattr(current, _INSTALLED, False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return sanitize(current(*args, **kwargs))

    setattr(factory, _INSTALLED, True)
    logging.setLogRecordFactory(factory)
