"""Text a database can keep: no unpaired surrogate, no NUL.

JSON can carry a lone surrogate (`"\\ud800"`) and a terminal can type one; Python holds it,
but neither SQLite's driver (UnicodeEncodeError) nor PostgreSQL (which also refuses NUL)
can store it, so the save fails as an internal fault. What a person typed is checked where
it enters (the parser: `unstorable`), and refused with a message saying which character;
names the platform gives us are mended instead (`storable`), since nobody typed them here.
"""

from __future__ import annotations

import re

from bot.kernel.i18n import _

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def unstorable(text: str) -> str | None:
    """What in `text` cannot be stored, as its code point ("U+0000"); None when all of it
    can. `refusal` words it for a person."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    return f"U+{ord(found.group()):04X}"


def storable(text: str) -> str:
    """`text` with what cannot be stored replaced by U+FFFD."""
    return _UNSTORABLE.sub(REPLACEMENT, text)


def refusal(what: str, subject: str | None = None) -> str:
    """The message for a person whose text (or option `subject`, as typed: `title:`) has
    the character `what` (from `unstorable`): whole sentences, one per case."""
    if what == "U+0000":
        if subject is None:
            return _(
                "Your text has a NUL character (U+0000), which cannot be saved; "
                "retype that part and try again."
            )
        return _(
            "{option} has a NUL character (U+0000), which cannot be saved; "
            "retype that part and try again.",
            option=subject,
        )
    if subject is None:
        return _(
            "Your text has an unpaired surrogate character ({code}), the half of an emoji "
            "or symbol, which cannot be saved; retype that part and try again.",
            code=what,
        )
    return _(
        "{option} has an unpaired surrogate character ({code}), the half of an emoji "
        "or symbol, which cannot be saved; retype that part and try again.",
        option=subject,
        code=what,
    )
