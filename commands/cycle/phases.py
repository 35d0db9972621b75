"""The lesson-study vocabulary: phases, team roles, artifact kinds, and what each phase is for.

The texts here are what the team reads in a nudge, so they say in a line what
the phase is for and what to bring, in the community's own terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.kernel.i18n import N_

PHASES = ("study", "plan", "teach", "reflect", "revise", "reteach")
REQUIRED_PHASES = ("study", "plan", "teach", "reflect")
OPTIONAL_PHASES = ("revise", "reteach")
ROLES = ("teacher", "observer", "knowledgeable-other", "facilitator")
ARTIFACT_KINDS = ("theme", "lesson-plan", "observation", "student-work", "report", "resource")


@dataclass(frozen=True)
class PhaseGuide:
    """What a phase is for and what the team should bring to it (marked texts: shown
    with `_`, in the reader's language)."""

    title: str
    purpose: str
    bring: str


GUIDES: dict[str, PhaseGuide] = {
    "study": PhaseGuide(
        N_("Study"),
        N_(
            "Study the mathematics and your students: the standards and curriculum around the "
            "research theme, what students already know, and whose ideas usually get heard."
        ),
        N_(
            "the unit materials, a few pieces of recent de-identified student work, and the "
            "questions you have about the theme."
        ),
    ),
    "plan": PhaseGuide(
        N_("Plan"),
        N_(
            "Plan the research lesson together: the task, the strategies you expect students "
            "to use, and what observers will watch for."
        ),
        N_(
            "your own solutions to the task, anticipated student strategies, and a draft of "
            "the lesson plan and the observation focus."
        ),
    ),
    "teach": PhaseGuide(
        N_("Teach (research lesson)"),
        N_(
            "One of you teaches the research lesson; everyone else observes student thinking, "
            "not the teacher: what students say, do and write, and who participates."
        ),
        N_(
            "the lesson plan, an observation sheet or seating chart without student names, "
            "and a way to take notes."
        ),
    ),
    "reflect": PhaseGuide(
        N_("Reflect (post-lesson discussion)"),
        N_(
            "Discuss what the evidence shows about students' thinking and the research theme; "
            "the teacher speaks first, then observers share evidence, not judgements."
        ),
        N_("your observation notes and de-identified student work from the lesson."),
    ),
    "revise": PhaseGuide(
        N_("Revise"),
        N_("Revise the lesson using what the evidence showed."),
        N_("the notes from the post-lesson discussion and the lesson plan."),
    ),
    "reteach": PhaseGuide(
        N_("Reteach"),
        N_("Teach the revised lesson and observe what changes for students."),
        N_("the revised lesson plan and an observation sheet."),
    ),
}


def phase_index(phase: str) -> int:
    return PHASES.index(phase)


# Spanish words for the typed choices; the value is always stored as the English choice.
PHASE_ALIASES = (
    ("estudio", "study"),
    ("estudiar", "study"),
    ("planificación", "plan"),
    ("planificacion", "plan"),
    ("planificar", "plan"),
    ("clase", "teach"),
    ("enseñar", "teach"),
    ("ensenar", "teach"),
    ("reflexión", "reflect"),
    ("reflexion", "reflect"),
    ("reflexionar", "reflect"),
    ("revisión", "revise"),
    ("revision", "revise"),
    ("revisar", "revise"),
    ("nueva-clase", "reteach"),
    ("reenseñar", "reteach"),
    ("reensenar", "reteach"),
)
ROLE_ALIASES = (
    ("docente", "teacher"),
    ("observador", "observer"),
    ("observadora", "observer"),
    ("persona-experta", "knowledgeable-other"),
    ("experta", "knowledgeable-other"),
    ("experto", "knowledgeable-other"),
    ("facilitador", "facilitator"),
    ("facilitadora", "facilitator"),
    ("quitar", "remove"),
)
ARTIFACT_ALIASES = (
    ("tema", "theme"),
    ("plan-de-clase", "lesson-plan"),
    ("observación", "observation"),
    ("observacion", "observation"),
    ("trabajo-estudiantil", "student-work"),
    ("informe", "report"),
    ("recurso", "resource"),
)
