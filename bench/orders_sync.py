"""Benchmark: what an orders sync costs in requests, through both FactuSOL transports side by side.

    .venv/bin/python bench/orders_sync.py --orders 40 [--latency 0.01]

Adds ``--orders`` copies of a demo order to the PrestaShop sandbox, then runs the orders sync
three times on each transport — first import, an unchanged re-run, and a re-run after one order
was paid — and prints, per run, the requests each side answered per order and the wall-time ratio
against the first import. Nothing here asserts a time: it reports numbers for a person to compare.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def add_orders(store, count: int) -> None:
    template, details = store.get("orders", 1), [d for d in store.all("order_details") if d["id_order"] == "1"]
    for i in range(count):
        order = copy.deepcopy(template)
        order_id = 1000 + i
        order.update(reference=f"BENCH{order_id:05d}", date_upd=f"2026-02-01 10:{i % 60:02d}:00")
        store.insert("orders", order, id=order_id)
        for detail in details:
            store.insert("order_details", {**copy.deepcopy(detail), "id_order": str(order_id)})


def measure(
    transport: str, count: int, latency: float, error_rate: float
) -> list[tuple[str, int, int, float, int, int]]:
    from connectors.factusol.sandbox.testing import make_connection, make_sandbox_db, running_api
    from connectors.prestashop.sandbox.testing import make_shop, running_sandbox
    from hub.models import Agency
    from sync.engine import run_sync
    from tests.e2e.conftest import build_integration

    results = []
    with tempfile.TemporaryDirectory() as tmp, running_sandbox() as ps:
        pattern = str(Path(tmp) / "fs-{year}.db")
        make_sandbox_db(pattern)
        add_orders(ps.app.store, count)
        faults = {"latency": latency, "error_rates": {503: error_rate} if error_rate else {}}
        ps.app.faults.configure(**faults)
        agency = Agency.objects.create(name=f"Bench {transport} {time.time()}")
        shop = make_shop(agency, ps)

        def go(fs_stats, integration) -> None:
            for label, prepare in (
                ("first import", None),
                ("unchanged re-run", None),
                ("re-run, one order paid", lambda: ps.app.store.get("orders", 3).update(current_state="2")),
            ):
                if prepare:
                    prepare()
                ps.app.faults.reset()
                ps.app.faults.configure(**faults)
                before = fs_stats()
                start = time.perf_counter()
                run = run_sync(integration.pk, "orders", trigger="cli", full=True)
                elapsed = time.perf_counter() - start
                results.append((label, ps.app.faults.requests, fs_stats() - before, elapsed, run.created, run.failed))

        if transport == "odbc":
            conn = make_connection(agency, "odbc", pattern)
            integration = build_integration(agency, shop, conn, slug=f"bench-{transport}")
            go(lambda: 0, integration)
        else:
            with running_api(pattern) as api:
                conn = make_connection(agency, "api", api)
                integration = build_integration(agency, shop, conn, slug=f"bench-{transport}")
                go(lambda: api.app.stats["requests"], integration)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=40)
    parser.add_argument("--latency", type=float, default=0.0, help="Seconds the shop sandbox adds to each answer.")
    parser.add_argument("--error-rate", type=float, default=0.0, help="Share of shop answers that are a 503.")
    args = parser.parse_args()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        orders = args.orders + 2  # the demo's own importable orders
        print(
            f"orders in the shop: {orders} (+3 not importable); shop latency {args.latency}s, "
            f"503 rate {args.error_rate:.0%}"
        )
        head = f"{'transport':9} {'run':22} {'shop req':>8} {'/order':>7} {'FS API req':>10} {'/order':>7}"
        print(f"{head} {'time':>7} {'ratio':>6} {'created':>7} {'failed':>6}")
        for transport in ("odbc", "api"):
            rows = measure(transport, args.orders, args.latency, args.error_rate)
            base = rows[0][3] or 1e-9
            for label, shop_requests, fs_requests, elapsed, created, failed in rows:
                fs = f"{fs_requests:>10}" if transport == "api" else f"{'(odbc)':>10}"
                fs_per = f"{fs_requests / orders:>7.1f}" if transport == "api" else f"{'-':>7}"
                print(
                    f"{transport:9} {label:22} {shop_requests:>8} {shop_requests / orders:>7.1f} {fs} {fs_per} "
                    f"{elapsed:>6.2f}s {elapsed / base:>6.2f} {created:>7} {failed:>6}"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
