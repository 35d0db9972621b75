"""The two kinds of failure a user can see.

A `UserError` is the user's to fix: its message is shown as it is, with the
usage of the command when that helps. Anything else that escapes a handler is
an internal fault; the dispatcher turns it into a reference, never a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A mistake the user can fix; the message says what to fix."""

    def __init__(self, message: str, *, usage: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage

    def with_usage(self, usage: str) -> UserError:
        """Attach a usage line unless one is already there."""
        if self.usage is None:
            self.usage = usage
        return self


class Refusal(UserError):
    """The user may not do this; the message says who may."""


class NotFound(UserError):
    """What the user named does not exist in their community."""


class PlatformRefused(Exception):
    """A platform turned the bot away for good (a bad token, a missing setting or intent):
    reconnecting cannot help, so the runner stops that platform instead of retrying."""
