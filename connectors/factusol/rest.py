"""FactuSOL through the DELSOL REST API (``https://api.sdelsol.com``, one database per ejercicio).

Every answer is HTTP 200 with ``respuesta`` saying what happened (``OK``, ``Unauthorized``,
``KO``, ``BDNoExiste``, ``BDExisteRegistro``, ``BDEscribirRegistroError``). The API has no query
parameters, so values reach it as Jet literals rendered by ``values.sql_literal`` only.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import threading
import time
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from connectors.factusol import rest_client, sql
from connectors.factusol.base import FactusolConnector
from connectors.factusol.schema import Table
from hub.errors import ConfigurationError, ConflictError, PermanentError, RecordNotFound, TransientError

#: Seconds before the JWT's ``exp`` at which the token is renewed; capped at a fifth of its life.
TOKEN_SAFETY_MARGIN = 30.0
FALLBACK_TOKEN_TTL = 150.0
DEFAULT_BACKOFF = (0.5, 2.0, 5.0)
_RESPONSE_ERRORS: dict[str, tuple[type[Exception], str]] = {
    "BDNoExiste": (ConfigurationError, "There is no FactuSOL database for that fiscal year"),
    "BDExisteRegistro": (ConflictError, "The record already exists"),
    "BDEscribirRegistroError": (PermanentError, "FactuSOL refused the record (unknown column or conflicting data)"),
}


def token_expiry(token: str, now: float) -> float:
    """When to stop using ``token``: its JWT ``exp`` minus a safety margin (fallback TTL if unreadable)."""
    try:
        payload = token.split(".")[1]
        exp = float(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["exp"])
    except (IndexError, ValueError, KeyError, TypeError):
        return now + FALLBACK_TOKEN_TTL
    return exp - min(TOKEN_SAFETY_MARGIN, max(0.0, exp - now) / 5)


def to_api_value(value: Any) -> Any:
    """A prepared value as the API takes it: dates as ``YYYY-MM-DDTHH:MM:SS``, amounts as numbers."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


