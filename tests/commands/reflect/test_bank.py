"""The prompt bank: the starter prompts, facilitators' additions and retirements, pools."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

from bot.kernel.roles import Role
from bot.time.clock import FakeClock
from commands.reflect.core import PHASES
from commands.reflect.starter import STARTER_BANK, THEMES
from tests.commands.reflect.helpers import send
from tests.harness import Harness


def test_starter_bank_has_twenty_tagged_prompts() -> None:
    assert len(STARTER_BANK) >= 20
    assert len({p.text for p in STARTER_BANK}) == len(STARTER_BANK)
    for prompt in STARTER_BANK:
        assert prompt.phase in PHASES
        assert prompt.tags and set(prompt.tags) <= set(THEMES)
    named = {"voice", "entry-points", "rigor", "identity", "belonging", "student-data"}
    assert named <= {tag for p in STARTER_BANK for tag in p.tags}


async def test_facilitators_see_the_starter_bank_paged(harness: Harness) -> None:
    await harness.community("ana")
    shown = await harness.ok("ana", "/reflect prompts")
    assert "#1" in shown and "themes: voice" in shown and "Page 1 of 5" in shown
    voice = await harness.ok("ana", "/reflect prompts tag:voice")
    assert "Whose ideas moved" in voice and "Where could a student start" not in voice
    plan = await harness.ok("ana", "/reflect prompts phase:plan")
    assert "phase: reflect" not in plan and "phase: plan" in plan


async def test_members_cannot_manage_the_bank_and_nothing_changes(harness: Harness) -> None:
    await harness.community("ana")
    refusal = await harness.fails("ben", '/reflect add-prompt "Who spoke today in class?"')
    assert "Only facilitators can manage the prompt bank." in refusal
    assert "Only facilitators" in await harness.fails("ben", "/reflect prompts")
    assert "Only facilitators" in await harness.fails("ben", "/reflect retire 1")
    assert "Who spoke today" not in await harness.ok("ana", "/reflect prompts page:3")


async def test_facilitator_adds_a_tagged_prompt(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("kim", Role.FACILITATOR)
    shown = await harness.ok(
        "kim",
        '/reflect add-prompt "Which student led the talk today?" '
        'phase:teach tag:"Voice,Talk Moves"',
    )
    assert "Added prompt #49" in shown and "themes: talk-moves, voice" in shown
    assert "Which student led" in await harness.ok("kim", "/reflect prompts tag:talk-moves")
    again = await harness.fails("kim", '/reflect add-prompt "which student led the talk today?"')
    assert "already in the bank as #49" in again
    assert "not a tag" in await harness.fails(
        "kim", '/reflect add-prompt "Another question?" tag:!!'
    )
    assert "phase:" in await harness.fails("kim", '/reflect add-prompt "Another question?" phase:x')


async def test_retired_prompts_stop_going_out_and_can_be_restored(harness: Harness) -> None:
    await harness.community("ana")
    assert "Retired prompt #1" in await harness.ok("ana", "/reflect retire 1")
    assert "Whose ideas moved" not in await harness.ok("ana", "/reflect prompts tag:voice")
    assert "retired" in await harness.ok("ana", "/reflect prompts tag:voice all:yes")
    assert await send(harness, "maria", prompt=1) is None
    for _ in range(6):
        sent = await send(harness, "maria", pool="voice")
        assert sent is not None and sent.prompt_number != 1
    await harness.ok("ana", "/reflect restore #1")
    assert await send(harness, "maria", prompt=1) is not None
    assert "no prompt #99" in await harness.fails("ana", "/reflect retire 99")


async def test_a_pool_rotates_and_never_repeats_in_a_row(
    harness: Harness, clock: FakeClock
) -> None:
    await harness.community("ana")
    pool = [p for p in STARTER_BANK if "voice" in p.tags]
    got: list[int] = []
    for _ in range(len(pool) * 2 + 1):
        clock.advance(timedelta(days=7))
        sent = await send(harness, "maria", pool="voice")
        assert sent is not None
        got.append(sent.prompt_number)
    assert all(a != b for a, b in pairwise(got))
    assert len(set(got[: len(pool)])) == len(pool)  # every prompt once before any repeats
    assert got[len(pool) :][: len(pool)] == got[: len(pool)]


async def test_rotation_is_per_person(harness: Harness, clock: FakeClock) -> None:
    await harness.community("ana")
    first = await send(harness, "maria", pool="reflect")
    clock.advance(timedelta(days=1))
    second = await send(harness, "maria", pool="reflect")
    tom = await send(harness, "tom", pool="reflect")
    assert first and second and tom
    assert first.prompt_number != second.prompt_number
    assert tom.prompt_number == first.prompt_number  # tom has not had it yet


async def test_a_phase_is_a_pool_too(harness: Harness) -> None:
    await harness.community("ana")
    sent = await send(harness, "maria", pool="revise")
    assert sent is not None and "revised lesson" in sent.reply.plain_text()
    assert await send(harness, "maria", pool="no-such-theme") is None
