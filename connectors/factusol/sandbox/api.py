"""A DELSOL-API-compatible HTTP sandbox (stdlib WSGI) over the sandbox SQLite databases.

Same paths, bodies and ``respuesta`` values as the real API (reference §2): JWT-shaped tokens
with ``exp``, ``Unauthorized`` with HTTP 200 on an expired token, ``BDNoExiste`` for a year
without a database, ``BDExisteRegistro`` on a duplicate key, ``BDEscribirRegistroError`` on an
unknown column, and a filter on an unknown column answering ``resultado: null``. Faults can be
injected (``ko_rate``, ``ko_next``, ``latency``, ``locked``) and every call is counted in ``stats``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import re
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from connectors.factusol import sql
from connectors.factusol.sandbox import db

_DATE_TEXT = re.compile(r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.\d+)?$")
_ISO_INPUT = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def to_sqlite(statement: str) -> str:
    """Jet SQL → SQLite: ``TOP n`` → ``LIMIT n`` and ``#date#`` → ``'date'`` (outside strings)."""
    pieces = re.split(r"('(?:[^']|'')*')", statement)
    pieces = [p if p.startswith("'") else re.sub(r"#([0-9: -]+)#", r"'\1'", p) for p in pieces]
    return sql.apply_top("".join(pieces), sql.SQLITE)


