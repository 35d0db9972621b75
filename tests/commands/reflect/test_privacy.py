"""Privacy acceptance: private answers never reach anyone but their author.

After members answer privately, nothing a facilitator, an admin or another member can run
contains any private answer text: not the replies, not the messages the bot delivers, not
the log. Later families extend OTHERS_RUN with their own stats, search, report and export
commands; every command that needs no argument is run as well, automatically.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TypeGuard

import pytest

from bot.kernel.reply import Attachment
from bot.kernel.roles import Role
from bot.root.app import App
from bot.time.clock import FakeClock
from tests.commands.reflect.helpers import send
from tests.harness import Harness

PRIVATE_TEXTS = (
    "Daniela cried when the fraction strips ran out",
    "I worry my principal thinks my 4th period is hopeless",
    "Honestly I never call on the back row",
)
SHARED_TEXT = "Pair talk before sharing brought in new voices"

# Commands other people run after the answers; (who, command). Extend as families land
# (e.g. "/resource search fractions", "/case search principal", "/praxis report",
# "/praxis export reflections").
OTHERS_RUN: list[tuple[str, str]] = [
    ("kim", "/reflect stats"),
    ("kim", "/reflect stats since:1w"),
    ("kim", "/reflect prompts"),
    ("kim", "/reflect prompts all:yes"),
    ("kim", "/reflect schedules"),
    ("kim", "/reflect shared"),
    ("kim", "/reflect history"),
    ("kim", "/reflect"),
    ("ana", "/reflect stats"),
    ("ana", "/reflect shared"),
    ("ana", "/praxis whoami"),
    ("ana", "/praxis forget-me"),
    ("zed", "/reflect shared"),
    ("zed", "/reflect history"),
    ("zed", "/reflect"),
    ("aisha", "/reflect shared"),  # on maria's team
    ("aisha", "/reflect history"),
    ("zed", "/reflect stats"),  # refused, and the refusal leaks nothing
    ("zoe", "/reflect shared"),  # another community
    ("zoe", "/reflect stats"),
    # Search everywhere a private word could surface.
    ("kim", "/resource search fraction strips"),
    ("kim", "/resource search principal hopeless"),
    ("kim", "/resource search back row"),
    ("zed", "/resource search Daniela"),
    ("kim", "/case search Daniela"),
    ("kim", "/case search principal"),
    ("kim", "/case queue"),
    ("kim", "/cycle status"),
    ("kim", "/nudge list"),
    # Reports and every export, files included.
    ("kim", "/praxis report charts:no"),
    ("kim", "/praxis report team:lesson-7 charts:no"),
    ("kim", "/praxis export participation"),
    ("kim", "/praxis export resources"),
    ("kim", "/praxis export cases"),
    ("kim", "/praxis export cycles"),
    ("kim", "/praxis digest preview"),
]
OTHER_COMMUNITY = {"zoe"}
AUTHORS = ("maria", "tom")


def _argless_commands(app: App) -> list[str]:
    """Every sub-command that runs without arguments: what others could type blindly."""
    commands = []
    for family, sub in app.registry.commands():
        if not any(option.required for option in sub.options):
            commands.append(f"/{family.name} {sub.name}")
    return commands


async def _answer_privately(harness: Harness, app: App, clock: FakeClock) -> None:
    await harness.community("ana")
    await harness.with_role("kim", Role.FACILITATOR)
    await harness.ok("zoe", "/praxis whoami", community="T-OTHER")
    await harness.ok("zed", "/praxis whoami")
    await harness.ok("tom", "/praxis whoami")
    for name in ("maria", "aisha"):
        await send(harness, name, prompt=1, team="team:lesson-7")
    await harness.ok("kim", '/reflect schedule to:@tom when:"in 1 hour" pool:voice')
    clock.advance(timedelta(hours=1))
    await app.engine.run_due(clock.now())
    await harness.ok("maria", f'/reflect answer "{PRIVATE_TEXTS[0]}"')
    await harness.ok("maria", f'/reflect answer "{PRIVATE_TEXTS[1]}" share:private')
    await harness.ok("tom", f'/reflect answer "{PRIVATE_TEXTS[2]}"')
    await harness.ok("tom", f'/reflect answer "{SHARED_TEXT}" share:community')


def _is_file(block: object) -> TypeGuard[Attachment]:
    return isinstance(block, Attachment)


def _leaks(text: str) -> list[str]:
    return [secret for secret in PRIVATE_TEXTS if secret.lower() in text.lower()]


async def test_nobody_else_sees_private_answers(
    harness: Harness, app: App, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="praxis")
    await _answer_privately(harness, app, clock)
    delivered_before = len(harness.deliveries.delivered)
    runs = list(OTHERS_RUN)
    for who in ("kim", "ana", "zed", "aisha"):
        runs.extend((who, command) for command in _argless_commands(app))
    files_read = 0
    for who, command in runs:
        where = {"community": "T-OTHER"} if who in OTHER_COMMUNITY else {}
        result = await harness.run(who, command, **where)
        shown = harness.as_(who, **where).show(result)
        files = [b.data.decode("utf-8", "replace") for b in result.reply.blocks if _is_file(b)]
        files_read += len(files)
        shown = "\n".join([shown, *files])
        assert not _leaks(shown), f"{who} ran {command!r} and saw private text: {shown}"
    assert files_read >= 4, "every export's CSV was read, not just the replies"
    # The shared answer is visible: the test would catch a command that shows answers.
    assert SHARED_TEXT in await harness.text("zed", "/reflect shared")
    clock.advance(timedelta(days=8))
    await app.engine.run_due(clock.now())
    for delivered in harness.deliveries.delivered[delivered_before:]:
        assert not _leaks(delivered.reply.plain_text()), delivered
    for delivered in harness.deliveries.delivered:
        if delivered.address.user not in AUTHORS:
            assert not _leaks(delivered.reply.plain_text()), delivered
    assert not _leaks(caplog.text), "a private answer reached the log"
    # The authors still have them.
    assert PRIVATE_TEXTS[0] in await harness.ok("maria", "/reflect history")
    assert PRIVATE_TEXTS[2] in await harness.ok("tom", "/reflect history")


async def test_a_team_share_stays_inside_the_team(
    harness: Harness, app: App, clock: FakeClock
) -> None:
    await _answer_privately(harness, app, clock)
    await send(harness, "maria", prompt=2, team="team:lesson-7")
    await harness.ok("maria", '/reflect answer "Team-only thought" share:team')
    assert "Team-only thought" in await harness.ok("aisha", "/reflect shared")
    for who in ("kim", "ana", "zed", "tom"):
        assert "Team-only thought" not in await harness.text(who, "/reflect shared")


# ---------------------------------------------------------------------------------------------
# Team work, the audit log and unpublished cases: the same sweep of every read path.

TEAM_NOTE = "Oluwadamilare counted the tiles twice before speaking"
TAKEDOWN_NOTE = "Taken down for naming Zebediah"
UNPUBLISHED = "Marisabel Quintanilla explained her double number line"


async def _team_work_and_a_takedown(harness: Harness) -> None:
    await harness.community("ana")
    await harness.with_role("kim", Role.FACILITATOR)
    await harness.ok("zoe", "/praxis whoami", community="T-OTHER")
    for name in ("maria", "aisha", "zed", "tom"):
        await harness.ok(name, "/praxis whoami")
    await harness.ok(
        "kim", '/cycle start name:"lesson-7" theme:"Fractions as numbers" team:@maria,@aisha'
    )
    held = await harness.ok("maria", f'/cycle artifact lesson-7 observation "{TEAM_NOTE}"')
    assert "held artifact" in held, "the note names a child, so it is held first"
    await harness.ok("maria", "/cycle artifact lesson-7 confirm:yes")
    case = (
        'title:"Double number lines" grade:3-5 context:"Grade 4, 24 students." '
        'problem:"Few explain." focus:identity tried:"Rehearsal." '
        f'evidence:"{UNPUBLISHED}." question:"What next?"'
    )
    await harness.ok("tom", f"/case submit {case}")
    await harness.ok("tom", "/case submit 1 confirm:yes")
    await harness.ok("kim", "/case review 1 approve")
    await harness.ok("kim", f'/case unpublish 1 note:"{TAKEDOWN_NOTE}" confirm:yes')


async def test_team_notes_the_audit_log_and_unpublished_cases_stay_where_they_belong(
    harness: Harness, app: App, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="praxis")
    await _team_work_and_a_takedown(harness)
    others = [
        ("zed", "/cycle status lesson-7"),
        ("zed", "/cycle status"),
        ("zed", "/case search Marisabel"),
        ("zed", "/case show 1"),
        ("zed", "/case list status:returned"),
        ("zed", "/resource search Marisabel Quintanilla"),
        ("zed", "/resource search type:case-study"),
        ("zed", "/praxis audit"),
        ("zed", "/praxis export audit"),
        ("kim", "/praxis audit"),
        ("kim", "/praxis export audit"),
        ("kim", "/praxis export cases"),
        ("kim", "/praxis export cycles"),
        ("kim", "/praxis digest preview"),
        ("kim", "/case search Marisabel"),
        ("kim", "/resource search Marisabel"),
        ("kim", "/praxis report charts:no"),
        ("tom", "/cycle status lesson-7"),
        ("zoe", "/cycle status"),
        ("zoe", "/case show 1"),
    ]
    for who in ("zed", "kim", "tom"):
        others.extend((who, command) for command in _argless_commands(app))
    secrets = {
        "zed": (TEAM_NOTE, TAKEDOWN_NOTE, UNPUBLISHED),
        "tom": (TEAM_NOTE,),  # the author of the case, outside the team
        "zoe": (TEAM_NOTE, TAKEDOWN_NOTE, UNPUBLISHED),
        # facilitators read team notes and returned cases, never the admins' log or exports
        "kim": (TAKEDOWN_NOTE, UNPUBLISHED),
    }
    for who, command in others:
        where = {"community": "T-OTHER"} if who in OTHER_COMMUNITY else {}
        result = await harness.run(who, command, **where)
        shown = harness.as_(who, **where).show(result)
        files = [b.data.decode("utf-8", "replace") for b in result.reply.blocks if _is_file(b)]
        text = "\n".join([shown, *files]).lower()
        if who == "kim" and command.startswith("/case show"):
            continue
        leaked = [s for s in secrets[who] if s.lower() in text]
        assert not leaked, f"{who} ran {command!r} and saw {leaked}: {shown}"
    # The controls: the team and facilitators read the note; the admin reads the log.
    assert TEAM_NOTE in await harness.ok("aisha", "/cycle status lesson-7")
    assert TEAM_NOTE in await harness.ok("kim", "/cycle status lesson-7")
    assert TAKEDOWN_NOTE in await harness.ok("ana", "/praxis audit")
    assert UNPUBLISHED in await harness.ok("tom", "/case show 1")
    for secret in (TEAM_NOTE, UNPUBLISHED):
        assert secret not in caplog.text, "user text reached the log"
