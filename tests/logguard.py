"""The suite-wide check that no log line carries what a person wrote.

`GUARD` is a logging handler on the root logger for the whole run, with the root at DEBUG so
every library's records are made (and pass the production record factory,
bot.root.logsafety, exactly as they would in `praxis run`). Each test starts with an empty
buffer; at its end the buffer is scanned for:
- every reflection answer and every case's text in the test's database (the `database_url`
  fixture reads them just before the database is dropped), and
- any sentinel a test registered with `watch` (for text that never reaches a database:
  a refused request's body, a form that failed).
A hit fails the test, naming the logger and the line. A database a whole module shares
(Discord's) is registered in `LIVE` and read after each of its tests.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from sqlalchemy.engine import make_url

MIN_TEXT = 12  # shorter texts ("ok", "Fractions") would match innocent log lines
PROBE = 24  # a leading piece, to catch a text a log line clipped


@dataclass
class Leak:
    logger: str
    line: str
    text: str

    def __str__(self) -> str:
        return f"{self.logger}: {self.line[:300]!r} carries {self.text[:60]!r}"


class LogGuard(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.texts: set[str] = set()
        self.setFormatter(logging.Formatter("%(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def start(self) -> None:
        self.records.clear()
        self.texts.clear()

    def watch(self, text: str) -> None:
        if len(text.strip()) >= MIN_TEXT:
            self.texts.add(text.strip())

    def lines(self) -> list[tuple[str, str]]:
        out = []
        for record in self.records:
            try:
                out.append((record.name, self.format(record)))
            except Exception as error:  # a record that cannot be formatted is a bug too
                out.append((record.name, f"<unformattable record: {error!r}>"))
        return out

    def leaks(self) -> list[Leak]:
        probes: dict[str, str] = {}
        for text in self.texts:
            for piece in {text, text[:PROBE], *text.splitlines()}:
                piece = piece.strip()
                if len(piece) >= MIN_TEXT:
                    probes[piece] = text
        if not probes:
            return []
        found = []
        for name, line in self.lines():
            for piece, text in probes.items():
                if piece in line:
                    found.append(Leak(name, line, text))
                    break
        return found


GUARD = LogGuard()


def watch(text: str) -> str:
    """Register `text` (something a test writes as a person): no log line may carry it."""
    GUARD.watch(text)
    return text


def install() -> None:
    root = logging.getLogger()
    if GUARD not in root.handlers:
        root.addHandler(GUARD)
    root.setLevel(logging.DEBUG)
    # aiosqlite logs two DEBUG lines per statement ("executing <function>", "operation
    # completed"), never a value: at that volume they would be most of the suite's records.
    logging.getLogger("aiosqlite").setLevel(logging.INFO)


LIVE: set[str] = set()  # databases a module shares, read after each test
PRIVATE_TEXTS = (
    "SELECT answer FROM reflections WHERE answer IS NOT NULL",
    "SELECT title, context, problem, tried, evidence, question, review_note FROM cases",
)


async def private_texts(url: str) -> list[str]:
    """Every reflection answer and case text in a test's database."""
    texts: list[str] = []
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        import asyncpg

        plain = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        connection = await asyncpg.connect(plain)
        try:
            for query in PRIVATE_TEXTS:
                for row in await connection.fetch(query):
                    texts.extend(str(v) for v in row.values() if v)
        finally:
            await connection.close()
        return texts
    import sqlite3

    sqlite = sqlite3.connect(parsed.database or "")
    try:
        for query in PRIVATE_TEXTS:
            for row in sqlite.execute(query):
                texts.extend(str(v) for v in row if v)
    finally:
        sqlite.close()
    return texts


def private_texts_sync(url: str) -> list[str]:
    return asyncio.run(private_texts(url))
