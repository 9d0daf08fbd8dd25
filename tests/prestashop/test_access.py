"""Per-key permissions, shop rights and the webservice switch: the sandbox answers, the client types them."""

from __future__ import annotations

import pytest
import requests
from defusedxml import ElementTree

from connectors.prestashop.resources import HUB_RESOURCES
from connectors.prestashop.sandbox.testing import make_shop
from connectors.prestashop.xml import parse_errors
from hub.errors import ConfigurationError, PermanentError

LIMITED = "LIMITEDKEYLIMITEDKEYLIMITEDKEY01"
READ_ONLY = {name: ["GET", "HEAD"] for name in HUB_RESOURCES if name != "orders"}


@pytest.fixture
def limited_ws(db, world_a, sandbox):
    sandbox.app.access.set_key(LIMITED, READ_ONLY)
    shop = make_shop(world_a.agency, sandbox, webservice_key=LIMITED)
    with shop.connector(sleep=lambda s: None) as ws:
        yield ws


def _get(sandbox, path, key=None, **params):
    return requests.get(f"{sandbox.api_url}/{path}", params=params, auth=(key or sandbox.key, ""), timeout=5)


# -- the sandbox, over HTTP, against reference §1.2 / §1.6 and PrestaShop's messages ------------------
def test_a_resource_the_key_lacks_is_401_code_26(sandbox):
    sandbox.app.access.set_key(LIMITED, READ_ONLY)
    answer = _get(sandbox, "orders", LIMITED)
    assert answer.status_code == 401
    assert parse_errors(answer.content) == [
        (26, 'Resource of type "orders" is not allowed with this authentication key')
    ]
    assert answer.headers["PSWS-Version"] == "8.1.2"
    as_json = _get(sandbox, "orders", LIMITED, output_format="JSON")
    assert as_json.json() == {
        "errors": [{"code": 26, "message": 'Resource of type "orders" is not allowed with this authentication key'}]
    }


def test_a_method_the_key_lacks_is_405_code_25_without_content_sha1(sandbox):
    sandbox.app.access.set_key(LIMITED, READ_ONLY)
    answer = requests.put(f"{sandbox.api_url}/stock_availables/1", data=b"<prestashop/>", auth=(LIMITED, ""), timeout=5)
    assert answer.status_code == 405
    assert parse_errors(answer.content) == [
        (25, "Method PUT is not allowed for the resource stock_availables with this authentication key")
    ]
    assert "Content-Sha1" not in answer.headers
    assert _get(sandbox, "stock_availables/1", LIMITED).status_code == 200


def test_a_method_the_resource_forbids_is_code_101_whatever_the_key(sandbox):
    answer = requests.post(
        f"{sandbox.api_url}/stock_availables", data=b"<prestashop/>", auth=(sandbox.key, ""), timeout=5
    )
    assert answer.status_code == 405
    assert parse_errors(answer.content) == [(101, "Method POST is not allowed for the resource stock_availables")]


def test_the_api_root_lists_only_granted_resources_with_the_keys_methods(sandbox):
    sandbox.app.access.set_key(LIMITED, {"customers": ["GET"], "stock_availables": ["GET", "PUT", "PATCH"]})
    root = ElementTree.fromstring(_get(sandbox, "", LIMITED).content).find("api")
    assert [el.tag for el in root] == ["customers", "stock_availables"]
    stock = root.find("stock_availables")
    assert {m: stock.get(m) for m in ("get", "put", "post", "patch", "delete", "head")} == {
        "get": "true",
        "put": "true",
        "post": "false",
        "patch": "true",
        "delete": "false",
        "head": "false",
    }
    assert stock.find("description").get("put") == "true"


def test_a_key_without_any_permission_is_401_code_21_only(sandbox):
    sandbox.app.access.set_key(LIMITED, {})
    answer = _get(sandbox, "customers", LIMITED)
    assert answer.status_code == 401
    assert [code for code, _ in parse_errors(answer.content)] == [21]
    sandbox.app.access.set_key(LIMITED, active=False)
    assert [code for code, _ in parse_errors(_get(sandbox, "customers", LIMITED).content)] == [20, 21]


def test_a_key_not_associated_with_the_shop_is_403_code_132(sandbox):
    sandbox.app.access.set_key(LIMITED, shops=[1])
    assert _get(sandbox, "customers", LIMITED, id_shop=1).status_code == 200
    assert _get(sandbox, "customers", LIMITED).status_code == 200  # the context shop is shop 1
    answer = _get(sandbox, "customers", LIMITED, id_shop=2)
    assert answer.status_code == 403
    assert parse_errors(answer.content) == [(132, "No permission for this key on this shop")]
    assert _get(sandbox, "customers", LIMITED, id_shop_group=1).status_code == 200  # any shop of the group


