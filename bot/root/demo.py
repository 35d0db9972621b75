"""`praxis demo`: a sample community for trying the bot, loaded idempotently.

Each family adds its own sample data through `Family.seed_demo`; running the
demo twice finds what is there and adds nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.dispatch.seeding import CONSOLE_ADDRESS, DemoContext
from bot.dispatch.services import Services
from bot.grammar.registry import Registry
from bot.kernel.model import Identity
from bot.kernel.roles import Role
from storage.community import Member
from storage.members import get_or_create_community, get_or_create_member

DEMO_MEMBERS_JOINED = timedelta(days=120)


@dataclass(frozen=True)
class SamplePerson:
    user_id: str
    name: str
    role: Role
    district: str
    school: str
    position: str
    timezone: str


PEOPLE = (
    SamplePerson(
        "ana",
        "Ana Torres",
        Role.ADMIN,
        "Riverside Unified",
        "Lincoln Middle",
        "instructional coach",
        "America/Los_Angeles",
    ),
    SamplePerson(
        "marcus",
        "Marcus Lee",
        Role.FACILITATOR,
        "Riverside Unified",
        "Riverside High",
        "math department chair",
        "America/Los_Angeles",
    ),
    SamplePerson(
        "keisha",
        "Keisha Brown",
        Role.FACILITATOR,
        "Eastside ISD",
        "Carver Elementary",
        "district math coordinator",
        "America/Chicago",
    ),
    SamplePerson(
        "maria",
        "María Hernández",
        Role.MEMBER,
        "Eastside ISD",
        "Carver Elementary",
        "3rd grade teacher",
        "America/Chicago",
    ),
    SamplePerson(
        "tom",
        "Tom Nguyen",
        Role.MEMBER,
        "Northfield Public Schools",
        "Northfield Middle",
        "7th grade math teacher",
        "America/New_York",
    ),
    SamplePerson(
        "aisha",
        "Aisha Khan",
        Role.MEMBER,
        "Northfield Public Schools",
        "Northfield High",
        "algebra teacher",
        "America/New_York",
    ),
    SamplePerson(
        "diego",
        "Diego Ramírez",
        Role.MEMBER,
        "Valle Verde District",
        "Valle Verde K-8",
        "5th grade teacher",
        "America/Denver",
    ),
    SamplePerson(
        "grace",
        "Grace Okafor",
        Role.MEMBER,
        "State University",
        "College of Education",
        "university partner",
        "America/New_York",
    ),
)


async def load_demo(services: Services, registry: Registry) -> int:
    """Load the sample community; returns how many sample people it holds."""
    now = services.clock.now()
    async with services.db.session() as session:
        community = await get_or_create_community(
            session, CONSOLE_ADDRESS, default_timezone="America/Chicago", now=now
        )
        if community.name == "console":
            community.name = "Praxis demo network"
        members: dict[str, Member] = {}
        for person in PEOPLE:
            identity = Identity(person.user_id, person.name)
            member = await get_or_create_member(session, community, identity, now=now)
            if member.created_at == now:
                # The sample network has been meeting for a while: its people joined
                # months ago, which is what its sample activity and reports assume.
                member.created_at = now - DEMO_MEMBERS_JOINED
            member.role = person.role.value
            member.district = member.district or person.district
            member.school = member.school or person.school
            member.position = member.position or person.position
            member.timezone = member.timezone or person.timezone
            members[person.user_id] = member
        demo = DemoContext(session, community, members, now, services=services)
        for family in registry:
            if family.seed_demo is not None:
                await family.seed_demo(demo)
    return len(members)
