"""What every FactuSOL transport shares: validation, typing, numbering, documents, fiscal years.

A transport (``odbc.FactusolOdbc``, ``rest.FactusolRest``) implements the small hooks below
(``_select``, ``_insert``, ``_update``, ``_delete``, ``_lock_key``) and raises only typed
``hub.errors`` exceptions from them. Everything a caller uses is here.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from connectors.base import ConnectionReport, Connector
from connectors.factusol import sql
from connectors.factusol.schema import Table, prepare_row, row_to_python, table
from hub.errors import ConflictError, HubError, PermanentError

logger = logging.getLogger(__name__)

#: How many numbers ``insert_document``/``insert_with_code`` try before giving up on collisions.
MAX_NUMBER_ATTEMPTS = 8

_LOCKS: dict[str, threading.RLock] = {}
_LOCKS_GUARD = threading.Lock()


def write_lock(key: str) -> threading.RLock:
    """The process-wide lock that serializes writes to one FactuSOL database (file or API database)."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, threading.RLock())


@dataclass
class WriteResult:
    warnings: list[str] = field(default_factory=list)


@dataclass
class DocumentResult:
    number: int
    warnings: list[str] = field(default_factory=list)


class FactusolConnector(Connector):
    """Read and write one FactuSOL company, whatever the transport.

    Contract of the hooks a transport implements (``year`` is always an int):

    - ``_select(stmt, year) -> list[dict]``: run a SELECT (``stmt.sql`` with ``?`` placeholders,
      Access dialect unless ``dialect(year)`` says otherwise) and return raw rows column → value.
    - ``_insert(spec, row, year)``, ``_update(spec, key, changes, year)``: write one prepared row.
    - ``_delete(spec, where, year) -> int``: delete the rows matching a ``sql.Statement`` condition.
    - ``_lock_key(year) -> str``: identifies the database, to serialize writes within a process.

    Errors: ``TransientError`` (locked, busy, timeout, KO, 5xx), ``ConfigurationError`` (no such
    database/year, credentials, driver), ``ConflictError`` (duplicate key), ``PermanentError``.
    """

    system = "FactuSOL"

    # -- hooks -------------------------------------------------------------------------------
    def dialect(self, year: int) -> str:
        return sql.ACCESS

    def _select(self, stmt: sql.Statement, year: int) -> list[dict[str, Any]]:
        raise NotImplementedError(f"{type(self).__module__}.{type(self).__name__} must implement _select()")

    def _insert(self, spec: Table, row: dict[str, Any], year: int) -> None:
        raise NotImplementedError(f"{type(self).__module__}.{type(self).__name__} must implement _insert()")

    def _update(self, spec: Table, key: dict[str, Any], changes: dict[str, Any], year: int) -> None:
        raise NotImplementedError(f"{type(self).__module__}.{type(self).__name__} must implement _update()")

    def _delete(self, spec: Table, where: sql.Statement, year: int) -> int:
        raise NotImplementedError(f"{type(self).__module__}.{type(self).__name__} must implement _delete()")

    def _lock_key(self, year: int) -> str:
        raise NotImplementedError(f"{type(self).__module__}.{type(self).__name__} must implement _lock_key()")

    def _read(self, stmt: sql.Statement, spec: Table, year: int, *, whole_rows: bool) -> list[dict[str, Any]]:
        """Run a one-table read; ``whole_rows`` is True when all columns and all rows are wanted."""
        return self._select(stmt, year)

    # -- reading -----------------------------------------------------------------------------
    def year(self, year: int | None = None) -> int:
        return int(year) if year is not None else int(self.connection.fiscal_year)

    def read(
        self,
        table_name: str,
        where: dict[str, Any] | None = None,
        *,
        columns: list[str] | None = None,
        order_by: list[str] | None = None,
        top: int | None = None,
        year: int | None = None,
    ) -> list[dict[str, Any]]:
        """Rows of one table matching ``where`` (column → value, or column → ``(op, value)``)."""
        target = self.year(year)
        spec = table(table_name)
        stmt = sql.select(spec.name, where, columns=columns, order_by=order_by, top=top, dialect=self.dialect(target))
        rows = self._read(stmt, spec, target, whole_rows=not columns and top is None)
        return [row_to_python(row, spec.name) for row in rows]

    def query(self, statement: str, params: Sequence[Any] = (), *, year: int | None = None) -> list[dict[str, Any]]:
        """Run one SELECT with ``?`` placeholders; columns are typed by name when the schema knows them."""
        target = self.year(year)
        body = sql.apply_top(sql.ensure_select(statement), self.dialect(target))
        rows = self._select(sql.Statement(body, list(params), [None] * len(params)), target)
        return [row_to_python(row) for row in rows]

    # -- writing -----------------------------------------------------------------------------
    @contextmanager
    def write_lock(self, year: int | None = None) -> Iterator[None]:
        """Serialize writes to this database within the process (across processes the PK decides)."""
        with write_lock(self._lock_key(self.year(year))):
            yield

    def insert(self, table_name: str, row: dict[str, Any], *, year: int | None = None) -> WriteResult:
        spec = table(table_name)
        prepared, warnings = prepare_row(spec.name, row)
        target = self.year(year)
        with self.write_lock(target):
            self._insert(spec, prepared, target)
        return WriteResult(warnings)

    def update(
        self, table_name: str, key: dict[str, Any], changes: dict[str, Any], *, year: int | None = None
    ) -> WriteResult:
        """Change the row whose full primary key is ``key``."""
        spec = table(table_name)
        prepared_key = self._full_key(spec, key)
        prepared, warnings = prepare_row(spec.name, changes, partial=True)
        for name in spec.primary_key:
            prepared.pop(name, None)
        if not prepared:
            return WriteResult(warnings)
        target = self.year(year)
        with self.write_lock(target):
            self._update(spec, prepared_key, prepared, target)
        return WriteResult(warnings)

    def delete(self, table_name: str, key: dict[str, Any], *, year: int | None = None) -> int:
        """Delete the row whose full primary key is ``key``; returns how many rows went."""
        spec = table(table_name)
        prepared_key = self._full_key(spec, key)
        target = self.year(year)
        with self.write_lock(target):
            return self._delete(spec, sql.where_clause(spec, prepared_key), target)

    def _full_key(self, spec: Table, key: dict[str, Any]) -> dict[str, Any]:
        prepared, _ = prepare_row(spec.name, key, partial=True)
        if set(prepared) != set(spec.primary_key):
            raise PermanentError(f"{spec.name}: the key must be exactly {', '.join(spec.primary_key)}.", code="bad_key")
        return prepared

    # -- numbering ---------------------------------------------------------------------------
    def next_number(self, table_name: str, series: str, *, year: int | None = None) -> int:
        """MAX(number) + 1 within ``series`` of a document header table (F_PCL, F_ALB, F_FAC, …)."""
        spec = table(table_name)
        tip, cod = self._document_key(spec)
        condition = sql.where_clause(spec, {tip: series})
        return self._max(spec, cod, [condition], self.year(year), default=0) + 1

    def _max(self, spec: Table, column: str, conditions: list[sql.Statement], year: int, *, default: int) -> int:
        stmt = sql.Statement(
            f"SELECT MAX({sql.ident(spec.name, column)}) AS [N] FROM {sql.ident(spec.name)} "
            f"WHERE {' AND '.join(c.sql for c in conditions)}",
            [p for c in conditions for p in c.params],
            [t for c in conditions for t in c.types],
        )
        rows = self._select(stmt, year)
        value = next(iter(rows[0].values())) if rows else None
        return default if value is None else int(value)

    @staticmethod
    def _document_key(spec: Table) -> tuple[str, str]:
        if len(spec.primary_key) != 2:
            raise PermanentError(f"{spec.name} is not a document header table.", code="not_document")
        return spec.primary_key[0], spec.primary_key[1]

    def insert_document(
        self,
        header_table: str,
        header: dict[str, Any],
        lines_table: str,
        lines: list[dict[str, Any]],
        *,
        series: str,
        year: int | None = None,
    ) -> DocumentResult:
        """Insert a header and its lines under the next free number of ``series``.

        On a duplicate header key (another process took the number) the next number is tried. If
        a line fails, the lines and header already written are deleted and the error re-raised.
        """
        target = self.year(year)
        hspec, lspec = table(header_table), table(lines_table)
        tip, cod = self._document_key(hspec)
        if len(lspec.primary_key) != 3:
            raise PermanentError(f"{lspec.name} is not a document lines table.", code="not_document")
        ltip, lcod, lpos = lspec.primary_key
        prepared_lines = []
        warnings: list[str] = []
        for position, line in enumerate(lines, start=1):
            prepared, line_warnings = prepare_row(lspec.name, {**line, ltip: series, lcod: 0, lpos: position})
            prepared_lines.append(prepared)
            warnings.extend(f"line {position}: {w}" for w in line_warnings)
        with self.write_lock(target):
            number, header_warnings = self._insert_numbered(
                hspec, header, tip, series, cod, lambda: self.next_number(hspec.name, series, year=target), target
            )
            try:
                for prepared in prepared_lines:
                    self._insert(lspec, {**prepared, lcod: number}, target)
            except Exception as err:
                self._compensate(hspec, lspec, series, number, target, err)
                raise
        return DocumentResult(number, header_warnings + warnings)

    def insert_with_code(
        self,
        table_name: str,
        row: dict[str, Any],
        column: str,
        low: int,
        high: int,
        *,
        scope: dict[str, Any] | None = None,
        year: int | None = None,
    ) -> DocumentResult:
        """Insert ``row`` with the next free ``column`` code in [low, high] (e.g. customer codes).

        Returns the code taken (``.number``) and the write warnings (truncations, encoding).

        ``scope`` narrows the numbering to rows with those values, for codes that restart per
        parent (F_OBR.CODOBR per customer); its values must also be in ``row``.
        """
        target = self.year(year)
        spec = table(table_name)
        name = spec.column(column).name
        conditions = [sql.where_clause(spec, {name: (">=", low)}), sql.where_clause(spec, {name: ("<=", high)})]
        if scope:
            conditions.append(sql.where_clause(spec, dict(scope)))

        def allocate() -> int:
            return self._max(spec, name, conditions, target, default=low - 1) + 1

        with self.write_lock(target):
            code, warnings = self._insert_numbered(spec, row, None, None, name, allocate, target, high=high)
        return DocumentResult(code, warnings)

    def _insert_numbered(
        self,
        spec: Table,
        row: dict[str, Any],
        series_column: str | None,
        series: str | None,
        number_column: str,
        allocate: Callable[[], int],
        year: int,
        *,
        high: int | None = None,
    ) -> tuple[int, list[str]]:
        number = allocate()
        for _attempt in range(MAX_NUMBER_ATTEMPTS):
            if high is not None and number > high:
                raise PermanentError(f"{spec.name}.{number_column}: no free code left up to {high}.", code="range_full")
            values = {**row, number_column: number}
            if series_column:
                values[series_column] = series
            prepared, warnings = prepare_row(spec.name, values)
            try:
                self._insert(spec, prepared, year)
            except ConflictError:
                logger.info("FactuSOL %s %s=%s taken, trying the next number", spec.name, number_column, number)
                number = max(allocate(), number + 1)
                continue
            return number, warnings
        raise ConflictError(
            f"{spec.name}: no free {number_column} after {MAX_NUMBER_ATTEMPTS} attempts.", code="numbering"
        )

    def _compensate(self, hspec: Table, lspec: Table, series: str, number: int, year: int, err: Exception) -> None:
        ltip, lcod, _ = lspec.primary_key
        tip, cod = self._document_key(hspec)
        try:
            self._delete(lspec, sql.where_clause(lspec, {ltip: series, lcod: number}), year)
            self._delete(hspec, sql.where_clause(hspec, {tip: series, cod: number}), year)
        except HubError as cleanup_error:
            logger.error("FactuSOL %s %s-%s left half-written: %s", hspec.name, series, number, cleanup_error)
            err.add_note(f"Compensation failed, {hspec.name} {series}-{number} must be removed by hand.")

    # -- diagnostics -------------------------------------------------------------------------
    def test_connection(self) -> ConnectionReport:
        report = ConnectionReport(ok=True, system=self.system)
        target = self.year()
        try:
            companies = self.read("F_EMP", {"CODEMP": self.connection.company_code}, year=target) or self.read(
                "F_EMP", year=target
            )
        except HubError as err:
            report.add(f"Database {target}", False, str(err))
            return report
        if companies:
            company = companies[0]
            report.add(f"Database {target}", True, f"{company['CODEMP']} {company.get('DENEMP') or ''}".strip())
        else:
            report.add(f"Database {target}", False, "F_EMP has no company row.")
        for name in ("F_CLI", "F_ART"):
            try:
                rows = self.query(f"SELECT COUNT(*) AS [N] FROM [{name}]", year=target)
                report.add(name, True, f"{rows[0]['N']} rows")
            except HubError as err:
                report.add(name, False, str(err))
        report.version = self._version(target)
        return report

    def _version(self, year: int) -> str:
        # F_VER is not in the schema module (no column types published); read it loosely.
        try:
            rows = self._select(sql.Statement("SELECT * FROM [F_VER]"), year)
        except HubError:
            return ""
        return str(next(iter(rows[0].values()))) if rows else ""
