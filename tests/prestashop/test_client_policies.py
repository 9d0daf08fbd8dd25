"""Client policies a sandbox round trip shows: POST retries, paging guards, filters the shop reads literally."""

from __future__ import annotations

from unittest import mock

import pytest
import requests

from connectors.prestashop import filters as F
from connectors.prestashop.client import WireClient
from hub.errors import TransientError


def _response(status: int, body: bytes = b"") -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = "text/html"
    return response


@pytest.mark.parametrize("status", [502, 504])
def test_a_post_is_not_repeated_after_a_gateway_error_that_may_follow_a_save(status):
    client = WireClient("http://shop.invalid/api", "K" * 32, sleep=lambda s: None)
    with mock.patch.object(WireClient, "send", autospec=True, return_value=_response(status)) as send:
        assert client.request("POST", "order_histories", data=b"<prestashop/>").status_code == status
    assert send.call_count == 1


def test_a_post_refused_with_a_bare_503_is_retried():
    client = WireClient("http://shop.invalid/api", "K" * 32, sleep=lambda s: None)
    answers = [_response(503), _response(201, b"<prestashop/>")]
    with mock.patch.object(WireClient, "send", autospec=True, side_effect=answers) as send:
        assert client.request("POST", "order_histories", data=b"<prestashop/>").status_code == 201
    assert send.call_count == 2


def test_a_post_gateway_timeout_over_http_is_transient_and_sent_once(ws, sandbox):
    sandbox.app.faults.configure(fail_nth={1: 504})
    with pytest.raises(TransientError):
        ws.create("order_histories", {"id_order": "1", "id_order_state": "2"})
    assert sandbox.app.faults.stats[("POST", "order_histories")] == 1


def test_iter_refuses_an_empty_page_size_instead_of_looping(ws):
    with pytest.raises(ValueError):
        next(ws.iter("customers", page_size=0))


def test_a_comma_in_a_text_filter_is_an_equality_on_the_sandbox_as_on_the_shop(ws, sandbox):
    sandbox.app.store.get("customers", 1)["company"] = "García, Hermanos"
    assert [c["id"] for c in ws.list("customers", filters={"company": F.eq("García, Hermanos")})] == ["1"]
    assert [c["id"] for c in ws.list("customers", filters={"id": "[1,2]"})] == ["1", "2"]


def test_configurations_keep_only_the_asked_prefix(ws, sandbox):
    # "_" is a LIKE wildcard on the shop: PS_OS_ matches PSXOSX... too; the client drops those.
    sandbox.app.store.insert("configurations", {"name": "PSXOSXFOO", "value": "1"})
    rows = ws.list("configurations", filters={"name": F.begins("PS_OS_")})
    with mock.patch.object(type(ws), "list", autospec=True, return_value=[*rows, {"name": "PSXOSXFOO", "value": "1"}]):
        assert "PSXOSXFOO" not in ws.configurations("PS_OS_")
    assert ws.configurations("PS_OS_")["PS_OS_PAYMENT"] == "2"
