"""A FactuSOL-shaped SQLite database, built from ``connectors.factusol.schema``.

Table and column names are FactuSOL's; declared types mirror the Jet types so that the SQLite
ODBC driver reports sensible SQL types (VARCHAR(n), SMALLINT, INTEGER, NUMERIC, REAL, TIMESTAMP).
Dates are stored as ``YYYY-MM-DD HH:MM:SS`` text, as the driver reads them.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from decimal import Decimal
from typing import Any

from connectors.factusol.schema import TABLES, Table, prepare_row

SQLITE_TYPES = {
    "text": "VARCHAR({size})",
    "memo": "TEXT",
    "longinteger": "INTEGER",
    "integer": "SMALLINT",
    "currency": "NUMERIC(19,4)",
    "single": "REAL",
    "double": "DOUBLE",
    "datetime": "TIMESTAMP",
    "oleobject": "BLOB",
}


def database_path(pattern: str, year: int) -> str:
    return pattern.replace("{year}", str(year))


def create_table_sql(spec: Table) -> str:
    lines = []
    for column in spec.columns.values():
        declared = SQLITE_TYPES[column.jet].format(size=column.size)
        lines.append(f"[{column.name}] {declared}{' NOT NULL' if column.required else ''}")
    lines.append(f"PRIMARY KEY ({', '.join(f'[{c}]' for c in spec.primary_key)})")
    return f"CREATE TABLE [{spec.name}] (\n  " + ",\n  ".join(lines) + "\n)"


def connect(path: str, *, timeout: float = 15.0) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    return connection


def create_database(path: str, *, overwrite: bool = False) -> str:
    """Create every schema table in a new SQLite file at ``path`` (refuses to clobber unless told)."""
    if os.path.exists(path):
        if not overwrite:
            raise FileExistsError(path)
        os.remove(path)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    connection = connect(path)
    try:
        for spec in TABLES.values():
            connection.execute(create_table_sql(spec))
    finally:
        connection.close()
    return path


def storable(value: Any) -> Any:
    """A prepared value in the form the sandbox stores (and the SQLite ODBC driver reads back)."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, Decimal):
        return float(value)
    return value


def insert_rows(connection: sqlite3.Connection, table_name: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows after the same validation the connector applies (unknown columns fail)."""
    for row in rows:
        prepared, _ = prepare_row(table_name, row)
        columns = ", ".join(f"[{c}]" for c in prepared)
        marks = ", ".join("?" for _ in prepared)
        connection.execute(
            f"INSERT INTO [{table_name}] ({columns}) VALUES ({marks})", [storable(v) for v in prepared.values()]
        )
