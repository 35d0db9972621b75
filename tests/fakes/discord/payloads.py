"""What Discord's JSON looks like: users, guilds, roles, channels, messages, interactions.

The shapes are the ones discord.py 2.7 parses; the fake's gateway and REST API build
every body they send from here, so a field discord.py needs is added in one place.
The interaction builders read the fake's state (the synced command tree, stored
messages, DM channels) to fill in what Discord would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.fakes.discord.state import DiscordState, RecordedFile

Json = dict[str, Any]

EPHEMERAL = 64
LOADING = 128
ADMINISTRATOR = 1 << 3
EVERYONE_PERMISSIONS = (
    (1 << 6)  # add reactions
    | (1 << 10)  # view channel
    | (1 << 11)  # send messages
    | (1 << 14)  # embed links
    | (1 << 15)  # attach files
    | (1 << 16)  # read message history
    | (1 << 31)  # use application commands
)
ALL_PERMISSIONS = (1 << 51) - 1

# Option types, used when a slash-command option's type cannot be read from the synced tree.
_OPTION_TYPE_BY_PYTHON = {bool: 5, int: 4, float: 10, str: 3}
_SUB_COMMAND, _SUB_COMMAND_GROUP, _USER_OPTION = 1, 2, 6
_ATTACHMENT_OPTION = 11
CDN_PREFIX = "/cdn/attachments"


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


# -- people and places -------------------------------------------------------------------


@dataclass(frozen=True)
class FakeUser:
    """A Discord account the fake knows; `bot=True` for the bot itself."""

    id: int
    username: str
    bot: bool = False
    # The language their Discord is set to: each interaction of theirs says it (`locale`).
    locale: str = "en-US"

    def payload(self) -> Json:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": None if self.bot else self.username.title(),
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass(frozen=True)
class FakeAttachment:
    """A file a person attached to a slash command; its bytes are served from the fake CDN."""

    id: int
    filename: str
    content: bytes
    content_type: str
    url: str

    def payload(self) -> Json:
        return {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.content),
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
        }


@dataclass(frozen=True)
class FakeGuild:
    """A guild (a Praxis community): its owner, admins (Admin role) and plain members."""

    id: int
    name: str
    owner: FakeUser
    channel_id: int
    channel_name: str = "general"
    admin_role_id: int | None = None
    admins: tuple[FakeUser, ...] = ()
    members: tuple[FakeUser, ...] = ()

    @property
    def everyone_role_id(self) -> int:
        return self.id

    def humans(self) -> tuple[FakeUser, ...]:
        return (self.owner, *self.admins, *self.members)

    def role_ids_of(self, user: FakeUser) -> list[str]:
        if user in self.admins and self.admin_role_id is not None:
            return [str(self.admin_role_id)]
        return []

    def permissions_of(self, user: FakeUser) -> int:
        if user == self.owner:
            return ALL_PERMISSIONS
        if user in self.admins:
            return EVERYONE_PERMISSIONS | ADMINISTRATOR
        return EVERYONE_PERMISSIONS

    def channel_payload(self) -> Json:
        return {
            "id": str(self.channel_id),
            "type": 0,
            "guild_id": str(self.id),
            "name": self.channel_name,
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def roles_payload(self) -> list[Json]:
        roles = [role_payload(self.everyone_role_id, "@everyone", EVERYONE_PERMISSIONS, 0)]
        if self.admin_role_id is not None:
            roles.append(role_payload(self.admin_role_id, "Admin", ADMINISTRATOR, 1))
        return roles

    def member_payload(self, user: FakeUser, *, with_permissions: bool = False) -> Json:
        member: Json = {
            "user": user.payload(),
            "roles": self.role_ids_of(user),
            "joined_at": "2024-09-01T12:00:00+00:00",
            "nick": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }
        if with_permissions:
            member["permissions"] = str(self.permissions_of(user))
        return member


def role_payload(role_id: int, name: str, permissions: int, position: int) -> Json:
    return {
        "id": str(role_id),
        "name": name,
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
        "hoist": False,
        "position": position,
        "permissions": str(permissions),
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }


def default_guild() -> FakeGuild:
    """One community with an owner, an admin, and a plain member."""
    return FakeGuild(
        id=1_100_000_000_000_000_001,
        name="Math Circle",
        owner=FakeUser(1_200_000_000_000_000_001, "owner"),
        channel_id=1_100_000_000_000_000_002,
        admin_role_id=1_100_000_000_000_000_003,
        admins=(FakeUser(1_200_000_000_000_000_002, "admin"),),
        members=(FakeUser(1_200_000_000_000_000_003, "teacher"),),
    )


def guild_payload(guild: FakeGuild, bot_user: FakeUser) -> Json:
    """A GUILD_CREATE: chunked (member_count == len(members)), so discord.py asks no more."""
    members = [guild.member_payload(u) for u in (bot_user, *guild.humans())]
    return {
        "id": str(guild.id),
        "name": guild.name,
        "owner_id": str(guild.owner.id),
        "unavailable": False,
        "large": False,
        "member_count": len(members),
        "roles": guild.roles_payload(),
        "channels": [guild.channel_payload()],
        "members": members,
        "threads": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "presences": [],
        "voice_states": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "joined_at": "2024-09-01T12:00:00+00:00",
        "preferred_locale": "en-US",
        "verification_level": 0,
        "default_message_notifications": 0,
        "premium_tier": 0,
        "system_channel_id": str(guild.channel_id),
    }


def dm_channel_payload(channel_id: int, user: FakeUser) -> Json:
    return {
        "id": str(channel_id),
        "type": 1,
        "recipients": [user.payload()],
        "last_message_id": None,
    }


# -- messages ------------------------------------------------------------------------------


def message_payload(message_id: int, channel_id: int, author: FakeUser) -> Json:
    """An empty message; `message_fields` fills in what a create or edit body set."""
    return {
        "id": str(message_id),
        "channel_id": str(channel_id),
        "author": author.payload(),
        "content": "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": False,
        "type": 0,
        "flags": 0,
    }


def message_fields(body: Json, files: list[RecordedFile], state: DiscordState) -> Json:
    """The parts of a create/edit body that show up on the stored message."""
    fields: Json = {k: body[k] for k in ("content", "embeds", "components", "flags") if k in body}
    if fields.get("content") is None and "content" in fields:
        fields["content"] = ""
    if files:
        fields["attachments"] = [
            {
                "id": str(state.new_id()),
                "filename": f.filename or f.field,
                "size": f.size,
                "content_type": f.content_type,
                "url": f"{state.api_url}/attachments/{f.filename}",
                "proxy_url": f"{state.api_url}/attachments/{f.filename}",
            }
            for f in files
        ]
    return fields


# -- interactions --------------------------------------------------------------------------


def full_interaction(state: DiscordState, payload: Json) -> Json:
    """Fill in what Discord always sends with an interaction.

    Defaults: the first guild, its text channel, its owner as the invoking member. A
    payload with `"guild_id": None` is a DM interaction (`user` instead of `member`).
    """
    guild = state.guild(int(payload["guild_id"])) if payload.get("guild_id") else None
    in_dm = "guild_id" in payload and payload["guild_id"] is None
    guild = None if in_dm else (guild or state.guilds[0])
    full: Json = {
        "id": str(state.new_id()),
        "application_id": str(state.application_id),
        "token": f"fake-interaction-token-{state.new_id()}",
        "version": 1,
        "locale": "en-US",
        "app_permissions": str(ALL_PERMISSIONS),
        "attachment_size_limit": 25 * 1024 * 1024,
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild.id) if guild else "0"},
        "context": 1 if in_dm else 0,
        **payload,
    }
    if guild is not None:
        full["guild_id"] = str(guild.id)
        full.setdefault("guild_locale", "en-US")
        full.setdefault("guild", {"id": str(guild.id), "locale": "en-US", "features": []})
        full.setdefault("channel", guild.channel_payload())
        full.setdefault("member", guild.member_payload(guild.owner, with_permissions=True))
    else:
        full.pop("guild_id", None)
        user = full.setdefault("user", state.guilds[0].owner.payload())
        full.setdefault("channel", state.dm_channel(int(user["id"])))
    full.setdefault("channel_id", full["channel"]["id"])
    return full


def slash_command(
    state: DiscordState,
    qualified_name: str,
    options: Mapping[str, Any] | None = None,
    *,
    user: FakeUser | None = None,
    guild: FakeGuild | None = None,
    dm: bool = False,
) -> Json:
    """A type 2 interaction for e.g. `"resource search"` or `"admin roles grant"`.

    Option types come from the synced tree when the command is registered, else from
    the Python values (`FakeUser` -> user option, resolved into `data.resolved`).
    """
    data = _command_data(state, qualified_name, options or {}, guild, dm, focused=None)
    return _invocation(state, 2, data, user, guild, dm)


def autocomplete(
    state: DiscordState,
    qualified_name: str,
    options: Mapping[str, Any],
    focused: str,
    *,
    user: FakeUser | None = None,
    guild: FakeGuild | None = None,
) -> Json:
    """A type 4 interaction: the user is typing `options[focused]`."""
    data = _command_data(state, qualified_name, options, guild, False, focused=focused)
    return _invocation(state, 4, data, user, guild, False)


def button_click(
    state: DiscordState,
    custom_id: str,
    *,
    message: Json | int | None = None,
    user: FakeUser | None = None,
    guild: FakeGuild | None = None,
    component_type: int = 2,
    values: list[str] | None = None,
) -> Json:
    """A type 3 interaction; `message` is a stored message id, a payload, or a stub."""
    data: Json = {"custom_id": custom_id, "component_type": component_type}
    if values is not None:
        data["values"] = values
    payload = _invocation(state, 3, data, user, guild, False)
    payload["message"] = _component_message(state, custom_id, message, guild)
    return payload


def modal_submit(
    state: DiscordState,
    custom_id: str,
    fields: Mapping[str, str],
    *,
    user: FakeUser | None = None,
    guild: FakeGuild | None = None,
) -> Json:
    """A type 5 interaction: one action row per text input, as Discord sends them."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
        for key, value in fields.items()
    ]
    data = {"custom_id": custom_id, "components": rows}
    return _invocation(state, 5, data, user, guild, False)


