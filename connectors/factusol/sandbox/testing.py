"""Helpers for tests (ours and other engineers'): sandbox databases, a running API, connections."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from connectors.factusol.sandbox import db
from connectors.factusol.sandbox.seed import seed as seed_database

SQLITE_DRIVER = "SQLite3"


def make_sandbox_db(path_pattern: str, year: int = 2026, seed: str = "demo", *, overwrite: bool = True) -> str:
    """Create (and seed) the sandbox database of ``year``; returns its path. ``{year}`` is replaced."""
    path = db.database_path(path_pattern, year)
    db.create_database(path, overwrite=overwrite)
    connection = db.connect(path)
    try:
        seed_database(connection, seed, year=year)
    finally:
        connection.close()
    return path


def odbc_connection_string(path_pattern: str) -> str:
    """SQLite ODBC connection string; ``NoCreat=1`` makes a missing year fail instead of creating it."""
    return f"DRIVER={{{SQLITE_DRIVER}}};Database={path_pattern};NoCreat=1;Timeout=15000;"


@dataclass
class ApiHandle:
    base_url: str
    credentials: dict[str, str]
    app: Any
    server: Any = None


DEFAULT_CREDENTIALS = {"fabricante": "9999", "cliente": "1234", "database": "FS001", "password": "sandbox"}


@contextmanager
def running_api(db_pattern: str, *, port: int = 0, **options: Any) -> Iterator[ApiHandle]:
    """Serve the sandbox DELSOL API on 127.0.0.1 (a free port by default) for the ``with`` block.

    ``options`` go to ``SandboxApi`` (``ko_rate``, ``latency``, ``locked``, ``token_ttl``, credentials).
    """
    from connectors.factusol.sandbox.api import SandboxApi, serve_in_thread

    app = SandboxApi(db_pattern, **options)
    server, thread = serve_in_thread(app, port=port)
    try:
        yield ApiHandle(f"http://127.0.0.1:{server.server_port}", app.credentials(), app, server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def make_connection(agency: Any, transport: str, handle_or_path: ApiHandle | str, **fields: Any) -> Any:
    """A saved ``FactusolConnection`` pointing at the sandbox (a path pattern for ODBC, a handle for API)."""
    from hub.models import FactusolConnection

    values: dict[str, Any] = {
        "agency": agency,
        "name": f"Sandbox FactuSOL {transport}",
        "transport": transport,
        "year_policy": "fixed",
        "fixed_year": 2026,
        "timeout": 10,
    }
    if transport == "odbc":
        assert isinstance(handle_or_path, str), "ODBC needs the database path pattern"
        values["odbc_connection_string"] = odbc_connection_string(handle_or_path)
    else:
        assert isinstance(handle_or_path, ApiHandle), "API needs a running_api() handle"
        creds = handle_or_path.credentials
        values.update(
            api_base_url=handle_or_path.base_url,
            api_manufacturer_code=creds["fabricante"],
            api_client_code=creds["cliente"],
            api_database=creds["database"],
            api_password=creds["password"],
        )
    values.update(fields)
    return FactusolConnection.objects.create(**values)


def encode_password(password: str) -> str:
    return base64.b64encode(password.encode()).decode()
