"""Prometheus metrics: what an operator watches (commands, latency, deliveries, lag, faults).

One `Metrics` per app, on its own CollectorRegistry (no global default registry), so two
apps in one test process never share counters. Labels carry only our own vocabulary
(family, outcome, platform): never a community's name, a person, or anything they wrote.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = ["CONTENT_TYPE_LATEST", "Metrics"]

# Slack and Discord give 3 s: the buckets resolve the part of that range that matters.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
LAG_BUCKETS = (0.1, 0.5, 1.0, 2.0, 5.0, 15.0, 60.0, 300.0, 3600.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.commands = Counter(
            "praxis_commands",
            "Commands handled, by family and outcome.",
            ["family", "outcome"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "praxis_command_seconds",
            "Time from a request reaching the dispatcher to its reply, by family.",
            ["family"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.deliveries = Counter(
            "praxis_deliveries",
            "Scheduled messages by what became of them (sent, failed, held, missed).",
            ["outcome"],
            registry=self.registry,
        )
        self.lag = Histogram(
            "praxis_scheduler_lag_seconds",
            "How late a scheduled delivery went out after it was due.",
            buckets=LAG_BUCKETS,
            registry=self.registry,
        )
        self.database_errors = Counter(
            "praxis_database_errors",
            "Database operations that failed (health checks and command transactions).",
            registry=self.registry,
        )
        self.set_aside = Counter(
            "praxis_schedules_set_aside",
            "Schedules the engine set aside after a fault of their own (see the log's ref).",
            registry=self.registry,
        )
        self.connected = Gauge(
            "praxis_platform_connected",
            "1 while a platform's connection is up.",
            ["platform"],
            registry=self.registry,
        )

    def command(self, family: str, outcome: str, seconds: float) -> None:
        self.commands.labels(family, outcome).inc()
        self.latency.labels(family).observe(seconds)

    def delivery(self, outcome: str, *, lag: float | None = None) -> None:
        self.deliveries.labels(outcome).inc()
        if lag is not None:
            self.lag.observe(max(0.0, lag))

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
