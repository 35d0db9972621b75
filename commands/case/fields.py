"""The parts of a case, declared once: options, form fields, labels and checks.

`/case submit` takes every part as a one-line option and as a form field, so
both are generated from `PARTS`; the vocabularies (grade bands, equity focus)
are checked here too, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.grammar.spec import Option, OptionType
from bot.kernel.reply import FormField
from bot.text.suggest import did_you_mean
from storage.cases import Case
from storage.community import Community
from storage.resource_models import DEFAULT_FOCUS, GRADE_BANDS

# The library's vocabularies: the five equity-based practices of Aguirre,
# Mayfield-Ingram and Martin, plus what a community added (/resource focus add).
EQUITY_FOCUS = DEFAULT_FOCUS
TITLE_MAX = 200
TEXT_MAX = 3000


@dataclass(frozen=True)
class Part:
    """One part of a case: its option name (also its column), label and limits."""

    name: str
    label: str
    form_label: str  # at most 45 characters: Discord's limit for a modal field label
    placeholder: str
    multiline: bool = True
    max_length: int = TEXT_MAX
    checked: bool = True  # free text, checked for student-identifying details


PARTS: tuple[Part, ...] = (
    Part(
        "title",
        "Title",
        "Title",
        "e.g. Who gets to explain? Status in group work",
        multiline=False,
        max_length=TITLE_MAX,
    ),
    Part(
        "grade",
        "Grade band",
        "Grade band (K-2, 3-5, 6-8, 9-12, all)",
        "6-8",
        multiline=False,
        max_length=8,
        checked=False,
    ),
    Part(
        "context",
        "Context",
        "Context (the setting; no student names)",
        "School, class, unit, what the community should know. Use Student A, Student B.",
    ),
    Part(
        "problem",
        "Problem of practice",
        "Problem of practice",
        "What keeps happening that you want to work on?",
    ),
    Part(
        "focus",
        "Equity focus",
        "Equity focus (comma-separated)",
        ", ".join(EQUITY_FOCUS),
        multiline=False,
        max_length=300,
        checked=False,
    ),
    Part("tried", "What was tried", "What you tried", "Moves, routines, changes, and when."),
    Part(
        "evidence",
        "Evidence",
        "Evidence (de-identified)",
        "Student work, notes, counts; no names, IDs or birth dates.",
    ),
    Part(
        "question",
        "Question for the community",
        "Your question for the community",
        "What would you like colleagues to think about with you?",
    ),
)
PART_NAMES = tuple(part.name for part in PARTS)
CHECKED_PARTS = tuple(part for part in PARTS if part.checked)
LABELS = {part.name: part.label for part in PARTS}


def part_options() -> tuple[Option, ...]:
    """The case's parts as `/case submit` options; grade and focus are checked by the handler.

    Grade and focus are typed as text, not choices, so that a typo in a form
    that also holds three paragraphs is reported without losing the paragraphs.
    """
    options: list[Option] = []
    for part in PARTS:
        if part.name == "grade":
            option = Option(
                "grade",
                help="grade band",
                max_length=part.max_length,
                metavar="|".join(GRADE_BANDS),
            )
        elif part.name == "focus":
            option = Option(
                "focus",
                help="equity focus, comma-separated",
                max_length=part.max_length,
                metavar="a,b",
                autocomplete="focus",
            )
        else:
            option = Option(part.name, help=part.label.lower(), max_length=part.max_length)
        options.append(option)
    options.append(Option("anonymous", OptionType.BOOL, help="yes: members don't see who wrote it"))
    return tuple(options)


def form_fields(case: Case | None) -> tuple[FormField, ...]:
    """The submit form, filled in with a draft's parts when there is one."""
    fields = [
        FormField(
            part.name,
            part.form_label,
            multiline=part.multiline,
            required=True,
            initial=_initial(case, part.name),
            max_length=part.max_length,
            placeholder=part.placeholder,
        )
        for part in PARTS
    ]
    fields.append(
        FormField(
            "anonymous",
            "Anonymous to members? (yes or no)",
            required=False,
            initial="yes" if case is not None and case.anonymous else "no",
            max_length=3,
            placeholder="no",
        )
    )
    return tuple(fields)


def _initial(case: Case | None, name: str) -> str:
    if case is None:
        return ""
    if name == "focus":
        return ", ".join(case.focus or [])
    return str(getattr(case, name) or "")


def focus_vocabulary(community: Community) -> tuple[str, ...]:
    extra = (community.settings or {}).get("focus") or []
    return EQUITY_FOCUS + tuple(str(tag).lower() for tag in extra if str(tag).lower())


def check_grade(raw: str) -> str | None:
    """The grade band as spelled in the vocabulary, or None when it is not one."""
    text = raw.strip().lower().replace("–", "-").replace(" ", "")
    aliases = {"k2": "K-2", "35": "3-5", "68": "6-8", "912": "9-12", "k-12": "all"}
    for band in GRADE_BANDS:
        if band.lower() == text:
            return band
    return aliases.get(text.replace("-", "")) or aliases.get(text)


def grade_problem(raw: str) -> str:
    hint = did_you_mean(raw.strip().lower(), [b.lower() for b in GRADE_BANDS])
    return f"grade: can't be “{raw}”.{hint} It can be one of: {', '.join(GRADE_BANDS)}."


def check_focus(raw: str, vocabulary: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Split a comma list into known focus tags and unknown words."""
    known: list[str] = []
    unknown: list[str] = []
    for word in (w.strip().lower() for w in raw.replace(";", ",").split(",")):
        if not word:
            continue
        tag = word.replace(" ", "-")
        if tag in vocabulary:
            if tag not in known:
                known.append(tag)
        else:
            unknown.append(word)
    return known, unknown


def focus_problem(unknown: list[str], vocabulary: tuple[str, ...]) -> str:
    first = unknown[0]
    hint = did_you_mean(first, vocabulary)
    listed = ", ".join(f"“{w}”" for w in unknown)
    return f"focus: {listed} is not an equity focus here.{hint} It can be: {', '.join(vocabulary)}."


def missing_parts(case: Case) -> list[str]:
    """Parts still empty, in form order; a case is submitted only when none are."""
    missing: list[str] = []
    for part in PARTS:
        value = getattr(case, part.name)
        if not value or (isinstance(value, str) and not value.strip()):
            missing.append(part.name)
    return missing
