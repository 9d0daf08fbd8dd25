"""Over HTTP, a user of agency B can neither list, view, change, delete nor act on agency A's objects."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from hub.models import (
    Agency,
    FactusolConnection,
    FieldMapping,
    Integration,
    Membership,
    Shop,
    SyncPoint,
    ValueMapping,
    WarehouseChoice,
)
from tests.factories import World


def objects_of(world: World) -> dict[type, object]:
    """One object per admin-registered model, all belonging to ``world``'s agency."""
    from sync.models import JournalEntry, RecordLink, SyncRun

    integration = world.integration
    run = SyncRun.objects.create(integration=integration, entity="orders", direction="to_factusol", trigger="cli")
    objs: dict[type, object] = {
        Agency: world.agency,
        Membership: Membership.objects.filter(agency=world.agency).first(),
        Shop: world.shop,
        FactusolConnection: world.factusol,
        Integration: integration,
        ValueMapping: ValueMapping.objects.create(
            integration=integration, kind="payment", shop_value="ps_wirepayment", factusol_value="TRA"
        ),
        FieldMapping: FieldMapping.objects.filter(integration=integration).first(),
        SyncPoint: SyncPoint.objects.get_or_create(integration=integration, entity="orders")[0],
        WarehouseChoice: WarehouseChoice.objects.create(integration=integration, code="GEN"),
        RecordLink: RecordLink.objects.create(integration=integration, entity="order", shop_id="1", factusol_key="1-1"),
        SyncRun: run,
        JournalEntry: JournalEntry.objects.create(
            integration=integration, run=run, entity="orders", direction="to_factusol", shop_id="1", status="failed"
        ),
    }
    return objs


def registered(model: type) -> bool:
    return model in admin.site._registry


def url(obj: object, view: str) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def changelist(model: type) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.fixture
def a_objects(world_a):
    return objects_of(world_a)


@pytest.mark.django_db
def test_every_hub_and_sync_model_is_in_the_admin(a_objects):
    for model in a_objects:
        assert registered(model), model


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["owner", "operator", "viewer"])
def test_agency_b_users_cannot_list_view_change_or_delete_agency_a_objects(a_objects, world_b, role):
    client = Client()
    client.force_login(getattr(world_b, role))
    for model, obj in a_objects.items():
        if not registered(model):
            continue
        listing = client.get(changelist(model))
        assert listing.status_code in (200, 403), model
        assert url(obj, "change") not in listing.content.decode(), f"{model.__name__} listed to agency B"
        for view in ("change", "delete", "history"):
            response = client.get(url(obj, view))
            assert response.status_code in (302, 403, 404), f"{model.__name__} {view} reachable by agency B"
            if response.status_code == 302:
                assert response["Location"] in (reverse("admin:index"), "/admin/"), response["Location"]
        client.post(url(obj, "delete"), {"post": "yes"})
        client.post(url(obj, "change"), {"name": "hijacked"})
        assert model._default_manager.filter(pk=obj.pk).exists(), f"{model.__name__} deleted by agency B"
    world_b_names = {Shop.objects.get(pk=a_objects[Shop].pk).name, Agency.objects.get(pk=a_objects[Agency].pk).name}
    assert "hijacked" not in world_b_names


@pytest.mark.django_db
def test_agency_b_cannot_run_actions_on_agency_a_objects(a_objects, world_b):
    client = Client()
    client.force_login(world_b.owner)
    shop = a_objects[Shop]
    response = client.post(
        changelist(Shop), {"action": "test_connection", "_selected_action": [shop.pk], "index": 0}, follow=True
    )
    text = response.content.decode()
    assert shop.name not in text
    entry = a_objects[next(m for m in a_objects if m.__name__ == "JournalEntry")]
    for action in ("delete_selected",):
        client.post(changelist(type(entry)), {"action": action, "_selected_action": [entry.pk], "post": "yes"})
    assert type(entry).objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_agency_a_owner_sees_own_objects(a_objects, world_a):
    client = Client()
    client.force_login(world_a.owner)
    for model, obj in a_objects.items():
        if not registered(model):
            continue
        response = client.get(url(obj, "change"))
        assert response.status_code == 200, f"{model.__name__}: {response.status_code}"


@pytest.mark.django_db
def test_viewer_reads_but_cannot_change(a_objects, world_a):
    client = Client()
    client.force_login(world_a.viewer)
    shop = a_objects[Shop]
    response = client.get(url(shop, "change"))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
    response = client.post(url(shop, "change"), {"name": "changed"})
    assert response.status_code == 403
    assert Shop.objects.get(pk=shop.pk).name != "changed"


@pytest.mark.django_db
def test_foreign_key_choices_only_offer_own_agency(world_a, world_b):
    client = Client()
    client.force_login(world_a.owner)
    response = client.get(reverse("admin:hub_integration_add"))
    text = response.content.decode()
    assert world_a.shop.name in text
    assert world_b.shop.name not in text
    assert world_b.factusol.name not in text
    assert world_b.agency.name not in text


@pytest.mark.django_db
def test_posting_another_agencys_shop_into_an_integration_is_rejected(world_a, world_b):
    client = Client()
    client.force_login(world_a.owner)
    data = {
        "agency": world_a.agency.pk,
        "name": "Cruzada",
        "slug": "cruzada",
        "shop": world_b.shop.pk,
        "factusol": world_a.factusol.pk,
        "enabled": "on",
        "order_series": "1",
        "order_warehouse": "GEN",
        "import_order_states": "[]",
        "registered_code_from": 1,
        "registered_code_to": 100,
        "guest_rule": "range",
        "guest_code_from": 200,
        "guest_code_to": 300,
        "customer_match": "nif_email",
        "price_tariff": 1,
        "stock_mode": "physical",
        "webhook_secret": "s",
    }
    for prefix in ("points", "warehouses", "value_mappings", "field_mappings"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(reverse("admin:hub_integration_add"), data)
    assert response.status_code == 200  # the form comes back with an error
    assert not Integration.objects.filter(slug="cruzada").exists()
