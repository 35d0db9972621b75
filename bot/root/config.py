"""Configuration, read once in the composition root (never at import time).

Only the root unwraps a secret (`secret`), to hand each adapter exactly what it needs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Slack allows lowercase letters, digits, "-" and "_" in a command name (32 at most, with
# the family's own name after the prefix).
_PREFIX = re.compile(r"^[a-z0-9_-]{0,12}$")


def default_database_url(workdir: Path | None = None) -> str:
    """The embedded default: a SQLite file in the working directory's `data/`."""
    base = (workdir or Path.cwd()) / "data"
    return f"sqlite+aiosqlite:///{base / 'praxis.db'}"


def secret(value: SecretStr | None) -> str | None:
    """The value of a secret setting, or None when it is unset or blank."""
    if value is None:
        return None
    return value.get_secret_value().strip() or None


class Settings(BaseSettings):
    """Every setting SPEC.md names, from the environment or a `.env` file.

    Tokens and secrets are `SecretStr`: printing the settings, or a traceback that shows
    them, says `**********`, never the token.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(default_factory=default_database_url, alias="PRAXIS_DATABASE_URL")
    timezone: str = Field(default="UTC", alias="PRAXIS_TIMEZONE")
    # Slack slash commands are named `/<prefix><family>` (`px-` gives `/px-resource`), so
    # Praxis can sit beside other apps in a district's workspace.
    command_prefix: str = Field(default="", alias="PRAXIS_COMMAND_PREFIX")
    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_api_url: str | None = Field(default=None, alias="SLACK_API_URL")
    # OAuth: one app installed in many workspaces, each its own community (HTTP mode).
    slack_client_id: str | None = Field(default=None, alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(default=None, alias="SLACK_CLIENT_SECRET")
    # Read a channel's recent messages before re-sending a delivery there (needs the
    # channels:history and groups:history scopes); off, a re-send may rarely double.
    slack_strict_resend: bool = Field(default=False, alias="SLACK_STRICT_RESEND")
    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    discord_api_url: str | None = Field(default=None, alias="DISCORD_API_URL")
    discord_gateway_url: str | None = Field(default=None, alias="DISCORD_GATEWAY_URL")
    discord_guild_ids: str | None = Field(default=None, alias="DISCORD_GUILD_IDS")
    # discord.py's own sharding: this process runs shard DISCORD_SHARD_ID of
    # DISCORD_SHARD_COUNT (Discord requires shards from 2,500 guilds on).
    discord_shard_count: int | None = Field(default=None, alias="DISCORD_SHARD_COUNT", ge=1)
    discord_shard_id: int | None = Field(default=None, alias="DISCORD_SHARD_ID", ge=0)
    health_port: int | None = Field(default=None, alias="PRAXIS_HEALTH_PORT")
    log_format: Literal["text", "json"] = Field(default="text", alias="PRAXIS_LOG_FORMAT")

    @field_validator("command_prefix")
    @classmethod
    def _check_prefix(cls, value: str) -> str:
        value = value.strip().lower()
        if not _PREFIX.match(value):
            raise ValueError(
                "PRAXIS_COMMAND_PREFIX takes up to 12 lowercase letters, digits, - or _ (e.g. px-)"
            )
        return value

    def guild_ids(self) -> list[int]:
        if not self.discord_guild_ids:
            return []
        return [int(part) for part in self.discord_guild_ids.replace(" ", "").split(",") if part]

    @property
    def slack_oauth(self) -> bool:
        """Installed across workspaces with OAuth, rather than with one bot token."""
        return bool(self.slack_client_id and secret(self.slack_client_secret))
