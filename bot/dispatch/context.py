"""Everything a command handler needs for one invocation.

A handler gets the session of the request's transaction, the community and
the member who asked. Messages to others (`notify`) are sent only after the
transaction commits, so nobody is told of something that was rolled back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dispatch.services import Services
from bot.grammar.values import UserRef
from bot.kernel.errors import NotFound, Refusal
from bot.kernel.i18n import _
from bot.kernel.language import Language, speaking
from bot.kernel.model import Address, InboundFile
from bot.kernel.reply import Moment, Reply
from bot.kernel.roles import Role
from bot.scheduling.facade import Scheduling
from bot.scheduling.kinds import member_address
from bot.text.deidentify import Finding, find_identifying_details, find_in_parts
from bot.time.zones import zone_for
from storage.community import Community, Member, member_language
from storage.members import find_member, get_or_create_member

AfterCommit = Callable[[], Awaitable[None]]


@dataclass
class Context:
    session: AsyncSession
    community: Community
    member: Member
    address: Address
    services: Services
    after_commit: list[AfterCommit] = field(default_factory=list)
    files: tuple[InboundFile, ...] = ()  # attached to the request (an .ics to import)

    @property
    def role(self) -> Role:
        return Role(self.member.role)

    @property
    def scheduling(self) -> Scheduling:
        """The one way a family reaches scheduling."""
        return self.services.scheduling

    @property
    def now(self) -> datetime:
        return self.services.clock.now()

    def require(self, role: Role, message: str | None = None) -> None:
        if not self.role.at_least(role):
            raise Refusal(message or role.refusal())

    @property
    def language(self) -> Language:
        """The language the asker reads (their choice, their platform's, the community's)."""
        return member_language(self.member, self.community)

    def language_of(self, member: Member) -> Language:
        return member_language(member, self.community)

    def speaking_to(self, member: Member) -> AbstractContextManager[Language]:
        """Build a message for `member` in their language, not the asker's:
        `with ctx.speaking_to(author): ctx.notify(address, reply)`."""
        return speaking(self.language_of(member))

    def community_zone(self) -> ZoneInfo:
        return ZoneInfo(self.community.timezone)

    def member_zone(self, member: Member | None = None) -> ZoneInfo:
        """The zone a person's times are read in (bot.time.zones.zone_for); you by default."""
        return zone_for(member or self.member, self.community)

    def moment(self, at: datetime) -> Moment:
        """An instant as this reader sees it: in their own zone (on Slack and Discord, the
        platform shows it in the zone of whoever reads it)."""
        return Moment(at, str(self.member_zone()))

    async def resolve_member(self, ref: UserRef) -> Member:
        """A member of this community; someone named by their platform id who has not used
        the bot yet becomes one, from their platform profile."""
        found = await find_member(
            self.session, self.community.id, user_id=ref.user_id, name=ref.name
        )
        if found is not None:
            return found
        if ref.user_id:
            where = Address(self.community.platform, self.community.external_id)
            identity = await self.services.people.identity(where, ref.user_id)
            if identity is not None:
                return await get_or_create_member(
                    self.session, self.community, identity, now=self.now, seen=False
                )
            raise NotFound(_("I can't find {person} in this community.", person=ref.shown()))
        raise NotFound(
            _(
                "I don't know {person} here yet; they need to use the bot once first.",
                person=ref.shown(),
            )
        )

    def notify(self, address: Address, reply: Reply) -> None:
        """Send `reply` to `address` once this request's work is committed."""
        delivery = self.services.delivery

        async def send() -> None:
            await delivery.send(address, reply)

        self.after_commit.append(send)

    @property
    def published_names(self) -> tuple[str, ...]:
        """Published educators this community added to the check's list (/praxis published)."""
        names = (self.community.settings or {}).get("published_names") or ()
        return tuple(str(name) for name in names)

    def identifying_details(self, text: str) -> list[Finding]:
        """The one identifying-details check, with this community's published names."""
        return find_identifying_details(text, published=self.published_names)

    def identifying_details_in(self, parts: dict[str, str]) -> dict[str, list[Finding]]:
        """The check over the parts of one text: a name flagged in one is flagged in all."""
        return find_in_parts(parts, published=self.published_names)

    def member_address(self, member: Member) -> Address:
        """Where `member` is reached by direct message (bot.scheduling.kinds.member_address)."""
        return member_address(self.community, member)
