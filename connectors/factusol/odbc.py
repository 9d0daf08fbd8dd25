"""FactuSOL through ODBC: the company's Access file (``EEEAAAA.accdb``) on the customer's PC.

Without an explicit connection string the Microsoft Access driver opens the year's file with
``Mode=Share Deny None`` (other programs, FactuSOL itself included, keep full access while we
read and write: the file is never opened exclusively) and ``ExtendedAnsiSQL=1`` (ANSI-92 mode:
``%``/``_`` LIKE wildcards, the same ones SQLite uses). Any other ODBC connection string works
too, with ``{year}`` replaced by the fiscal year; the tests use Debian's SQLite ODBC driver over
the sandbox database.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from typing import Any

from connectors.factusol import odbc_client, sql
from connectors.factusol.base import FactusolConnector
from connectors.factusol.schema import Table
from hub.errors import ConfigurationError, ConflictError, PermanentError, RecordNotFound, TransientError

ACCESS_DRIVER = "Microsoft Access Driver (*.mdb, *.accdb)"
_TRANSIENT = re.compile(r"locked|busy|in use|timeout|timed out|could not use|communication link|HYT00|HYT01", re.I)
_CONFLICT = re.compile(r"UNIQUE constraint|PRIMARY KEY|duplicate values|duplicate key|constraint failed", re.I)
_CONFIGURATION = re.compile(r"IM00\d|can't open lib|data source name not found|not a valid file|could not find", re.I)
_PATH = re.compile(r"(?:^|;)\s*(?:DBQ|Database)\s*=\s*([^;]+)", re.I)


def access_connection_string(path: str) -> str:
    return f"DRIVER={{{ACCESS_DRIVER}}};DBQ={path};Mode=Share Deny None;ExtendedAnsiSQL=1;"


def classify(err: Exception) -> type[Exception]:
    """The hub error for a pyodbc error, from its SQLSTATE and message (drivers differ in both)."""
    state = err.args[0] if err.args else ""
    text = " ".join(str(a) for a in err.args)
    if _CONFIGURATION.search(text) or str(state).startswith("IM"):
        return ConfigurationError
    if str(state).startswith("23") or _CONFLICT.search(text):
        return ConflictError
    if _TRANSIENT.search(text) or str(state).startswith(("08", "HYT")):
        return TransientError
    return PermanentError


class FactusolOdbc(FactusolConnector):
    """FactuSOL over pyodbc. One connection per fiscal year, opened lazily, closed by ``close()``."""

    system = "FactuSOL (ODBC)"

    def __init__(self, connection: Any, **options: Any) -> None:
        super().__init__(connection, **options)
        self._connections: dict[int, odbc_client.Connection] = {}

    def connection_string(self, year: int) -> str:
        template = self.connection.odbc_connection_string or ""
        if template:
            return template.replace("{year}", str(year))
        if self.connection.odbc_file_path:
            return access_connection_string(self.connection.odbc_file_path.replace("{year}", str(year)))
        raise ConfigurationError(
            "Set the Access file path or an ODBC connection string on the FactuSOL connection.",
            connection=self.connection,
            code="odbc_not_configured",
        )

    def dialect(self, year: int) -> str:
        match = re.search(r"DRIVER\s*=\s*\{?([^};]*)", self.connection_string(year), re.I)
        return sql.SQLITE if match and "sqlite" in match.group(1).lower() else sql.ACCESS

    def database_path(self, year: int) -> str | None:
        match = _PATH.search(self.connection_string(year))
        return match.group(1).strip() if match else None

    def _lock_key(self, year: int) -> str:
        return "odbc:" + (self.database_path(year) or self.connection_string(year))

    def _open(self, year: int) -> odbc_client.Connection:
        if year in self._connections:
            return self._connections[year]
        path = self.database_path(year)
        if path is not None and not os.path.exists(path):
            raise ConfigurationError(
                f"There is no FactuSOL database for {year}: {path} does not exist.",
                connection=self.connection,
                code="BDNoExiste",
            )
        try:
            handle = odbc_client.connect(self.connection_string(year), timeout=self.connection.timeout)
        except odbc_client.Error as err:
            # Never echo the connection string: it may carry a password.
            raise classify(err)(
                f"Cannot open the FactuSOL database for {year}: {err.args[-1] if err.args else err}",
                connection=self.connection,
                code=str(err.args[0]) if err.args else None,
            ) from err
        self._connections[year] = handle
        return handle

    def _run(self, year: int, statement: str, params: list[Any], *, count: bool = False) -> Any:
        handle = self._open(year)
        bound = [self._bind(v, year) for v in params]
        try:
            if count:
                return odbc_client.execute_count(handle, statement, bound)
            return odbc_client.execute(handle, statement, bound)
        except odbc_client.Error as err:
            error_class = classify(err)
            if error_class in (TransientError, ConfigurationError):
                self._discard(year)
            raise error_class(
                str(err.args[-1]) if err.args else str(err),
                connection=self.connection,
                request=statement,
                code=str(err.args[0]) if err.args else None,
            ) from err

    def _bind(self, value: Any, year: int) -> Any:
        # SQLite keeps dates as text; bind them in the sandbox's stored form so comparisons hold.
        if isinstance(value, dt.datetime) and self.dialect(year) == sql.SQLITE:
            return value.strftime("%Y-%m-%d %H:%M:%S")
        return value

    def _discard(self, year: int) -> None:
        handle = self._connections.pop(year, None)
        if handle is not None:
            try:
                handle.close()
            except odbc_client.Error:
                pass

    def _select(self, stmt: sql.Statement, year: int) -> list[dict[str, Any]]:
        names, rows = self._run(year, stmt.sql, stmt.params)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _insert(self, spec: Table, row: dict[str, Any], year: int) -> None:
        columns = ", ".join(f"[{name}]" for name in row)
        marks = ", ".join("?" for _ in row)
        statement = f"INSERT INTO {sql.ident(spec.name)} ({columns}) VALUES ({marks})"
        self._run(year, statement, list(row.values()), count=True)

    def _update(self, spec: Table, key: dict[str, Any], changes: dict[str, Any], year: int) -> None:
        # SET takes bare column names: SQLite rejects table-qualified ones, Access accepts both.
        assignments = ", ".join(f"[{name}] = ?" for name in changes)
        condition = sql.where_clause(spec, key)
        statement = f"UPDATE {sql.ident(spec.name)} SET {assignments} WHERE {condition.sql}"
        if not self._run(year, statement, list(changes.values()) + condition.params, count=True):
            raise RecordNotFound(f"{spec.name} {key} does not exist.", connection=self.connection)

    def _delete(self, spec: Table, where: sql.Statement, year: int) -> int:
        return int(self._run(year, f"DELETE FROM {sql.ident(spec.name)} WHERE {where.sql}", where.params, count=True))

    def close(self) -> None:
        for year in list(self._connections):
            self._discard(year)