class FactusolRest(FactusolConnector):
    """FactuSOL over the DELSOL API. Option ``backoff``: waits (seconds) between retries of ``KO``."""

    system = "FactuSOL (DELSOL API)"

    def __init__(self, connection: Any, **options: Any) -> None:
        super().__init__(connection, **options)
        self.backoff: Sequence[float] = tuple(options.get("backoff", DEFAULT_BACKOFF))
        self._token: str | None = None
        self._token_expires = 0.0
        # One login at a time, and an Unauthorized only discards the token it was answered to:
        # threads sharing a connector never drop a token another thread has just renewed.
        self._token_lock = threading.Lock()

    def allowed_options(self) -> tuple[str, ...]:
        return ("backoff",)

    @property
    def base_url(self) -> str:
        return self.connection.api_base_url.rstrip("/")

    def _lock_key(self, year: int) -> str:
        return f"api:{self.base_url}:{self.connection.api_client_code}:{self.connection.api_database}:{year}"

    # -- wire --------------------------------------------------------------------------------
    def _send(
        self, method: str, path: str, body: Any = None, *, auth: bool = True, token: str | None = None
    ) -> tuple[int, Any]:
        headers = {"Accept": "application/json"}
        if auth:
            headers["Authorization"] = f"Bearer {token or self._valid_token()}"
        try:
            response = rest_client.request(
                method, self.base_url + path, json=body, headers=headers, timeout=self.connection.timeout
            )
        except rest_client.RequestException as err:
            raise TransientError(
                f"DELSOL API unreachable: {type(err).__name__}", connection=self.connection, request=path
            ) from err
        status = response.status_code
        if status == 401:
            return status, {"respuesta": "Unauthorized"}
        if status == 429 or status >= 500:
            raise TransientError(f"DELSOL API answered HTTP {status}.", connection=self.connection, code=status)
        if status == 404:
            route = "/".join(path.split("/")[:3])
            raise ConfigurationError(
                f"DELSOL API answered 404 for {route}: check the API URL.", connection=self.connection, code=status
            )
        if status >= 400:
            raise PermanentError(f"DELSOL API answered HTTP {status}.", connection=self.connection, code=status)
        try:
            return status, response.json()
        except ValueError as err:
            raise TransientError("DELSOL API sent a body that is not JSON.", connection=self.connection) from err

    def _valid_token(self) -> str:
        with self._token_lock:
            if self._token is None or time.time() >= self._token_expires:
                return self._authenticate()
            return self._token

    def _invalidate(self, token: str) -> None:
        """Forget ``token`` after an ``Unauthorized``, unless another thread already replaced it."""
        with self._token_lock:
            if self._token == token:
                self._token = None

    def _authenticate(self) -> str:
        conn = self.connection
        body = {
            "codigoFabricante": conn.api_manufacturer_code,
            "codigoCliente": conn.api_client_code,
            "baseDatosCliente": conn.api_database,
            "password": base64.b64encode((conn.api_password or "").encode()).decode(),
        }
        _, answer = self._send("POST", "/login/Autenticar", body, auth=False)
        if answer.get("respuesta") != "OK" or not answer.get("resultado"):
            raise ConfigurationError(
                "DELSOL API rejected the credentials (codigoFabricante, codigoCliente, baseDatosCliente, password).",
                connection=conn,
                code=str(answer.get("respuesta")),
            )
        token = str(answer["resultado"])
        self._token, self._token_expires = token, token_expiry(token, time.time())
        return token

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """One API call with re-authentication on ``Unauthorized`` and bounded retries on ``KO``."""
        renewed = False
        attempt = 0
        while True:
            token = self._valid_token()
            _, answer = self._send(method, path, body, token=token)
            outcome = answer.get("respuesta") if isinstance(answer, dict) else None
            if outcome == "OK":
                return answer.get("resultado")
            if outcome == "Unauthorized" and not renewed:
                self._invalidate(token)
                renewed = True
                continue
            if outcome == "KO" and attempt < len(self.backoff):
                time.sleep(self.backoff[attempt])
                attempt += 1
                continue
            if outcome == "BDExisteRegistro" and attempt and path.endswith("/EscribirRegistro"):
                # The KO may have come after the row was written: "already exists" is then our own row,
                # and a ConflictError would make the numbering take the next number (a duplicate).
                raise TransientError(
                    "DELSOL API answered KO, then BDExisteRegistro on the retry: the record may have been "
                    "written; check before writing it again.",
                    connection=self.connection,
                    request=path,
                    code="KO_then_exists",
                )
            raise self._error(outcome, path)

    def _error(self, outcome: Any, path: str) -> Exception:
        if outcome in _RESPONSE_ERRORS:
            error_class, text = _RESPONSE_ERRORS[outcome]
            return error_class(f"{text} ({outcome}).", connection=self.connection, request=path, code=outcome)
        if outcome == "KO":
            return TransientError("DELSOL API kept answering KO.", connection=self.connection, request=path, code="KO")
        if outcome == "Unauthorized":
            return ConfigurationError("DELSOL API refused a fresh token.", connection=self.connection, code=outcome)
        return PermanentError(f"DELSOL API answered {outcome!r}.", connection=self.connection, code=str(outcome))

    # -- hooks -------------------------------------------------------------------------------
    @staticmethod
    def _rows(result: Any) -> list[dict[str, Any]]:
        if not result:
            return []
        return [{cell["columna"]: cell.get("dato") for cell in row} for row in result]

    def _select(self, stmt: sql.Statement, year: int) -> list[dict[str, Any]]:
        consulta = sql.render(stmt.sql, stmt.params, stmt.types)
        return self._rows(self.call("POST", "/admin/LanzarConsulta", {"ejercicio": str(year), "consulta": consulta}))

    def _read(self, stmt: sql.Statement, spec: Table, year: int, *, whole_rows: bool) -> list[dict[str, Any]]:
        if not whole_rows:
            return self._select(stmt, year)
        # CargaTabla takes a raw WHERE fragment (ORDER BY allowed) and returns every column.
        marker = f" FROM {sql.ident(spec.name)}"
        tail = stmt.sql[stmt.sql.index(marker) + len(marker) :].strip()
        if tail.startswith("WHERE "):
            tail = tail[len("WHERE ") :]
        elif tail:
            tail = "1=1 " + tail
        filtro = sql.render(tail, stmt.params, stmt.types) if tail else "1=1"
        body = {"ejercicio": str(year), "tabla": spec.name, "filtro": filtro}
        return self._rows(self.call("POST", "/admin/CargaTabla", body))

    def _record(self, row: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"columna": name, "dato": to_api_value(value)} for name, value in row.items()]

    def _insert(self, spec: Table, row: dict[str, Any], year: int) -> None:
        body = {"ejercicio": str(year), "tabla": spec.name, "registro": self._record(row)}
        self.call("POST", "/admin/EscribirRegistro", body)

    def _update(self, spec: Table, key: dict[str, Any], changes: dict[str, Any], year: int) -> None:
        # ActualizarRegistro answers OK whether or not a row had that key, so ask first (writes are
        # serialized in the process; a delete by another process in between goes unnoticed).
        if not self._count(spec, sql.where_clause(spec, key), year):
            raise RecordNotFound(f"{spec.name} {key} does not exist.", connection=self.connection)
        body = {"ejercicio": str(year), "tabla": spec.name, "registro": self._record({**key, **changes})}
        self.call("POST", "/admin/ActualizarRegistro", body)

    def _count(self, spec: Table, where: sql.Statement, year: int) -> int:
        stmt = sql.Statement(f"SELECT COUNT(*) AS [N] FROM {sql.ident(spec.name)} WHERE {where.sql}", where.params,
                             where.types)
        counted = self._select(stmt, year)
        return int(next(iter(counted[0].values())) or 0) if counted else 0

    def _delete(self, spec: Table, where: sql.Statement, year: int) -> int:
        # BorrarRegistros does not say how many rows went, so count them first (writes are serialized).
        filtro = sql.render(where.sql, where.params, where.types)
        count = self._count(spec, where, year)
        if count:
            self.call("GET", f"/admin/BorrarRegistros/{year}/{spec.name}/{quote(filtro, safe='')}")
        return count
