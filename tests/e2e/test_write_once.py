"""Nothing written twice, nothing lost: crashes between a FactuSOL write and its link, shared references."""

from __future__ import annotations

import copy

import pytest
from django.utils import timezone

from hub.errors import TransientError
from sync import customers as customers_module
from sync.models import JournalEntry, RecordLink, SyncRun

REGISTERED = "DEMO00001"


def split_order(flow, source_id: int = 1, new_id: int = 100) -> None:
    """A second shop order with the same reference, as PrestaShop makes when a cart ships with two carriers."""
    store = flow.shop.app.store
    order = copy.deepcopy(store.get("orders", source_id))
    order.pop("id", None)
    store.insert("orders", order, id=new_id)
    for detail in [d for d in store.all("order_details") if str(d.get("id_order")) == str(source_id)]:
        twin = copy.deepcopy(detail)
        twin.pop("id", None)
        twin["id_order"] = str(new_id)
        store.insert("order_details", twin)


def test_two_shop_orders_sharing_a_reference_are_both_imported(flow):
    split_order(flow)
    run = flow.run()
    assert run.failed == 0, list(run.entries.values_list("message", flat=True))
    headers = flow.rows("F_PCL", {"REFPCL": REGISTERED})
    assert len(headers) == 2
    keys = set(
        RecordLink.objects.filter(integration=flow.integration, entity="order").values_list("factusol_key", flat=True)
    )
    assert {f"{h['TIPPCL']}-{h['CODPCL']}" for h in headers} <= keys
    again = flow.run(full=True)
    assert again.created == 0 and again.failed == 0
    assert len(flow.rows("F_PCL", {"REFPCL": REGISTERED})) == 2
    assert JournalEntry.objects.filter(integration=flow.integration, entity="orders", status="failed").count() == 0


@pytest.fixture
def no_waits(monkeypatch):
    monkeypatch.setattr("sync.retry.sleep", lambda seconds: None)


def customer_rows(flow, customer_id: int) -> list[dict]:
    email = flow.shop.app.store.get("customers", customer_id)["email"].lower()
    return flow.rows("F_CLI", {"EMACLI": email})


def failing_bind_once(monkeypatch, error: BaseException) -> None:
    """The link write after the F_CLI insert fails once (the FactuSOL write did happen)."""
    real = customers_module.bind
    calls = {"n": 0}

    def bind(integration, entity, *args, **kwargs):
        if entity == "customer" and calls["n"] == 0:
            calls["n"] += 1
            raise error
        return real(integration, entity, *args, **kwargs)

    monkeypatch.setattr(customers_module, "bind", bind)


def test_a_retry_after_the_customer_was_written_but_not_linked_reuses_it(flow, monkeypatch, no_waits):
    flow.integration.customer_match = "none"  # only the record link could tell: no NIF/e-mail matching
    flow.integration.save()
    failing_bind_once(monkeypatch, TransientError("database is locked"))
    run = flow.run("customers", keys=["2"])
    assert run.failed == 0, list(run.entries.values_list("message", flat=True))
    rows = customer_rows(flow, 2)
    assert len(rows) == 1, rows
    link = RecordLink.objects.get(integration=flow.integration, entity="customer", shop_id="2")
    assert link.factusol_key == str(rows[0]["CODCLI"])
    assert "earlier attempt" in JournalEntry.objects.get(run=run, key="2").message


def test_a_run_that_died_between_the_customer_insert_and_its_link_does_not_create_it_again(flow, monkeypatch):
    flow.integration.customer_match = "none"
    flow.integration.save()
    failing_bind_once(monkeypatch, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        flow.run("customers", keys=["2"])
    assert len(customer_rows(flow, 2)) == 1
    assert not RecordLink.objects.filter(integration=flow.integration, entity="customer", shop_id="2").exists()
    again = flow.run("customers", full=True)
    assert again.failed == 0, list(again.entries.values_list("message", flat=True))
    assert len(customer_rows(flow, 2)) == 1
    assert RecordLink.objects.filter(integration=flow.integration, entity="customer", shop_id="2").exists()


def test_the_orders_point_claims_and_journals_a_customer_it_creates(flow, no_waits):
    guest_id = flow.shop.app.store.get("orders", 3)["id_customer"]
    other_run = SyncRun.objects.create(
        integration=flow.integration, entity="customers", direction="to_factusol", trigger="push"
    )
    held = JournalEntry.objects.create(
        integration=flow.integration,
        run=other_run,
        entity="customers",
        direction="to_factusol",
        key=str(guest_id),
        status="running",
        started_at=timezone.now(),
        attempts=1,
    )
    before = len(flow.rows("F_CLI"))
    run = flow.run()
    failed = JournalEntry.objects.get(run=run, shop_id="3")
    assert failed.status == "failed" and failed.retryable, failed.message
    assert "another worker" in failed.message
    assert flow.rows("F_PCL", {"REFPCL": "DEMO00003"}) == []
    assert len(flow.rows("F_CLI")) == before  # the held customer was not created behind the other worker's back

    JournalEntry.objects.filter(pk=held.pk).update(status="failed")  # the other worker let go
    again = flow.run()
    assert again.failed == 0, list(again.entries.values_list("message", flat=True))
    assert len(flow.rows("F_PCL", {"REFPCL": "DEMO00003"})) == 1
    assert len(customer_rows(flow, int(guest_id))) == 1
    journaled = JournalEntry.objects.filter(
        integration=flow.integration, entity="customers", key=str(guest_id), status="ok", action="created"
    )
    assert journaled.count() == 1
