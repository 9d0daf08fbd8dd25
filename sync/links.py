"""Record links: the helpers sync points use to make writes idempotent."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.models import Integration
from sync.models import RecordLink


def content_hash(data: dict[str, Any]) -> str:
    """A stable sha256 of ``data`` (sorted keys, compact JSON; dates and decimals as strings)."""
    raw = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def get_link(
    integration: Integration, entity: str, *, shop_id: str | int | None = None, factusol_key: str | None = None
) -> RecordLink | None:
    """The link for a shop id or a FactuSOL key (exactly one of them), or None."""
    if (shop_id is None) == (factusol_key is None):
        raise TypeError("get_link() needs exactly one of shop_id or factusol_key")
    lookup = {"shop_id": str(shop_id)} if shop_id is not None else {"factusol_key": str(factusol_key)}
    return RecordLink.objects.filter(integration=integration, entity=entity, **lookup).first()


def bind(
    integration: Integration, entity: str, shop_id: str | int, factusol_key: str, content_hash: str = ""
) -> RecordLink:
    """Create or refresh the link ``shop_id`` ↔ ``factusol_key``; safe against a concurrent bind.

    When another worker created the same link first, its row is returned (and refreshed). A
    link that would tie the shop record to a *different* FactuSOL record (or the reverse)
    raises IntegrityError: that is a real conflict a person has to look at.
    """
    shop_id = str(shop_id)
    now = timezone.now()
    values = {"factusol_key": factusol_key, "content_hash": content_hash, "synced_at": now}
    try:
        with transaction.atomic():
            link, _created = RecordLink.objects.update_or_create(
                integration=integration, entity=entity, shop_id=shop_id, defaults=values
            )
            return link
    except IntegrityError:
        link = RecordLink.objects.filter(integration=integration, entity=entity, shop_id=shop_id).first()
        if link is None or link.factusol_key != factusol_key:
            raise
        RecordLink.objects.filter(pk=link.pk).update(content_hash=content_hash, synced_at=now)
        link.content_hash, link.synced_at = content_hash, now
        return link


def touch(link: RecordLink, content_hash: str) -> None:
    """Record that the linked record was rewritten with content ``content_hash``."""
    now = timezone.now()
    RecordLink.objects.filter(pk=link.pk).update(content_hash=content_hash, synced_at=now)
    link.content_hash, link.synced_at = content_hash, now
