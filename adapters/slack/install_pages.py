"""The two pages an installer sees when Slack sends them back: installed, or not.

Bolt's own pages are English; these say the same in the installer's language, read from
their browser's `Accept-Language` (the page comes before any member exists, so there is
no profile or platform locale to ask). The success page sends them on to Slack as
Bolt's does.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from slack_bolt.oauth.async_callback_options import (
    AsyncCallbackOptions,
    AsyncFailureArgs,
    AsyncSuccessArgs,
)
from slack_bolt.response import BoltResponse
from slack_sdk.oauth.installation_store import Installation

from bot.kernel.i18n import _
from bot.kernel.language import Language, current_language, speaking

CONTENT_TYPE = "text/html; charset=utf-8"

_PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
{refresh}<title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 36em; margin: 3em auto; padding: 0 1em; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p>{body}</p>
</body>
</html>
"""


def browser_language(headers: Mapping[str, Sequence[str]]) -> Language:
    """The first language of ours the browser asks for, by its weights; English when
    it asks for none of them (`es-419,es;q=0.9,en;q=0.8` is Spanish)."""
    offered = ",".join(headers.get("accept-language") or ())
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(offered.split(",")):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag and weight > 0:
            ranked.append((-weight, position, tag))
    for _weight, _position, tag in sorted(ranked):
        language = Language.parse(tag)
        if language is not None:
            return language
    return Language.EN


def _page(title: str, body: str, *, redirect: str | None = None) -> str:
    refresh = (
        f'<meta http-equiv="refresh" content="0; URL={html.escape(redirect)}">\n'
        if redirect
        else ""
    )
    return _PAGE.format(
        lang=current_language().value, refresh=refresh, title=html.escape(title), body=body
    )


def _link(url: str, text: str) -> str:
    return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'


def success_page(installation: Installation) -> str:
    """Installed: on to the Slack app, with links for when the redirect does not happen."""
    team = installation.team_id
    if installation.is_enterprise_install and installation.enterprise_url:
        app_url = (
            f"{installation.enterprise_url}manage/organization/apps/profile/"
            f"{installation.app_id}/workspaces/add"
        )
    elif team and installation.app_id:
        app_url = f"slack://app?team={team}&id={installation.app_id}"
    else:
        app_url = "slack://open"
    # The template is our own catalog's text; only the links are made here, escaped.
    # (Their words are looked up first: the extractor skips a call nested in another.)
    open_words, browser_words = _("open Slack"), _("use Slack in the browser")
    body = _(
        "Praxis is in your workspace now. Opening Slack… If nothing happens, "
        "{open_link}, or {browser_link}.",
        open_link=_link(app_url, open_words),
        browser_link=_link(f"https://app.slack.com/client/{team}", browser_words),
    )
    return _page(_("Praxis is installed"), body, redirect=app_url)


def failure_page(install_path: str) -> str:
    """Not installed: what to do next, never the reason's internals."""
    again_words = _("Try again")
    body = _(
        "Slack did not finish installing Praxis (it may have been cancelled, or the link "
        "was opened in another browser). {again_link}, or ask whoever runs Praxis for your "
        "district.",
        again_link=_link(install_path, again_words),
    )
    return _page(_("Praxis was not installed"), body)


async def _success(args: AsyncSuccessArgs) -> BoltResponse:
    with speaking(browser_language(args.request.headers)):
        return BoltResponse(
            status=200, body=success_page(args.installation), headers={"Content-Type": CONTENT_TYPE}
        )


async def _failure(args: AsyncFailureArgs) -> BoltResponse:
    with speaking(browser_language(args.request.headers)):
        page = failure_page(args.settings.install_path)
    return BoltResponse(
        status=args.suggested_status_code, body=page, headers={"Content-Type": CONTENT_TYPE}
    )


CALLBACK_OPTIONS = AsyncCallbackOptions(success=_success, failure=_failure)
