"""POST /hooks/prestashop/<token>/: signed events queue the matching sync for that record."""

from __future__ import annotations

import json

import pytest

from hub.models import SyncPoint
from sync.models import JournalEntry, SyncRun
from sync.webhooks import sign

pytestmark = pytest.mark.django_db


def post(client, integration, payload, *, secret=None, token=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {}
    if secret is not False:
        headers["HTTP_X_HUB_SIGNATURE_256"] = sign(body, secret or integration.webhook_secret)
    return client.post(
        f"/hooks/prestashop/{token or integration.webhook_token}/", body, content_type="application/json", **headers
    )


def test_a_well_signed_event_queues_a_run_for_that_record(client, world_a, three_customers,
                                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, world_a.integration, {"event": "customer.updated", "id": 2, "sent_at": "x"})
    assert response.status_code == 202
    assert response.json() == {"queued": True, "entity": "customers", "keys": ["2"]}
    assert len(callbacks) == 1
    run = SyncRun.objects.get()
    assert (run.trigger, run.created) == ("push", 1)
    assert three_customers.writes == ["2"]
    assert JournalEntry.objects.get().key == "2"


def test_an_address_event_queues_the_customer_it_belongs_to(client, world_a, three_customers,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, world_a.integration, {"event": "address.created", "id": 40, "customer_id": 3})
    assert response.json()["keys"] == ["3"]
    with django_capture_on_commit_callbacks(execute=False):
        response = post(client, world_a.integration, {"event": "address.updated", "id": 41})
    assert response.json()["keys"] == ["address:41"]


@pytest.mark.parametrize("secret", [False, "wrong-secret"])
def test_a_bad_or_missing_signature_is_refused_and_nothing_is_queued(client, world_a, fake, secret,
                                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, world_a.integration, {"event": "order.created", "id": 5}, secret=secret)
    assert response.status_code == 403
    assert callbacks == []
    assert not SyncRun.objects.exists()


def test_a_signature_over_another_body_is_refused(client, world_a, django_capture_on_commit_callbacks):
    signed = json.dumps({"event": "order.created", "id": 5}).encode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/hooks/prestashop/{world_a.integration.webhook_token}/",
            json.dumps({"event": "order.created", "id": 6}),
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=sign(signed, world_a.integration.webhook_secret),
        )
    assert response.status_code == 403 and callbacks == []


def test_an_unknown_token_is_404(client, world_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, world_a.integration, {"event": "order.created", "id": 5}, token="nope")
    assert response.status_code == 404 and callbacks == []


def test_another_integrations_secret_does_not_open_this_integrations_hook(client, world_a, world_b):
    response = post(client, world_a.integration, {"event": "order.created", "id": 5},
                    secret=world_b.integration.webhook_secret)
    assert response.status_code == 403


def test_a_disabled_point_answers_202_without_queueing(client, world_a, django_capture_on_commit_callbacks):
    SyncPoint.objects.filter(integration=world_a.integration, entity="orders").update(enabled=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, world_a.integration, {"event": "order.status", "id": 5})
    assert response.status_code == 202
    assert response.json()["queued"] is False and "disabled" in response.json()["reason"]
    assert callbacks == []


def test_only_post_is_allowed(client, world_a):
    assert client.get(f"/hooks/prestashop/{world_a.integration.webhook_token}/").status_code == 405


def test_malformed_or_oversized_bodies_are_rejected(client, world_a):
    assert post(client, world_a.integration, None, raw=b"not json").status_code == 400
    assert post(client, world_a.integration, {"event": "order.deleted", "id": 1}).status_code == 400
    assert post(client, world_a.integration, {"event": "order.created", "id": "1"}).status_code == 400
    assert post(client, world_a.integration, None, raw=b"x" * 20000).status_code == 413
