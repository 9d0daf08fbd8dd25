"""Writes against the sandbox: full-replacement PUT, PATCH, read-only fields, side effects."""

from __future__ import annotations

import pytest

from connectors.prestashop.xml import to_xml
from hub.errors import PermanentError


def test_modify_keeps_every_field_it_did_not_change(ws):
    before = ws.get("products", 1)
    after = ws.modify("products", 1, {"ean13": "8412345678998", "name": {"2": "Plain t-shirt"}})
    assert after["ean13"] == "8412345678998"
    assert after["name"] == {"1": "Camiseta de algodón", "2": "Plain t-shirt"}
    unchanged = {k: v for k, v in before.items() if k not in ("ean13", "name", "date_upd")}
    assert {k: after[k] for k in unchanged} == unchanged


def test_put_of_a_partial_record_blanks_the_omitted_fields(ws):
    record = ws.get("customers", 1)
    del record["company"], record["note"]
    record["company"] = "X"
    ws.replace("customers", {k: v for k, v in record.items() if k != "note"})
    stored = ws.get("customers", 1)
    assert stored["company"] == "X" and stored["note"] == ""
    partial = {k: v for k, v in ws.get("addresses", 2).items() if k != "dni"}
    assert ws.replace("addresses", partial)["dni"] == ""


def test_patch_changes_only_the_given_fields(ws):
    before = ws.get("addresses", 4)
    after = ws.patch("addresses", 4, {"phone": "213000000"})
    assert after["phone"] == "213000000"
    assert after["vat_number"] == before["vat_number"] == "PT123456789"
    assert ws.stats[("PATCH", "addresses")] == 1


def test_read_only_fields_are_stripped_before_writing(ws):
    ws.patch("products", 2, {"quantity": "99", "reference": "LIB001B"})
    assert ws.get("products", 2)["reference"] == "LIB001B"


def test_sandbox_rejects_read_only_field_with_code_93(ws):
    body = to_xml("product", {"id": "2", "quantity": "5"})
    with pytest.raises(PermanentError) as info:
        ws.call("PATCH", "products/2", data=body)
    assert info.value.code == 93 and "not writable" in info.value.message


def test_order_history_post_moves_the_order_to_the_new_state(ws):
    before = ws.get("orders", 3)
    history = ws.create("order_histories", {"id_order": "3", "id_order_state": str(ws.order_state_id("PS_OS_PAYMENT"))},
                        params={"sendemail": 1})
    order = ws.get("orders", 3)
    assert order["current_state"] == "2" and order["date_upd"] > before["date_upd"]
    assert order["invoice_number"] not in ("", "0")
    assert ws.get("order_histories", history["id"])["id_order"] == "3"


def test_tracking_number_on_order_carrier_shows_as_shipping_number_without_touching_date_upd(ws):
    before = ws.get("orders", 1)
    ws.patch("order_carriers", 1, {"tracking_number": "CEX999"})
    after = ws.get("orders", 1)
    assert after["shipping_number"] == "CEX999" and after["date_upd"] == before["date_upd"]


def test_product_stock_row_is_the_sum_of_its_combination_rows(ws):
    ws.patch("stock_availables", 11, {"quantity": "35"})
    rows = ws.list("stock_availables", filters={"id_product": "[1]"}, sort="[id_ASC]")
    assert {r["id_product_attribute"]: r["quantity"] for r in rows} == {"0": "55", "1": "35", "2": "20"}


def test_create_and_delete_a_guest_customer(ws):
    guest = ws.create("customers", {"lastname": "Invitado", "firstname": "Pepe", "email": "pepe@example.es",
                                    "passwd": "Secret12345!", "is_guest": "1", "id_default_group": "2"})
    assert guest["is_guest"] == "1" and guest["secure_key"]
    assert guest["associations"]["groups"] == [{"id": "2"}]
    ws.delete("customers", guest["id"])
    assert ws.list("customers", filters={"id": f"[{guest['id']}]"}) == []


def test_modify_falls_back_when_the_shop_has_no_patch(ws, sandbox):
    ws._version = "1.7.8.10"
    ws.patch("addresses", 1, {"other": "Portal 2"})
    assert ws.stats[("PUT", "addresses")] == 1 and ws.stats[("PATCH", "addresses")] == 0
