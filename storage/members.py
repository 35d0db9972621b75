"""Finding and creating communities and members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Select, bindparam, exists, false, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.kernel.language import Language, choose_language
from bot.kernel.model import Address, Identity
from bot.kernel.roles import Role
from storage.community import Community, HandledRequest, Member, settings_language

# `last_seen_at` is written at most this often: a command that only reads
# (a search, a show) then writes nothing at all, so it takes no write lock.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)
# `last_seen_at` of someone named (granted a role, put on a team) before they ever used
# the bot: long before any report's period, so being named never counts as being active.
NEVER_SEEN = datetime(1970, 1, 1, tzinfo=UTC)


def _arrival_query(with_key: bool) -> Select[Community, Member | None, bool]:
    """Built once (with named parameters): every command runs it."""
    seen = exists().where(HandledRequest.key == bindparam("key")) if with_key else false()
    member_of = (Member.community_id == Community.id) & (Member.user_id == bindparam("user_id"))
    return (
        select(Community, Member, seen)
        .outerjoin(Member, member_of)
        .where(
            Community.platform == bindparam("platform"),
            Community.external_id == bindparam("community"),
        )
    )


_ARRIVAL = _arrival_query(with_key=False)
_ARRIVAL_WITH_KEY = _arrival_query(with_key=True)


@dataclass(frozen=True)
class Arrival:
    """Who a request comes from, and whether its platform id was handled before."""

    community: Community
    member: Member
    seen: bool = False
    # The member's first request of this UTC day: the day goes into their activity.
    first_today: bool = True
    # Their platform's zone moved (they changed it in Slack) and no zone of their own
    # overrides it: what is already scheduled for them must follow.
    zone_moved: bool = False


async def enter(
    session: AsyncSession,
    address: Address,
    identity: Identity,
    *,
    default_timezone: str,
    now: datetime,
    request_key: str | None = None,
) -> Arrival:
    """The community and member a request comes from, created on first contact.

    The same as `get_or_create_community` then `get_or_create_member`, in one
    round trip when both exist (every command but someone's first), which
    also says whether `request_key` is in `handled_requests` (a retry).
    """
    query = _ARRIVAL_WITH_KEY if request_key else _ARRIVAL
    params = {
        "platform": address.platform,
        "community": address.community,
        "user_id": identity.user_id,
        "key": (request_key or "")[:200],
    }
    row = (await session.execute(query, params)).first()
    community, member, seen = (row[0], row[1], bool(row[2])) if row else (None, None, False)
    if community is None:
        community = await get_or_create_community(
            session, address, default_timezone=default_timezone, now=now
        )
    first_today, zone_moved = True, False
    if member is None:
        member = await get_or_create_member(session, community, identity, now=now)
    else:
        first_today = member.last_seen_at is None or member.last_seen_at.date() != now.date()
        zone_moved = _refresh(member, identity, now)
    return Arrival(community, member, seen, first_today, zone_moved)


async def language_for(session: AsyncSession, address: Address, identity: Identity) -> Language:
    """The language to answer a request in before its command runs (help, a mistake in
    the command itself): the member's as stored, else what the platform says, else the
    community's default. Creates nothing."""
    query = (
        select(Member.language, Member.platform_language, Community.settings)
        .select_from(Community)
        .outerjoin(
            Member,
            (Member.community_id == Community.id) & (Member.user_id == identity.user_id),
        )
        .where(Community.platform == address.platform, Community.external_id == address.community)
    )
    row = (await session.execute(query)).first()
    if row is None:
        return choose_language(None, identity.locale, None)
    chosen, platform, settings = row
    return choose_language(chosen, identity.locale or platform, settings_language(settings))


def _refresh(member: Member, identity: Identity, now: datetime) -> bool:
    """What the platform tells us each time; only real changes are written. True when
    the platform's zone moved and it is the one the member's schedules follow."""
    if identity.display_name and member.display_name != identity.display_name:
        member.display_name = identity.display_name
        member.name_key = name_key(identity.display_name)
    if identity.platform_admin and member.role != Role.ADMIN:
        member.role = Role.ADMIN
    zone_moved = False
    if identity.timezone and member.platform_timezone != identity.timezone[:64]:
        zone_moved = member.platform_timezone is not None and not member.timezone
        member.platform_timezone = identity.timezone[:64]
    if identity.locale and member.platform_language != identity.locale[:16]:
        member.platform_language = identity.locale[:16]
    last = member.last_seen_at
    if last is None or now - last >= LAST_SEEN_RESOLUTION or last.date() != now.date():
        member.last_seen_at = now  # a new day is always written: it starts a day of activity
    return zone_moved


async def find_community(
    session: AsyncSession, platform: str, external_id: str
) -> Community | None:
    """A community if it exists; autocomplete must not create one."""
    query = select(Community).where(
        Community.platform == platform, Community.external_id == external_id
    )
    return (await session.execute(query)).scalar_one_or_none()


async def get_or_create_community(
    session: AsyncSession, address: Address, *, default_timezone: str, now: datetime
) -> Community:
    query = select(Community).where(
        Community.platform == address.platform, Community.external_id == address.community
    )
    community = (await session.execute(query)).scalar_one_or_none()
    if community is not None:
        return community
    community = Community(
        platform=address.platform,
        external_id=address.community,
        name=address.community,
        timezone=default_timezone,
        settings={},
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(community)
    except IntegrityError:  # another request created it a moment ago
        if community in session:  # the savepoint's rollback may have removed it already
            session.expunge(community)
        return (await session.execute(query)).scalar_one()
    return community


async def get_or_create_member(
    session: AsyncSession,
    community: Community,
    identity: Identity,
    *,
    now: datetime,
    seen: bool = True,
) -> Member:
    """The member behind `identity`; the first one in a community becomes its admin.

    `seen=False` creates someone who was named but has not used the bot themselves."""
    query = select(Member).where(
        Member.community_id == community.id, Member.user_id == identity.user_id
    )
    member = (await session.execute(query)).scalar_one_or_none()
    if member is not None:
        if seen:
            _refresh(member, identity, now)
        return member
    count_query = (
        select(func.count()).select_from(Member).where(Member.community_id == community.id)
    )
    first = (await session.execute(count_query)).scalar_one() == 0
    role = Role.ADMIN if first or identity.platform_admin else Role.MEMBER
    member = Member(
        community_id=community.id,
        user_id=identity.user_id,
        display_name=identity.display_name or identity.user_id,
        name_key=name_key(identity.display_name or identity.user_id),
        role=role.value,
        platform_timezone=identity.timezone,
        platform_language=identity.locale[:16] if identity.locale else None,
        created_at=now,
        last_seen_at=now if seen else NEVER_SEEN,
    )
    try:
        async with session.begin_nested():
            session.add(member)
    except IntegrityError:  # the same person's other request created it a moment ago
        if member in session:  # the savepoint's rollback may have removed it already
            session.expunge(member)
        return (await session.execute(query)).scalar_one()
    return member


def name_key(name: str) -> str:
    return name.strip().lstrip("@").lower()


async def find_member(
    session: AsyncSession, community_id: int, *, user_id: str | None, name: str | None
) -> Member | None:
    """A member of this community by platform id or by name; never another community's."""
    if user_id:
        query = select(Member).where(Member.community_id == community_id, Member.user_id == user_id)
        found = (await session.execute(query)).scalar_one_or_none()
        if found is not None or not name:
            return found
    if name:
        key = name_key(name)
        query = (
            select(Member)
            .where(Member.community_id == community_id)
            .where((Member.name_key == key) | (Member.user_id == name))
            .order_by(Member.id)
        )
        return (await session.execute(query)).scalars().first()
    return None


async def members_by_ids(
    session: AsyncSession, community_id: int, ids: list[int]
) -> dict[int, Member]:
    if not ids:
        return {}
    query = select(Member).where(Member.community_id == community_id, Member.id.in_(ids))
    return {m.id: m for m in (await session.execute(query)).scalars()}


async def claim_request(session: AsyncSession, key: str, *, now: datetime) -> bool:
    """Record `key` as handled; True only for the first to do it, on any instance.

    One statement that does nothing when the key is there (INSERT … ON CONFLICT DO
    NOTHING, on SQLite and PostgreSQL alike): a second instance claiming the same key
    waits for the first one's commit at most, then learns it lost, without an error.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(HandledRequest)
        .values(key=key[:200], created_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    result = cast("CursorResult[Any]", await session.execute(statement))
    return bool(result.rowcount)


async def count_moderators(session: AsyncSession, community_id: int, *, besides: int) -> int:
    """Facilitators and admins of a community other than member `besides`."""
    query = (
        select(func.count())
        .select_from(Member)
        .where(
            Member.community_id == community_id,
            Member.role.in_(("facilitator", "admin")),
            Member.id != besides,
        )
    )
    return int((await session.execute(query)).scalar_one())
