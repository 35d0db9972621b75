"""The command families, one module each: the use cases of the bot."""

from __future__ import annotations

from bot.grammar.spec import Family


def all_families() -> list[Family]:
    """Every family the bot serves, in the order help lists them."""
    from commands import case, cycle, nudge, praxis, reflect, resource

    return [
        praxis.FAMILY,
        resource.FAMILY,
        cycle.FAMILY,
        reflect.FAMILY,
        case.FAMILY,
        nudge.FAMILY,
    ]
