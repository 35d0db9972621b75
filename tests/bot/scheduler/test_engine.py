"""The engine with a controllable clock: due occurrences delivered once, on time."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.roles import Role
from storage.schedules import Delivery
from tests.harness import Harness


async def deliveries(app: App) -> list[Delivery]:
    async with app.db.session() as session:
        return list((await session.execute(select(Delivery).order_by(Delivery.id))).scalars())


async def test_a_due_nudge_is_delivered_to_the_channel_once(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("ana", Role.FACILITATOR)
    await harness.ok("ana", '/nudge schedule to:#grade7 when:"in 2 hours" message:"Bring work"')
    assert await app.engine.run_due(clock.now()) == 0
    clock.advance(timedelta(hours=2, minutes=1))
    assert await app.engine.run_due(clock.now()) == 1
    assert await app.engine.run_due(clock.now()) == 0
    [sent] = harness.deliveries.delivered
    assert sent.address.channel == "grade7"
    assert "Bring work" in sent.reply.plain_text()
    [row] = await deliveries(app)
    assert row.status == "sent"
