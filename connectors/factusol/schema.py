"""The FactuSOL schema the hub writes against, and the validation every write goes through.

``TABLES`` describes each table (columns with Jet type, size, NOT NULL, primary key); the data
lives in ``tables.py``. ``prepare_row`` turns a dict from a mapper into what FactuSOL accepts, or
raises ``PermanentError`` (unknown column, missing required value, value out of range).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connectors.factusol import values
from connectors.factusol.tables import RAW_TABLES, TIME_ONLY_COLUMNS
from hub.errors import PermanentError

JET_TYPES = frozenset(
    {"text", "memo", "longinteger", "integer", "currency", "single", "double", "datetime", "oleobject"}
)


@dataclass(frozen=True)
class Column:
    name: str
    jet: str
    size: int | None = None
    required: bool = False

    @property
    def time_only(self) -> bool:
        return self.name in TIME_ONLY_COLUMNS

    @property
    def label(self) -> str:
        return f"text({self.size})" if self.jet == "text" else self.jet


@dataclass(frozen=True)
class Table:
    name: str
    columns: dict[str, Column]
    primary_key: tuple[str, ...]

    def column(self, name: str) -> Column:
        try:
            return self.columns[name.upper()]
        except KeyError:
            raise PermanentError(f"{self.name} has no column {name!r}.", code="unknown_column") from None


def _build() -> dict[str, Table]:
    tables = {}
    for name, (pk, raw_columns) in RAW_TABLES.items():
        columns = {c[0]: Column(*c) for c in raw_columns}
        tables[name] = Table(name, columns, pk)
    return tables


TABLES: dict[str, Table] = _build()
#: Column names are unique across FactuSOL tables (3-letter field + 3-letter table suffix), which
#: lets results of free SELECTs be typed by column name.
COLUMN_TYPES: dict[str, Column] = {c.name: c for t in TABLES.values() for c in t.columns.values()}


def table(name: str) -> Table:
    try:
        return TABLES[name.upper()]
    except KeyError:
        raise PermanentError(f"Unknown FactuSOL table {name!r}.", code="unknown_table") from None


def prepare_row(table_name: str, row: dict[str, Any], *, partial: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Validate and convert ``row`` for writing into ``table_name``.

    Returns the converted row (upper-case column names) and human warnings (text cut at the
    column size, characters replaced for cp1252). ``partial`` (updates) skips the check that every
    NOT NULL column is present.
    """
    spec = table(table_name)
    prepared: dict[str, Any] = {}
    warnings: list[str] = []
    for name, value in row.items():
        column = spec.column(name)
        converted, column_warnings = values.coerce(
            column.name, column.jet, column.size, value, time_only=column.time_only
        )
        if converted is None and column.required:
            raise PermanentError(f"{spec.name}.{column.name} is required.", code="required")
        prepared[column.name] = converted
        warnings.extend(f"{spec.name}.{w}" for w in column_warnings)
    if not partial:
        missing = [c.name for c in spec.columns.values() if c.required and c.name not in prepared]
        if missing:
            raise PermanentError(f"{spec.name}: required column(s) missing: {', '.join(missing)}.", code="required")
    return prepared, warnings


def row_to_python(row: dict[str, Any], table_name: str | None = None) -> dict[str, Any]:
    """Type a row read from either transport by its columns' Jet types."""
    spec = TABLES.get(table_name.upper()) if table_name else None
    typed = {}
    for name, value in row.items():
        column = (spec.columns.get(name.upper()) if spec else None) or COLUMN_TYPES.get(name.upper())
        typed[name] = values.to_python(column.jet if column else None, value)
    return typed
