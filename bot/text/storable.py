"""Text a database can keep: no unpaired surrogate, no NUL.

JSON can carry a lone surrogate (`"\\ud800"`) and a terminal can type one; Python holds it,
but neither SQLite's driver (UnicodeEncodeError) nor PostgreSQL (which also refuses NUL)
can store it, so the save fails as an internal fault. What a person typed is checked where
it enters (the parser: `unstorable`), and refused with a message saying which character;
names the platform gives us are mended instead (`storable`), since nobody typed them here.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def unstorable(text: str) -> str | None:
    """What in `text` cannot be stored, said for a person; None when all of it can."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    char = found.group()
    if char == "\x00":
        return "a NUL character (U+0000)"
    return f"an unpaired surrogate character (U+{ord(char):04X}), the half of an emoji or symbol"


def storable(text: str) -> str:
    """`text` with what cannot be stored replaced by U+FFFD."""
    return _UNSTORABLE.sub(REPLACEMENT, text)


def refusal(what: str, subject: str = "Your text") -> str:
    """The message for a person whose `subject` has `what` (from `unstorable`)."""
    return f"{subject} has {what}, which cannot be saved; retype that part and try again."
