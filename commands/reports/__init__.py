"""`/praxis report`, `/praxis export` (and the weekly digest): facilitators' view of the network.

The sub-commands are declared here and spliced into `/praxis`; the figures
come from the sections and exports each family contributes (bot/reporting.py).
"""

from __future__ import annotations

from commands.reports.demo import seed_demo
from commands.reports.digest import DELIVERY
from commands.reports.handlers import SUBCOMMANDS
from commands.reports.members import PARTICIPATION, SECTION

REPORT_SECTIONS = (SECTION,)
EXPORTS = (PARTICIPATION,)
DELIVERY_KINDS = (DELIVERY,)

__all__ = ["DELIVERY_KINDS", "EXPORTS", "REPORT_SECTIONS", "SUBCOMMANDS", "seed_demo"]
