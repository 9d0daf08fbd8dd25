"""Change detection: runs read only what changed since the cursor; multistore shops see their own orders."""

from __future__ import annotations

from hub.models import SyncPoint, ValueMapping
from sync.models import JournalEntry, RecordLink


def test_a_second_run_reads_only_customers_changed_since_the_cursor(flow):
    first = flow.run("customers")
    assert first.created + first.updated == 4
    assert SyncPoint.objects.get(integration=flow.integration, entity="customers").cursor
    flow.shop.app.store.get("customers", 2).update(email="nuevo@puigserra.example.es", date_upd="2026-06-01 10:00:00")
    flow.shop.app.faults.reset()
    second = flow.run("customers")
    assert (second.created, second.updated, second.failed) == (0, 1, 0)
    keys = set(JournalEntry.objects.filter(run=second).values_list("key", flat=True))
    assert "2" in keys and "1" not in keys  # only the changed one (and the overlap window's neighbour)
    listed = [r for r in flow.shop.app.faults.stats if r[1] == "customers"]
    assert listed, "the customers list was not read"


def test_a_changed_address_resyncs_its_customer(flow):
    flow.run("customers")
    flow.shop.app.store.get("addresses", 5).update(city="Alicante", date_upd="2026-06-02 09:00:00")
    run = flow.run("customers")
    assert run.updated == 1 and run.failed == 0
    number = int(
        RecordLink.objects.get(integration=flow.integration, entity="address", shop_id="5").factusol_key.split("-")[1]
    )
    assert flow.rows("F_OBR", {"CLIOBR": 1, "CODOBR": number})[0]["POBOBR"] == "Alicante"


def test_a_multistore_shop_imports_only_its_own_orders(flow):
    shop = flow.integration.shop
    shop.id_shop = 2
    shop.save()
    flow.integration.import_order_states = ["PS_OS_DELIVERED", "PS_OS_PAYMENT", "PS_OS_BANKWIRE"]
    flow.integration.save()
    flow.run()
    refs = sorted(r["REFPCL"] for r in flow.rows("F_PCL", {"REFPCL": ("LIKE", "DEMO%")}))
    assert refs == ["DEMO00005"]  # the only order of shop 2


def test_new_customers_get_the_default_payment_method(flow):
    ValueMapping.objects.create(
        integration=flow.integration, kind="payment", shop_value="default", factusol_value="TRA"
    )
    flow.run("customers")
    code = int(RecordLink.objects.get(integration=flow.integration, entity="customer", shop_id="2").factusol_key)
    assert flow.rows("F_CLI", {"CODCLI": code})[0]["FPACLI"] == "TRA"
    matched = flow.rows("F_CLI", {"CODCLI": 1})[0]  # an existing FactuSOL customer keeps its own
    assert matched["FPACLI"] == "TAR"
