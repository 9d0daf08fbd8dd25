"""The control panel against the sandboxes: "test connection" reports each system, "sync now" imports."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from hub.models import Membership


@pytest.fixture
def owner(flow, django_user_model):
    user = django_user_model.objects.create_user(username="duena", password="pw", is_staff=True)
    Membership.objects.create(agency=flow.integration.agency, user=user, role="owner")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def action(client, model: str, name: str, pk: int, **extra):
    url = reverse(f"admin:hub_{model}_changelist")
    response = client.post(url, {"action": name, "_selected_action": [pk], **extra}, follow=True)
    return [str(m) for m in get_messages(response.wsgi_request)], response


def test_test_connection_reports_the_shop_and_its_version(flow, owner):
    messages, _ = action(owner, "shop", "test_connection", flow.integration.shop.pk)
    assert any("connection OK" in m and "8.1.2" in m for m in messages), messages


def test_test_connection_reports_the_factusol_company(flow, owner):
    messages, _ = action(owner, "factusolconnection", "test_connection", flow.integration.factusol.pk)
    assert any("connection OK" in m for m in messages), messages


def test_a_wrong_webservice_key_is_reported_as_a_failed_connection(flow, owner):
    shop = flow.integration.shop
    shop.webservice_key = "WRONGKEYWRONGKEYWRONGKEYWRONGKEY"
    shop.save()
    messages, _ = action(owner, "shop", "test_connection", shop.pk)
    assert messages and not any("connection OK" in m for m in messages), messages


def test_sync_now_imports_the_orders(flow, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _, page = action(owner, "integration", "sync_now", flow.integration.pk)
        assert page.status_code == 200
        messages, _ = action(owner, "integration", "sync_now", flow.integration.pk, entity="orders", post="yes")
    assert messages, "no feedback after sync now"
    refs = sorted(r["REFPCL"] for r in flow.rows("F_PCL", {"REFPCL": ("LIKE", "DEMO%")}))
    assert refs == ["DEMO00001", "DEMO00003"]
