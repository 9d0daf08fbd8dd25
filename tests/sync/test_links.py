"""Helpers the sync points use: content hash, link lookup, idempotent bind, redaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hub.errors import HubError
from sync.links import LinkConflict, bind, content_hash, get_link
from sync.models import RecordLink
from sync.redact import integration_secrets, redact


def test_the_content_hash_ignores_key_order_and_sees_value_changes():
    a = content_hash({"NOFCLI": "Ana", "TOTPCL": Decimal("12.10"), "FECPCL": date(2026, 3, 1)})
    b = content_hash({"FECPCL": date(2026, 3, 1), "TOTPCL": Decimal("12.10"), "NOFCLI": "Ana"})
    assert a == b and len(a) == 64
    assert a != content_hash({"NOFCLI": "Ana", "TOTPCL": Decimal("12.11"), "FECPCL": date(2026, 3, 1)})


@pytest.mark.django_db
def test_bind_twice_keeps_one_link_and_refreshes_its_hash(world_a):
    bind(world_a.integration, "customer", 7, "430", "h1")
    link = bind(world_a.integration, "customer", "7", "430", "h2")
    assert RecordLink.objects.filter(integration=world_a.integration).count() == 1
    assert link.content_hash == "h2"
    assert get_link(world_a.integration, "customer", shop_id=7) == link
    assert get_link(world_a.integration, "customer", factusol_key="430") == link


@pytest.mark.django_db
def test_bind_refuses_to_tie_a_factusol_record_to_a_second_shop_record(world_a):
    bind(world_a.integration, "customer", 7, "430")
    with pytest.raises(LinkConflict) as caught:
        bind(world_a.integration, "customer", 8, "430")
    assert isinstance(caught.value, HubError)  # the record fails, the run goes on
    assert "430" in str(caught.value) and "7" in str(caught.value)
    assert RecordLink.objects.get(factusol_key="430").shop_id == "7"


@pytest.mark.django_db
def test_bind_refuses_to_move_a_linked_shop_record_to_another_factusol_record(world_a):
    # What a second worker that wrote the same shop record again would otherwise hide.
    bind(world_a.integration, "customer", 7, "430", "h1")
    with pytest.raises(LinkConflict):
        bind(world_a.integration, "customer", 7, "431", "h2")
    link = RecordLink.objects.get(integration=world_a.integration, shop_id="7")
    assert (link.factusol_key, link.content_hash) == ("430", "h1")


@pytest.mark.django_db
def test_bind_moves_a_link_when_asked_to(world_a):
    bind(world_a.integration, "address", 5, "1-1")
    link = bind(world_a.integration, "address", 5, "2-1", "h", repoint=True)
    assert (
        RecordLink.objects.get(integration=world_a.integration, shop_id="5").factusol_key == "2-1" == link.factusol_key
    )


@pytest.mark.django_db
def test_redaction_masks_secrets_but_keeps_record_keys(world_a):
    secrets = integration_secrets(world_a.integration)
    shop_key = world_a.shop.webservice_key
    snapshot = {
        "url": f"http://shop/api/customers/7?ws_key={shop_key}",
        "headers": {"Authorization": "Basic abc"},
        "api_password": "pw",
        "key": "C7",
        "rows": [{"CODCLI": 7}],
    }
    clean = redact(snapshot, secrets)
    assert shop_key not in str(clean)
    assert clean["headers"]["Authorization"] == "***" and clean["api_password"] == "***"
    assert clean["key"] == "C7" and clean["rows"] == [{"CODCLI": 7}]
