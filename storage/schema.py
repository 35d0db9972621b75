"""What Alembic compares the database with: every table, less the full-text objects.

The migrations define the schema; the models must say the same, which Alembic's
autogenerate comparison checks (`storage/migrations/env.py` and the drift test in
`tests/storage/test_migrations.py` both use this module). Two kinds of object are
the search engines' own and cannot be modelled portably, so they are left out of the
comparison (migration 0002 creates them, `storage/search.py` fills and reads them):

- SQLite: the FTS5 virtual table `resource_search` and the shadow tables FTS5 keeps
  beside it (`resource_search_data`, `_idx`, `_content`, `_docsize`, `_config`).
- PostgreSQL: the `tsvector` column `resources.search_vector` and its GIN index.

Nothing else is filtered, so a table, column or index that exists on one side only,
or differs, still shows up.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from alembic.runtime.environment import NameFilterParentNames, NameFilterType
from sqlalchemy import Column, MetaData
from sqlalchemy.sql.schema import SchemaItem

import storage
from storage.base import Base

FTS_TABLE = "resource_search"
FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")
SEARCH_TABLE, SEARCH_COLUMN = "resources", "search_vector"
SEARCH_INDEX = "ix_resources_search_vector"

_NOT_MODELS = frozenset({"migrations"})
_FULL_TEXT_TABLES = frozenset({FTS_TABLE, *(f"{FTS_TABLE}_{s}" for s in FTS5_SHADOWS)})


def metadata() -> MetaData:
    """`Base.metadata` with every table in it: each storage module is imported once.

    A model module nobody imported yet would otherwise be missing, and autogenerate
    would take its tables for ones to drop.
    """
    for module in pkgutil.iter_modules(storage.__path__):
        if module.name not in _NOT_MODELS:
            importlib.import_module(f"storage.{module.name}")
    return Base.metadata


def include_name(
    name: str | None, type_: NameFilterType, parent_names: NameFilterParentNames
) -> bool:
    """Reflect no full-text table (SQLite's FTS5 table and its shadows)."""
    if type_ == "table":
        return name not in _FULL_TEXT_TABLES
    return True


def include_object(
    obj: SchemaItem,
    name: str | None,
    type_: NameFilterType,
    reflected: bool,
    compare_to: SchemaItem | None,
) -> bool:
    """Compare everything but PostgreSQL's search column and its GIN index."""
    if type_ == "column" and isinstance(obj, Column) and name == SEARCH_COLUMN:
        return obj.table.name != SEARCH_TABLE
    if type_ == "index":
        return name != SEARCH_INDEX
    return True


def comparison_options() -> dict[str, Any]:
    """Alembic's options for comparing: the same for `env.py` and the drift test."""
    return {
        "target_metadata": metadata(),
        "include_name": include_name,
        "include_object": include_object,
        "compare_type": True,
    }