def test_a_disabled_webservice_is_503_code_22_for_every_key(sandbox):
    sandbox.app.access.enabled = False
    answer = _get(sandbox, "customers")
    assert answer.status_code == 503
    assert parse_errors(answer.content) == [
        (22, "The PrestaShop webservice is disabled. Please activate it in the PrestaShop Back Office")
    ]
    assert answer.headers["PSWS-Version"] == "0" and "WWW-Authenticate" not in answer.headers
    assert _get(sandbox, "customers", "WRONGKEY" * 4).status_code == 503
    assert requests.get(f"{sandbox.api_url}/customers", timeout=5).status_code == 401  # no key: the dispatcher
    assert _get(sandbox, "customers", output_format="JSON").json()["errors"][0]["code"] == 22


# -- the client: typed errors and "test connection" ----------------------------------------------------
def test_a_missing_resource_permission_is_a_configuration_error_not_retried(limited_ws, sandbox):
    with pytest.raises(ConfigurationError) as info:
        limited_ws.list("orders")
    assert info.value.code == 26 and "permission" in str(info.value)
    assert sandbox.app.faults.stats[("GET", "orders")] == 1


def test_a_missing_method_permission_is_a_configuration_error(limited_ws, sandbox):
    record = limited_ws.get("stock_availables", 1)
    with pytest.raises(ConfigurationError) as info:
        limited_ws.replace("stock_availables", record)
    assert info.value.code == 25
    with pytest.raises(ConfigurationError):
        limited_ws.patch("stock_availables", 1, {"quantity": "3"})
    assert sandbox.app.faults.stats[("PUT", "stock_availables")] == 1


def test_a_forbidden_method_stays_a_permanent_error(ws):
    with pytest.raises(PermanentError) as info:
        ws.create("stock_availables", {"id_product": "1", "quantity": "1"})
    assert info.value.code == 101 and not isinstance(info.value, ConfigurationError)


def test_connection_report_names_each_missing_permission(limited_ws):
    report = limited_ws.test_connection()
    assert not report.ok
    checks = {c.name: c for c in report.checks}
    assert checks["Webservice key"].ok
    assert not checks["Read permissions"].ok and checks["Read permissions"].detail == "Missing GET on: orders"
    write = checks["Write permissions"]
    assert not write.ok
    assert write.detail == (
        "Missing: PUT stock_availables, PATCH stock_availables, POST order_histories, "
        "PUT order_carriers, PATCH order_carriers"
    )


def test_connection_report_asks_for_patch_on_prestashop_8(db, world_a, sandbox):
    grants = {name: ["GET", "HEAD"] for name in HUB_RESOURCES}
    grants.update(stock_availables=["GET", "PUT"], order_histories=["GET", "POST"], order_carriers=["GET", "PUT"])
    sandbox.app.access.set_key(LIMITED, grants)
    with make_shop(world_a.agency, sandbox, webservice_key=LIMITED).connector() as ws:
        report = ws.test_connection()
    assert [c.detail for c in report.checks if not c.ok] == ["Missing: PATCH stock_availables, PATCH order_carriers"]


def test_connection_report_says_the_webservice_is_off(ws, sandbox):
    sandbox.app.access.enabled = False
    report = ws.test_connection()
    assert not report.ok
    assert [c.name for c in report.checks] == ["Webservice key"]
    assert "switched off" in report.checks[0].detail
    assert sandbox.app.faults.stats[("GET", "api")] == 1
    with pytest.raises(ConfigurationError) as info:
        ws.get("customers", 1)
    assert info.value.code == 22
    assert sandbox.app.faults.stats[("GET", "customers")] == 1


def test_connection_report_fails_for_a_shop_the_key_is_not_associated_with(db, world_a, sandbox):
    sandbox.app.access.set_key(LIMITED, shops=[1])
    with make_shop(world_a.agency, sandbox, webservice_key=LIMITED, id_shop=2).connector() as ws:
        report = ws.test_connection()
        with pytest.raises(ConfigurationError) as info:
            ws.list("customers")
    assert not report.ok and "no permission for this shop" in report.checks[0].detail
    assert info.value.code == 132
    with make_shop(world_a.agency, sandbox, webservice_key=LIMITED, id_shop=1, name="Main").connector() as ws:
        assert ws.test_connection().ok
