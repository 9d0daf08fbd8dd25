"""What only the DELSOL API transport does: tokens, respuesta values, retries (sandbox on loopback)."""

from __future__ import annotations

import base64
import json
import time
from unittest import mock

import pytest
import requests

from connectors.factusol import rest_client
from connectors.factusol.rest import token_expiry
from hub.errors import ConfigurationError, TransientError

pytestmark = pytest.mark.django_db


def _jwt(exp: float) -> str:
    payload = base64.urlsafe_b64encode(json.dumps({"exp": exp}).encode()).rstrip(b"=").decode()
    return f"e30.{payload}.sig"


def test_token_expiry_comes_from_the_jwt_with_a_safety_margin():
    now = 1_000_000.0
    assert token_expiry(_jwt(now + 180), now) == now + 150
    assert token_expiry(_jwt(now + 10), now) == now + 8
    assert token_expiry("not-a-jwt", now) == now + 150


def test_the_token_is_reused_between_calls(make_connector, api):
    connector = make_connector("api")
    connector.read("F_CLI", {"CODCLI": 1})
    connector.read("F_ART", {"CODART": "CAM001"})
    assert api.app.stats["tokens"] == 1


def test_it_renews_the_token_when_the_api_says_unauthorized(make_connector, api):
    connector = make_connector("api")
    connector.read("F_CLI", {"CODCLI": 1})
    api.app.expire_tokens()
    assert connector.read("F_CLI", {"CODCLI": 1}, columns=["CODCLI"]) == [{"CODCLI": 1}]
    assert (api.app.stats["unauthorized"], api.app.stats["tokens"]) == (1, 2)


def test_it_renews_the_token_on_http_401_too(make_connector, api):
    api.app.unauthorized_status = 401
    connector = make_connector("api")
    connector.read("F_CLI", {"CODCLI": 1})
    api.app.expire_tokens()
    assert connector.read("F_CLI", {"CODCLI": 2}, columns=["CODCLI"]) == [{"CODCLI": 2}]
    assert api.app.stats["tokens"] == 2


def test_it_renews_a_token_before_its_exp(make_connector, api):
    api.app.token_ttl = 1.0
    connector = make_connector("api")
    connector.read("F_CLI", {"CODCLI": 1})
    time.sleep(1.1)
    connector.read("F_CLI", {"CODCLI": 1})
    assert api.app.stats["tokens"] == 2
    assert api.app.stats["unauthorized"] == 0


def test_ko_is_retried_then_succeeds(make_connector, api):
    api.app.ko_next = 2
    connector = make_connector("api")
    assert connector.read("F_CLI", {"CODCLI": 1}, columns=["CODCLI"]) == [{"CODCLI": 1}]
    assert api.app.stats["ko"] == 2


def test_a_locked_database_that_stays_locked_is_transient(make_connector, api):
    api.app.locked = True
    with pytest.raises(TransientError) as caught:
        make_connector("api").read("F_CLI")
    assert caught.value.code == "KO"
    assert api.app.stats["ko"] == 4  # first try + three retries


def test_bad_credentials_are_a_configuration_error_without_the_password(make_connector, api):
    connector = make_connector("api", api_password="wrong-secret")
    with pytest.raises(ConfigurationError) as caught:
        connector.read("F_CLI")
    assert "wrong-secret" not in str(caught.value)
    assert api.app.stats["rejected_logins"] == 1


@pytest.mark.parametrize("status", [429, 500, 503])
def test_throttling_and_server_errors_are_transient(make_connector, api, status):
    connector = make_connector("api")
    response = requests.Response()
    response.status_code = status
    with mock.patch.object(rest_client, "request", autospec=True, return_value=response):
        with pytest.raises(TransientError):
            connector.read("F_CLI")


def test_an_unreachable_api_is_transient(make_connector, api):
    connector = make_connector("api")
    with mock.patch.object(rest_client, "request", autospec=True, side_effect=requests.ConnectionError("refused")):
        with pytest.raises(TransientError):
            connector.read("F_CLI")


def test_cargatabla_is_used_for_whole_rows_and_lanzarconsulta_for_projections(make_connector, api):
    connector = make_connector("api")
    connector.read("F_CLI", {"CODCLI": 1})
    connector.read("F_CLI")
    assert api.app.stats["CargaTabla"] == 2
    connector.read("F_CLI", {"CODCLI": 1}, columns=["NOFCLI"])
    assert api.app.stats["LanzarConsulta"] == 1


def test_requests_carry_the_ejercicio_and_base64_password(make_connector, api):
    connector = make_connector("api")
    sent = []
    real = rest_client.request

    def spy(method, url, **kwargs):
        sent.append((url.rsplit("/", 1)[-1], kwargs.get("json")))
        return real(method, url, **kwargs)

    with mock.patch.object(rest_client, "request", autospec=True, side_effect=spy):
        connector.read("F_CLI", {"NOFCLI": "O'Brien"}, year=2025)
    assert sent[0] == (
        "Autenticar",
        {"codigoFabricante": "9999", "codigoCliente": "1234", "baseDatosCliente": "FS001", "password": "c2FuZGJveA=="},
    )
    assert sent[1] == ("CargaTabla", {"ejercicio": "2025", "tabla": "F_CLI", "filtro": "[F_CLI].[NOFCLI] = 'O''Brien'"})


def test_a_late_unauthorized_does_not_discard_a_token_renewed_meanwhile(make_connector, api):
    connector = make_connector("api")
    stale = connector._valid_token()
    api.app.expire_tokens()
    connector._invalidate(stale)
    fresh = connector._valid_token()
    connector._invalidate(stale)  # another thread's answer to the old token arrives now
    assert connector._token == fresh
    assert connector.read("F_CLI", {"CODCLI": 1}, columns=["CODCLI"]) == [{"CODCLI": 1}]
    assert api.app.stats["tokens"] == 2


def test_threads_sharing_a_connector_renew_the_token_once_after_it_expires(make_connector, api):
    import threading

    connector = make_connector("api")
    connector.read("F_CLI", {"CODCLI": 1}, columns=["CODCLI"])
    api.app.expire_tokens()
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def work():
        barrier.wait()
        try:
            for _ in range(3):
                assert connector.read("F_CLI", {"CODCLI": 1}, columns=["CODCLI"]) == [{"CODCLI": 1}]
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert api.app.stats["tokens"] == 2


def test_a_write_retried_after_ko_that_finds_its_key_taken_is_not_renumbered(make_connector, api):
    # If the KO came after the row was saved, "already exists" is our own row: taking the next
    # number would write the customer twice, so the connector stops with a transient error.
    connector = make_connector("api")
    connector.read("F_CLI", {"CODCLI": 1}, columns=["CODCLI"])
    answers = [
        (200, {"respuesta": "OK", "resultado": [[{"columna": "N", "dato": 1000}]]}),
        (200, {"respuesta": "KO", "resultado": None}),
        (200, {"respuesta": "BDExisteRegistro", "resultado": None}),
    ]
    with mock.patch.object(connector, "_send", side_effect=answers) as send:
        with pytest.raises(TransientError) as caught:
            connector.insert_with_code("F_CLI", {"NOFCLI": "Web"}, "CODCLI", 1000, 1999)
    assert caught.value.code == "KO_then_exists"
    assert send.call_count == 3
