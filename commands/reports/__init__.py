"""`/praxis report`, `/praxis export` (and the weekly digest): facilitators' view of the network.

The sub-commands are declared here and spliced into `/praxis`; the figures
come from the sections and exports each family contributes (bot/reporting.py).
"""

from __future__ import annotations

from bot.grammar.spec import PersonalData
from bot.kernel.i18n import ngettext
from commands.reports import audit
from commands.reports.demo import seed_demo
from commands.reports.digest import DELIVERY, LOOKUP
from commands.reports.handlers import SUBCOMMANDS
from commands.reports.members import PARTICIPATION, SECTION
from storage.activity import count_member_days, delete_member_days

REPORT_SECTIONS = (SECTION,)
EXPORTS = (PARTICIPATION, audit.EXPORT)
DELIVERY_KINDS = (DELIVERY,)
LOOKUPS = (LOOKUP,)
PERSONAL_DATA = (
    PersonalData(
        lambda n: ngettext(
            "{n} day of using the bot (for participation reports)",
            "{n} days of using the bot (for participation reports)",
            n,
        ),
        count_member_days,
        delete_member_days,
    ),
)

__all__ = [
    "DELIVERY_KINDS",
    "EXPORTS",
    "LOOKUPS",
    "PERSONAL_DATA",
    "REPORT_SECTIONS",
    "SUBCOMMANDS",
    "seed_demo",
]
