"""The starter prompt bank every community begins with, in our own words.

Each prompt names a lesson-study phase (study, plan, teach, reflect, revise, reteach) and one
or more equity themes. The themes are the five equity-based practices the community's focus
vocabulary starts from (deep-math, multiple-competencies, identity, marginality,
funds-of-knowledge) plus the lenses facilitators asked for by name: whose voices were heard
(`voice`), multiple entry points (`entry-points`), access to rigorous tasks (`rigor`),
belonging (`belonging`) and the use of student data (`student-data`). A facilitator schedules
a theme or a phase as a pool: `pool:voice`, `pool:reflect`.
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES = (
    "voice",
    "entry-points",
    "rigor",
    "identity",
    "belonging",
    "student-data",
    "deep-math",
    "multiple-competencies",
    "marginality",
    "funds-of-knowledge",
)


@dataclass(frozen=True)
class StarterPrompt:
    text: str
    phase: str
    tags: tuple[str, ...]


STARTER_BANK: tuple[StarterPrompt, ...] = (
    StarterPrompt(
        "Think of today's math discussion. Whose ideas moved the conversation forward, and "
        "whose ideas never made it into the room? What made the difference?",
        "reflect",
        ("voice", "marginality"),
    ),
    StarterPrompt(
        "Which student surprised you this week with what they could do mathematically? "
        "What did you see that you had not noticed before?",
        "reflect",
        ("multiple-competencies", "identity"),
    ),
    StarterPrompt(
        "Where could a student start on the task you are planning if they did not yet know "
        "the procedure? List at least two ways in.",
        "plan",
        ("entry-points", "rigor"),
    ),
    StarterPrompt(
        "Who gets the challenging problems in your class, and who gets more practice on the "
        "basics? What would change if everyone met the hardest task first?",
        "reflect",
        ("rigor", "marginality"),
    ),
    StarterPrompt(
        "What did a student bring from home, a job, a game or their community into a math "
        "idea recently? How did you (or could you) build on it?",
        "teach",
        ("funds-of-knowledge", "identity"),
    ),
    StarterPrompt(
        "When you looked at the last set of student work, what story did you tell yourself "
        "about who 'gets it'? What other story could the same work support?",
        "reflect",
        ("student-data", "multiple-competencies"),
    ),
    StarterPrompt(
        "Which students would say they are 'math people' in your class, and which would "
        "not? What messages, spoken or unspoken, might shape that?",
        "study",
        ("identity", "belonging"),
    ),
    StarterPrompt(
        "In the research lesson, what will the observers watch for so that quiet students' "
        "thinking is seen and recorded, not only the loudest voices?",
        "plan",
        ("voice", "student-data"),
    ),
    StarterPrompt(
        "Describe a moment when a student's reasoning was different from the method you "
        "expected. How did you respond, and what did the class learn from it?",
        "reflect",
        ("deep-math", "multiple-competencies"),
    ),
    StarterPrompt(
        "What would a student need to feel safe being wrong out loud in your class? Which "
        "of those conditions were present today?",
        "teach",
        ("belonging", "voice"),
    ),
    StarterPrompt(
        "Look at how you grouped students this week. Who decided, on what evidence, and "
        "how might the grouping have shaped who did the mathematical thinking?",
        "reflect",
        ("marginality", "student-data"),
    ),
    StarterPrompt(
        "Pick one task from your upcoming unit. Is it asking students to reason and explain, "
        "or to follow steps? How could you raise its demand while keeping it open to all?",
        "plan",
        ("rigor", "deep-math", "entry-points"),
    ),
    StarterPrompt(
        "Which representations (drawings, objects, words, tables, gestures, home languages) "
        "counted as real mathematics in today's lesson? Which were treated as a detour?",
        "reflect",
        ("multiple-competencies", "funds-of-knowledge"),
    ),
    StarterPrompt(
        "What do you know about the mathematics your students use outside school? What is "
        "one way to find out more before the next unit?",
        "study",
        ("funds-of-knowledge",),
    ),
    StarterPrompt(
        "Which data about students did you act on this month (grades, tests, observations, "
        "what students told you)? Whose perspective does that data leave out?",
        "study",
        ("student-data", "voice"),
    ),
    StarterPrompt(
        "After the post-lesson discussion, what is one belief about a student or group of "
        "students that the evidence challenged?",
        "reflect",
        ("student-data", "marginality"),
    ),
    StarterPrompt(
        "How will the revised lesson give students who stayed silent the first time a real "
        "reason and a real way to contribute?",
        "revise",
        ("voice", "entry-points"),
    ),
    StarterPrompt(
        "What did students' mistakes in the research lesson reveal about the mathematics, "
        "rather than about the students? How will the reteach use those mistakes?",
        "reteach",
        ("deep-math", "student-data"),
    ),
    StarterPrompt(
        "Who was positioned as smart in today's lesson, by you or by classmates? What is one "
        "move you could make next time to position another student as competent?",
        "reflect",
        ("identity", "multiple-competencies"),
    ),
    StarterPrompt(
        "Which students spend math time pulled out, waiting, or on a different worksheet? "
        "What would it take for them to work on the same rich task as their peers?",
        "study",
        ("rigor", "marginality", "belonging"),
    ),
    StarterPrompt(
        "What question did a student ask this week that you wish you had explored further? "
        "What mathematics was behind it?",
        "reflect",
        ("deep-math", "voice"),
    ),
    StarterPrompt(
        "How did students' languages, cultures or experiences show up in the context of the "
        "task? Did the context invite them in or require knowledge some did not have?",
        "plan",
        ("funds-of-knowledge", "entry-points", "belonging"),
    ),
    StarterPrompt(
        "When you watched the research lesson, what did you see a student do that the lesson "
        "plan did not anticipate? What does it tell the team about the task?",
        "teach",
        ("deep-math", "student-data"),
    ),
    StarterPrompt(
        "What is one thing you will do differently tomorrow so that every student feels the "
        "mathematics belongs to them?",
        "reflect",
        ("belonging", "identity"),
    ),
)
