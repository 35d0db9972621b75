"""Alembic environment: migrations run on a connection the app hands over.

`Database.upgrade` passes its own connection in `config.attributes`, so the
same code path serves SQLite and PostgreSQL, inside a running event loop.
`target_metadata` is every model (`storage.schema.comparison_options`), so
autogenerate compares the models with the database; the full-text objects the
search engines own are filtered out there.
"""

from __future__ import annotations

from alembic import context

from storage import schema

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `praxis db upgrade`, which supplies the connection")

context.configure(
    connection=connection,
    render_as_batch=connection.dialect.name == "sqlite",
    **schema.comparison_options(),
)
with context.begin_transaction():
    context.run_migrations()
