"""Two threads, two database connections, one record: exactly one claim wins (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from sync import journal
from sync.models import JournalEntry, SyncRun
from tests.factories import make_agency_world


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_of_the_same_record_let_exactly_one_worker_through():
    world = make_agency_world("Concurrencia")
    runs = [
        SyncRun.objects.create(integration=world.integration, entity="orders", direction="to_factusol", trigger="cli")
        for _ in range(4)
    ]
    barrier = threading.Barrier(len(runs))
    results: list[bool] = []

    def worker(run: SyncRun) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(journal.claim_key(world.integration, run, "1001", "Pedido 1001") is not None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results) == [False, False, False, True]
    assert JournalEntry.objects.filter(key="1001", status="running").count() == 1
