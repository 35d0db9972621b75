"""slack_sdk's installation and OAuth state tables, as models of our schema.

With OAuth, slack_sdk's own SQLAlchemy stores keep each workspace's installation and the
install flow's states (`AsyncSQLAlchemyInstallationStore`, `AsyncSQLAlchemyOAuthStateStore`,
built by the composition root on the bot's engine). Their tables are defined by slack_sdk;
migration 0017 creates them, and here slack_sdk's own definitions join our metadata, so
the drift test (`tests/storage/test_migrations.py`) holds the two together: an upgrade of
slack_sdk that changes a table fails that test, not a district's first install. No code of
ours reads or writes them.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

from storage.base import Base

INSTALLATIONS = SQLAlchemyInstallationStore.build_installations_table(
    Base.metadata, SQLAlchemyInstallationStore.default_installations_table_name
)
BOTS = SQLAlchemyInstallationStore.build_bots_table(
    Base.metadata, SQLAlchemyInstallationStore.default_bots_table_name
)
OAUTH_STATES = SQLAlchemyOAuthStateStore.build_oauth_states_table(
    Base.metadata, SQLAlchemyOAuthStateStore.default_table_name
)
