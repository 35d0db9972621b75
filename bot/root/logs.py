"""Logging for `praxis`: one line per record on standard error, as text or as JSON.

`PRAXIS_LOG_FORMAT=json` gives one JSON object per line (time, level, logger, message,
and the traceback when there is one) for log shippers; the messages are the same lines
the text format prints, so neither carries what a person wrote.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime

from bot.root import logsafety

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            # The traceback bot.root.logsafety made safe (messages withheld), when it did.
            entry["exception"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: int, fmt: str = "text") -> None:
    logsafety.install()  # first: no record, from any library, carries what a person wrote
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
