"""Sample data for `praxis demo`: one cycle in progress, with a team from several districts."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.dispatch.context import Context
from bot.dispatch.seeding import DemoContext
from commands.cycle import nudges
from commands.cycle.planning import add_school_days, next_school_day
from storage.cycles import (
    Cycle,
    CycleArtifact,
    CycleMember,
    CyclePhase,
    cycle_by_name,
    cycle_name_key,
)

NAME = "Fractions on the number line"
THEME = (
    "How do students reason about fractions as numbers on a number line, and whose "
    "reasoning gets heard when they explain it?"
)
TEAM = (
    ("keisha", "facilitator"),  # Eastside ISD
    ("maria", "teacher"),  # Eastside ISD
    ("tom", "observer"),  # Northfield Public Schools
    ("diego", "observer"),  # Valle Verde District
    ("grace", "knowledgeable-other"),  # State University
)
ARTIFACTS = (
    ("keisha", "theme", None, THEME + " Focus: multiple-competencies, identity."),
    (
        "maria",
        "lesson-plan",
        "https://example.org/lesson-study/fractions-number-line-draft",
        None,
    ),
    (
        "grace",
        "theme",
        None,
        "Reading for study: Aguirre, Mayfield-Ingram & Martin (2013), chapter 3; "
        "Siegler et al. (2010) on fractions as magnitudes.",
    ),
)


async def seed_demo(demo: DemoContext) -> None:
    """A cycle in its plan phase, the research lesson four school days away."""
    if await cycle_by_name(demo.session, demo.community.id, NAME) is not None:
        return
    today = demo.now.astimezone(ZoneInfo(demo.community.timezone)).date()
    lesson = add_school_days(next_school_day(today), 4)
    days = {
        "study": add_school_days(lesson, -15),
        "plan": add_school_days(lesson, -5),
        "teach": lesson,
        "reflect": add_school_days(lesson, 1),
    }
    cycle = Cycle(
        community_id=demo.community.id,
        name=NAME,
        name_key=cycle_name_key(NAME),
        theme=THEME,
        channel_id=demo.address.channel,
        channel_name=demo.address.channel_name,
        status="active",
        created_by=demo.members["keisha"].id,
        created_at=demo.now - timedelta(days=21),
    )
    demo.session.add(cycle)
    await demo.session.flush()
    ctx = Context(demo.session, demo.community, demo.members["keisha"], demo.address, demo.services)
    await nudges.schedule_all(ctx, cycle)
    for phase, day in days.items():
        demo.session.add(
            CyclePhase(
                community_id=demo.community.id,
                cycle_id=cycle.id,
                phase=phase,
                day=day,
                at="10:15" if phase == "teach" else None,
            )
        )
    for user, role in TEAM:
        demo.session.add(
            CycleMember(
                community_id=demo.community.id,
                cycle_id=cycle.id,
                member_id=demo.members[user].id,
                role=role,
            )
        )
    for user, kind, url, body in ARTIFACTS:
        demo.session.add(
            CycleArtifact(
                community_id=demo.community.id,
                cycle_id=cycle.id,
                kind=kind,
                url=url,
                body=body,
                added_by=demo.members[user].id,
                created_at=demo.now - timedelta(days=7),
            )
        )
    await demo.session.flush()
    ctx = Context(demo.session, demo.community, demo.members["keisha"], demo.address, demo.services)
    await nudges.schedule_all(ctx, cycle)
