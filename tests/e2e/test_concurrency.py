"""Two runs of the same orders sync at once create no duplicate order and share no number."""

from __future__ import annotations

import threading

from django.db import connections

from sync.engine import run_sync
from sync.models import RecordLink


def test_two_concurrent_runs_create_no_duplicate_and_no_shared_number(concurrent_flow):
    flow = concurrent_flow
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            run_sync(flow.integration.pk, "orders", trigger="cli")
        except BaseException as err:
            errors.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors

    headers = flow.rows("F_PCL")
    references = [h["REFPCL"] for h in headers if h["REFPCL"].startswith("DEMO")]
    assert sorted(references) == ["DEMO00001", "DEMO00003"]
    numbers = [(h["TIPPCL"], h["CODPCL"]) for h in headers]
    assert len(numbers) == len(set(numbers))
    guests = flow.rows("F_CLI", {"NOFCLI": "Lucía Fernández"})
    assert len(guests) == 1
    assert RecordLink.objects.filter(integration=flow.integration, entity="order").count() == 2
