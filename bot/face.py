"""The one interface an adapter sees of the core.

An adapter turns platform events into `Request`s and replies into platform output;
for that it needs to hand a request in, ask for autocomplete suggestions, read the
registry (to register commands and render help), register its delivery port, ask
whether the core is healthy, and keep the few payloads it must remember across
restarts (Discord's long button ids, the hash of the command tree it last synced),
register the port through which it looks up people the bot has not met, and claim a
platform event so that of several instances only one answers it. It never sees the
composition root's `App`, a database session, or the dispatcher's parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.dispatch.dispatcher import Dispatcher, Outcome, Result
from bot.dispatch.people import PeoplePort
from bot.dispatch.services import Services
from bot.grammar.parser import tokenize
from bot.grammar.registry import Registry
from bot.grammar.spec import Family, MessageAction, Option, OptionType, SubCommand
from bot.kernel.language import Language, speaking
from bot.kernel.model import Address, Identity, Request, TextCommand
from bot.kernel.roles import Role
from bot.lookup.matching import LookupQuery, Suggestion, id_suggestion, lookups_of
from bot.observe.health import Readiness
from bot.observe.metrics import CONTENT_TYPE_LATEST
from bot.scheduling.port import DeliveryError, DeliveryPort
from storage.discord import StoredComponent, recall_component, remember_component
from storage.members import (
    claim_request,
    find_community,
    get_or_create_community,
    get_or_create_member,
    language_for,
)
from storage.state import read_state, write_state

__all__ = [
    "Core",
    "DeliveryError",
    "DeliveryPort",
    "Family",
    "MessageAction",
    "Option",
    "OptionType",
    "Outcome",
    "PeoplePort",
    "Readiness",
    "Registry",
    "Result",
    "StoredComponent",
    "SubCommand",
    "Suggestion",
    "id_suggestion",
    "tokenize",
]


# The command whose reply is a person's home: App Home on Slack, `/praxis home` elsewhere.
HOME_COMMAND = "/praxis home"


@dataclass
class Core:
    """What the composition root hands each adapter."""

    registry: Registry
    dispatcher: Dispatcher
    services: Services

    async def handle(self, request: Request) -> Result:
        """Answer one request; the dispatcher is the error boundary, so this never raises."""
        return await self.dispatcher.handle(request)

    async def suggest(
        self, address: Address, identity: Identity, kind: str | None, typed: str
    ) -> Sequence[Suggestion]:
        """Autocomplete for an option of `kind`, from the asker's community only, its
        labels in the asker's language (a resource's type, a phase).

        An unknown community or kind suggests at most the id that was typed.
        """
        suggest = lookups_of(self.registry).get(kind) if kind else None
        if suggest is None:
            return id_suggestion(typed)
        async with self.services.db.session() as session:
            community = await find_community(session, address.platform, address.community)
            if community is None:
                return id_suggestion(typed)
            query = LookupQuery(session, community, identity.user_id, typed, now=self.now())
            with speaking(await language_for(session, address, identity)):
                return list(await suggest(query))

    async def home(self, address: Address, identity: Identity) -> Result:
        """A person's home: their open prompt, drafts, saved resources and cycles."""
        return await self.handle(Request(address, identity, TextCommand(HOME_COMMAND)))

    async def language(self, address: Address, identity: Identity) -> Language:
        """The language to tell this person something in outside any command (an expired
        button, "working on it"): their choice, else their platform's, else the
        community's; what the platform says when the database does not answer."""
        return await self.dispatcher.language_of(address, identity)

    def register_delivery(self, port: DeliveryPort) -> None:
        self.services.delivery.register(port)

    def register_people(self, port: PeoplePort) -> None:
        """How this platform looks up someone named by id before they used the bot."""
        self.services.people.register(port)

    async def claim_once(self, key: str) -> bool:
        """True for the one caller, across every instance on this database, that claims
        `key` first (a platform event's id); False for everyone after, for a day."""
        async with self.services.db.session() as session:
            return await claim_request(session, key, now=self.now())

    async def read_state(self, key: str) -> str | None:
        """A small value an adapter keeps across restarts (e.g. its synced tree's hash)."""
        async with self.services.db.session() as session:
            return await read_state(session, key)

    async def write_state(self, key: str, value: str) -> None:
        async with self.services.db.session() as session:
            await write_state(session, key, value, now=self.now())

    async def healthy(self) -> bool:
        return await self.services.db.healthy()

    async def readiness(self) -> Readiness:
        """Ready: the database answers and every platform served is connected."""
        return await self.services.health.readiness(self.services.db)

    def report_connected(self, platform: str, up: bool) -> None:
        """An adapter says its connection went up or down (/readyz, a gauge)."""
        self.services.health.connected(platform, up)

    def metrics(self) -> tuple[bytes, str]:
        """The Prometheus exposition and its content type, for an adapter's /metrics route."""
        return self.services.metrics.exposition(), CONTENT_TYPE_LATEST

    def now(self) -> datetime:
        return self.services.clock.now()

    @property
    def default_timezone(self) -> str:
        return self.services.default_timezone

    async def set_role(self, address: Address, identity: Identity, role: Role) -> None:
        """The console's operator owns its database, so they may act as any role."""
        now = self.now()
        async with self.services.db.session() as session:
            community = await get_or_create_community(
                session, address, default_timezone=self.default_timezone, now=now
            )
            member = await get_or_create_member(session, community, identity, now=now)
            member.role = role.value

    async def remember(self, address: Address, kind: str, payload: str) -> str:
        """Keep `payload` for this address's community under a short, stable key."""
        now = self.now()
        async with self.services.db.session() as session:
            community = await get_or_create_community(
                session, address, default_timezone=self.default_timezone, now=now
            )
            return await remember_component(session, community.id, kind, payload, now=now)

    async def recall(self, key: str) -> StoredComponent | None:
        async with self.services.db.session() as session:
            return await recall_component(session, key)
