"""Push events from the shop: ``POST /hooks/prestashop/<webhook token>/``.

Body: ``{"event": "<name>", "id": <int>, "shop_id": <int, optional>, "customer_id": <int,
optional>, "sent_at": "<ISO date>"}``, signed with ``X-Hub-Signature-256: sha256=<hex>``, the
HMAC-SHA256 of the raw body keyed with the integration's ``webhook_secret``.

Order events queue the orders point for ``id``; customer events the customers point for
``id``. Address events queue the customers point for ``customer_id`` when the module sent
it, else for the key ``address:<id>``: the customers point's ``fetch`` resolves that key to
the address's customer. A replayed event only re-syncs a record, which is idempotent.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hub.models import Integration
from sync.models import Trigger
from sync.tasks import enqueue_sync

MAX_BODY = 16 * 1024
SIGNATURE_HEADER = "X-Hub-Signature-256"

#: event → sync point it queues.
EVENTS: dict[str, str] = {
    "order.created": "orders",
    "order.updated": "orders",
    "order.status": "orders",
    "customer.created": "customers",
    "customer.updated": "customers",
    "address.created": "customers",
    "address.updated": "customers",
}


def sign(body: bytes, secret: str) -> str:
    """The header value for ``body``: ``sha256=<hex digest>``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_ok(body: bytes, secret: str, header: str | None) -> bool:
    return bool(header and secret) and hmac.compare_digest(sign(body, secret), header.strip())


def _reply(status: int, **data: Any) -> JsonResponse:
    return JsonResponse(data, status=status)


def record_key(event: str, payload: dict[str, Any]) -> str:
    if event.startswith("address."):
        customer = payload.get("customer_id")
        if isinstance(customer, int) and customer > 0:
            return str(customer)
        return f"address:{payload['id']}"
    return str(payload["id"])


@csrf_exempt
@require_POST
def prestashop_hook(request: HttpRequest, token: str) -> JsonResponse:
    integration = get_object_or_404(Integration.objects.select_related("shop", "factusol"), webhook_token=token)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return _reply(413, queued=False, error="body too large")
    body = request.body
    if len(body) > MAX_BODY:
        return _reply(413, queued=False, error="body too large")
    if not signature_ok(body, integration.webhook_secret, request.headers.get(SIGNATURE_HEADER)):
        return _reply(403, queued=False, error="bad signature")
    try:
        payload = json.loads(body)
        event = payload["event"]
        record_id = payload["id"]
    except (ValueError, KeyError, TypeError):
        return _reply(400, queued=False, error="body must be JSON with 'event' and 'id'")
    if event not in EVENTS or not isinstance(record_id, int) or isinstance(record_id, bool) or record_id <= 0:
        return _reply(400, queued=False, error="unknown event or bad id")
    shop_id = payload.get("shop_id")
    if integration.shop.id_shop and shop_id not in (None, integration.shop.id_shop):
        return _reply(202, queued=False, reason="event for another shop of the multistore")
    entity = EVENTS[event]
    if not integration.is_enabled(entity):
        return _reply(202, queued=False, reason=f"the integration or its {entity} point is disabled")
    key = record_key(event, payload)
    enqueue_sync(integration, entity, trigger=Trigger.PUSH, keys=[key])
    return _reply(202, queued=True, entity=entity, keys=[key])
