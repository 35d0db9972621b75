"""Roles, in the order of what they may do."""

from __future__ import annotations

from enum import StrEnum

from bot.kernel.i18n import _, pgettext


class Role(StrEnum):
    MEMBER = "member"
    FACILITATOR = "facilitator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank

    @property
    def label(self) -> str:
        """The role's name, in the reader's language ("facilitator")."""
        if self is Role.ADMIN:
            return pgettext("role", "admin")
        if self is Role.FACILITATOR:
            return pgettext("role", "facilitator")
        return pgettext("role", "member")

    @property
    def plural(self) -> str:
        """The people of this role, in the reader's language ("facilitators")."""
        if self is Role.ADMIN:
            return pgettext("role", "admins")
        if self is Role.FACILITATOR:
            return pgettext("role", "facilitators")
        return pgettext("role", "members")

    def refusal(self) -> str:
        """Who may do what was refused, as one whole sentence (languages word it apart)."""
        if self is Role.ADMIN:
            return _("Only admins can do that.")
        if self is Role.FACILITATOR:
            return _("Only facilitators can do that.")
        return _("Only members can do that.")

    def audience(self) -> str:
        """The small print of a command kept for this role ("For facilitators.")."""
        if self is Role.ADMIN:
            return _("For admins.")
        if self is Role.FACILITATOR:
            return _("For facilitators.")
        return _("For everyone.")


_RANK = {Role.MEMBER: 0, Role.FACILITATOR: 1, Role.ADMIN: 2}
