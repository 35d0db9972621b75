"""Sample activity for `praxis demo`, so the report and its charts have a history to show."""

from __future__ import annotations

from datetime import timedelta

from bot.dispatch.seeding import DemoContext
from storage.activity import record_activity

WEEKS = 10
QUIET = ("diego",)  # someone the network has stopped reaching, for the report to show


async def seed_demo(demo: DemoContext) -> None:
    """A few days of use a week for each sample person; idempotent (one row per day)."""
    for index, (user_id, member) in enumerate(sorted(demo.members.items())):
        for week in range(WEEKS):
            if (week + index) % 3 == 0:
                continue  # everyone misses a week now and then
            if user_id in QUIET and week < 6:
                continue  # quiet for the last six weeks
            day = demo.now - timedelta(days=7 * week + index % 5)
            await record_activity(demo.session, member, day)
