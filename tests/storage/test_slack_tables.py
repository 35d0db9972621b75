"""slack_sdk's installation and OAuth state tables come from our migrations, as it
defines them: same columns, types, nullability and indexes. An upgrade of slack_sdk that
changes a table fails here, not at a district's first install."""

from __future__ import annotations

import pytest
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore
from sqlalchemy import MetaData, inspect
from sqlalchemy.engine import Connection

from bot.root.app import App


def _expected() -> MetaData:
    metadata = MetaData()
    SQLAlchemyInstallationStore.build_installations_table(metadata, "slack_installations")
    SQLAlchemyInstallationStore.build_bots_table(metadata, "slack_bots")
    SQLAlchemyOAuthStateStore.build_oauth_states_table(metadata, "slack_oauth_states")
    return metadata


def _shape(connection: Connection, table: str) -> tuple[dict, set]:
    inspector = inspect(connection)
    columns = {
        c["name"]: (type(c["type"]).__name__.upper(), c["nullable"])
        for c in inspector.get_columns(table)
    }
    indexes = {(i["name"], tuple(i["column_names"])) for i in inspector.get_indexes(table)}
    return columns, indexes


_SAME = {"VARCHAR": "STRING", "STRING": "STRING", "TIMESTAMP": "DATETIME", "DATETIME": "DATETIME"}


@pytest.mark.parametrize("table", ["slack_installations", "slack_bots", "slack_oauth_states"])
async def test_the_migrated_table_is_slack_sdks(app: App, table: str) -> None:
    wanted = _expected().tables[table]
    async with app.db.engine.connect() as connection:
        columns, indexes = await connection.run_sync(_shape, table)
    expected = {
        c.name: (type(c.type).__name__.upper(), bool(c.nullable) and not c.primary_key)
        for c in wanted.columns
    }
    assert set(columns) == set(expected)
    for name, (kind, nullable) in expected.items():
        got_kind, got_nullable = columns[name]
        assert _SAME.get(got_kind, got_kind) == _SAME.get(kind, kind), name
        assert got_nullable == nullable or wanted.c[name].primary_key, name
    assert {(i.name, tuple(c.name for c in i.columns)) for i in wanted.indexes} <= indexes
