"""Scheduled reflection prompts: the parts that talk to the scheduling engine.

Until the engine runs (`services.scheduler` is None), a snooze only hides the prompt until
its time; `/reflect` shows it again from then on.
"""

from __future__ import annotations

from bot.context import Context
from storage.reflect import Reflection


async def schedule_snooze_reminder(ctx: Context, reflection: Reflection) -> None:
    """Bring a snoozed prompt back by direct message when the snooze ends."""
    if ctx.services.scheduler is None:
        return