class SandboxApi:
    """The WSGI application. Attributes can be changed while it serves (faults, ``token_ttl``)."""

    def __init__(
        self,
        db_pattern: str,
        *,
        fabricante: str = "9999",
        cliente: str = "1234",
        database: str = "FS001",
        password: str = "sandbox",
        token_ttl: float = 180.0,
        ko_rate: float = 0.0,
        ko_next: int = 0,
        latency: float = 0.0,
        locked: bool = False,
        unauthorized_status: int = 200,
    ) -> None:
        self.db_pattern = db_pattern
        self.fabricante, self.cliente, self.database, self.password = fabricante, cliente, database, password
        self.token_ttl = token_ttl
        self.ko_rate, self.ko_next, self.latency, self.locked = ko_rate, ko_next, latency, locked
        self.unauthorized_status = unauthorized_status
        self.stats: Counter[str] = Counter()
        self._secret = os.urandom(16)
        self._guard = threading.Lock()
        self._random = random.Random()

    def credentials(self) -> dict[str, str]:
        return {"fabricante": self.fabricante, "cliente": self.cliente, "database": self.database,
                "password": self.password}

    def expire_tokens(self) -> None:
        """Invalidate every token issued so far (as if they had all expired)."""
        self._secret = os.urandom(16)

    # -- tokens ------------------------------------------------------------------------------
    def issue_token(self) -> str:
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        payload = _b64(json.dumps({"sub": self.cliente, "db": self.database, "exp": int(time.time() + self.token_ttl),
                                   "iat": int(time.time())}).encode())
        signature = _b64(hmac.new(self._secret, f"{header}.{payload}".encode(), hashlib.sha256).digest())
        return f"{header}.{payload}.{signature}"

    def token_valid(self, token: str) -> bool:
        try:
            header, payload, signature = token.split(".")
            expected = _b64(hmac.new(self._secret, f"{header}.{payload}".encode(), hashlib.sha256).digest())
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except ValueError:
            return False
        return hmac.compare_digest(signature, expected) and time.time() < float(claims["exp"])

    # -- WSGI --------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8")
        method = environ["REQUEST_METHOD"]
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = json.loads(environ["wsgi.input"].read(length) or b"null") if length else None
        except ValueError:
            return self._reply(start_response, {"resultado": None, "respuesta": "KO"}, status=400)
        route = path.strip("/").split("/")[1] if path.count("/") >= 2 else path.strip("/")
        with self._guard:
            self.stats[route] += 1
            self.stats["requests"] += 1
        if self.latency:
            time.sleep(self.latency)
        answer, status = self.handle(method, path, body, environ.get("HTTP_AUTHORIZATION", ""))
        return self._reply(start_response, answer, status=status)

    @staticmethod
    def _reply(start_response: Callable[..., Any], answer: Any, *, status: int = 200) -> list[bytes]:
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}.get(status, "Error")
        start_response(f"{status} {reason}", [("Content-Type", "application/json; charset=utf-8"),
                                             ("Content-Length", str(len(data)))])
        return [data]

    def handle(self, method: str, path: str, body: Any, authorization: str) -> tuple[dict[str, Any], int]:
        parts = path.strip("/").split("/")
        section, action = (parts[0].lower(), parts[1].lower()) if len(parts) >= 2 else ("", "")
        if section == "login" and action == "autenticar" and method == "POST":
            return self._authenticate(body or {}), 200
        if section != "admin":
            return {"Message": "No HTTP resource was found that matches the request URI."}, 404
        if not self.token_valid(authorization.removeprefix("Bearer ").strip()):
            with self._guard:
                self.stats["unauthorized"] += 1
            return {"resultado": None, "respuesta": "Unauthorized"}, self.unauthorized_status
        if self._fault():
            return {"resultado": None, "respuesta": "KO"}, 200
        if method == "GET" and action == "borrarregistros":
            # PATH_INFO arrives URL-decoded; the filter is everything after the table, "/" included.
            pieces = path.strip("/").split("/", 4)
            if len(pieces) != 5:
                return {"Message": "No HTTP resource was found that matches the request URI."}, 404
            year, table, filtro = pieces[2], pieces[3], pieces[4]
            return self._with_db(year, lambda c: self._delete(c, table, filtro)), 200
        handlers = {"cargatabla": self._load, "lanzarconsulta": self._query, "escribirregistro": self._insert,
                    "actualizarregistro": self._update}
        if method != "POST" or action not in handlers or not isinstance(body, dict):
            return {"Message": "No HTTP resource was found that matches the request URI."}, 404
        handler = handlers[action]
        return self._with_db(str(body.get("ejercicio", "")), lambda c: handler(c, body)), 200

    def _authenticate(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            password = base64.b64decode(str(body.get("password", "")), validate=True).decode()
        except ValueError:
            password = None
        ok = (str(body.get("codigoFabricante")), str(body.get("codigoCliente")), body.get("baseDatosCliente"),
              password) == (self.fabricante, self.cliente, self.database, self.password)
        with self._guard:
            self.stats["tokens" if ok else "rejected_logins"] += 1
        if not ok:
            return {"resultado": None, "respuesta": "Unauthorized"}
        return {"resultado": self.issue_token(), "respuesta": "OK"}

    def _fault(self) -> bool:
        with self._guard:
            if self.ko_next > 0:
                self.ko_next -= 1
                self.stats["ko"] += 1
                return True
            if self.locked or (self.ko_rate and self._random.random() < self.ko_rate):
                self.stats["ko"] += 1
                return True
        return False

    def _with_db(self, year: str, action: Callable[[sqlite3.Connection], dict[str, Any]]) -> dict[str, Any]:
        path = db.database_path(self.db_pattern, int(year)) if year.isdigit() else ""
        if not path or not os.path.exists(path):
            return {"resultado": None, "respuesta": "BDNoExiste"}
        connection = db.connect(path)
        try:
            return action(connection)
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                return {"resultado": None, "respuesta": "KO"}
            raise
        finally:
            connection.close()

    # -- operations --------------------------------------------------------------------------
    @staticmethod
    def _columns(connection: sqlite3.Connection, table: str) -> dict[str, int]:
        rows = connection.execute("SELECT name, pk FROM pragma_table_info(?)", (table,)).fetchall()
        return {r["name"]: r["pk"] for r in rows}

    @staticmethod
    def _rows(cursor: sqlite3.Cursor) -> list[list[dict[str, Any]]] | None:
        names = [d[0] for d in cursor.description or ()]
        rows = []
        for row in cursor.fetchall():
            cells = []
            for name, value in zip(names, row, strict=True):
                if isinstance(value, str) and (match := _DATE_TEXT.match(value)):
                    value = f"{match.group(1)}T{match.group(2)}"
                elif isinstance(value, bytes):
                    value = base64.b64encode(value).decode()
                cells.append({"columna": name, "dato": value})
            rows.append(cells)
        return rows or None

    def _select(self, connection: sqlite3.Connection, statement: str) -> dict[str, Any]:
        try:
            cursor = connection.execute(to_sqlite(statement))
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                raise
            return {"resultado": None, "respuesta": "OK"}
        return {"resultado": self._rows(cursor), "respuesta": "OK"}

    def _load(self, connection: sqlite3.Connection, body: dict[str, Any]) -> dict[str, Any]:
        table, filtro = str(body.get("tabla", "")), str(body.get("filtro") or "").strip()
        if not filtro or not self._columns(connection, table):
            return {"resultado": None, "respuesta": "OK"}
        return self._select(connection, f"SELECT * FROM [{table}] WHERE {filtro}")

    def _query(self, connection: sqlite3.Connection, body: dict[str, Any]) -> dict[str, Any]:
        statement = str(body.get("consulta") or "")
        if not re.match(r"^\s*SELECT\b", statement, re.I):
            return {"resultado": None, "respuesta": "KO"}
        return self._select(connection, statement)

    def _record(self, connection: sqlite3.Connection, body: dict[str, Any]) -> tuple[str, dict[str, Any], dict]:
        table = str(body.get("tabla", ""))
        columns = self._columns(connection, table)
        record = {}
        for cell in body.get("registro") or []:
            name, value = str(cell.get("columna", "")).upper(), cell.get("dato")
            if name not in columns:
                raise LookupError(name)
            if isinstance(value, str) and (match := _ISO_INPUT.match(value)):
                value = f"{match.group(1)} {match.group(2)}"
            record[name] = value
        if not columns or not record:
            raise LookupError(table)
        return table, record, columns

    def _insert(self, connection: sqlite3.Connection, body: dict[str, Any]) -> dict[str, Any]:
        try:
            table, record, _ = self._record(connection, body)
            names = ", ".join(f"[{c}]" for c in record)
            connection.execute(f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' for _ in record)})",
                               list(record.values()))
        except LookupError:
            return {"resultado": None, "respuesta": "BDEscribirRegistroError"}
        except sqlite3.IntegrityError as err:
            duplicate = "UNIQUE" in str(err) or "PRIMARY KEY" in str(err)
            return {"resultado": None, "respuesta": "BDExisteRegistro" if duplicate else "BDEscribirRegistroError"}
        return {"resultado": "", "respuesta": "OK"}

    def _update(self, connection: sqlite3.Connection, body: dict[str, Any]) -> dict[str, Any]:
        try:
            table, record, columns = self._record(connection, body)
        except LookupError:
            return {"resultado": None, "respuesta": "BDEscribirRegistroError"}
        key = [c for c, pk in columns.items() if pk]
        if any(c not in record for c in key):
            return {"resultado": None, "respuesta": "BDEscribirRegistroError"}
        changes = {c: v for c, v in record.items() if c not in key}
        if changes:
            assignments = ", ".join(f"[{c}] = ?" for c in changes)
            condition = " AND ".join(f"[{c}] = ?" for c in key)
            try:
                connection.execute(f"UPDATE [{table}] SET {assignments} WHERE {condition}",
                                   list(changes.values()) + [record[c] for c in key])
            except sqlite3.IntegrityError:
                return {"resultado": None, "respuesta": "BDEscribirRegistroError"}
        return {"resultado": "", "respuesta": "OK"}

    def _delete(self, connection: sqlite3.Connection, table: str, filtro: str) -> dict[str, Any]:
        if not self._columns(connection, table) or not filtro.strip():
            return {"resultado": None, "respuesta": "KO"}
        try:
            connection.execute(to_sqlite(f"DELETE FROM [{table}] WHERE {filtro}"))
        except sqlite3.OperationalError as err:
            if "locked" in str(err) or "busy" in str(err):
                raise
            return {"resultado": None, "respuesta": "KO"}
        return {"resultado": "", "respuesta": "OK"}


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def make_api_server(app: SandboxApi, *, host: str = "127.0.0.1", port: int = 0) -> WSGIServer:
    return make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)


def serve_in_thread(app: SandboxApi, *, host: str = "127.0.0.1", port: int = 0) -> tuple[WSGIServer, threading.Thread]:
    server = make_api_server(app, host=host, port=port)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="factusol-sandbox-api", daemon=True
    )
    thread.start()
    return server, thread
