"""The declarative base and column types every table shares."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData
from sqlalchemy.engine import CursorResult, Dialect, Result
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def affected_rows(result: Result[*tuple[Any, ...]]) -> int:
    """How many rows a DELETE or UPDATE touched.

    `session.execute` is typed to return a plain `Result`; for a DML statement it is a
    `CursorResult`, the one that knows its row count.
    """
    if not isinstance(result, CursorResult):
        raise TypeError(f"not the result of a DELETE or UPDATE: {type(result).__name__}")
    return int(result.rowcount or 0)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every database.

    SQLite keeps no zone, so values come back naive; this puts UTC back, so
    the core never compares a naive datetime with an aware one.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
