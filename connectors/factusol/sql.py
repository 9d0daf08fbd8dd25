"""Access (Jet) SQL built from validated names, with ``?`` placeholders for every value.

Identifiers come only from the schema (bracketed: ``[F_CLI].[CODCLI]``); values never enter the
SQL text here. The REST transport, which has no parameters, fills the placeholders later through
``values.sql_literal`` (see ``render``). Where Access and SQLite (the sandbox) differ, the
difference is isolated in ``apply_top``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from connectors.factusol import values
from connectors.factusol.schema import Table, table
from hub.errors import PermanentError

OPERATORS = frozenset({"=", "<>", ">", ">=", "<", "<=", "LIKE", "IN"})
ACCESS = "access"
SQLITE = "sqlite"


@dataclass
class Statement:
    """SQL with ``?`` placeholders, its parameters and (when known) each parameter's Jet type."""

    sql: str
    params: list[Any] = field(default_factory=list)
    types: list[str | None] = field(default_factory=list)


def ident(table_name: str, column: str | None = None) -> str:
    return f"[{table_name}]" if column is None else f"[{table_name}].[{column}]"


def where_clause(spec: Table, where: dict[str, Any] | None) -> Statement:
    """``where`` maps column → value (equality) or column → ``(op, value)``; IN takes a list."""
    parts: list[str] = []
    stmt = Statement("")
    for name, condition in (where or {}).items():
        column = spec.column(name)
        op, value = condition if isinstance(condition, tuple) else ("=", condition)
        op = str(op).upper()
        if op not in OPERATORS:
            raise PermanentError(f"Unsupported operator {op!r} on {spec.name}.{column.name}.", code="bad_operator")
        target = ident(spec.name, column.name)
        if op == "IN":
            items = list(value)
            if not items:
                parts.append("1=0")
                continue
            parts.append(f"{target} IN ({', '.join('?' for _ in items)})")
            stmt.params.extend(items)
            stmt.types.extend(column.jet for _ in items)
        elif value is None and op in ("=", "<>"):
            parts.append(f"{target} IS {'NOT ' if op == '<>' else ''}NULL")
        else:
            parts.append(f"{target} {op} ?")
            stmt.params.append(value)
            stmt.types.append("text" if op == "LIKE" else column.jet)
    stmt.sql = " AND ".join(parts)
    return stmt


def select(
    table_name: str,
    where: dict[str, Any] | None = None,
    *,
    columns: Sequence[str] | None = None,
    order_by: Sequence[str] | None = None,
    top: int | None = None,
    dialect: str = ACCESS,
) -> Statement:
    """A SELECT over one table. ``order_by`` items are column names, ``-NAME`` or ``NAME DESC``."""
    spec = table(table_name)
    if columns:
        projection = ", ".join(ident(spec.name, spec.column(c).name) for c in columns)
    else:
        projection = "*"
    stmt = where_clause(spec, where)
    sql = f"SELECT {projection} FROM {ident(spec.name)}"
    if stmt.sql:
        sql += f" WHERE {stmt.sql}"
    sql += order_clause(spec, order_by)
    if top is not None:
        if int(top) < 1:
            raise PermanentError("top must be a positive number.", code="bad_top")
        sql = f"SELECT TOP {int(top)} " + sql[len("SELECT ") :]
    stmt.sql = apply_top(sql, dialect)
    return stmt


def order_clause(spec: Table, order_by: Sequence[str] | None) -> str:
    terms = []
    for item in order_by or ():
        text = item.strip()
        descending = text.startswith("-") or text.upper().endswith(" DESC")
        name = text.lstrip("-").split()[0]
        terms.append(ident(spec.name, spec.column(name).name) + (" DESC" if descending else ""))
    return f" ORDER BY {', '.join(terms)}" if terms else ""


_TOP = re.compile(r"^\s*SELECT\s+(DISTINCT\s+)?TOP\s+(\d+)\s+", re.IGNORECASE)


def apply_top(sql: str, dialect: str) -> str:
    """Access writes ``SELECT TOP n …``; SQLite (the sandbox, through its ODBC driver) only knows
    ``… LIMIT n``. This is the one place the two dialects differ for the SQL the hub emits."""
    if dialect != SQLITE:
        return sql
    match = _TOP.match(sql)
    if not match:
        return sql
    distinct = match.group(1) or ""
    return f"SELECT {distinct}{sql[match.end():].rstrip().rstrip(';')} LIMIT {match.group(2)}"


def ensure_select(sql: str) -> str:
    """Free SQL must be one SELECT: no other statement, no second statement after ``;``."""
    body = sql.strip().rstrip(";").strip()
    if not re.match(r"^SELECT\b", body, re.IGNORECASE) or ";" in _strip_strings(body):
        raise PermanentError("Only a single SELECT statement can be run.", code="not_select")
    return body


def _strip_strings(sql: str) -> str:
    return re.sub(r"'(?:[^']|'')*'", "''", sql)


def render(sql: str, params: Sequence[Any], types: Sequence[str | None] | None = None) -> str:
    """Replace each ``?`` outside string literals by ``values.sql_literal`` of its parameter."""
    types = list(types or [None] * len(params))
    pieces: list[str] = []
    index = 0
    for token in re.split(r"('(?:[^']|'')*')", sql):
        if token.startswith("'"):
            pieces.append(token)
            continue
        chunks = token.split("?")
        out = [chunks[0]]
        for chunk in chunks[1:]:
            if index >= len(params):
                raise PermanentError("More ? placeholders than parameters.", code="bad_params")
            out.append(values.sql_literal(params[index], types[index]))
            out.append(chunk)
            index += 1
        pieces.append("".join(out))
    if index != len(params):
        raise PermanentError("More parameters than ? placeholders.", code="bad_params")
    return "".join(pieces)
