"""Answering Discord interactions: commands, button clicks, modal submits, autocomplete.

Discord wants a first answer within 3 seconds. The dispatcher runs as a task;
if it has not answered after `defer_after` (2 s), the interaction is deferred
(ephemeral, since replies are private by default) and the reply follows up.
Every send carries `allowed_mentions` (none by default): nothing the bot says
pings a person, a role, @everyone or @here.

Several instances may hear the same interaction (a rolling deploy, two processes on one
shard): each claims it by its id in the database the dispatcher records Slack's retries
in, and only the one that claimed it first answers; the others stay silent, so nothing
is saved twice and no instance answers an interaction another one already answered.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

import discord
from discord import app_commands

from adapters.discord.forms import Draft, Drafts, FormModal, form_command
from adapters.discord.render import NO_MENTIONS, mentions_for, render
from adapters.discord.views import (
    ComponentStore,
    ContinueButton,
    FormButton,
    form_from_json,
    read_command_id,
)
from bot.face import Core, Family, MessageAction, Option, OptionType, Result, id_suggestion
from bot.kernel.errors import fault_message, fault_reference
from bot.kernel.i18n import N_, _, ngettext, pgettext
from bot.kernel.language import Language, speaking
from bot.kernel.model import (
    MAX_INBOUND_BYTES,
    Address,
    Identity,
    InboundFile,
    Request,
    StructuredCommand,
    TextCommand,
)
from bot.kernel.reply import Reply, Tone

log = logging.getLogger("praxis.discord")

PLATFORM = "discord"
DEFER_AFTER = 2.0
AUTOCOMPLETE_SECONDS = 2.0
EXPIRED = N_("This button has expired; run the command again.")
FOREIGN_DRAFT = N_("This form has expired or is someone else's; please start it again.")
STALE_FORM = N_("This form can no longer be submitted; start it again.")
CLAIM_KEY = "discord:interaction:{id}"
# A Continue click whose draft this instance does not hold waits this long for the
# instance that holds it to claim it, before saying the form expired.
FOREIGN_DRAFT_WAIT = 1.0
MAX_MESSAGE_TEXT = 2000

Command = TextCommand | StructuredCommand


def address_of(interaction: discord.Interaction, community: str | None = None) -> Address:
    """Where an interaction came from; `community` names it for clicks in a DM."""
    channel = interaction.channel
    guild = community or (str(interaction.guild_id) if interaction.guild_id else None)
    if interaction.guild_id is None:
        return Address(PLATFORM, guild or "", None, str(interaction.user.id))
    return Address(
        PLATFORM,
        guild or "",
        str(interaction.channel_id),
        None,
        None,
        getattr(channel, "name", None),
    )


def identity_of(interaction: discord.Interaction) -> Identity:
    """Who asked; the guild's owner and Administrator members are platform admins. The
    language their Discord is set to (`es-419`) is theirs here until they choose one."""
    user = interaction.user
    admin = False
    if interaction.guild_id is not None:
        admin = interaction.permissions.administrator
        if isinstance(user, discord.Member):
            admin = admin or user.guild_permissions.administrator
            admin = admin or (user.guild is not None and user.guild.owner_id == user.id)
    locale = getattr(interaction, "locale", None)
    return Identity(
        str(user.id),
        user.display_name,
        platform_admin=admin,
        locale=str(getattr(locale, "value", locale) or "") or None,
    )


def _is_ephemeral(message: discord.Message | None) -> bool:
    return bool(message is not None and message.flags.ephemeral)


class Interactions:
    """The adapter's answers; `client.praxis` so that persistent items can reach it."""

    def __init__(self, app: Core, *, defer_after: float = DEFER_AFTER) -> None:
        self.app = app
        self.defer_after = defer_after
        self.store = ComponentStore(app)
        self.drafts = Drafts()

    # entry points ----------------------------------------------------------------------

    async def claim(self, interaction: discord.Interaction) -> bool:
        """True for the one instance that answers this interaction."""
        first = await self.app.claim_once(CLAIM_KEY.format(id=interaction.id))
        if not first:
            log.debug("interaction %s is answered by another instance", interaction.id)
        return first

    async def on_message_action(
        self,
        interaction: discord.Interaction,
        family: Family,
        action: MessageAction,
        message: discord.Message,
    ) -> None:
        """A message's Apps menu: run the action with the message's link and text."""
        values = {
            action.link_option: message.jump_url,
            action.text_option: (message.content or "")[:MAX_MESSAGE_TEXT],
        }
        values = {name: value for name, value in values.items() if value}
        await self.run(interaction, StructuredCommand(family.name, action.sub, values))

    async def on_command(
        self,
        interaction: discord.Interaction,
        command: StructuredCommand,
        attachments: tuple[discord.Attachment, ...] = (),
    ) -> None:
        await self.run(interaction, command, attachments=attachments)

    async def on_command_button(self, interaction: discord.Interaction, custom_id: str) -> None:
        community: str | None = None
        button = read_command_id(custom_id)
        if button is None:
            await self.say(interaction, EXPIRED)
            return
        if button.stored:
            stored = await self.store.recall(button.text)
            if stored is None or stored.kind != "command":
                await self.say(interaction, EXPIRED)
                return
            text, community = stored.payload, stored.community_external_id
        else:
            text = button.text
            if interaction.guild_id is None:
                await self.say(interaction, EXPIRED)
                return
        # Paging replaces the page you are looking at; any other action answers anew.
        edit = button.pager and _is_ephemeral(interaction.message)
        await self.run(interaction, TextCommand(text), community=community, edit=edit)

    async def on_form_button(self, interaction: discord.Interaction, key: str) -> None:
        stored = await self.store.recall(key)
        if stored is None or stored.kind != "form":
            await self.say(interaction, EXPIRED)
            return
        form, language = form_from_json(stored.payload)
        draft = Draft(
            user_id=interaction.user.id,
            community=stored.community_external_id,
            channel=str(interaction.channel_id) if interaction.guild_id else None,
            form=form,
            language=language or await self.language(interaction),
        )
        await interaction.response.send_modal(FormModal(draft, self.on_form_step))

    async def on_continue(self, interaction: discord.Interaction, draft_id: str) -> None:
        """The next step of a form. Its draft is in the memory of the instance that took
        the earlier steps: that one claims the click; another instance waits for it."""
        if self.drafts.holds(draft_id):
            if not await self.claim(interaction):
                return
        else:
            await asyncio.sleep(FOREIGN_DRAFT_WAIT)
            if not await self.claim(interaction):
                return  # the instance holding the draft answered
        draft = self.drafts.take(draft_id, interaction.user.id)
        if draft is None:
            await self.say(interaction, FOREIGN_DRAFT)
            return
        await interaction.response.send_modal(FormModal(draft, self.on_form_step))

    async def on_form_step(self, interaction: discord.Interaction, modal: FormModal) -> None:
        draft = modal.draft
        draft.values.update(modal.values())
        if not modal.last_step:
            draft.step += 1
            draft_id = self.drafts.put(draft)
            view = discord.ui.View(timeout=None)
            with speaking(draft.language):
                view.add_item(ContinueButton(draft_id, pgettext("button", "Continue")))
            total = len(modal.draft.form.fields)
            with speaking(draft.language):
                saved = ngettext(
                    "Step {step} saved ({done} of {n} field). Continue to fill in the rest.",
                    "Step {step} saved ({done} of {n} fields). Continue to fill in the rest.",
                    total,
                    step=draft.step,
                    done=len(draft.values),
                )
            await interaction.response.send_message(
                saved,
                view=view,
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
            return
        try:
            command = form_command(self.app.registry, draft.form, draft.values)
        except Exception as error:  # a form whose command no longer exists
            log.warning("form command failed: %s", type(error).__name__)
            await self.say(interaction, STALE_FORM)
            return
        await self.run(interaction, command, community=draft.community)

    async def suggest(
        self, interaction: discord.Interaction, option: Option, current: str
    ) -> list[app_commands.Choice[str]]:
        """Autocomplete: choices that match, or what a family's lookup suggests."""
        if option.type is OptionType.CHOICE:
            typed = current.lower()
            matches = [c for c in option.choices if typed in c.lower()]
            return [app_commands.Choice(name=c[:100], value=c) for c in matches[:25]]
        kind = option.autocomplete or ("resource" if option.name == "resource" else None)
        try:
            async with asyncio.timeout(AUTOCOMPLETE_SECONDS):
                suggestions = await self._lookup(interaction, kind, current)
        except Exception:  # a slow or failing lookup must not break typing
            log.warning("autocomplete for %s failed", kind, exc_info=True)
            suggestions = id_suggestion(current)
        return [
            app_commands.Choice(name=s.label[:100] or s.value[:100], value=s.value[:100])
            for s in suggestions[:25]
        ]

    async def _lookup(
        self, interaction: discord.Interaction, kind: str | None, current: str
    ) -> list[Any]:
        if interaction.guild_id is None:
            return id_suggestion(current)
        address = Address(PLATFORM, str(interaction.guild_id), None, str(interaction.user.id))
        return list(await self.app.suggest(address, identity_of(interaction), kind, current))

    # running and answering ---------------------------------------------------------------

    async def run(
        self,
        interaction: discord.Interaction,
        command: Command,
        *,
        community: str | None = None,
        edit: bool = False,
        attachments: tuple[discord.Attachment, ...] = (),
    ) -> None:
        """Dispatch `command` as the person who interacted; answer in time, whatever happens.

        Attached files are downloaded inside the same deadline (a slow download defers the
        answer like a slow command does), each within MAX_INBOUND_BYTES."""
        request = Request(address_of(interaction, community), identity_of(interaction), command)

        async def handle() -> Result:
            files = await _download(attachments)
            return await self.app.handle(replace(request, files=files))

        task = asyncio.create_task(handle())
        done, _pending = await asyncio.wait({task}, timeout=self.defer_after)
        deferred = False
        if not done:
            deferred = True
            if edit:
                await interaction.response.defer()
            else:
                await interaction.response.defer(ephemeral=True, thinking=True)
        result = await task
        await self.answer(interaction, result.reply, request.address, deferred=deferred, edit=edit)

    async def answer(
        self,
        interaction: discord.Interaction,
        reply: Reply,
        address: Address,
        *,
        deferred: bool = False,
        edit: bool = False,
    ) -> None:
        if reply.form is not None and not deferred and not reply.blocks:
            draft = Draft(
                interaction.user.id, address.community, address.channel, reply.form, reply.language
            )
            await interaction.response.send_modal(FormModal(draft, self.on_form_step))
            return
        with speaking(reply.language):
            messages = render(reply)
            posted = _("Posted in the channel.")
            opener = _("Open: {title}", title=reply.form.title) if reply.form else ""
        views = [await self.store.view(address, m.buttons) for m in messages]
        if reply.form is not None:
            # A modal only answers a fresh interaction, and text would be lost behind it:
            # show the text with a button that opens the form.
            key = await self.store.form_key(address, reply.form, reply.language)
            view = views[-1] or discord.ui.View(timeout=None)
            view.add_item(FormButton(key, opener))
            views[-1] = view
        private = reply.private
        mentions = mentions_for(reply)
        first, rest = messages[0], list(zip(messages[1:], views[1:], strict=True))
        first_view = views[0]
        if edit and len(messages) == 1 and private:
            if deferred:
                await interaction.edit_original_response(
                    **first.edit_kwargs(), view=first_view, allowed_mentions=mentions
                )
            else:
                await interaction.response.edit_message(
                    **first.edit_kwargs(), view=first_view, allowed_mentions=mentions
                )
            return
        if deferred and not edit:
            if private:
                await interaction.edit_original_response(
                    **first.edit_kwargs(), view=first_view, allowed_mentions=mentions
                )
            else:
                await interaction.edit_original_response(content=posted, allowed_mentions=mentions)
                rest.insert(0, (first, first_view))
        elif deferred:  # a deferred update (edit) whose answer is not an edit after all
            rest.insert(0, (first, first_view))
        else:
            await interaction.response.send_message(
                **first.send_kwargs(),
                view=first_view or discord.utils.MISSING,
                ephemeral=private,
                allowed_mentions=mentions,
            )
        for message, message_view in rest:
            await interaction.followup.send(
                **message.send_kwargs(),
                view=message_view or discord.utils.MISSING,
                ephemeral=private,
                allowed_mentions=mentions,
            )

    async def language(self, interaction: discord.Interaction) -> Language:
        """The language of whoever interacted, for what is said outside any command."""
        return await self.app.language(address_of(interaction), identity_of(interaction))

    async def say(self, interaction: discord.Interaction, text: str) -> None:
        """A short private answer, e.g. for an expired button: `text` is a message id
        (marked with N_), said in the language of whoever interacted."""
        with speaking(await self.language(interaction)):
            reply = Reply.text(_(text), tone=Tone.WARNING)
        await self.answer(interaction, reply, address_of(interaction))

    async def fault(self, interaction: discord.Interaction, error: BaseException) -> None:
        """The library's error hook: log with a reference, tell the user the reference."""
        ref = fault_reference()
        log.error("discord interaction fault ref=%s", ref, exc_info=error)
        with speaking(await self.language(interaction)):
            text = fault_message(ref)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=NO_MENTIONS)
            else:
                await interaction.response.send_message(
                    text, ephemeral=True, allowed_mentions=NO_MENTIONS
                )
        except discord.HTTPException:
            log.warning("could not report fault ref=%s to the user", ref)


async def _download(attachments: tuple[discord.Attachment, ...]) -> tuple[InboundFile, ...]:
    """The attachments' bytes; one too large (or gone from the CDN) arrives empty, so the
    command says it got no file rather than failing."""
    files: list[InboundFile] = []
    for attachment in attachments:
        data = b""
        if attachment.size <= MAX_INBOUND_BYTES:
            try:
                data = await attachment.read()
            except discord.HTTPException:
                log.warning("could not download an attachment of %d bytes", attachment.size)
        mime = attachment.content_type or "application/octet-stream"
        files.append(InboundFile(attachment.filename, data, mime))
    return tuple(files)
