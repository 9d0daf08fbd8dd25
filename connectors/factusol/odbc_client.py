"""The one module that talks to pyodbc. Tests patch ``connect`` here to inject faults."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyodbc

Error = pyodbc.Error
Connection = pyodbc.Connection


def connect(connection_string: str, *, timeout: float) -> pyodbc.Connection:
    """Open an autocommit connection (each statement is its own transaction, as FactuSOL does)."""
    return pyodbc.connect(connection_string, autocommit=True, timeout=max(1, int(timeout)))


def execute(connection: pyodbc.Connection, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
    """Run one statement; returns (column names, rows) for a SELECT, ([], []) otherwise."""
    cursor = connection.cursor()
    try:
        cursor.execute(sql, *params) if params else cursor.execute(sql)
        if cursor.description is None:
            return [], []
        names = [d[0] for d in cursor.description]
        return names, [tuple(r) for r in cursor.fetchall()]
    finally:
        cursor.close()


def execute_count(connection: pyodbc.Connection, sql: str, params: Sequence[Any] = ()) -> int:
    """Run one INSERT/UPDATE/DELETE; returns the affected row count."""
    cursor = connection.cursor()
    try:
        cursor.execute(sql, *params) if params else cursor.execute(sql)
        return cursor.rowcount
    finally:
        cursor.close()


def drivers() -> list[str]:
    return list(pyodbc.drivers())