def message_command(
    state: DiscordState,
    name: str,
    message: Json,
    *,
    user: FakeUser | None = None,
    guild: FakeGuild | None = None,
) -> Json:
    """A type 2 interaction of a message context-menu command (data.type 3)."""
    target = guild or state.guilds[0]
    registered, guild_scoped = state.registered(name, target)
    data: Json = {
        "id": registered["id"] if registered else str(state.new_id()),
        "name": name,
        "type": 3,
        "target_id": message["id"],
        "resolved": {"messages": {message["id"]: message}},
    }
    if guild_scoped:
        data["guild_id"] = str(target.id)
    return _invocation(state, 2, data, user, guild, False)


def _invocation(
    state: DiscordState,
    kind: int,
    data: Json,
    user: FakeUser | None,
    guild: FakeGuild | None,
    dm: bool,
) -> Json:
    payload: Json = {"type": kind, "data": data}
    if dm:
        who = user or state.guilds[0].owner
        payload["guild_id"] = None
        payload["user"] = who.payload()
        payload["locale"] = who.locale
        return payload
    target = guild or state.guilds[0]
    payload["locale"] = (user or target.owner).locale
    payload["guild_id"] = str(target.id)
    payload["member"] = target.member_payload(user or target.owner, with_permissions=True)
    return payload


