"""The command families, one module each: the use cases of the bot."""

from __future__ import annotations

from bot.spec import Family


def all_families() -> list[Family]:
    """Every family the bot serves, in the order help lists them."""
    from commands import nudge, praxis

    return [praxis.FAMILY, nudge.FAMILY]
