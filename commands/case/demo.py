"""Sample cases for `praxis demo`: three published (one anonymous) and one in review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from bot.dispatch.seeding import DemoContext
from commands.case.library import publish_case
from storage.cases import Case, CaseStatus


@dataclass(frozen=True)
class SampleCase:
    author: str
    status: CaseStatus
    anonymous: bool
    title: str
    grade: str
    focus: tuple[str, ...]
    context: str
    problem: str
    tried: str
    evidence: str
    question: str
    reviewer: str | None = None
    days_ago: int = 0


SAMPLES = (
    SampleCase(
        author="maria",
        status=CaseStatus.PUBLISHED,
        anonymous=False,
        title="Who gets to explain? Status in fraction number talks",
        grade="3-5",
        focus=("identity", "multiple-competencies"),
        context=(
            "Third grade, 24 students, about a third of them emergent bilinguals. Daily "
            "10-minute number talks during a unit on fractions (3.NF.A.1, 3.NF.A.3)."
        ),
        problem=(
            "The same four or five students explain every day. Others, often the emergent "
            "bilinguals, have strategies on their whiteboards but never volunteer."
        ),
        tried=(
            "Starting on 2026-10-05 I added a partner rehearsal before sharing, and I began "
            'naming strategies after the student\'s idea ("the halving strategy") rather '
            "than after the student. I also accepted explanations in Spanish with a partner "
            "revoicing."
        ),
        evidence=(
            "Tally of who explained, three weeks before and after: from 5 distinct students "
            "per week to 13. Student A, who had not spoken in whole group since August, "
            "explained a number line for 2/3 in week two."
        ),
        question=(
            "How do you keep rehearsal from turning into the confident partner doing all "
            "the talking?"
        ),
        reviewer="keisha",
        days_ago=20,
    ),
    SampleCase(
        author="tom",
        status=CaseStatus.PUBLISHED,
        anonymous=True,
        title="Ratio tables and the students we call 'low'",
        grade="6-8",
        focus=("marginality", "deep-math"),
        context=(
            "Seventh grade, a section placed by last year's test scores. The unit on "
            "proportional relationships (7.RP.A.2) started the week of 2026-09-14."
        ),
        problem=(
            "In a tracked section, the pacing guide pushed me to skip the ratio-table task "
            "and go straight to cross-multiplication, which told students what we thought of "
            "them."
        ),
        tried=(
            "We did the full three-day ratio-table task with a launch from a recipe students "
            "brought from home, and I assigned competence publicly to specific ideas."
        ),
        evidence=(
            "On the common assessment this section's proportional-reasoning items went from "
            "41% to 68% correct. Exit tickets show 19 of 26 students building a table "
            "unprompted."
        ),
        question=(
            "How do we make the case to our department that tracked sections deserve the "
            "rich task, not the shortcut?"
        ),
        reviewer="marcus",
        days_ago=12,
    ),
    SampleCase(
        author="aisha",
        status=CaseStatus.PUBLISHED,
        anonymous=False,
        title="Phone plans and linear functions: drawing on what families know",
        grade="9-12",
        focus=("funds-of-knowledge",),
        context=(
            "Algebra 1, ninth grade, a school where many families compare prepaid phone "
            "plans. Unit on linear functions (HSF-LE.A.1)."
        ),
        problem=(
            "Slope and intercept stayed symbols; students could compute them but not say "
            "what they meant."
        ),
        tried=(
            "Students interviewed a family member about how they choose a plan, then "
            "modeled two plans as linear functions and argued which is better when."
        ),
        evidence=(
            "In the post-unit task 80% of students interpreted the intercept in context, "
            "against 35% on the same item last year. Several families sent plans to compare."
        ),
        question="Which other household decisions have worked as contexts for linear models?",
        reviewer="keisha",
        days_ago=5,
    ),
    SampleCase(
        author="diego",
        status=CaseStatus.IN_REVIEW,
        anonymous=False,
        title="Mixed-language groups in fifth-grade volume tasks",
        grade="3-5",
        focus=("multiple-competencies", "identity"),
        context="Fifth grade, dual-language program, a unit on volume (5.MD.C.5).",
        problem=(
            "Groups split along language lines, and English-dominant students did the "
            "recording while others built."
        ),
        tried="Rotating roles with role cards in both languages, and a shared word wall.",
        evidence="Role tallies over two weeks; recording was shared by all four roles by week two.",
        question="How do you assess group work so building counts as much as writing?",
        reviewer="marcus",
        days_ago=1,
    ),
)


async def seed_demo(demo: DemoContext) -> None:
    """Add the sample cases once; running the demo again finds them by author and title."""
    for sample in SAMPLES:
        author = demo.members[sample.author]
        found = await demo.session.scalar(
            select(Case.id).where(
                Case.community_id == demo.community.id,
                Case.author_id == author.id,
                Case.title == sample.title,
            )
        )
        if found is not None:
            continue
        when = demo.now - timedelta(days=sample.days_ago)
        reviewer = demo.members[sample.reviewer] if sample.reviewer else None
        published = sample.status is CaseStatus.PUBLISHED
        case = Case(
            community_id=demo.community.id,
            author_id=author.id,
            status=sample.status.value,
            anonymous=sample.anonymous,
            title=sample.title,
            grade=sample.grade,
            context=sample.context,
            problem=sample.problem,
            focus=list(sample.focus),
            tried=sample.tried,
            evidence=sample.evidence,
            question=sample.question,
            held_findings=[],
            confirmed_findings=[],
            reviewer_id=reviewer.id if reviewer else None,
            created_at=when - timedelta(days=2),
            updated_at=when,
            submitted_at=when - timedelta(days=1),
            reviewed_at=when if published else None,
            published_at=when if published else None,
        )
        demo.session.add(case)
        await demo.session.flush()
        if published:
            await publish_case(demo.session, case, now=when)
