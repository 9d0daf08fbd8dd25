"""Sandbox fixtures: FactuSOL databases for 2026 (demo) and 2025 (demo), reached by ODBC or the API."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from connectors.factusol.base import FactusolConnector
from connectors.factusol.sandbox.testing import ApiHandle, make_connection, make_sandbox_db, running_api
from hub.models import Agency

TRANSPORTS = ["odbc", "api"]
NO_BACKOFF = (0.0, 0.0, 0.0)


@pytest.fixture
def sandbox_pattern(tmp_path) -> str:
    pattern = str(tmp_path / "001{year}.db")
    make_sandbox_db(pattern, year=2026)
    make_sandbox_db(pattern, year=2025)
    return pattern


@pytest.fixture
def api(sandbox_pattern) -> Iterator[ApiHandle]:
    with running_api(sandbox_pattern) as handle:
        yield handle


@pytest.fixture
def agency(db) -> Agency:
    return Agency.objects.create(name="Agencia FactuSOL")


@pytest.fixture
def make_connector(request, agency, sandbox_pattern) -> Iterator[Callable[..., FactusolConnector]]:
    """Builds connectors of one transport (``odbc`` or ``api``) over the same sandbox data."""
    opened: list[FactusolConnector] = []
    state: dict[str, object] = {}

    def build(transport: str, **fields: object) -> FactusolConnector:
        if transport == "odbc":
            target: object = sandbox_pattern
            options = {}
        else:
            target = state.get("api") or request.getfixturevalue("api")
            state["api"] = target
            options = {"backoff": NO_BACKOFF}
        key = (transport, tuple(sorted(fields.items())))
        if key not in state:
            state[key] = make_connection(agency, transport, target, name=f"FS {transport} {len(state)}", **fields)
        connector = state[key].connector(**options)
        opened.append(connector)
        return connector

    yield build
    for connector in opened:
        connector.close()


@pytest.fixture(params=TRANSPORTS)
def transport(request) -> str:
    return request.param


@pytest.fixture
def connector(make_connector, transport) -> FactusolConnector:
    return make_connector(transport)