def _command_data(
    state: DiscordState,
    qualified_name: str,
    options: Mapping[str, Any],
    guild: FakeGuild | None,
    dm: bool,
    focused: str | None,
) -> Json:
    names = qualified_name.split()
    target = None if dm else (guild or state.guilds[0])
    registered, guild_scoped = state.registered(names[0], target)
    spec = registered
    for name in names[1:]:
        spec = child_option(spec, name)
    resolved: Json = {}
    leaf = [
        _option(name, value, child_option(spec, name), target, resolved, name == focused)
        for name, value in options.items()
    ]
    for depth in range(len(names) - 1, 0, -1):
        kind = _SUB_COMMAND if depth == len(names) - 1 else _SUB_COMMAND_GROUP
        leaf = [{"name": names[depth], "type": kind, "options": leaf}]
    data: Json = {
        "id": registered["id"] if registered else str(state.new_id()),
        "name": names[0],
        "type": 1,
        "options": leaf,
    }
    if guild_scoped and target is not None:
        data["guild_id"] = str(target.id)
    if resolved:
        data["resolved"] = resolved
    return data


def _option(
    name: str,
    value: Any,
    spec: Json | None,
    guild: FakeGuild | None,
    resolved: Json,
    focused: bool,
) -> Json:
    if spec is not None:
        kind = int(spec["type"])
    elif isinstance(value, FakeUser):
        kind = _USER_OPTION
    else:
        kind = _OPTION_TYPE_BY_PYTHON.get(type(value), 3)
    if isinstance(value, FakeAttachment):
        kind = _ATTACHMENT_OPTION
        resolved.setdefault("attachments", {})[str(value.id)] = value.payload()
        value = str(value.id)
    if isinstance(value, FakeUser):
        resolved.setdefault("users", {})[str(value.id)] = value.payload()
        if guild is not None:
            member = guild.member_payload(value, with_permissions=True)
            member.pop("user")
            resolved.setdefault("members", {})[str(value.id)] = member
        value = str(value.id)
    option: Json = {"name": name, "type": kind, "value": value}
    if focused:
        option["focused"] = True
    return option


def child_option(spec: Json | None, name: str) -> Json | None:
    if spec is None:
        return None
    return next((o for o in spec.get("options", []) if o.get("name") == name), None)


def _component_message(
    state: DiscordState, custom_id: str, message: Json | int | None, guild: FakeGuild | None
) -> Json:
    if isinstance(message, dict):
        return message
    if isinstance(message, int):
        return state.messages[message]
    target = guild or state.guilds[0]
    button = {"type": 2, "style": 1, "label": custom_id, "custom_id": custom_id}
    body = {"content": "", "components": [{"type": 1, "components": [button]}]}
    return state.make_message(target.channel_id, body, state.bot_user, guild_id=target.id)
