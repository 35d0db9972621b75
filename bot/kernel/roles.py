"""Roles, in the order of what they may do."""

from __future__ import annotations

from enum import StrEnum


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
    def plural(self) -> str:
        return {"member": "members", "facilitator": "facilitators", "admin": "admins"}[self.value]


_RANK = {Role.MEMBER: 0, Role.FACILITATOR: 1, Role.ADMIN: 2}
