"""Reports, exports, the audit log and the digest in the reader's language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.kernel.language import Language, speaking
from bot.kernel.reply import Image
from bot.kernel.roles import Role
from bot.reporting import charts
from bot.root.app import App
from bot.time.clock import FakeClock
from tests.commands.reports.test_reports import attachment, known_network, read_csv
from tests.conftest import START
from tests.harness import Harness

ENGLISH_REPORT = ("Active members", "New members", "By district", "The last", "before:", "Members")


async def test_an_english_facilitators_report_stays_english_among_spanish_members(
    harness: Harness, clock: FakeClock
) -> None:
    clock.set(START - timedelta(days=50))  # when the known network sets its profiles
    for name in ("ben", "cara"):
        await harness.ok(name, "/praxis profile set language:es")
    await known_network(harness, clock)
    result = await harness.run("ana", "/praxis report")
    shown = harness.as_("ana").show(result)
    assert "Active members     3 (before: 5, -2)" in shown
    assert "The last 30 days" in shown
    assert "Riverside Unified  2 active of 2 members (before: 2)" in shown
    for spanish in ("Miembros", "antes", "con actividad", "Los últimos"):
        assert spanish not in shown
    images = [block for block in result.reply.blocks if isinstance(block, Image)]
    assert images[0].alt.startswith("Active members per week for")
    rows = read_csv(attachment(await harness.run("ana", "/praxis export participation")).data)
    assert "last seen" in rows[0] and "participation: 6 rows." in (
        await harness.ok("ana", "/praxis export participation")
    )


async def test_a_spanish_facilitator_reads_the_report_in_spanish(
    harness: Harness, clock: FakeClock
) -> None:
    await known_network(harness, clock)
    await harness.ok("ana", "/praxis profile set language:es")
    result = await harness.run("ana", "/praxis report")
    shown = harness.as_("ana").show(result)
    assert "Informe de console" in shown
    assert "Los últimos 30 días (24 oct – 23 nov 2026); «antes» son los 30 días anteriores." in (
        shown
    )
    assert "Miembros con actividad  3 (antes: 5, -2)" in shown
    assert "Riverside Unified  2 con actividad de 2 miembros (antes: 2)" in shown
    assert "Northfield         0 con actividad de 1 miembro (antes: 1)" in shown
    assert "sin indicar" in shown and "Por distrito" in shown
    assert "Nadie con actividad en este periodo de: Northfield." in shown
    assert "1 miembro no ha indicado su distrito" in shown
    for english in ENGLISH_REPORT:
        assert english not in shown
    images = [block for block in result.reply.blocks if isinstance(block, Image)]
    assert images[0].alt.startswith("Miembros con actividad por semana durante")
    assert "Riverside Unified 2 (antes 2)" in images[1].alt


async def test_exports_and_the_audit_log_in_spanish(harness: Harness, clock: FakeClock) -> None:
    await known_network(harness, clock)
    await harness.ok("ana", "/praxis profile set language:es")
    listed = await harness.ok("ana", "/praxis export")
    assert "Exportaciones" in listed and "Ejecuta /praxis export <what>" in listed
    result = await harness.run("ana", "/praxis export participation")
    assert "participation: 6 filas." in result.reply.plain_text()
    rows = {row["miembro"]: row for row in read_csv(attachment(result).data)}
    assert rows["ben"]["días con actividad"] == "2"  # 50 and 10 days ago
    assert rows["cara"]["última vez visto"] == "2026-10-04 15:00"  # ISO in every language
    await harness.with_role("ana", Role.ADMIN)
    audit = await harness.ok("ana", "/praxis audit")
    assert "Registro de auditoría" in audit and "acciones de moderación desde el" in audit
    assert "No hubo aprobaciones" in audit and "Audit log" not in audit


async def test_the_digest_is_posted_in_the_communitys_language(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ana")
    await harness.ok("ana", "/praxis settings language:es")
    await harness.ok("ana", "/praxis profile set language:en")  # the facilitator reads English
    shown = await harness.ok("ana", '/praxis digest to:#general when:"every monday 8:00"')
    assert "Scheduled digest #1 to #general" in shown
    clock.set(datetime(2026, 11, 25, 10, tzinfo=UTC))
    await harness.ok("ben", "/resource share url:https://example.org/t title:Teselados type:task")
    clock.set(datetime(2026, 11, 30, 8, tzinfo=UTC))
    await app.engine.run_due(clock.now())
    [post] = harness.deliveries.delivered
    text = post.reply.plain_text()
    assert "esta semana en console" in text.lower() and "Resumen semanal, lun 30 nov 2026." in text
    assert "this week in" not in text.lower() and "Weekly digest" not in text
    listed = await harness.ok("ana", "/praxis digest")
    assert "Weekly digests" in listed and "to #general" in listed


def test_the_charts_week_labels_are_in_the_readers_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from matplotlib.axes import Axes

    seen: list[str] = []
    original = Axes.set_xticks

    def capture(self: Axes, ticks: Any, labels: Any = None, **kwargs: Any) -> Any:
        seen.extend(labels or ())
        return original(self, ticks, labels, **kwargs)

    monkeypatch.setattr(Axes, "set_xticks", capture)
    weeks = [(date(2026, 1, 5), 3), (date(2026, 1, 12), 4)]
    with speaking(Language.ES):
        png = charts.participation_over_time(weeks, "Miembros con actividad por semana")
    assert png.startswith(b"\x89PNG")
    assert seen == ["5 ene", "12 ene"]
    seen.clear()
    charts.participation_over_time(weeks, "Active members per week")
    assert seen == ["Jan 5", "Jan 12"]
