"""Button clicks and modal submissions, routed into the core.

A button's value is a command; clicking runs it as the person who clicked.
Page navigation (a pager button, Previous or Next, on an ephemeral message)
replaces that message; anything else answers the clicker privately,
or in the channel when the reply publishes. A modal submission runs the form's
command with the fields as options; a mistake is shown on the field it is in.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncBoltContext
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.forms import (
    CALLBACK_ID,
    FormOrigin,
    build_modal,
    inline_errors,
    submission_command,
    submitted_values,
)
from adapters.slack.inbound import actor_team, address, retry_num
from adapters.slack.render import ACTION_PREFIX, is_pager
from bot.face import Outcome, Result
from bot.kernel.i18n import N_, _
from bot.kernel.language import Language, speaking
from bot.kernel.reply import Paragraph, plain

if TYPE_CHECKING:
    from adapters.slack.app import SlackAdapter

log = logging.getLogger("praxis.slack")
Json = dict[str, Any]
UNREADABLE_FORM = N_("This form could not be read; close it and open it again.")
# A bolt listener for an action or a view: (ack, body, action or view, request).
Listener = Callable[..., Awaitable[None]]


def register_interactions(adapter: SlackAdapter) -> None:
    adapter.bolt.action(re.compile("^" + re.escape(ACTION_PREFIX)))(_click_listener(adapter))
    adapter.bolt.view(CALLBACK_ID)(_submit_listener(adapter))


def _click_listener(adapter: SlackAdapter) -> Listener:
    async def on_click(
        ack: AsyncAck,
        body: Json,
        action: Json,
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()  # a click is acked at once; its answer follows via the response_url
        team = actor_team(body, context) or ""
        inbound = await adapter.translator.click(
            body, action, team, client, retry_num(request.headers)
        )
        container = body.get("container") or {}
        pager = is_pager(str(action.get("action_id", "")))
        replace = bool(container.get("is_ephemeral")) and pager

        async def run() -> None:
            result = await adapter.core.handle(inbound.request)
            await adapter.presenter.follow_up(
                inbound, result, replace=replace and result.reply.private
            )

        adapter.presenter.spawn(run())

    return on_click


def _error_text(result: Result) -> str:
    for block in result.reply.blocks:
        if isinstance(block, Paragraph):
            return plain(block.text)
    return result.reply.plain_text()


async def _language(
    adapter: SlackAdapter, body: Json, context: AsyncBoltContext, client: AsyncWebClient
) -> Language:
    """The language of whoever submitted, for a notice made before any command runs."""
    team = actor_team(body, context) or ""
    user = str((body.get("user") or {}).get("id", ""))
    identity = await adapter.translator.identity(client, team, user)
    return await adapter.core.language(address(team, None), identity)


def _submit_listener(adapter: SlackAdapter) -> Listener:
    async def on_submit(
        ack: AsyncAck,
        body: Json,
        view: Json,
        request: AsyncBoltRequest,
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        try:
            origin = FormOrigin.load(str(view.get("private_metadata", "")))
            values = submitted_values(view.get("state") or {})
            command = submission_command(adapter.core.registry, origin.command, values)
        except (ValueError, TypeError, AttributeError, KeyError) as error:
            # Over HTTP the front door refuses such a payload; over Socket Mode it is here.
            log.info("a modal submission could not be read (%s)", type(error).__name__)
            first = next((b.get("block_id") for b in view.get("blocks") or [] if b), None)
            if first:
                with speaking(await _language(adapter, body, context, client)):
                    unreadable = _(UNREADABLE_FORM)
                await ack(response_action="errors", errors={first: unreadable})
            else:
                await ack()
            return
        team = actor_team(body, context) or ""
        inbound = await adapter.translator.submission(
            body,
            command,
            origin.channel,
            origin.channel_name,
            team,
            client,
            retry_num(request.headers),
        )
        outcome = await adapter.presenter.within_budget(adapter.core.handle(inbound.request))
        if not isinstance(outcome, Result):  # slow: close the modal, answer when done
            await ack()
            outcome.add_done_callback(
                lambda t: (
                    adapter.presenter.spawn(adapter.presenter.follow_up(inbound, t.result()))
                    if not t.cancelled() and t.exception() is None
                    else None
                )
            )
            return
        result = outcome
        fields = origin.fields or tuple(values)
        if result.outcome in (Outcome.USER_ERROR, Outcome.REFUSED, Outcome.FAULT):
            errors = inline_errors(_error_text(result), result.option, fields)
            await ack(response_action="errors", errors=errors)
            return
        if result.outcome is Outcome.DUPLICATE:
            await ack()
            return
        if result.reply.form is not None:  # a next step: the modal becomes the next form
            with speaking(result.reply.language):
                modal = build_modal(
                    result.reply.form, channel=origin.channel, channel_name=origin.channel_name
                )
            await ack(response_action="update", view=modal)
            return
        await ack()
        adapter.presenter.after_answer(inbound, result)
        reply = result.reply
        adapter.presenter.spawn(
            adapter.presenter.post(inbound, reply, adapter.presenter.render(reply))
        )

    return on_submit
