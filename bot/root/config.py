"""Configuration, read once in the composition root (never at import time)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_database_url(workdir: Path | None = None) -> str:
    """The embedded default: a SQLite file in the working directory's `data/`."""
    base = (workdir or Path.cwd()) / "data"
    return f"sqlite+aiosqlite:///{base / 'praxis.db'}"


def secret(value: SecretStr | None) -> str | None:
    """A token's text, for the one place that hands it to a platform's client."""
    return value.get_secret_value() if value is not None else None


class Settings(BaseSettings):
    """Every setting SPEC.md names, from the environment or a `.env` file.

    Tokens and secrets are `SecretStr`: printing the settings, or a traceback that shows
    them, says `**********`, never the token.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(default_factory=default_database_url, alias="PRAXIS_DATABASE_URL")
    timezone: str = Field(default="UTC", alias="PRAXIS_TIMEZONE")
    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_api_url: str | None = Field(default=None, alias="SLACK_API_URL")
    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    discord_api_url: str | None = Field(default=None, alias="DISCORD_API_URL")
    discord_gateway_url: str | None = Field(default=None, alias="DISCORD_GATEWAY_URL")
    discord_guild_ids: str | None = Field(default=None, alias="DISCORD_GUILD_IDS")
    health_port: int | None = Field(default=None, alias="PRAXIS_HEALTH_PORT")
    log_format: Literal["text", "json"] = Field(default="text", alias="PRAXIS_LOG_FORMAT")

    def guild_ids(self) -> list[int]:
        if not self.discord_guild_ids:
            return []
        return [int(part) for part in self.discord_guild_ids.replace(" ", "").split(",") if part]
