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

from bot.kernel.i18n import NP_, Words
from bot.kernel.reply import Moment, Rich, Text, rich
from bot.kernel.reply import parts as text_parts

PHASES = Words(
    {
        "study": NP_("cycle phase", "study"),
        "plan": NP_("cycle phase", "plan"),
        "teach": NP_("cycle phase", "teach"),
        "reflect": NP_("cycle phase", "reflect"),
        "revise": NP_("cycle phase", "revise"),
        "reteach": NP_("cycle phase", "reteach"),
    }
)
ROLES = Words(
    {
        "teacher": NP_("cycle role", "teacher"),
        "observer": NP_("cycle role", "observer"),
        "knowledgeable-other": NP_("cycle role", "knowledgeable other"),
        "facilitator": NP_("cycle role", "facilitator"),
    }
)
ROLES_PLURAL = Words(
    {
        "teacher": NP_("cycle role", "teachers"),
        "observer": NP_("cycle role", "observers"),
        "knowledgeable-other": NP_("cycle role", "knowledgeable others"),
        "facilitator": NP_("cycle role", "facilitators"),
    }
)
ARTIFACTS = Words(
    {
        "theme": NP_("artifact", "research theme"),
        "lesson-plan": NP_("artifact", "lesson plan"),
        "observation": NP_("artifact", "observation notes"),
        "student-work": NP_("artifact", "student work"),
        "report": NP_("artifact", "report"),
        "resource": NP_("artifact", "library resource"),
    }
)


def phase_name(phase: str) -> str:
    """A phase as a reader calls it ("teach" / "clase"); the typed choice stays English."""
    return PHASES[phase]


def role_name(role: str, count: int = 1) -> str:
    """A team role, singular or plural ("observer" / "observers")."""
    return (ROLES if count == 1 else ROLES_PLURAL)[role]


def artifact_name(kind: str) -> str:
    """An artifact kind as a reader calls it ("lesson plan" / "plan de clase")."""
    return ARTIFACTS[kind]


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
