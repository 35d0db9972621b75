"""Assembling `/praxis report` from the sections families contribute.

Collects every `ReportSection` and `Export` from the registry, runs each
section over one period and the one before, and turns the figures into reply
blocks. Knows nothing of any family's tables.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.grammar.registry import Registry
from bot.kernel.errors import UserError
from bot.kernel.i18n import _, ngettext
from bot.kernel.reply import Block, Fields, Header, ItemList, Note
from bot.reporting.model import (
    SMALL_NUMBER,
    Breakdown,
    Export,
    Period,
    ReportScope,
    ReportSection,
    Row,
    SectionResult,
    small_number,
)
from bot.text.suggest import did_you_mean

log = logging.getLogger("praxis.report")

MAX_ROWS = 12


def sections(registry: Registry) -> list[ReportSection]:
    found = [section for family in registry for section in family.report_sections]
    return sorted(found, key=lambda section: (section.order, section.key))


def exports(registry: Registry) -> dict[str, Export]:
    return {export.name: export for family in registry for export in family.exports}


def find_export(registry: Registry, name: str) -> Export:
    available = exports(registry)
    wanted = name.strip().lower()
    if wanted in available:
        return available[wanted]
    names = ", ".join(sorted(available)) or _("none yet")
    hint = did_you_mean(wanted, available)
    raise UserError(
        _(
            "There is no export “{name}”.{hint} You can export: {names}.",
            name=name,
            hint=hint,
            names=names,
        )
    )


def period_ending(now: datetime, length: timedelta) -> Period:
    return Period(now - length, now)


async def run_sections(registry: Registry, scope: ReportScope) -> list[SectionResult]:
    """Every section's result; a section with nothing to report is left out."""
    results: list[SectionResult] = []
    for section in sections(registry):
        result = await section.compute(scope)
        if result is not None:
            results.append(result)
    return results


def render_section(result: SectionResult) -> list[Block]:
    blocks: list[Block] = [Header(result.title)]
    if result.figures:
        blocks.append(Fields(tuple((figure.label, figure.shown()) for figure in result.figures)))
    for breakdown in result.breakdowns:
        blocks.extend(render_breakdown(breakdown))
    if result.items_title or result.items:
        if result.items_title:
            blocks.append(Note(result.items_title))
        blocks.append(ItemList(result.items, empty_text=_("None in this period.")))
    blocks.extend(Note(note) for note in result.notes)
    return blocks


def render_breakdown(breakdown: Breakdown) -> list[Block]:
    blocks: list[Block] = [Note(breakdown.title)]
    if not breakdown.rows:
        empty = breakdown.empty_text or _("Nothing to show.")
        return [*blocks, Note(f"  {empty}")]
    shown = breakdown.rows[:MAX_ROWS]
    blocks.append(Fields(tuple((row.label, row_text(row, breakdown)) for row in shown)))
    if len(breakdown.rows) > MAX_ROWS:
        more = len(breakdown.rows) - MAX_ROWS
        blocks.append(
            Note(ngettext("…and {n} more in the export.", "…and {n} more in the export.", more))
        )
    return blocks


def row_text(row: Row, breakdown: Breakdown) -> str:
    render = small_number if row.small else str
    # A hidden count ("fewer than 5") agrees as a plural does.
    agrees_with = SMALL_NUMBER if row.small and row.current < SMALL_NUMBER else row.current
    label = breakdown.counted(agrees_with) if breakdown.counted else _("now")
    if row.of is None:
        text = _("{count} {label}", count=render(row.current), label=label)
    else:
        # "fewer than 5 members": a hidden count reads as more than one
        counted = row.of if not row.small or row.of >= 5 else 5
        text = ngettext(
            "{count} {label} of {of} member",
            "{count} {label} of {of} members",
            counted,
            count=render(row.current),
            label=label,
            of=render(row.of),
        )
    if row.previous is None:
        return text
    return _("{text} (before: {before})", text=text, before=render(row.previous))
