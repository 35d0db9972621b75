"""The two kinds of failure a user can see.

A `UserError` is the user's to fix: its message is shown as it is, with the
usage of the command when that helps, and it names the option it is about when
there is one, so a form can show it on that field. Anything else that escapes a handler is
an internal fault; the dispatcher turns it into a reference, never a traceback.
"""

from __future__ import annotations

import secrets

from bot.kernel.i18n import _


class UserError(Exception):
    """A mistake the user can fix; the message says what to fix.

    `option` names the option (a form's field) the mistake is in, e.g. "title": set
    where the value is read, never guessed from the sentence afterwards.
    """

    def __init__(
        self, message: str, *, usage: str | None = None, option: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.usage = usage
        self.option = option

    def with_usage(self, usage: str) -> UserError:
        """Attach a usage line unless one is already there."""
        if self.usage is None:
            self.usage = usage
        return self

    def about(self, option: str) -> UserError:
        """Name the option this mistake is in, unless a more precise one is named already."""
        if self.option is None:
            self.option = option
        return self


class Refusal(UserError):
    """The user may not do this; the message says who may."""


class NotFound(UserError):
    """What the user named does not exist in their community."""


def fault_reference() -> str:
    """A short reference for an internal fault: logged with the traceback, told to the user."""
    return secrets.token_hex(2).upper()


def fault_message(ref: str) -> str:
    """What a person is told of an internal fault, on every platform: a reference, no detail."""
    return _("Something went wrong (ref {ref}). It has been logged.", ref=ref)


class PlatformRefused(Exception):
    """A platform turned the bot away for good (a bad token, a missing setting or intent):
    reconnecting cannot help, so the runner stops that platform instead of retrying."""
