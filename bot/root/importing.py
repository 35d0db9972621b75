"""`praxis import resources FILE`: a district's spreadsheet into a community's library.

The operator who runs it owns the database (as with `praxis console`), so the import is
attributed to the person named by `--user` in the community named by `--community`
(the console's community unless told otherwise, e.g. `slack:T0123` for a workspace).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.kernel.errors import UserError
from bot.kernel.model import Address, Identity
from bot.root.app import App
from commands.resource.handlers import focus_of
from commands.resource.importer import ImportReport, import_resources, read_rows
from storage.members import get_or_create_community, get_or_create_member


@dataclass(frozen=True)
class ImportOptions:
    path: Path
    user: str
    community: str = "console:console"  # platform:external id


def _address(community: str) -> Address:
    platform, sep, external = community.partition(":")
    if not sep or not platform or not external:
        raise UserError(f"--community takes platform:id (e.g. slack:T0123), not “{community}”.")
    return Address(platform, external, None, None)


class _Bar:
    """A progress line on standard error: redrawn on a terminal, one line a batch elsewhere."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.tty = out.isatty()

    def __call__(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        line = f"importing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
        self.out.write(("\r" + line) if self.tty else line + "\n")
        if self.tty and done >= total:
            self.out.write("\n")
        self.out.flush()


async def import_file(app: App, options: ImportOptions, *, err: TextIO | None = None) -> int:
    """Run the import and print its report; 0 when it ran, 1 when the file could not be read."""
    err = err or sys.stderr
    try:
        if not options.path.is_file():
            raise UserError(f"There is no file {options.path}.")
        address = _address(options.community)
        now = app.services.clock.now()
        async with app.db.session() as session:
            community = await get_or_create_community(
                session, address, default_timezone=app.settings.timezone, now=now
            )
            member = await get_or_create_member(
                session, community, Identity(options.user, ""), now=now
            )
            report: ImportReport = await import_resources(
                session,
                community.id,
                read_rows(options.path),
                shared_by=member.id,
                focus=focus_of(community),
                now=now,
                progress=_Bar(err),
            )
    except UserError as error:
        print(f"praxis import: {error}", file=err)
        return 1
    print("\n".join(report.lines()))
    return 0
