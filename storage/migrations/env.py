"""Alembic environment: migrations run on a connection the app hands over.

`Database.upgrade` passes its own connection in `config.attributes`, so the
same code path serves SQLite and PostgreSQL, inside a running event loop.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `praxis db upgrade`, which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
