"""The de-identification check on what the team writes: notes, watch-for lines, records.

Every text goes through `bot.text.deidentify` (`find_identifying_details`,
`describe_findings`); this module only words the result for the cycle's
commands. A note the check flags is held (see `observe`); a shorter text
(a watch-for line, a summary, a discussion record) is refused with the
details to edit, and `checked:yes` saves it when they are not a student's.
"""

from __future__ import annotations

from typing import Any

from bot.kernel.errors import UserError
from bot.kernel.i18n import _
from bot.text.deidentify import describe_findings, find_identifying_details

# Only the two functions are used: the checker's internals are its own to change.
Finding = Any


def findings_in(text: str) -> list[Finding]:
    return find_identifying_details(text)


def listed(findings: list[Finding]) -> str:
    """The lines that name each flagged detail, without the checker's own heading."""
    lines = [line for line in describe_findings(findings).splitlines() if line.startswith("- ")]
    return "\n".join(lines) or describe_findings(findings)


def refuse_identifying(text: str, what: str, *, checked: bool = False) -> None:
    """Raise a UserError naming the details when `text` may identify a student (`what`
    is said in the reader's language: "this record")."""
    findings = findings_in(text)
    if findings and not checked:
        raise UserError(
            _(
                "Nothing saved yet: {what} may identify a student. Edit these details, "
                "or add checked:yes if they are not a student's:\n{details}",
                what=what,
                details=listed(findings),
            )
        )
