"""The admin speaks Spanish to Spanish browsers and English to English ones."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["Panel de control", "Integraciones", "Registro de sincronización"]),
        ("en", ["Control panel", "Integrations"]),
    ],
)
def test_the_admin_index_is_translated(world_a, language, expected):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(world_a.owner)
    text = client.get("/admin/").content.decode()
    for phrase in expected:
        assert phrase in text


@pytest.mark.django_db
def test_the_language_switcher_sets_spanish(world_a):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world_a.owner)
    client.post("/i18n/setlang/", {"language": "es", "next": "/admin/"})
    assert "Panel de control" in client.get("/admin/").content.decode()
