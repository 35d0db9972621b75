"""`praxis demo`: a sample community for trying the bot, loaded idempotently.

Each family adds its own sample data through `Family.seed_demo`; running the
demo twice finds what is there and adds nothing twice. Two of the sample people read
the bot in Spanish (their profile says `language: es`) and bring a little Spanish of
their own, so `praxis console --user lucia` shows the bot as a Spanish-speaking
teacher sees it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.dispatch.seeding import CONSOLE_ADDRESS, DemoContext
from bot.dispatch.services import Services
from bot.grammar.registry import Registry
from bot.kernel.model import Identity
from bot.kernel.roles import Role
from bot.text.normalize import normalize_url
from commands.resource.checks import share_resource
from storage import resources as library
from storage.community import Member
from storage.members import get_or_create_community, get_or_create_member
from storage.reflect import Reflection, Share, Status, count_for_member, list_prompts

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
    language: str | None = None  # the language they chose; None: the community's


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
    SamplePerson(
        "lucia",
        "Lucía Mendoza",
        Role.MEMBER,
        "Riverside Unified",
        "Jefferson Elementary",
        "docente de lenguaje dual, 4.º grado",
        "America/Los_Angeles",
        language="es",
    ),
    SamplePerson(
        "javier",
        "Javier Ortiz",
        Role.FACILITATOR,
        "Eastside ISD",
        "Carver Elementary",
        "coach de matemáticas",
        "America/Chicago",
        language="es",
    ),
)


@dataclass(frozen=True)
class SpanishSample:
    """A resource a Spanish-speaking sample person shared, in their own words."""

    who: str
    type: str
    grade: str
    title: str
    description: str
    focus: tuple[str, ...]
    tags: tuple[str, ...]
    path: str


SPANISH_RESOURCES = (
    SpanishSample(
        "lucia",
        "lesson",
        "3-5",
        "Charlas numéricas en dos idiomas",
        "Una charla numérica de 15 minutos en la que cada estudiante explica su estrategia en "
        "el idioma que prefiera; el grupo registra las ideas en español y en inglés.",
        ("multiple-competencies", "identity"),
        ("charlas-numericas", "lenguaje-dual"),
        "es/charlas-numericas-dos-idiomas",
    ),
    SpanishSample(
        "javier",
        "rubric",
        "K-2",
        "Rúbrica para escuchar el razonamiento matemático",
        "Cuatro niveles para observar cómo razonan las y los estudiantes en voz alta, sin "
        "castigar el idioma ni el acento con que lo hacen.",
        ("multiple-competencies", "marginality"),
        ("discurso", "observacion"),
        "es/rubrica-razonamiento",
    ),
)
LUCIA_REFLECTION = (
    "Hoy dejé que el grupo explicara las fracciones en el idioma que quisiera. Dos "
    "estudiantes que casi nunca participan compararon mitades y cuartos con tortillas y "
    "convencieron a toda la clase."
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
            member.language = member.language or person.language
            members[person.user_id] = member
        demo = DemoContext(session, community, members, now, services=services)
        for family in registry:
            if family.seed_demo is not None:
                await family.seed_demo(demo)
        await _seed_spanish(demo)
    return len(members)


async def _seed_spanish(demo: DemoContext) -> None:
    """The Spanish speakers' own content, through the paths the families seed with: a
    shared resource each (found again by its link) and a reflection Lucía shared with
    the community (added while she has none)."""
    for index, sample in enumerate(SPANISH_RESOURCES):
        member = demo.members.get(sample.who)
        url = f"https://example.org/{sample.path}"
        if member is None or await library.find_by_url(
            demo.session, demo.community.id, normalize_url(url)
        ):
            continue
        await share_resource(
            demo.session,
            demo.community.id,
            title=sample.title,
            type=sample.type,
            description=sample.description,
            grade=sample.grade,
            focus=sample.focus,
            tags=sample.tags,
            shared_by=member.id,
            url=url,
            now=demo.now - timedelta(days=3 + index),
        )
    lucia = demo.members.get("lucia")
    if lucia is not None and not await count_for_member(demo.session, lucia):
        prompts = await list_prompts(demo.session, demo.community.id)
        demo.session.add(
            Reflection(
                community_id=demo.community.id,
                member_id=lucia.id,
                prompt_id=prompts[0].id if prompts else None,
                status=Status.ANSWERED.value,
                sent_at=demo.now - timedelta(days=1),
                answer=LUCIA_REFLECTION,
                share=Share.COMMUNITY.value,
                answered_at=demo.now - timedelta(days=1),
            )
        )
