"""The connector reading the sandbox over real HTTP on loopback."""

from __future__ import annotations

import requests

from connectors.prestashop import filters as F


def test_it_lists_orders_with_full_records_and_order_rows(ws):
    orders = ws.list("orders", sort="[id_ASC]")
    assert [o["id"] for o in orders] == ["1", "2", "3", "4", "5"]
    rows = orders[0]["associations"]["order_rows"]
    assert rows[0]["product_id"] == "1" and rows[0]["id"] == "1"
    assert isinstance(orders[0]["total_paid_tax_incl"], str)


def test_it_pages_with_offset_and_count_until_a_short_page(ws):
    ids = [c["id"] for c in ws.iter("configurations", display=["id", "name"], page_size=5)]
    assert ids == sorted(ids, key=int) and len(ids) == 18
    assert ws.stats[("GET", "configurations")] == 4


def test_each_filter_form_selects_what_prestashop_selects(ws):
    def ids(**filters):
        return [r["id"] for r in ws.list("orders", filters=filters, display=["id"], sort="[id_ASC]")]

    assert ids(id=F.any_of(1, 3, 5)) == ["1", "3", "5"]
    assert ids(id=F.between(2, 4)) == ["2", "3", "4"]
    assert ids(id=F.gt(3)) == ["4", "5"]
    assert ids(id=F.lt(3)) == ["1", "2"]
    assert ids(current_state=F.not_eq(2)) == ["2", "3", "4", "5"]
    assert ids(id="2") == ["2"]
    assert ids(reference=F.begins("demo0000")) == ["1", "2", "3", "4", "5"]
    assert ids(reference=F.contains("0003")) == ["3"]
    assert ids(id=F.eq(999)) == []


def test_date_filters_need_date_1_and_bare_dates_mean_midnight(ws):
    window = F.between("2026-01-02", "2026-01-04")
    found = ws.list("orders", filters={"date_upd": window}, display=["id", "date_upd"], date=True)
    assert [o["id"] for o in found] == ["2", "3"]
    newest = ws.list("orders", display=["id"], sort="[date_upd_DESC]", date=True, limit=1)
    assert newest == [{"id": "5"}]


def test_multi_language_fields_come_as_a_dict_and_text_picks_the_shop_language(ws):
    product = ws.get("products", 1)
    assert product["name"] == {"1": "Camiseta de algodón", "2": "Cotton t-shirt"}
    assert ws.text(product, "name") == "Camiseta de algodón"


def test_display_on_a_single_record_returns_only_those_fields(ws):
    assert ws.get("products", 2, display=["id", "reference"]) == {"id": "2", "reference": "LIB001"}


def test_json_output_parses_to_the_same_shape(ws):
    rows = ws.list("orders", display=["id", "current_state"], params={"output_format": "JSON"}, limit=2)
    assert rows == [{"id": "1", "current_state": "2"}, {"id": "2", "current_state": "4"}]


def test_it_resolves_order_states_from_ps_os_configuration(ws):
    assert ws.order_state_id("PS_OS_PAYMENT") == 2
    assert ws.order_state_id("PS_OS_BANKWIRE") == 10
    assert ws.configuration("PS_LANG_DEFAULT") == "1"
    assert ws.configurations("PS_OS_")["PS_OS_OUTOFSTOCK_UNPAID"] == "12"


def test_it_sends_the_previous_content_sha1_and_accepts_304(ws, sandbox):
    first = ws.get("customers", 1)
    calls = []
    original = ws.client.send

    def spy(method, path, **kw):
        response = original(method, path, **kw)
        calls.append((kw.get("headers") or {}, response.status_code))
        return response

    ws.client.send = spy
    assert ws.get("customers", 1) == first
    assert "Local-Content-Sha1" in calls[0][0] and calls[0][1] == 304


def test_sandbox_answers_304_for_a_matching_local_content_sha1(sandbox):
    url = sandbox.api_url + "/customers/2"
    first = requests.get(url, auth=(sandbox.key, ""), timeout=5)
    again = requests.get(url, auth=(sandbox.key, ""), headers={"Local-Content-Sha1": first.headers["Content-Sha1"]},
                         timeout=5)
    assert again.status_code == 304 and again.content == b""
    assert first.headers["PSWS-Version"] == "8.1.2"


def test_multistore_params_are_sent_and_orders_are_filtered_by_shop(db, world_a, sandbox):
    from connectors.prestashop.sandbox.testing import make_shop

    shop = make_shop(world_a.agency, sandbox, name="Outlet", id_shop=2, id_shop_group=1)
    with shop.connector() as ws:
        assert [o["id"] for o in ws.list("orders", display=["id"])] == ["5"]
        assert len(ws.list("products", display=["id"])) == 3
    assert sandbox.app.faults.stats[("GET", "orders")] == 1


def test_connection_report_checks_key_permissions_and_version(ws):
    report = ws.test_connection()
    assert report.ok, report.checks
    assert report.version == "8.1.2"
    assert ws.supports_patch
