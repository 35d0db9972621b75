"""/praxis home: what is yours, from every family, the same on every platform."""

from __future__ import annotations

from bot.face import Result
from bot.kernel.reply import Buttons
from tests.commands.reflect.helpers import send
from tests.harness import Harness


def _commands(result: Result) -> list[str]:
    return [
        b.command
        for block in result.reply.blocks
        if isinstance(block, Buttons)
        for b in block.buttons
    ]


async def test_home_shows_the_open_prompt_cycles_drafts_and_saved_resources(
    harness: Harness,
) -> None:
    await harness.community("ana")
    empty = await harness.ok("maria", "/praxis home")
    for line in ("No open prompt", "on no open cycle", "No drafts", "Nothing saved yet"):
        assert line in empty

    await send(harness, "maria", prompt=1)
    await harness.ok("ana", '/resource share url:https://ex.org/a title:"Number talks" type:task')
    await harness.ok("maria", "/resource save 1")
    await harness.ok("maria", '/case submit title:"Fractions on a line"')
    await harness.ok("ana", "/praxis role grant @maria facilitator")
    await harness.ok(
        "maria",
        '/cycle start name:"Ratios" theme:"Ratio tables" lesson-date:2026-12-18',
        channel="grade7",
    )
    result = await harness.run("maria", "/praxis home")
    shown = harness.as_("maria").show(result)
    assert "Whose ideas moved the conversation" in shown, "the open prompt"
    assert "Number talks" in shown and "Fractions on a line" in shown
    assert "Ratios" in shown and "Next: study on" in shown
    commands = _commands(result)
    assert "/reflect" in commands, "Answer opens the prompt's form"
    assert "/case submit 1" in commands and any(c.startswith("/cycle status") for c in commands)
    # Nothing of anyone else's.
    other = await harness.ok("ben", "/praxis home")
    assert "Fractions on a line" not in other and "Number talks" not in other
