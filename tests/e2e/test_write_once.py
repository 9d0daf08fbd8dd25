"""Nothing written twice, nothing lost: crashes between a FactuSOL write and its link, shared references."""

from __future__ import annotations

import copy

from sync.models import JournalEntry, RecordLink

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
