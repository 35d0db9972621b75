"""The fuzz test: 20,000 generated commands through the dispatcher, every reply rendered for
the console, Slack and Discord and checked against each platform's limits, then the
scheduling engine over every schedule they made for 60 simulated days.

Zero internal faults, zero renderer errors, zero limit violations, no schedule set aside,
no error logged. PRAXIS_FUZZ_COMMANDS and PRAXIS_FUZZ_SEED change the size and the seed (a
failure names its seed and the command, so it can be replayed).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select

from adapters.discord.forms import form_command
from bot.dispatch.dispatcher import Outcome
from bot.kernel.model import Address, Request, TextCommand
from bot.kernel.reply import Reply
from bot.root.app import App
from bot.time.clock import FakeClock
from storage.schedules import SET_ASIDE, Delivery, Schedule
from tests.fuzz import CommandFuzzer, Persona
from tests.limits import all_problems
from tests.logguard import GUARD

COMMANDS = int(os.environ.get("PRAXIS_FUZZ_COMMANDS", "20000"))
SEED = int(os.environ.get("PRAXIS_FUZZ_SEED", "16"))
DAYS = 60
LANES = 4  # communities sending commands side by side
USERS = ("ana", "fac", "mia", "leo", "zoe")  # the first is the admin, `fac` a facilitator
ENGINE_EVERY = 30  # rounds between two engine runs, as the runner's sweep would
SECONDS_PER_ROUND = 20


class Checker:
    """Renders each distinct reply for every platform once (rendering is deterministic, so a
    reply seen before renders the same) and keeps what went wrong."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.problems: list[str] = []
        self.rendered = 0
        self.cpu = 0.0  # seconds spent rendering and checking

    def check(self, reply: Reply, origin: str, where: str) -> None:
        key = repr(reply)
        if key in self.seen:
            return
        self.seen.add(key)
        self.rendered += 1
        begun = time.process_time()
        try:
            found = all_problems(reply, origin)
        except Exception as error:  # a renderer that raises is a fault of its own
            found = [f"renderer error {type(error).__name__}: {error}"]
        self.problems += [f"{where}: {p}" for p in found]
        self.cpu += time.process_time() - begun


class CheckingDelivery:
    """The console's delivery port for the engine: every delivered message is checked."""

    platform = "console"

    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.sent = 0

    async def send(
        self, address: Address, reply: Reply, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        self.sent += 1
        self.checker.check(reply, "delivery", f"delivery to {address.channel or address.user}")
        return str(self.sent)


async def setup(app: App, personas: list[Persona]) -> None:
    """The first person of each community is its admin and makes a facilitator."""
    for persona in personas:
        request = Request(persona.address(), persona.identity(), TextCommand("/praxis whoami"))
        assert (await app.dispatcher.handle(request)).ok
    for community in sorted({p.community for p in personas}):
        admin = next(p for p in personas if p.community == community)
        grant = TextCommand("/praxis role grant @fac facilitator")
        result = await app.dispatcher.handle(Request(admin.address(), admin.identity(), grant))
        assert result.ok, result.reply.plain_text()


@dataclass
class Lane:
    """One community's people, sending one command after another (as a chat is); lanes run
    side by side, as communities do, so the dispatcher also sees concurrent requests."""

    app: App
    fuzzer: CommandFuzzer
    checker: Checker
    outcomes: Counter[str] = field(default_factory=Counter)
    faults: list[str] = field(default_factory=list)
    sent: int = 0

    async def step(self) -> None:
        persona, request = self.fuzzer.next()
        self.sent += 1
        result = await self.app.dispatcher.handle(request)
        self.outcomes[result.outcome.value] += 1
        where = f"seed {self.fuzzer.seed} command {self.sent} {result.command}"
        if result.outcome is Outcome.FAULT:
            self.faults.append(f"{where}: {request.command!r}")
        self.checker.check(result.reply, result.command, where)
        self.fuzzer.follow(persona, result.reply, form_command)


async def test_twenty_thousand_generated_commands_then_sixty_days_of_the_engine(
    app: App, clock: FakeClock
) -> None:
    communities = [f"school-{n}" for n in range(LANES)]
    personas = [Persona(user, c) for c in communities for user in USERS]
    await setup(app, personas)
    checker = Checker()
    app.services.delivery.register(CheckingDelivery(checker))
    lanes = [
        Lane(
            app,
            CommandFuzzer(app.registry, SEED * 100 + n, [p for p in personas if p.community == c]),
            checker,
        )
        for n, c in enumerate(communities)
    ]
    started, cpu = time.perf_counter(), time.process_time()
    for round_ in range(1, -(-COMMANDS // LANES) + 1):
        await asyncio.gather(*(lane.step() for lane in lanes))
        clock.advance(timedelta(seconds=SECONDS_PER_ROUND))
        if round_ % ENGINE_EVERY == 0:
            await app.engine.run_due(clock.now())
    outcomes = sum((lane.outcomes for lane in lanes), Counter())
    faults = [fault for lane in lanes for fault in lane.faults]

    commands_seconds = time.perf_counter() - started
    commands_cpu = time.process_time() - cpu
    started = time.perf_counter()
    # Sixty days of the engine, woken as the runner wakes it: at the next due time.
    end = clock.now() + timedelta(days=DAYS)
    runs = 0
    while (due := await app.engine.next_due()) is not None and due <= end:
        clock.set(max(due, clock.now()))
        await app.engine.run_due(clock.now())
        runs += 1
        if (after := await app.engine.next_due()) is not None and after <= clock.now():
            faults.append(f"the engine left work due at {after} after a run at {clock.now()}")
            clock.advance(timedelta(minutes=1))

    engine_seconds = time.perf_counter() - started
    async with app.db.session() as session:
        schedules = await session.scalar(select(func.count()).select_from(Schedule))
        aside = await session.scalar(
            select(func.count()).select_from(Schedule).where(Schedule.status == SET_ASIDE)
        )
        statuses = Counter(
            dict(
                (
                    await session.execute(
                        select(Delivery.status, func.count()).group_by(Delivery.status)
                    )
                ).all()
            )
        )
    errors = [
        f"{r.name}: {r.getMessage()}"
        for r in GUARD.records
        if r.levelno >= logging.ERROR and r.name.startswith("praxis")
    ]
    summary: dict[str, Any] = {
        "seed": SEED,
        "outcomes": dict(outcomes),
        "replies rendered": checker.rendered,
        "schedules": schedules,
        "engine runs": runs,
        "seconds": {
            "commands": round(commands_seconds, 1),
            "commands, cpu": round(commands_cpu, 1),
            "engine": round(engine_seconds, 1),
            "rendering, cpu": round(checker.cpu, 1),
        },
        "deliveries": dict(statuses),
    }
    print(summary)
    assert sum(outcomes.values()) >= COMMANDS
    assert faults == [], faults[:20]
    assert checker.problems == [], checker.problems[:20]
    assert errors == [], errors[:20]
    assert aside == 0
    # The fuzz reached what it is for: every outcome, schedules made and delivered.
    assert outcomes["ok"] and outcomes["user_error"] and outcomes["refused"]
    if COMMANDS >= 5000:
        assert schedules and statuses.get("sent")
