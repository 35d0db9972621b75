"""The parts of a case, declared once: options, form fields, labels and checks.

`/case submit` takes every part as a one-line option and as a form field, so
both are generated from `PARTS`; the vocabularies (grade bands, equity focus)
are checked here too, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.grammar.spec import Option, OptionType
from bot.kernel.i18n import N_, NP_, Words, _, ngettext, pgettext
from bot.kernel.language import Language, current_language
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
    """One part of a case: its option name (also its column), label and limits.

    `label` and `form_label` are `NP_`-marked names (read through `LABELS` and
    `FORM_LABELS`); `placeholder` is `N_`-marked, or a literal when `literal` (what is
    typed there is a stored value: a grade band, focus tags)."""

    name: str
    label: tuple[str, str]
    form_label: tuple[str, str]  # at most 45 characters: Discord's limit for a modal label
    placeholder: str
    literal: bool = False
    multiline: bool = True
    max_length: int = TEXT_MAX
    checked: bool = True  # free text, checked for student-identifying details


PARTS: tuple[Part, ...] = (
    Part(
        "title",
        NP_("case part", "Title"),
        NP_("case form", "Title"),
        N_("e.g. Who gets to explain? Status in group work"),
        multiline=False,
        max_length=TITLE_MAX,
    ),
    Part(
        "grade",
        NP_("case part", "Grade band"),
        NP_("case form", "Grade band (K-2, 3-5, 6-8, 9-12, all)"),
        "6-8",
        literal=True,
        multiline=False,
        max_length=8,
        checked=False,
    ),
    Part(
        "context",
        NP_("case part", "Context"),
        NP_("case form", "Context (the setting; no student names)"),
        N_("School, class, unit, what the community should know. Use Student A, Student B."),
    ),
    Part(
        "problem",
        NP_("case part", "Problem of practice"),
        NP_("case form", "Problem of practice"),
        N_("What keeps happening that you want to work on?"),
    ),
    Part(
        "focus",
        NP_("case part", "Equity focus"),
        NP_("case form", "Equity focus (comma-separated)"),
        ", ".join(EQUITY_FOCUS),
        literal=True,
        multiline=False,
        max_length=300,
        checked=False,
    ),
    Part(
        "tried",
        NP_("case part", "What was tried"),
        NP_("case form", "What you tried"),
        N_("Moves, routines, changes, and when."),
    ),
    Part(
        "evidence",
        NP_("case part", "Evidence"),
        NP_("case form", "Evidence (de-identified)"),
        N_("Student work, notes, counts; no names, IDs or birth dates."),
    ),
    Part(
        "question",
        NP_("case part", "Question for the community"),
        NP_("case form", "Your question for the community"),
        N_("What would you like colleagues to think about with you?"),
    ),
)
PART_NAMES = tuple(part.name for part in PARTS)
CHECKED_PARTS = tuple(part for part in PARTS if part.checked)
# A part's name as the reader says it: LABELS["evidence"] is "Evidence" / "Evidencia".
LABELS = Words({part.name: part.label for part in PARTS})
FORM_LABELS = Words({part.name: part.form_label for part in PARTS})
# Grade bands as typed, beyond the bands themselves; a band is stored as GRADE_BANDS spells it.
GRADE_ALIASES = {
    "k2": "K-2",
    "35": "3-5",
    "68": "6-8",
    "912": "9-12",
    "k-12": "all",
    "k12": "all",
    "todos": "all",
    "todas": "all",
    "todo": "all",
    "todoslosgrados": "all",
}


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
            option = Option(part.name, help=part.label[1].lower(), max_length=part.max_length)
        options.append(option)
    options.append(Option("anonymous", OptionType.BOOL, help="yes: members don't see who wrote it"))
    return tuple(options)


def form_fields(case: Case | None) -> tuple[FormField, ...]:
    """The submit form, filled in with a draft's parts when there is one."""
    fields = [
        FormField(
            part.name,
            FORM_LABELS[part.name],
            multiline=part.multiline,
            required=True,
            initial=_initial(case, part.name),
            max_length=part.max_length,
            placeholder=part.placeholder if part.literal else _(part.placeholder),
        )
        for part in PARTS
    ]
    # Read as a yes/no option, which takes "sí" as well as "yes".
    yes = "sí" if current_language() is Language.ES else "yes"
    fields.append(
        FormField(
            "anonymous",
            _("Anonymous to members? (yes or no)"),
            required=False,
            initial=yes if case is not None and case.anonymous else "no",
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
    for band in GRADE_BANDS:
        if band.lower() == text:
            return band
    return GRADE_ALIASES.get(text.replace("-", "")) or GRADE_ALIASES.get(text)


def grade_problem(raw: str) -> str:
    hint = did_you_mean(raw.strip().lower(), [b.lower() for b in GRADE_BANDS])
    return _(
        "grade: can't be “{value}”.{hint} It can be one of: {bands}.",
        value=raw,
        hint=hint,
        bands=grade_choices(),
    )


def grade_choices() -> str:
    """The bands as a reader may type them ("all" in their words: "todos" is an alias)."""
    return ", ".join(pgettext("case grade band", "all") if b == "all" else b for b in GRADE_BANDS)


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
    return ngettext(
        "focus: {listed} is not an equity focus here.{hint} It can be: {focus}.",
        "focus: {listed} are not equity focuses here.{hint} It can be: {focus}.",
        len(unknown),
        listed=listed,
        hint=hint,
        focus=", ".join(vocabulary),
    )


def missing_parts(case: Case) -> list[str]:
    """Parts still empty, in form order; a case is submitted only when none are."""
    missing: list[str] = []
    for part in PARTS:
        value = getattr(case, part.name)
        if not value or (isinstance(value, str) and not value.strip()):
            missing.append(part.name)
    return missing
