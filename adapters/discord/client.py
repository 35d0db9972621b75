"""The discord.py client that serves Praxis: the generated tree and persistent buttons."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands

from adapters.discord.gateway import guard
from adapters.discord.interactions import DEFER_AFTER, Interactions
from adapters.discord.render import NO_MENTIONS
from adapters.discord.tree import CommandBinding, build_tree
from adapters.discord.views import DYNAMIC_ITEMS
from bot.face import Core

log = logging.getLogger("praxis.discord")


CHANGED = "This command changed; try again."


class PraxisTree(app_commands.CommandTree["PraxisClient"]):
    """The command tree; its error hook answers with a reference instead of silence.

    A command Discord still offers but this version no longer serves as typed (a client
    that has not caught up with the last sync: a removed command, a changed option) gets
    `CHANGED`, not an internal fault."""

    async def on_error(
        self, interaction: discord.Interaction[PraxisClient], error: app_commands.AppCommandError
    ) -> None:
        praxis = interaction.client.praxis
        if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
            log.info("an interaction for a command that changed: %s", type(error).__name__)
            await praxis.say(interaction, CHANGED)
            return
        await praxis.fault(interaction, error)


class PraxisClient(discord.Client):
    """One bot connection. `sync` pushes the tree at start: to `guild_ids`, else globally."""

    def __init__(
        self,
        app: Core,
        *,
        guild_ids: Sequence[int] = (),
        sync: bool = True,
        guild_ready_timeout: float = 2.0,
        defer_after: float = DEFER_AFTER,
    ) -> None:
        super().__init__(
            intents=discord.Intents.default(),
            allowed_mentions=NO_MENTIONS,
            guild_ready_timeout=guild_ready_timeout,
        )
        self.app = app
        self.guild_ids = tuple(guild_ids)
        self.sync_on_start = sync
        self.praxis = Interactions(app, defer_after=defer_after)
        self.tree = PraxisTree(self)
        self.bindings: list[CommandBinding] = build_tree(
            self.tree,
            app.registry,
            self.praxis.on_command,
            self.praxis.suggest,
            guild_ids=self.guild_ids,
        )

    async def setup_hook(self) -> None:
        # Registered before the gateway connects, so a click on any earlier message works.
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        if self.sync_on_start:
            await self.sync_commands()

    async def sync_commands(self) -> None:
        if self.guild_ids:
            for guild_id in self.guild_ids:
                synced = await self.tree.sync(guild=discord.Object(id=guild_id))
                log.info("synced %d commands to guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d commands globally (may take a while to appear)", len(synced))

    @property
    def ws(self) -> Any:
        """The gateway websocket; each one the client opens is guarded (adapters.discord
        .gateway) so that a malformed event is dropped rather than ending the connection."""
        return self._praxis_ws

    @ws.setter
    def ws(self, websocket: Any) -> None:
        self._praxis_ws = guard(websocket)

    async def on_disconnect(self) -> None:
        self.app.report_connected("discord", False)

    async def on_resumed(self) -> None:
        self.app.report_connected("discord", True)

    async def on_ready(self) -> None:
        self.app.report_connected("discord", True)
        log.info("discord connected as %s to %d guild(s)", self.user, len(self.guilds))
