"""A signed shop event imports that order at once; a forged one changes nothing."""

from __future__ import annotations

import json

from sync.models import SyncRun
from sync.webhooks import sign


def post_event(client, integration, payload, secret):
    body = json.dumps(payload).encode()
    return client.post(
        f"/hooks/prestashop/{integration.webhook_token}/",
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=sign(body, secret),
    )


def test_a_signed_order_event_imports_that_order_at_once(flow, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(
            client, flow.integration, {"event": "order.created", "id": 3}, flow.integration.webhook_secret
        )
    assert response.status_code == 202
    assert [row["REFPCL"] for row in flow.rows("F_PCL", {"REFPCL": ("LIKE", "DEMO%")})] == ["DEMO00003"]
    run = SyncRun.objects.get(integration=flow.integration)
    assert (run.trigger, run.created) == ("push", 1)


def test_a_forged_event_is_refused_and_queues_nothing(flow, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_event(client, flow.integration, {"event": "order.created", "id": 1}, "not-the-secret")
    assert response.status_code == 403
    assert callbacks == []
    assert flow.rows("F_PCL", {"REFPCL": ("LIKE", "DEMO%")}) == []
    assert not SyncRun.objects.exists()
