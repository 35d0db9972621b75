"""Who a request comes from: found in one query, and `last_seen_at` written sparingly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import event, select

from bot.root.app import App
from bot.time.clock import FakeClock
from storage.community import Member
from storage.members import LAST_SEEN_RESOLUTION
from tests.harness import Harness


async def _last_seen(app: App, user: str):
    async with app.db.session() as session:
        return await session.scalar(select(Member.last_seen_at).where(Member.user_id == user))


def _writes(app: App) -> tuple[list[str], Callable[..., None]]:
    seen: list[str] = []

    def record(_c: object, _cur: object, statement: str, *_: object) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen.append(statement)

    event.listen(app.db.engine.sync_engine, "before_cursor_execute", record)
    return seen, record


async def test_a_read_only_command_writes_nothing_until_last_seen_is_stale(
    app: App, harness: Harness, clock: FakeClock
) -> None:
    await harness.ok("ana", "/praxis whoami")
    first = await _last_seen(app, "ana")
    writes, hook = _writes(app)
    try:
        clock.advance(LAST_SEEN_RESOLUTION - timedelta(seconds=1))
        await harness.ok("ana", "/resource search fractions")
        await harness.ok("ana", "/praxis whoami")
        assert writes == []
        assert await _last_seen(app, "ana") == first
        clock.advance(timedelta(seconds=1))
        await harness.ok("ana", "/resource search fractions")
        assert len(writes) == 1 and "last_seen_at" in writes[0]
    finally:
        event.remove(app.db.engine.sync_engine, "before_cursor_execute", hook)
    assert await _last_seen(app, "ana") == clock.now()


async def test_a_new_person_and_a_new_community_are_still_created(harness: Harness) -> None:
    await harness.ok("ana", "/praxis whoami")
    assert "admin" in (await harness.ok("ana", "/praxis whoami")).lower()
    assert "member" in (await harness.ok("ben", "/praxis whoami")).lower()
    other = await harness.ok("ben", "/praxis whoami", community="elsewhere")
    assert "admin" in other.lower()
