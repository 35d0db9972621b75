"""Previous and Next: the one pager every list uses.

A list shown a page at a time ends with these buttons. Each runs the same command on
another page and is marked as a pager (`Button.pager`), so an adapter can replace the
page the person is looking at instead of answering anew. Past the last page (a stale
button, or `page:9` typed by hand) Previous goes to the last page that has something,
not to another empty one; with nothing to show at all there is no Previous.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.kernel.i18n import pgettext
from bot.kernel.reply import Button, Buttons

PAGE_OPTION = "page"


def page_count(total: int, size: int) -> int:
    """How many pages `total` items fill at `size` a page; an empty list is one page."""
    return max(1, -(-total // size))


def on_page(command: str, page: int) -> str:
    """`command` on page `page`: the command text a pager button runs."""
    return f"{command} {PAGE_OPTION}:{page}"


def pager(
    command: str | Callable[[int], str], page: int, pages: int, *, total: int
) -> list[Buttons]:
    """Previous and Next for page `page` of `pages` (`total` items in all): none, or one block.

    `command` is the list's command without its page (the page is added), or a function
    that gives the command for a page when the page is not simply appended.
    """
    to_page = command if callable(command) else (lambda number: on_page(command, number))
    buttons: list[Button] = []
    if page > 1 and total > 0:
        buttons.append(
            Button(pgettext("button", "Previous"), to_page(min(page - 1, pages)), pager=True)
        )
    if page < pages:
        buttons.append(Button(pgettext("button", "Next"), to_page(page + 1), pager=True))
    return [Buttons(tuple(buttons))] if buttons else []
