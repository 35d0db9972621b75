"""Alive and ready: what a load balancer or an orchestrator asks the bot.

Alive is "this process answers". Ready is "it can do its job": the database answers and
every platform it serves is connected. Adapters report their connection here through the
core face; the check runs on each request (no cached verdict), so readiness returns as
soon as the database does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.observe.metrics import Metrics
from storage.db import Database


@dataclass(frozen=True)
class Readiness:
    ready: bool
    database: bool
    platforms: dict[str, bool]

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ready,
            "database": "reachable" if self.database else "unreachable",
            "platforms": {
                name: "connected" if up else "disconnected" for name, up in self.platforms.items()
            },
        }


@dataclass
class Health:
    metrics: Metrics
    platforms: dict[str, bool] = field(default_factory=dict)

    def expect(self, platform: str) -> None:
        """A platform this process serves: not ready until it reports connected."""
        self.platforms.setdefault(platform, False)
        self.metrics.connected.labels(platform).set(0)

    def connected(self, platform: str, up: bool) -> None:
        self.platforms[platform] = up
        self.metrics.connected.labels(platform).set(1 if up else 0)

    async def readiness(self, db: Database) -> Readiness:
        database = await db.healthy(timeout=1.0)
        if not database:
            self.metrics.database_errors.inc()
        platforms = dict(self.platforms)
        return Readiness(database and all(platforms.values()), database, platforms)
