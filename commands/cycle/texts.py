"""The family's shared wording: phase, role and artifact names in the reader's language,
sentences with moments in them, and the language a channel is written in.

Phases, roles and artifact kinds are stored (and typed) by their English choice
(`teach`, `knowledgeable-other`); people read them in their own language, so every
place that shows one asks here. A channel is read by the whole team at once: what
the bot posts there by itself (a reminder, a step's time box) is in the community's
language, not in any one member's.
"""

from __future__ import annotations

from string import Formatter

from bot.kernel.i18n import pgettext
from bot.kernel.reply import Moment, Rich, Text, rich
from bot.kernel.reply import parts as text_parts


def phase_name(phase: str) -> str:
    """A phase as a reader calls it ("teach" / "clase"); the typed choice stays English."""
    names = {
        "study": pgettext("cycle phase", "study"),
        "plan": pgettext("cycle phase", "plan"),
        "teach": pgettext("cycle phase", "teach"),
        "reflect": pgettext("cycle phase", "reflect"),
        "revise": pgettext("cycle phase", "revise"),
        "reteach": pgettext("cycle phase", "reteach"),
    }
    return names.get(phase, phase)


def role_name(role: str, count: int = 1) -> str:
    """A team role, singular or plural ("observer" / "observers")."""
    if count == 1:
        names = {
            "teacher": pgettext("cycle role", "teacher"),
            "observer": pgettext("cycle role", "observer"),
            "knowledgeable-other": pgettext("cycle role", "knowledgeable other"),
            "facilitator": pgettext("cycle role", "facilitator"),
        }
    else:
        names = {
            "teacher": pgettext("cycle role", "teachers"),
            "observer": pgettext("cycle role", "observers"),
            "knowledgeable-other": pgettext("cycle role", "knowledgeable others"),
            "facilitator": pgettext("cycle role", "facilitators"),
        }
    return names.get(role, role)


def artifact_name(kind: str) -> str:
    """An artifact kind as a reader calls it ("lesson plan" / "plan de clase")."""
    names = {
        "theme": pgettext("artifact", "research theme"),
        "lesson-plan": pgettext("artifact", "lesson plan"),
        "observation": pgettext("artifact", "observation notes"),
        "student-work": pgettext("artifact", "student work"),
        "report": pgettext("artifact", "report"),
        "resource": pgettext("artifact", "library resource"),
    }
    return names.get(kind, kind)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def joined(items: list[str] | tuple[str, ...]) -> str:
    return ", ".join(items)


def rich_text(template: str, /, **params: str | Moment | Text) -> Rich:
    """A translated sentence whose `{placeholders}` may be moments (or texts holding
    them): `rich_text(_("Next reminder: {when}."), when=ctx.moment(at))`."""
    pieces: list[str | Moment] = []
    for literal, field, _spec, _conversion in Formatter().parse(template):
        if literal:
            pieces.append(literal)
        if field is None:
            continue
        value = params[field]
        if isinstance(value, Moment):
            pieces.append(value)
        else:
            pieces.extend(text_parts(value))
    return rich(*pieces)
