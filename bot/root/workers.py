"""`praxis run slack --http --workers N`: several processes serving one port.

Python serves one request at a time per core's worth of CPU; a district's small VM has
two cores. The parent starts N worker processes of `praxis run slack --http`, each
binding the same port with SO_REUSEPORT (the kernel spreads connections across them),
and supervises them: SIGTERM/SIGINT stop them all; a worker that dies is started again
after a backoff that doubles up to a minute, so one crash never takes the port down.
The scheduler runs in exactly one worker: the PostgreSQL advisory lock, or on SQLite an
exclusive file lock, decides which; the others stand by and one takes over if it dies.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import dataclass

log = logging.getLogger("praxis.workers")

MAX_BACKOFF = 60.0


@dataclass(frozen=True)
class WorkerOptions:
    workers: int
    host: str
    port: int
    # How long a worker has to stop after SIGTERM before it is killed.
    grace: float = 15.0


def worker_command(options: WorkerOptions) -> list[str]:
    return [
        sys.executable,
        "-m",
        "bot.root.cli",
        "run",
        "slack",
        "--http",
        "--host",
        options.host,
        "--port",
        str(options.port),
        "--worker",
    ]


async def _keep_running(index: int, options: WorkerOptions, stop: asyncio.Event) -> None:
    backoff = 1.0
    while not stop.is_set():
        process = await asyncio.create_subprocess_exec(*worker_command(options))
        log.info("worker %d started (pid %d)", index, process.pid)
        waiting = asyncio.create_task(process.wait())
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({waiting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():
            stopping.cancel()
            if process.returncode is None:
                process.terminate()
                # asyncio.wait, not wait_for: wait_for would cancel the wait on a timeout,
                # and the killed worker would never be reaped.
                done, _ = await asyncio.wait({waiting}, timeout=options.grace)
                if not done:
                    log.error("worker %d did not stop in %g s: killed", index, options.grace)
                    process.kill()
                    await waiting
            log.info("worker %d stopped", index)
            return
        stopping.cancel()
        log.error(
            "worker %d (pid %d) exited with %s; starting it again in %.0f s",
            index,
            process.pid,
            process.returncode,
            backoff,
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), backoff)
        backoff = min(backoff * 2, MAX_BACKOFF)


async def run_workers(options: WorkerOptions) -> int:
    """Start and supervise the workers until SIGTERM or SIGINT; 0 on a clean stop."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    log.info("serving Slack on %s:%s with %d workers", options.host, options.port, options.workers)
    try:
        await asyncio.gather(*(_keep_running(i, options, stop) for i in range(options.workers)))
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    return 0
