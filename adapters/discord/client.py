"""The discord.py client that serves Praxis: the generated tree and persistent buttons.

The command tree is synced only when it changed: the hash of what would be sent is kept
in the database after each sync (per application and guild), so restarting, or starting
a second instance with the same commands, does not sync again; `praxis discord sync`
forces it. With shards (discord.py's `shard_id` / `shard_count`), only shard 0 syncs.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands

from adapters.discord.gateway import guard
from adapters.discord.interactions import DEFER_AFTER, Interactions
from adapters.discord.render import NO_MENTIONS
from adapters.discord.tree import (
    CatalogTranslator,
    CommandBinding,
    build_message_menus,
    build_tree,
)
from adapters.discord.views import DYNAMIC_ITEMS
from bot.face import Core
from bot.kernel.i18n import N_

log = logging.getLogger("praxis.discord")

TREE_STATE = "discord:tree:{application}:{scope}"


CHANGED = N_("This command changed; try again.")


class PraxisTree(app_commands.CommandTree["PraxisClient"]):
    """The command tree; each interaction is answered by one instance, faults with a ref.

    A command Discord still offers but this version no longer serves as typed (a client
    that has not caught up with the last sync: a removed command, a changed option) gets
    `CHANGED`, not an internal fault."""

    async def interaction_check(self, interaction: discord.Interaction[PraxisClient], /) -> bool:
        return await interaction.client.praxis.claim(interaction)

    async def on_error(
        self, interaction: discord.Interaction[PraxisClient], error: app_commands.AppCommandError
    ) -> None:
        praxis = interaction.client.praxis
        if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
            log.info("an interaction for a command that changed: %s", type(error).__name__)
            await praxis.say(interaction, CHANGED)
            return
        await praxis.fault(interaction, error)


async def tree_payload(
    tree: app_commands.CommandTree[Any], guild: discord.Object | None
) -> list[dict[str, Any]]:
    """Exactly what `tree.sync(guild=…)` sends: with the translator's localisations."""
    commands = tree.get_commands(guild=guild)
    translator = tree.translator
    if translator is None:
        return [command.to_dict(tree) for command in commands]
    return [await command.get_translated_payload(tree, translator) for command in commands]


async def tree_digest(tree: app_commands.CommandTree[Any], guild: discord.Object | None) -> str:
    """A hash of exactly what `tree.sync(guild=…)` would send (a changed translation
    is a change, synced like any other)."""
    payload = await tree_payload(tree, guild)
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class PraxisClient(discord.Client):
    """One bot connection. `sync` pushes the tree at start (if it changed): to
    `guild_ids`, else globally."""

    def __init__(
        self,
        app: Core,
        *,
        guild_ids: Sequence[int] = (),
        sync: bool = True,
        guild_ready_timeout: float = 2.0,
        defer_after: float = DEFER_AFTER,
        shard_id: int | None = None,
        shard_count: int | None = None,
    ) -> None:
        super().__init__(
            intents=discord.Intents.default(),
            allowed_mentions=NO_MENTIONS,
            guild_ready_timeout=guild_ready_timeout,
            shard_id=shard_id,
            shard_count=shard_count,
        )
        self.app = app
        self.guild_ids = tuple(guild_ids)
        self.sync_on_start = sync and not shard_id  # shard 0 (or unsharded) syncs
        self.praxis = Interactions(app, defer_after=defer_after)
        self.tree = PraxisTree(self)
        self.bindings: list[CommandBinding] = build_tree(
            self.tree,
            app.registry,
            self.praxis.on_command,
            self.praxis.suggest,
            guild_ids=self.guild_ids,
        )
        self.menus = build_message_menus(
            self.tree, app.registry, self.praxis.on_message_action, guild_ids=self.guild_ids
        )

    async def setup_hook(self) -> None:
        # Registered before the gateway connects, so a click on any earlier message works.
        self.add_dynamic_items(*DYNAMIC_ITEMS)
        # Names and descriptions in Discord's Spanish locales, made when the tree is synced.
        await self.tree.set_translator(CatalogTranslator())
        if self.sync_on_start:
            await self.sync_commands()

    def _scopes(self) -> list[discord.Object | None]:
        return [discord.Object(id=g) for g in self.guild_ids] or [None]

    async def sync_commands(self, *, force: bool = False) -> int:
        """Sync the tree where it changed (everywhere with `force`); how many scopes synced."""
        synced_scopes = 0
        for guild in self._scopes():
            digest = await tree_digest(self.tree, guild)
            key = TREE_STATE.format(
                application=self.application_id, scope=guild.id if guild else "global"
            )
            if not force and await self.app.read_state(key) == digest:
                log.info("command tree unchanged for %s; not synced", guild.id if guild else "all")
                continue
            synced = await self.tree.sync(guild=guild)
            await self.app.write_state(key, digest)
            synced_scopes += 1
            if guild is not None:
                log.info("synced %d commands to guild %s", len(synced), guild.id)
            else:
                log.info("synced %d commands globally (may take a while to appear)", len(synced))
        return synced_scopes

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
