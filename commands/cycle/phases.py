"""The lesson-study vocabulary: phases, team roles, artifact kinds, and what each phase is for.

The texts here are what the team reads in a nudge, so they say in a line what
the phase is for and what to bring, in the community's own terms.
"""

from __future__ import annotations

from dataclasses import dataclass

PHASES = ("study", "plan", "teach", "reflect", "revise", "reteach")
REQUIRED_PHASES = ("study", "plan", "teach", "reflect")
OPTIONAL_PHASES = ("revise", "reteach")
ROLES = ("teacher", "observer", "knowledgeable-other", "facilitator")
ARTIFACT_KINDS = ("theme", "lesson-plan", "observation", "student-work", "report", "resource")

ARTIFACT_LABELS = {
    "theme": "research theme",
    "lesson-plan": "lesson plan",
    "observation": "observation notes",
    "student-work": "student work",
    "report": "report",
    "resource": "library resource",
}

ROLE_LABELS = {
    "teacher": "teacher",
    "observer": "observer",
    "knowledgeable-other": "knowledgeable other",
    "facilitator": "facilitator",
}


@dataclass(frozen=True)
class PhaseGuide:
    """What a phase is for and what the team should bring to it."""

    title: str
    purpose: str
    bring: str


GUIDES: dict[str, PhaseGuide] = {
    "study": PhaseGuide(
        "Study",
        "Study the mathematics and your students: the standards and curriculum around the "
        "research theme, what students already know, and whose ideas usually get heard.",
        "the unit materials, a few pieces of recent de-identified student work, and the "
        "questions you have about the theme.",
    ),
    "plan": PhaseGuide(
        "Plan",
        "Plan the research lesson together: the task, the strategies you expect students "
        "to use, and what observers will watch for.",
        "your own solutions to the task, anticipated student strategies, and a draft of "
        "the lesson plan and the observation focus.",
    ),
    "teach": PhaseGuide(
        "Teach (research lesson)",
        "One of you teaches the research lesson; everyone else observes student thinking, "
        "not the teacher: what students say, do and write, and who participates.",
        "the lesson plan, an observation sheet or seating chart without student names, "
        "and a way to take notes.",
    ),
    "reflect": PhaseGuide(
        "Reflect (post-lesson discussion)",
        "Discuss what the evidence shows about students' thinking and the research theme; "
        "the teacher speaks first, then observers share evidence, not judgements.",
        "your observation notes and de-identified student work from the lesson.",
    ),
    "revise": PhaseGuide(
        "Revise",
        "Revise the lesson using what the evidence showed.",
        "the notes from the post-lesson discussion and the lesson plan.",
    ),
    "reteach": PhaseGuide(
        "Reteach",
        "Teach the revised lesson and observe what changes for students.",
        "the revised lesson plan and an observation sheet.",
    ),
}


def phase_index(phase: str) -> int:
    return PHASES.index(phase)
