"""A cycle in Spanish: the asker reads Spanish, and each teammate's direct message comes in
their own language (issue 19). The clock starts Monday 23 November 2026, 15:00 UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from tests.harness import Harness


async def test_a_spanish_speaker_runs_a_cycle_and_each_observer_reads_their_language(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.with_role("keisha", Role.FACILITATOR)
    for name in ("maria", "tom"):
        await harness.ok(name, "/praxis whoami")
    await harness.ok("keisha", "/praxis profile set language:es")
    await harness.ok("maria", "/praxis profile set language:es")
    started = await harness.ok(
        "keisha",
        '/cycle start name:"Fracciones" theme:"Fracciones como números" lesson-date:2026-12-15 '
        "team:@maria,@tom",
        channel="lesson-study",
    )
    assert "inició un ciclo de estudio de clase" in started
    assert "started a lesson-study cycle" not in started
    # A Spanish phase name is an alias, stored as its choice.
    moved = await harness.ok("keisha", "/cycle schedule Fracciones planificación 2026-12-09")
    assert "planificación" in moved
    status = await harness.ok("keisha", "/cycle status Fracciones")
    assert "Próximo recordatorio" in status and "Artefactos" in status
    assert "Next reminder" not in status and "No artifacts yet" not in status

    delivered = harness.deliveries.delivered
    seen = len(delivered)
    clock.set(datetime(2026, 12, 15, 15, 30, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    requests = {d.address.user: d.reply.plain_text() for d in delivered[seen:] if d.address.user}
    assert "Gracias por observar la clase de investigación" in requests["maria"]
    assert "Thank you for observing" not in requests["maria"]
    assert "Thank you for observing the research lesson" in requests["tom"]
