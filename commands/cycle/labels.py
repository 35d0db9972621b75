"""A cycle's grade band, standards and equity focus: what its published report is filed under.

They follow the library's vocabulary exactly (the same grade bands, the same
standard-code spelling, the community's equity-focus list), so a report shared
with `/cycle close share:yes` is found by `/resource search grade:3-5
focus:identity` like any other resource.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.grammar.spec import Args, Option, OptionType
from bot.kernel.errors import UserError
from bot.kernel.i18n import _
from bot.text.normalize import normalize_standard, normalize_tag
from storage.cycles import Cycle
from storage.resource_models import GRADE_BANDS, MAX_LABELS, focus_vocabulary

NONE_WORDS = ("none", "off", "remove")


def label_options(*, clearable: bool = False) -> tuple[Option, ...]:
    """The three options, declared once for /cycle start and /cycle edit."""
    grades = (*GRADE_BANDS, "none") if clearable else GRADE_BANDS
    clear = "; none clears it" if clearable else ""
    return (
        Option("grade", OptionType.CHOICE, choices=grades, help="grade band" + clear),
        Option(
            "standard",
            OptionType.LIST,
            max_length=300,
            metavar="a,b",
            autocomplete="standard",
            help="standard codes, e.g. 4.NF.A.1,4.NF.A.2" + clear,
        ),
        Option(
            "focus",
            OptionType.LIST,
            max_length=300,
            metavar="a,b",
            autocomplete="focus",
            help="equity focus, see /resource focus" + clear,
        ),
    )


def _cleared(values: Iterable[str]) -> bool:
    values = list(values)
    return len(values) == 1 and values[0].strip().lower() in NONE_WORDS


def clean_standards(values: Iterable[str]) -> str:
    out: list[str] = []
    for raw in values:
        code = normalize_standard(raw)
        if code not in out:
            out.append(code)
    if len(out) > MAX_LABELS:
        raise UserError(_("At most {n} standards per cycle, please.", n=MAX_LABELS))
    return ",".join(out)


def clean_focus(values: Iterable[str], settings: dict[str, Any] | None) -> str:
    allowed = focus_vocabulary(settings)
    out: list[str] = []
    for raw in values:
        tag = normalize_tag(raw)
        if tag not in allowed:
            raise UserError(
                _(
                    "“{tag}” is not an equity focus here. Choose from: {allowed}.",
                    tag=raw.strip()[:40],
                    allowed=", ".join(allowed),
                )
            )
        if tag not in out:
            out.append(tag)
    if len(out) > MAX_LABELS:
        raise UserError(_("At most {n} equity-focus tags per cycle, please.", n=MAX_LABELS))
    return ",".join(out)


def apply_labels(cycle: Cycle, args: Args, settings: dict[str, Any] | None) -> list[str]:
    """Set what `args` gives on the cycle; the names of what changed."""
    changed: list[str] = []
    if "grade" in args:
        grade = args["grade"]
        cycle.grade = None if grade == "none" else grade
        changed.append("grade")
    if "standard" in args:
        values = args["standard"]
        cycle.standards = "" if _cleared(values) else clean_standards(values)
        changed.append("standards")
    if "focus" in args:
        values = args["focus"]
        cycle.focus = "" if _cleared(values) else clean_focus(values, settings)
        changed.append("equity focus")
    return changed


def split(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split(",") if part)


def describe(cycle: Cycle) -> str:
    """ "Grade 3-5 · 4.NF.A.1, 4.NF.A.2 · focus: identity", or "" when none is set."""
    parts = []
    if cycle.grade:
        parts.append(_("Grade {grade}", grade=cycle.grade))
    if split(cycle.standards):
        parts.append(", ".join(split(cycle.standards)))
    if split(cycle.focus):
        parts.append(_("focus: {tags}", tags=", ".join(split(cycle.focus))))
    return " · ".join(parts)
