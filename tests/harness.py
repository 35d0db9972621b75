"""A one-line full-stack test: people typing in the console adapter.

Like errbot's test backend: the console adapter is the harness, and the
delivery port keeps what it delivered where a network would be.
"""

from __future__ import annotations

import io
from pathlib import Path

from adapters.console.adapter import ConsoleDelivery, ConsoleSession
from bot.dispatch.dispatcher import Result
from bot.kernel.model import InboundFile
from bot.kernel.roles import Role
from bot.root.app import App


class Harness:
    def __init__(self, app: App, tmp_path: Path) -> None:
        self.app = app
        self.tmp_path = tmp_path
        self.deliveries = ConsoleDelivery(out=io.StringIO())
        app.services.delivery.register(self.deliveries)
        self._sessions: dict[tuple[str, str, str], ConsoleSession] = {}

    def as_(
        self,
        user: str,
        *,
        channel: str = "general",
        community: str = "console",
        locale: str | None = None,
    ) -> ConsoleSession:
        """`user`'s session in `channel`; `locale` is what their terminal says they read
        (the console's platform locale), fixed when the session is first made."""
        key = (user, channel, community)
        if key not in self._sessions:
            session = ConsoleSession(
                self.app.core,
                user,
                channel=channel,
                out=io.StringIO(),
                files_dir=self.tmp_path / "files",
                locale=locale,
            )
            if community != "console":
                from dataclasses import replace

                session.address = replace(session.address, community=community)
            self._sessions[key] = session
        return self._sessions[key]

    async def run(self, user: str, text: str, **where: str) -> Result:
        return await self.as_(user, **where).run(text)

    async def text(self, user: str, text: str, **where: str) -> str:
        """The reply as the console shows it."""
        session = self.as_(user, **where)
        return session.show(await session.run(text))

    async def ok(self, user: str, text: str, **where: str) -> str:
        """Run a command that must succeed; return its text."""
        return await self.ok_with(user, text, (), **where)

    async def ok_with(
        self, user: str, text: str, files: tuple[InboundFile, ...], **where: str
    ) -> str:
        """Run a command with `files` attached that must succeed; return its text."""
        session = self.as_(user, **where)
        result = await session.run(text, files)
        shown = session.show(result)
        assert result.ok, f"{text!r} failed with {result.outcome}: {shown}"
        return shown

    async def fails(self, user: str, text: str, **where: str) -> str:
        session = self.as_(user, **where)
        result = await session.run(text)
        shown = session.show(result)
        assert not result.ok, f"{text!r} should have failed: {shown}"
        return shown

    async def with_role(self, user: str, role: Role, **where: str) -> None:
        await self.as_(user, **where).set_role(role)

    async def community(self, admin: str = "admin", **where: str) -> None:
        """Make `admin` the first person (and so the admin) of the community."""
        await self.ok(admin, "/praxis whoami", **where)
