"""The Spanish flow on the console: a member whose terminal reads Spanish works in Spanish.

Lucía's console says `es_MX.UTF-8` (the console's platform locale) and she chooses
nothing: she answers a scheduled prompt, searches, shares a resource and submits a case,
and every text the bot shows her, replies and what it sends her, is Spanish. Ann, the
English-speaking admin and facilitator of the same community, reads her report in
English. The same flow runs on Slack and Discord (tests/adapters/*/test_spanish_flow.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.root.app import App
from bot.time.clock import FakeClock
from tests.adapters.spanish import (
    ANSWER,
    CASE_PARTS,
    OWN_TITLE,
    SHARED_TITLE,
    VOICES,
    VOICES_ES,
    assert_english,
    assert_spanish,
    case_options_text,
)
from tests.harness import Harness


async def test_a_spanish_console_member_works_in_spanish_and_the_facilitator_in_english(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await harness.community("ann")
    lucia = harness.as_("lucia", locale="es_MX.UTF-8")

    async def says(text: str) -> str:
        result = await lucia.run(text)
        shown = lucia.show(result)
        assert result.ok, shown
        return shown

    first = await says("/praxis whoami")
    assert "Idioma" in first and "Español" in first
    await harness.ok(
        "ann",
        f'/resource share url:https://example.org/fracciones title:"{SHARED_TITLE}" '
        "type:task grade:3-5",
    )
    await harness.ok(
        "ann", f'/reflect schedule to:everyone when:"every tuesday 8:00" prompt:{VOICES}'
    )
    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    await app.engine.run_due(clock.now())

    # The prompt she is sent: her bank's question, the bot's words around it in Spanish.
    [prompt] = [d for d in harness.deliveries.delivered if d.address.user == "lucia"]
    assert VOICES_ES.text in prompt.reply.plain_text()
    assert_spanish(prompt.reply.plain_text())

    seen = [
        await says(f'/reflect answer "{ANSWER}"'),
        await says("/resource search fracciones"),
        await says(
            f'/resource share url:https://example.org/razones title:"{OWN_TITLE}" '
            "type:tarea grade:6-8"
        ),
        submitted := await says(f"/case submit {case_options_text()}"),
    ]
    assert SHARED_TITLE in seen[1]
    for shown in seen:
        assert_spanish(shown)
    case_id = submitted.split("#", 1)[1].split()[0].rstrip(".,:")

    # The facilitator publishes it; the notice Lucía gets is Spanish, Ann's answer English.
    approved = await harness.ok("ann", f"/case review {case_id} approve")
    assert_english(approved)
    notices = [d for d in harness.deliveries.delivered if d.address.user == "lucia"][1:]
    assert notices, "the author hears her case was published"
    for notice in notices:
        assert_spanish(notice.reply.plain_text().replace(CASE_PARTS["title"], ""))

    report = await harness.ok("ann", "/praxis report charts:no")
    assert "Members" in report
    assert_english(report)
