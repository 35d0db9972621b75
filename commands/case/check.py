"""The identifying-details check as the author meets it at submission.

`bot.text.deidentify` finds the spans; this module runs it over each free-text
part of a case, says where each span is (part and character positions, with
the words around it), and remembers which findings the author has been
shown, so `confirm:yes` confirms exactly those and never a detail added since.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.kernel.i18n import _, ngettext
from bot.kernel.reply import Block, Item, ItemList, Paragraph
from bot.text.deidentify import Finding, find_in_parts
from commands.case.fields import CHECKED_PARTS, LABELS
from storage.cases import Case

_AROUND = 30  # characters of context shown on each side of a span
MAX_LISTED = 15  # distinct details listed; a long list is cut, never the check


@dataclass(frozen=True)
class PartFinding:
    """A finding in one part of a case; positions are within that part's text."""

    part: str
    finding: Finding

    @property
    def key(self) -> str:
        """What identifies a finding across edits: its part, kind and words."""
        excerpt = " ".join(self.finding.excerpt.split()).lower()
        return f"{self.part}|{self.finding.kind}|{excerpt}"

    @property
    def record(self) -> str:
        """The same, with the excerpt as written: what a reviewer is shown."""
        return f"{self.part}|{self.finding.kind}|{' '.join(self.finding.excerpt.split())}"


def check_case(case: Case, published: tuple[str, ...] = ()) -> list[PartFinding]:
    """Every finding in the case's free-text parts, in form order.

    The parts are checked as one text: a name flagged in the context is flagged
    in the evidence too, even where the evidence alone gives no cue.
    """
    parts = {part.name: getattr(case, part.name) or "" for part in CHECKED_PARTS}
    checked = find_in_parts(parts, published=published)
    return [PartFinding(name, f) for name in parts for f in checked[name]]


def unconfirmed(findings: list[PartFinding], shown: list[str]) -> list[PartFinding]:
    """Findings the author has not been shown yet, so could not have confirmed."""
    seen = set(shown)
    return [f for f in findings if f.key not in seen]


def snippet(text: str, start: int, end: int) -> str:
    """The span in brackets with a few words either side, on one line."""
    left = text[max(0, start - _AROUND) : start]
    right = text[end : end + _AROUND]
    if start > _AROUND:
        left = "…" + left.split(" ", 1)[-1] if " " in left else "…" + left
    if end + _AROUND < len(text):
        right = (right.rsplit(" ", 1)[0] if " " in right else right) + "…"
    return " ".join(f"{left}[{text[start:end]}]{right}".split())


def findings_list(case: Case, findings: list[PartFinding]) -> ItemList:
    """Each span, where it is, and why it was flagged; repeats of one detail on one line."""
    groups: dict[str, list[PartFinding]] = {}
    for found in findings:
        groups.setdefault(found.key, []).append(found)
    items = []
    for same in list(groups.values())[:MAX_LISTED]:
        f = same[0].finding
        text = getattr(case, same[0].part) or ""
        where = ", ".join(f"{s.finding.start + 1}-{s.finding.end}" for s in same[:5])
        if len(same) > 5:
            where = ngettext(
                "{where} and {n} more", "{where} and {n} more", len(same) - 5, where=where
            )
        part = LABELS[same[0].part]
        if len(same) == 1:
            title = _(
                "“{excerpt}” in {part}, characters {where}",
                excerpt=f.excerpt,
                part=part,
                where=where,
            )
        else:
            title = ngettext(
                "“{excerpt}” in {part}, {n} time, characters {where}",
                "“{excerpt}” in {part}, {n} times, characters {where}",
                len(same),
                excerpt=f.excerpt,
                part=part,
                where=where,
            )
        items.append(
            Item(
                title=title,
                detail=_(
                    "{reason}: {snippet}", reason=f.reason, snippet=snippet(text, f.start, f.end)
                ),
            )
        )
    if len(groups) > MAX_LISTED:
        items.append(
            Item(
                title=ngettext(
                    "and {n} more detail like these",
                    "and {n} more details like these",
                    len(groups) - MAX_LISTED,
                )
            )
        )
    return ItemList(tuple(items))


def findings_blocks(case: Case, findings: list[PartFinding]) -> list[Block]:
    """What the author reads when a case is held."""
    return [
        Paragraph(
            _(
                "Case #{id} may identify a student. Nothing was submitted. "
                "Edit these details (use Student A, Student B, a role or a description), "
                "or confirm each one is fine:",
                id=case.id,
            )
        ),
        findings_list(case, findings),
    ]
