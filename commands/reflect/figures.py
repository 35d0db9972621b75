"""Reflection prompts in `/praxis report` and the weekly digest: counts only.

Built on `stats_rows`, which selects no text column, with the same
small-number rule as `/reflect stats`: answered and skipped counts that
fewer than five people stand behind show as "fewer than 5", zero included.
Sent counts are shown as they are (they count what facilitators did).
There is no reflections export: answers are private, and counts are here.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from bot.kernel.i18n import _
from bot.kernel.reply import Item
from bot.reporting.model import (
    DigestPart,
    DigestScope,
    Figure,
    Period,
    ReportScope,
    ReportSection,
    SectionResult,
)
from storage.reflect import Prompt, Reflection, StatsRow, stats_rows


def _tally(
    rows: list[StatsRow], period: Period, ids: frozenset[int] | None
) -> dict[str, tuple[int, int]]:
    """(count, distinct people) of sent, answered and skipped in the period."""
    counts: Counter[str] = Counter()
    people: dict[str, set[int]] = {"sent": set(), "answered": set(), "skipped": set()}
    for row in rows:
        if ids is not None and row.member_id not in ids:
            continue
        for name, when in (
            ("sent", row.sent_at),
            ("answered", row.answered_at),
            ("skipped", row.skipped_at),
        ):
            if period.contains(when):
                counts[name] += 1
                people[name].add(row.member_id)
    return {name: (counts[name], len(people[name])) for name in people}


async def compute(scope: ReportScope) -> SectionResult | None:
    rows = await stats_rows(scope.session, scope.community.id, scope.previous.start)
    now = _tally(rows, scope.period, scope.member_ids)
    before = _tally(rows, scope.previous, scope.member_ids)
    figures = [Figure(_("Prompts sent"), now["sent"][0], before["sent"][0])]
    for name, label in (("answered", _("Answered")), ("skipped", _("Skipped"))):
        figures.append(
            Figure(
                label,
                now[name][0],
                before[name][0],
                small=True,
                people=now[name][1],
                people_before=before[name][1],
            )
        )
    return SectionResult(
        _("Reflection prompts"),
        tuple(figures),
        notes=(
            _(
                "Counts only, never what anyone wrote; a count fewer than five people stand "
                "behind shows as “fewer than 5”."
            ),
        ),
    )


async def digest(scope: DigestScope) -> DigestPart | None:
    """This week's prompt: the bank prompt sent to the most people in the past week."""
    query = (
        select(Prompt.id, Prompt.text, func.count(Reflection.id))
        .join(Reflection, Reflection.prompt_id == Prompt.id)
        .where(
            Reflection.community_id == scope.community.id,
            scope.week.where(Reflection.sent_at),
        )
        .group_by(Prompt.id, Prompt.text)
        .order_by(func.count(Reflection.id).desc(), Prompt.id.desc())
        .limit(1)
    )
    found = (await scope.session.execute(query)).first()
    if found is None:
        return None
    _id, text, _count = found
    item = Item(text, _("Answer it with /reflect; answers are private unless you share them."))
    return DigestPart(_("This week's prompt"), (item,), order=40)


SECTION = ReportSection("reflections", "Reflection prompts", compute, order=40, digest=digest)
