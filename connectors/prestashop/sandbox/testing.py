"""Run the PrestaShop sandbox inside a test.

    from connectors.prestashop.sandbox.testing import make_shop, running_sandbox

    with running_sandbox() as sandbox:            # demo seed, random loopback port
        shop = make_shop(agency, sandbox)         # a saved Shop pointing at it
        shop.connector().list("orders")
        sandbox.app.faults.configure(fail_nth={3: 503})
        sandbox.app.store.get("orders", 1)        # direct data access
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connectors.prestashop.sandbox.app import DEFAULT_KEY, SandboxApp
from connectors.prestashop.sandbox.seed import seed_demo
from connectors.prestashop.sandbox.server import serve, start_in_thread
from connectors.prestashop.sandbox.store import Store


@dataclass
class SandboxHandle:
    """``base_url`` is the shop URL without ``/api``; ``key`` the accepted webservice key."""

    base_url: str
    key: str
    app: SandboxApp

    @property
    def api_url(self) -> str:
        return self.base_url + "/api"


def build_app(seed: str | None = "demo", key: str | None = None, data_file: str | Path | None = None) -> SandboxApp:
    store = Store(data_file)
    if seed == "demo" and store.is_empty:
        seed_demo(store)
    elif seed not in (None, "", "none", "demo"):
        raise ValueError(f"Unknown sandbox seed: {seed}")
    return SandboxApp(store, key=key or DEFAULT_KEY)


@contextmanager
def running_sandbox(
    seed: str | None = "demo", key: str | None = None, data_file: str | Path | None = None
) -> Iterator[SandboxHandle]:
    """Start the sandbox on a free loopback port in a daemon thread; stop it on exit."""
    app = build_app(seed, key, data_file)
    server = serve(app, 0)
    thread = start_in_thread(server)
    try:
        yield SandboxHandle(f"http://127.0.0.1:{server.server_address[1]}", app.key, app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def make_shop(agency: Any, handle: SandboxHandle, **fields: Any) -> Any:
    """A saved ``Shop`` of ``agency`` reaching the sandbox (``fields`` override the defaults)."""
    from hub.models import Shop

    values: dict[str, Any] = {
        "name": f"Sandbox {handle.base_url.rsplit(':', 1)[-1]}",
        "base_url": handle.base_url,
        "webservice_key": handle.key,
        "timeout": 5,
        "language_id": 1,
    }
    values.update(fields)
    return Shop.objects.create(agency=agency, **values)
