"""The console: a local chat with the core, and the harness tests drive.

It is an adapter like the others: it turns typed lines into requests and
replies into terminal text, and it delivers scheduled messages by printing
them (and keeping them, so tests can read what was delivered).
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TextIO

from adapters.console.render import render
from bot.face import Core, Result
from bot.kernel.i18n import _
from bot.kernel.language import Language, speaking
from bot.kernel.model import Address, Identity, InboundFile, Request, TextCommand
from bot.kernel.reply import Attachment, Image, Reply
from bot.kernel.roles import Role

PLATFORM = "console"
COMMUNITY = "console"


@dataclass
class Delivered:
    address: Address
    reply: Reply
    key: str | None = None


@dataclass
class ConsoleDelivery:
    """The console's delivery port: prints, and remembers what it delivered.

    Like the platforms, it honours idempotency keys: a second send with a key it has already
    delivered is a no-op that answers the first message's id.
    """

    out: TextIO = field(default_factory=lambda: sys.stdout)
    color: bool = False
    delivered: list[Delivered] = field(default_factory=list)
    platform: str = PLATFORM
    keys: dict[str, str] = field(default_factory=dict)

    async def send(
        self, address: Address, reply: Reply, *, key: str | None = None, resend: bool = False
    ) -> str | None:
        if key is not None and key in self.keys:
            return self.keys[key]
        self.delivered.append(Delivered(address, reply, key))
        if key is not None:
            self.keys[key] = str(len(self.delivered))
        where = (
            f"@{address.user}" if address.user else f"#{address.channel_name or address.channel}"
        )
        with speaking(reply.language):
            heading = _("delivered to {where}", where=where)
        self.out.write(f"\n── {heading} ──\n{render(reply, color=self.color)}\n")
        self.out.flush()
        return str(len(self.delivered))


class ConsoleSession:
    """One person typing in one channel of the console community."""

    def __init__(
        self,
        app: Core,
        user: str,
        *,
        channel: str = "general",
        out: TextIO | None = None,
        files_dir: Path | None = None,
        locale: str | None = None,
    ) -> None:
        self.app = app
        self.user = user
        # The terminal's language (LANG), as a platform's locale is: the person's
        # language until they choose one. None in tests, whatever the machine's LANG.
        self.locale = locale
        self.channel = channel.lstrip("#")
        self.out = out or sys.stdout
        self.files_dir = files_dir or Path("data") / "files"
        self.address = Address(PLATFORM, COMMUNITY, self.channel, None, None, self.channel)

    @property
    def identity(self) -> Identity:
        # No display name: the console knows only the login name, and must not
        # overwrite a fuller name the person (or the demo) already has.
        return Identity(self.user, "", locale=self.locale)

    def request(self, text: str, files: tuple[InboundFile, ...] = ()) -> Request:
        return Request(self.address, self.identity, TextCommand(text), files=files)

    async def language(self) -> Language:
        """The language this person reads (their choice, else the community's)."""
        return await self.app.language(self.address, self.identity)

    async def set_role(self, role: Role) -> None:
        """The console's operator owns its database, so they may act as any role."""
        await self.app.set_role(self.address, self.identity, role)

    async def run(self, text: str, files: tuple[InboundFile, ...] = ()) -> Result:
        """Run one typed command; `files` travel with it as an attachment would."""
        return await self.app.handle(self.request(text, files))

    def show(self, result: Result, *, color: bool = False) -> str:
        saved = self._save_files(result.reply)
        return render(result.reply, color=color, saved_files=saved)

    def _save_files(self, reply: Reply) -> dict[str, str]:
        saved: dict[str, str] = {}
        for block in reply.blocks:
            if isinstance(block, Image | Attachment):
                self.files_dir.mkdir(parents=True, exist_ok=True)
                path = self.files_dir / block.filename
                path.write_bytes(block.data)
                saved[block.filename] = str(path)
        return saved


async def run_once(session: ConsoleSession, text: str) -> int:
    """`praxis console -c`: the reply on stdout; 0 if done, 1 for a mistake or refusal."""
    result = await session.run(text)
    session.out.write(session.show(result) + "\n")
    return 0 if result.ok else 1


async def run_repl(session: ConsoleSession, *, history: Path | None = None) -> int:
    """An interactive chat with line editing and history."""
    color = session.out.isatty()
    readline: ModuleType | None
    try:
        import readline
    except ImportError:  # not on every platform; the console works without it
        readline = None
    if readline is not None and history is not None:
        history.parent.mkdir(parents=True, exist_ok=True)
        if history.exists():
            readline.read_history_file(history)
    with speaking(await session.language()):
        greeting = _(
            "Praxis console, community “{community}”, #{channel}, as {user}. "
            "Type /praxis help; quit with Ctrl-D.",
            community=COMMUNITY,
            channel=session.channel,
            user=session.user,
        )
    session.out.write(greeting + "\n")
    prompt = f"{session.user}@#{session.channel}> "
    loop = asyncio.get_running_loop()
    try:
        while True:
            try:
                line = await loop.run_in_executor(None, input, prompt)
            except EOFError:
                session.out.write("\n")
                return 0
            line = line.strip()
            if not line:
                continue
            if line in ("quit", "exit", "/quit", "/exit"):
                return 0
            result = await session.run(line)
            if result.reply.form is not None and result.ok:
                result = await _fill_form(session, result, loop)
            session.out.write(session.show(result, color=color) + "\n")
    finally:
        if readline is not None and history is not None:
            readline.write_history_file(history)


async def _fill_form(
    session: ConsoleSession, result: Result, loop: asyncio.AbstractEventLoop
) -> Result:
    """Ask for a form's fields one by one, then run its command with them."""
    form = result.reply.form
    assert form is not None
    session.out.write(render(result.reply) + "\n")
    with speaking(result.reply.language):
        intro = _("{title} (leave a line empty to skip an optional field)", title=form.title)
        labels = [
            (f.label if f.required else _("{label} (optional)", label=f.label)) + ": "
            for f in form.fields
        ]
    session.out.write(intro + "\n")
    parts = [form.command]
    for form_field, label in zip(form.fields, labels, strict=True):
        value = (await loop.run_in_executor(None, input, label)).strip()
        if value:
            parts.append(f'{form_field.name}:"{value.replace(chr(34), chr(39))}"')
    return await session.run(" ".join(parts))
