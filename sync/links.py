"""Record links: the helpers sync points use to make writes idempotent."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.errors import ConflictError
from hub.models import Integration
from sync.models import RecordLink


class LinkConflict(ConflictError):
    """A link would tie a record to one already linked to another record: a person has to look."""


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
    integration: Integration,
    entity: str,
    shop_id: str | int,
    factusol_key: str,
    content_hash: str = "",
    *,
    repoint: bool = False,
) -> RecordLink:
    """Create or refresh the link ``shop_id`` ↔ ``factusol_key``; safe against a concurrent bind.

    When another worker created the same link first, its row is returned (and refreshed). A
    link that would tie the shop record to a FactuSOL record already linked to another shop
    record, or (unless ``repoint``) move a linked shop record to a different FactuSOL record,
    raises :class:`LinkConflict`: a ``HubError``, so that record fails and the run goes on.
    The second case is what a concurrent worker that wrote the same record first leaves.
    """
    shop_id = str(shop_id)
    now = timezone.now()
    values = {"factusol_key": factusol_key, "content_hash": content_hash, "synced_at": now}
    lookup = {"integration": integration, "entity": entity, "shop_id": shop_id}
    try:
        with transaction.atomic():
            link, created = RecordLink.objects.get_or_create(**lookup, defaults=values)
            if not created and (link.factusol_key == factusol_key or repoint):
                RecordLink.objects.filter(pk=link.pk).update(**values)
                link.factusol_key, link.content_hash, link.synced_at = factusol_key, content_hash, now
    except IntegrityError as err:
        link = RecordLink.objects.filter(**lookup).first()
        if link is None or link.factusol_key != factusol_key:
            raise _conflict(integration, entity, shop_id, factusol_key) from err
        RecordLink.objects.filter(pk=link.pk).update(content_hash=content_hash, synced_at=now)
        link.content_hash, link.synced_at = content_hash, now
        return link
    if link.factusol_key != factusol_key:
        raise LinkConflict(
            _("Shop record %(shop_id)s is already linked to FactuSOL record %(key)s, not to %(new)s.")
            % {"shop_id": shop_id, "key": link.factusol_key, "new": factusol_key}
        )
    return link


def _conflict(integration: Integration, entity: str, shop_id: str, factusol_key: str) -> LinkConflict:
    other = RecordLink.objects.filter(integration=integration, entity=entity, factusol_key=factusol_key).first()
    return LinkConflict(
        _("FactuSOL record %(key)s is already linked to shop record %(other)s, not to %(shop_id)s.")
        % {"key": factusol_key, "other": other.shop_id if other else "?", "shop_id": shop_id}
    )


def touch(link: RecordLink, content_hash: str) -> None:
    """Record that the linked record was rewritten with content ``content_hash``."""
    now = timezone.now()
    RecordLink.objects.filter(pk=link.pk).update(content_hash=content_hash, synced_at=now)
    link.content_hash, link.synced_at = content_hash, now
