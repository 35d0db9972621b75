"""Keep one platform's connection up: a crash is retried with backoff, never fatal.

`praxis run` may have no supervisor (systemd, Kubernetes) around it, and with `run all` one
platform's failure must not take the other down. So each platform runs under `supervise`:
when its serve coroutine raises (or returns while the bot is not stopping), it is started
again after a pause that doubles from `first` up to `cap`; a run that stayed up for
`healthy_after` seconds starts the count again. `PlatformRefused` (a bad token) is the one
failure retrying cannot fix: it ends that platform, and the runner reports it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.kernel.errors import PlatformRefused

log = logging.getLogger("praxis.run")

Serve = Callable[[asyncio.Event], Awaitable[None]]


@dataclass(frozen=True)
class Backoff:
    first: float = 1.0
    cap: float = 60.0
    healthy_after: float = 60.0

    def delay(self, failures: int) -> float:
        """The pause before the next start after `failures` failures in a row."""
        return min(self.first * 2.0 ** max(failures - 1, 0), self.cap)


async def supervise(
    name: str,
    serve: Serve,
    stop: asyncio.Event,
    backoff: Backoff = Backoff(),
    *,
    on_down: Callable[[], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Serve `name` until `stop` is set; returns how many times it was restarted.

    `on_down` is called each time the platform stops (health checks then report it down
    until it connects again). Raises PlatformRefused when the platform refuses the bot for
    good."""
    failures = restarts = 0
    while not stop.is_set():
        started = clock()
        try:
            await serve(stop)
            if stop.is_set():
                break
            reason = "its connection ended"
            first = failures == 0
        except PlatformRefused:
            raise
        except Exception as error:
            reason = type(error).__name__
            first = failures == 0
            if first:  # the traceback once; a crash loop repeats it only as one line
                log.error("%s crashed", name, exc_info=error)
        if on_down is not None:
            on_down()
        if clock() - started >= backoff.healthy_after:
            failures = 0
        failures += 1
        delay = backoff.delay(failures)
        log.warning(
            "%s stopped (%s); starting it again in %.1f s (failure %d in a row)%s",
            name,
            reason,
            delay,
            failures,
            "" if first else "; the other platforms keep serving",
        )
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        if not stop.is_set():
            restarts += 1
    return restarts
