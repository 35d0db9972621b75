"""A `praxis run`-like process for the crash and failover tests: the app, its scheduling
engine under APScheduler, and a delivery port that appends each message to a file.

Usage: python -m tests.bot.scheduling.scheduler_process OUTPUT INSTANCE [LEADER_POLL] [SWEEP]
(the database comes from PRAXIS_DATABASE_URL). Each probe message is
"<schedule id> <occurrence ISO> <instance> <key>", written before the send returns, as a
platform would have received it. The file is the platform: like Discord's enforced nonce or
Slack's metadata lookup, it posts a key it has already received no second time, whichever
process sends it.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import signal
import sys
from dataclasses import dataclass, replace

from bot.grammar.spec import Family
from bot.kernel.model import Address
from bot.kernel.reply import Paragraph, Reply
from bot.root.app import build_app
from bot.root.config import Settings
from bot.scheduling.kinds import ComposeContext, DeliveryKind, Outgoing
from bot.scheduling.runner import SchedulerRunner
from commands import all_families

INSTANCE = sys.argv[2] if len(sys.argv) > 2 else "a"
READY = "scheduler process ready"  # logged once the runner has started
ACTIVE = "this instance is now the active scheduler"  # bot.scheduling.leader, PostgreSQL


async def compose(ctx: ComposeContext) -> list[Outgoing]:
    text = f"{ctx.schedule.id} {ctx.occurrence.isoformat()} {INSTANCE}"
    return [Outgoing(r.address, Reply([Paragraph(text)])) for r in ctx.recipients]


PROBE = Family("probe", "test deliveries", (), delivery_kinds=(DeliveryKind("probe", compose),))


@dataclass
class FilePort:
    path: str
    platform: str = "console"

    async def send(
        self, address: Address, reply: Reply, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            seen = b""
            while chunk := os.read(fd, 1 << 16):
                seen += chunk
            if key is None or f" {key}\n".encode() not in seen:
                os.write(fd, f"{reply.plain_text()} {key or '-'}\n".encode())
            else:  # kept aside so a test can tell the re-send path ran
                with open(f"{self.path}.repeats", "a") as repeats:
                    repeats.write(f"{key} resend={resend}\n")
        finally:
            os.close(fd)
        await asyncio.sleep(0.05)  # the platform's round trip
        return None


async def main() -> None:
    output = sys.argv[1]
    poll = float(sys.argv[3]) if len(sys.argv) > 3 else 1.0
    sweep = float(sys.argv[4]) if len(sys.argv) > 4 else 2.0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = build_app(Settings(), families=[*all_families(), PROBE])
    await app.start()
    app.services.delivery.register(FilePort(output))
    # The app's engine under this instance's name, run the way `praxis run` runs it but
    # with the test's leader poll and sweep (seconds, not the defaults' tens of seconds).
    engine = replace(app.engine, instance=INSTANCE)
    runner = SchedulerRunner(
        engine, app.settings.database_url, sweep_seconds=sweep, leader_poll=poll
    )
    await runner.start()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    logging.getLogger("praxis.test").info("%s", READY)  # the test waits for this line
    await stop.wait()
    await runner.stop()
    await app.close()


if __name__ == "__main__":
    asyncio.run(main())
