"""Connection secrets are encrypted at rest and never shown back in the admin."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from hub.crypto import decrypt, encrypt
from hub.errors import ConfigurationError
from hub.models import FactusolConnection, Shop


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_webservice_key_round_trips_and_is_not_stored_in_plaintext(world_a):
    shop = Shop.objects.get(pk=world_a.shop.pk)
    assert shop.webservice_key == "KEY-AGENCIA-A"
    stored = raw_column("hub_shop", "webservice_key", shop.pk)
    assert "KEY-AGENCIA-A" not in stored
    assert stored.startswith("fernet:")


@pytest.mark.django_db
def test_delsol_password_is_encrypted_at_rest(world_a):
    conn = FactusolConnection.objects.create(
        agency=world_a.agency, name="API", transport="api", api_password="s3cr3t-pw", api_database="FS011"
    )
    stored = raw_column("hub_factusolconnection", "api_password", conn.pk)
    assert "s3cr3t-pw" not in stored
    assert FactusolConnection.objects.get(pk=conn.pk).api_password == "s3cr3t-pw"


def test_a_token_from_another_key_is_a_configuration_error(settings):
    token = encrypt("hello")
    settings.HUB = {**settings.HUB, "ENCRYPTION_KEYS": ["Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyMTI="]}
    with pytest.raises(ConfigurationError):
        decrypt(token)


def test_rotated_keys_still_decrypt_old_tokens(settings):
    old = settings.HUB["ENCRYPTION_KEYS"][0]
    token = encrypt("hello")
    settings.HUB = {**settings.HUB, "ENCRYPTION_KEYS": ["Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyMTI=", old]}
    assert decrypt(token) == "hello"


@pytest.mark.django_db
def test_admin_never_renders_the_stored_key_and_empty_input_keeps_it(world_a):
    client = Client()
    client.force_login(world_a.owner)
    change = reverse("admin:hub_shop_change", args=[world_a.shop.pk])
    page = client.get(change).content.decode()
    assert "KEY-AGENCIA-A" not in page
    data = {
        "agency": world_a.agency.pk,
        "name": "Tienda renombrada",
        "enabled": "on",
        "base_url": "http://127.0.0.1:9/",
        "webservice_key": "",
        "language_id": 1,
        "timeout": 30,
        "max_parallel_requests": 4,
    }
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    shop = Shop.objects.get(pk=world_a.shop.pk)
    assert shop.name == "Tienda renombrada"
    assert shop.webservice_key == "KEY-AGENCIA-A"
    client.post(change, {**data, "webservice_key": "NEW-KEY"})
    assert Shop.objects.get(pk=world_a.shop.pk).webservice_key == "NEW-KEY"
