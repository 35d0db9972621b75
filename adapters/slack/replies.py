"""Presenting a dispatcher `Result` on Slack: in the ack, or followed up later.

Slack waits at most 3 seconds for an ack. A command gets `ack_budget` seconds
to finish: if it does, its reply travels in the ack itself (one round trip, no
Web API call); if not, the ack says it is working and the reply follows via
the response_url when the work is done. Private replies are ephemeral,
published ones go in the channel; a form opens as a modal.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError

from adapters.slack.client import post_to_response_url
from adapters.slack.delivery import SlackDelivery
from adapters.slack.forms import build_modal
from adapters.slack.inbound import Inbound
from adapters.slack.naming import CommandNames
from adapters.slack.render import SlackMessage, render
from bot.face import Outcome, Result
from bot.kernel.i18n import N_, _
from bot.kernel.language import Language, speaking
from bot.kernel.model import Address
from bot.kernel.reply import Reply

log = logging.getLogger("praxis.slack")

Json = dict[str, Any]
T = TypeVar("T")
Ack = Callable[..., Awaitable[Any]]
WORKING = N_("Working on it…")
# How long the "working on it" ack may wait to learn the asker's language (the ack itself
# must reach Slack within 3 seconds of the command, and the budget took 2 of them).
LANGUAGE_SECONDS = 0.5
LanguageOf = Callable[[Inbound], Awaitable[Language]]


def response_body(result: Result, message: SlackMessage) -> Json:
    body: Json = {
        "response_type": "ephemeral" if result.reply.private else "in_channel",
        **message.as_kwargs(),
    }
    return body


@dataclass
class Presenter:
    delivery: SlackDelivery
    ack_budget: float = 2.0
    names: CommandNames | None = None
    # Called with each answered request (e.g. to refresh the asker's App Home).
    answered: Callable[[Inbound, Result], None] | None = None
    # The asker's language, for what is said before the core answers ("working on it").
    language_of: LanguageOf | None = None
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    def render(self, reply: Reply) -> SlackMessage:
        return render(reply, names=self.names)

    def after_answer(self, inbound: Inbound, result: Result) -> None:
        if self.answered is not None and result.outcome is not Outcome.DUPLICATE:
            self.answered(inbound, result)

    def spawn(self, work: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run `work` beyond this request; kept referenced and drained at shutdown."""
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background Slack work failed", exc_info=task.exception())

    async def drain(self, timeout: float = 10.0) -> None:
        if self.tasks:
            await asyncio.wait(set(self.tasks), timeout=timeout)

    async def language(self, inbound: Inbound) -> Language:
        """The asker's language, quickly: what Slack says of them if the lookup is slow."""
        said = Language.parse(inbound.request.identity.locale) or Language.EN
        if self.language_of is None:
            return said
        try:
            async with asyncio.timeout(LANGUAGE_SECONDS):
                return await self.language_of(inbound)
        except Exception:  # slow or failing: the platform's word is good enough for a notice
            return said

    async def within_budget(
        self, work: Coroutine[Any, Any, Result]
    ) -> asyncio.Task[Result] | Result:
        """The result if it comes within the ack budget, else the still-running task."""
        task = self.spawn(work)
        done, _pending = await asyncio.wait({task}, timeout=self.ack_budget)
        return task.result() if done else task

    # ----- slash commands -----------------------------------------------------------

    async def answer_command(
        self, ack: Ack, inbound: Inbound, work: Coroutine[Any, Any, Result]
    ) -> None:
        outcome = await self.within_budget(work)
        if isinstance(outcome, asyncio.Task):
            with speaking(await self.language(inbound)):
                working = _(WORKING)
            await ack(response_type="ephemeral", text=working)
            outcome.add_done_callback(
                lambda t: (
                    self.spawn(self.follow_up(inbound, t.result()))
                    if not t.cancelled() and t.exception() is None
                    else None
                )
            )
            return
        result = outcome
        self.after_answer(inbound, result)
        if result.outcome is Outcome.DUPLICATE:
            log.info("slack retry %s answered without running it again", inbound.retry)
            await ack()
            return
        if result.reply.form is not None and result.ok:
            await ack()
            await self.open_form(inbound, result.reply)
            return
        message = self.render(result.reply)
        await ack(response_body(result, message))
        if message.files:
            self.spawn(self.send_files(inbound, result.reply, message))

    async def follow_up(self, inbound: Inbound, result: Result, *, replace: bool = False) -> None:
        """The late answer: through the response_url, or a message when there is none."""
        if result.outcome is Outcome.DUPLICATE:
            return
        self.after_answer(inbound, result)
        if result.reply.form is not None and result.ok:
            await self.open_form(inbound, result.reply)
            return
        message = self.render(result.reply)
        if inbound.response_url:
            body = response_body(result, message)
            body["replace_original"] = replace
            await post_to_response_url(inbound.response_url, body)
        else:
            await self.post(inbound, result.reply, message)
        if message.files:
            await self.send_files(inbound, result.reply, message)

    async def post(self, inbound: Inbound, reply: Reply, message: SlackMessage) -> None:
        """Post without a response_url: ephemeral in the channel, else by DM."""
        address = inbound.request.address
        client = inbound.client
        try:
            if address.channel and not reply.private:
                await client.chat_postMessage(
                    channel=address.channel, thread_ts=address.thread, **message.as_kwargs()
                )
                return
            if address.channel and not address.channel.startswith("D"):
                await client.chat_postEphemeral(
                    channel=address.channel, user=inbound.user, **message.as_kwargs()
                )
                return
        except SlackApiError as error:
            log.info("posting in the channel failed (%s); sending by DM", error.response["error"])
        await self.delivery.send(address.to_user(inbound.user), reply)

    async def open_form(self, inbound: Inbound, reply: Reply) -> None:
        assert reply.form is not None
        address = inbound.request.address
        with speaking(reply.language):
            view = build_modal(
                reply.form, channel=address.channel, channel_name=address.channel_name
            )
        try:
            await inbound.client.views_open(trigger_id=inbound.trigger_id, view=view)
        except SlackApiError as error:  # e.g. expired_trigger_id when the core was slow
            log.warning("views.open failed: %s", error.response.get("error"))
            with speaking(reply.language):
                text = Reply.text(
                    _("The form “{title}” could not open; run it again.", title=reply.form.title)
                )
            await self.post(inbound, text, self.render(text))

    async def send_files(self, inbound: Inbound, reply: Reply, message: SlackMessage) -> None:
        """Files of a private reply go to the person's DM; of a public one, the channel."""
        address = inbound.request.address
        target = (
            Address(address.platform, address.community, address.channel)
            if not reply.private and address.channel
            else address.to_user(inbound.user)
        )
        channel = await self.delivery.channel_for(target, inbound.client)
        await self.delivery.upload_files(inbound.client, channel, message)
