"""End-to-end fixtures: both sandboxes running on loopback, an integration between them.

``flow`` is parametrised over the FactuSOL transports, so each end-to-end test runs once through
real pyodbc + unixODBC + the SQLite ODBC driver and once through the DELSOL REST API sandbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from connectors.factusol.sandbox.testing import make_connection, make_sandbox_db, running_api
from connectors.prestashop.sandbox.testing import make_shop, running_sandbox
from hub.models import Agency, Integration, ValueMapping
from sync.engine import run_sync

#: The value mappings the demo data needs (shop value → FactuSOL value).
DEMO_MAPPINGS = [
    ("payment", "ps_wirepayment", "TRA"),
    ("payment", "ps_checkpayment", "TAR"),
    ("carrier", "1", "1"),
    ("carrier", "2", "2"),
]
#: Combination links the articles sync would have written: shop id_product_attribute → CODART|size|colour.
DEMO_COMBINATIONS = {"1": "CAM001|S|BLA", "2": "CAM001|M|BLA"}


@dataclass
class Flow:
    integration: Integration
    shop: Any  # the PrestaShop sandbox handle
    factusol: Any  # FactusolConnector
    api: Any = None  # the DELSOL API sandbox handle (REST transport only)

    def run(self, entity: str = "orders", **kwargs: Any):
        kwargs.setdefault("trigger", "cli")
        return run_sync(self.integration.pk, entity, **kwargs)

    def rows(self, table: str, where: dict | None = None) -> list[dict[str, Any]]:
        return self.factusol.read(table, where)


def build_integration(agency: Agency, shop, factusol, **fields: Any) -> Integration:
    from sync.links import bind

    values = {"name": "Demo", "slug": "e2e", "shop": shop, "factusol": factusol}
    values.update(fields)
    integration = Integration.objects.create(agency=agency, **values)
    for kind, shop_value, fs_value in DEMO_MAPPINGS:
        ValueMapping.objects.create(integration=integration, kind=kind, shop_value=shop_value, factusol_value=fs_value)
    for attribute, key in DEMO_COMBINATIONS.items():
        bind(integration, "combination", attribute, key)
    return integration


@pytest.fixture(params=["odbc", "api"])
def transport(request) -> str:
    return request.param


def _flow(transport: str, tmp_path) -> Iterator[Flow]:
    pattern = str(tmp_path / "fs-{year}.db")
    make_sandbox_db(pattern, year=2026)
    agency = Agency.objects.create(name="Agencia E2E")
    with running_sandbox() as ps:
        shop = make_shop(agency, ps)
        if transport == "odbc":
            conn = make_connection(agency, "odbc", pattern)
            integration = build_integration(agency, shop, conn)
            with conn.connector() as fs:
                yield Flow(integration, ps, fs)
        else:
            with running_api(pattern) as api:
                conn = make_connection(agency, "api", api)
                integration = build_integration(agency, shop, conn)
                with conn.connector() as fs:
                    yield Flow(integration, ps, fs, api)


@pytest.fixture
def flow(transport, tmp_path, db):
    yield from _flow(transport, tmp_path)


@pytest.fixture
def concurrent_flow(transport, tmp_path, transactional_db):
    """Like ``flow``, with real commits, for tests where several threads share the database."""
    yield from _flow(transport, tmp_path)
