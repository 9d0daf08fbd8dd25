"""Error typing and the retry policy, over real HTTP (fault injection) and through the client seam."""

from __future__ import annotations

from unittest import mock

import pytest
import requests

from connectors.prestashop.client import WireClient
from hub.errors import ConfigurationError, PermanentError, RecordNotFound, TransientError


def test_a_wrong_key_is_a_configuration_error_without_the_key_in_it(db, world_a, sandbox):
    from connectors.prestashop.sandbox.testing import make_shop

    shop = make_shop(world_a.agency, sandbox, webservice_key="WRONGKEYWRONGKEYWRONGKEYWRONGKEY")
    with shop.connector() as ws, pytest.raises(ConfigurationError) as info:
        ws.get("customers", 1)
    assert info.value.code == 20
    assert "WRONGKEY" not in repr(info.value.request) + repr(info.value.response) + str(info.value)


def test_a_missing_record_is_record_not_found(ws):
    with pytest.raises(RecordNotFound):
        ws.get("customers", 999999)
    with pytest.raises(RecordNotFound) as info:
        ws.delete("customers", 999999)
    assert info.value.code == 87


def test_a_bad_filter_is_permanent_with_code_32_and_not_retried(ws, sandbox):
    with pytest.raises(PermanentError) as info:
        ws.list("customers", filters={"nosuchfield": "1"})
    assert info.value.code == 32
    assert sandbox.app.faults.stats[("GET", "customers")] == 1


def test_a_date_filter_without_date_1_is_refused(ws):
    with pytest.raises(PermanentError) as info:
        ws.list("orders", filters={"date_upd": "[2000-01-01,2100-01-01]"})
    assert info.value.code == 32


def test_a_missing_required_field_is_permanent_with_code_41_and_not_retried(ws, sandbox):
    with pytest.raises(PermanentError) as info:
        ws.create("customers", {"firstname": "X", "email": "x@example.es", "passwd": "Secret12345!"})
    assert info.value.code == 41 and "lastname" in info.value.message
    assert sandbox.app.faults.stats[("POST", "customers")] == 1


def test_it_retries_503_then_succeeds(ws, sandbox):
    sandbox.app.faults.configure(fail_nth={1: 503, 2: 503})
    assert ws.get("customers", 2)["id"] == "2"
    assert sandbox.app.faults.stats[("GET", "customers")] == 3


def test_it_gives_up_after_three_attempts_with_a_transient_error(ws, sandbox):
    sandbox.app.faults.configure(error_rates={502: 1.0})
    with pytest.raises(TransientError):
        ws.get("customers", 2)
    assert sandbox.app.faults.stats[("GET", "customers")] == 3


def test_a_truncated_body_is_permanent_and_kept_for_the_journal(ws, sandbox):
    sandbox.app.faults.configure(truncate_rate=1.0)
    with pytest.raises(PermanentError) as info:
        ws.get("orders", 1)
    assert info.value.response["body"].startswith('<?xml version="1.0"')


def test_a_timeout_is_transient(db, world_a, sandbox):
    from connectors.prestashop.sandbox.testing import make_shop

    shop = make_shop(world_a.agency, sandbox, timeout=1)
    sandbox.app.faults.configure(latency=1.5)
    with shop.connector(sleep=lambda s: None, attempts=2) as ws, pytest.raises(TransientError) as info:
        ws.get("customers", 1)
    assert isinstance(info.value.__cause__, requests.Timeout)


def test_an_unknown_shop_id_answering_html_is_a_configuration_error(db, world_a, sandbox):
    from connectors.prestashop.sandbox.testing import make_shop

    shop = make_shop(world_a.agency, sandbox, id_shop=99)
    with shop.connector() as ws, pytest.raises(ConfigurationError):
        ws.get("products", 1)
    assert not shop.connector().test_connection().ok


def _response(status: int, body: bytes = b"", content_type: str = "text/xml;charset=utf-8") -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = content_type
    return response


def test_it_never_retries_a_400():
    client = WireClient("http://shop.invalid/api", "K" * 32, sleep=lambda s: None)
    with mock.patch.object(WireClient, "send", autospec=True, return_value=_response(400)) as send:
        assert client.request("GET", "customers").status_code == 400
    assert send.call_count == 1


def test_it_retries_connection_resets_for_get_but_not_a_post_that_may_have_run():
    client = WireClient("http://shop.invalid/api", "K" * 32, sleep=lambda s: None)
    reset = requests.ConnectionError("Connection reset by peer")
    with mock.patch.object(WireClient, "send", autospec=True, side_effect=[reset, _response(200, b"<prestashop/>")]):
        assert client.request("GET", "orders").status_code == 200
    with mock.patch.object(WireClient, "send", autospec=True, side_effect=reset) as send:
        with pytest.raises(TransientError):
            client.request("POST", "order_histories", data=b"<prestashop/>")
    assert send.call_count == 1


def test_backoff_grows_exponentially_with_jitter_under_a_cap():
    client = WireClient("http://shop.invalid/api", "K", backoff_base=1, backoff_max=3)
    assert all(0 <= client.backoff(1) <= 1 for _ in range(50))
    assert all(0 <= client.backoff(5) <= 3 for _ in range(50))


def test_webservice_off_is_a_configuration_error(ws):
    body = (b'<?xml version="1.0"?><prestashop><errors><error><code><![CDATA[22]]></code>'
            b"<message><![CDATA[The PrestaShop webservice is disabled.]]></message></error></errors></prestashop>")
    with mock.patch.object(WireClient, "send", autospec=True, return_value=_response(503, body)) as send:
        with pytest.raises(ConfigurationError):
            ws.get("customers", 1)
    assert send.call_count == 1


def test_forbidden_is_a_configuration_error(ws):
    with mock.patch.object(WireClient, "send", autospec=True, return_value=_response(403)):
        with pytest.raises(ConfigurationError):
            ws.get("customers", 1)
