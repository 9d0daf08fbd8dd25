"""django-q2 schedules follow each integration's enabled sync points."""

from __future__ import annotations

import pytest
from django_q.models import Schedule

from hub.models import SyncPoint
from sync.schedules import schedule_name
from sync.tasks import scheduled_sync

pytestmark = pytest.mark.django_db


def names(integration):
    return set(Schedule.objects.filter(name__startswith=f"hub:{integration.pk}:").values_list("name", flat=True))


def test_a_new_integration_gets_its_six_points_and_schedules_for_the_enabled_ones(world_a):
    integration = world_a.integration
    points = {p.entity: (p.enabled, p.interval_minutes) for p in integration.points.all()}
    assert points == {
        "customers": (True, 15), "orders": (True, 5), "stock": (True, 10),
        "articles": (False, 60), "delivery": (False, 15), "invoices": (False, 60),
    }
    assert names(integration) == {schedule_name(integration.pk, e) for e in ("customers", "orders", "stock")}
    orders = Schedule.objects.get(name=schedule_name(integration.pk, "orders"))
    assert (orders.func, orders.schedule_type, orders.minutes, orders.repeats) == (
        "sync.tasks.scheduled_sync", Schedule.MINUTES, 5, -1
    )
    assert orders.args == repr((integration.pk, "orders"))
    assert orders.cluster is None


def test_changing_a_point_updates_enabling_creates_and_disabling_deletes_its_schedule(world_a):
    integration = world_a.integration
    point = SyncPoint.objects.get(integration=integration, entity="orders")
    point.interval_minutes = 2
    point.save()
    assert Schedule.objects.get(name=schedule_name(integration.pk, "orders")).minutes == 2
    articles = SyncPoint.objects.get(integration=integration, entity="articles")
    articles.enabled = True
    articles.save()
    assert schedule_name(integration.pk, "articles") in names(integration)
    point.enabled = False
    point.save()
    assert schedule_name(integration.pk, "orders") not in names(integration)
    point.delete()
    articles.delete()
    assert names(integration) == {schedule_name(integration.pk, e) for e in ("customers", "stock")}


def test_disabling_or_deleting_the_integration_removes_its_schedules(world_a, world_b):
    integration = world_a.integration
    integration.enabled = False
    integration.save()
    assert names(integration) == set()
    integration.enabled = True
    integration.save()
    assert len(names(integration)) == 3
    pk = integration.pk
    integration.delete()
    assert not Schedule.objects.filter(name__startswith=f"hub:{pk}:").exists()
    assert len(names(world_b.integration)) == 3


def test_schedules_are_routed_to_the_odbc_connections_cluster(world_a):
    world_a.factusol.cluster_name = "pc-tienda"
    world_a.factusol.save()
    clusters = set(Schedule.objects.filter(name__startswith=f"hub:{world_a.integration.pk}:")
                   .values_list("cluster", flat=True))
    assert clusters == {"pc-tienda"}


def test_the_scheduled_task_runs_an_enabled_point_and_ignores_a_disabled_one(world_a, three_customers):
    result = scheduled_sync(world_a.integration.pk, "customers")
    assert result["created"] == 3 and result["status"] == "ok"
    SyncPoint.objects.filter(integration=world_a.integration, entity="customers").update(enabled=False)
    assert scheduled_sync(world_a.integration.pk, "customers") == "disabled"


def test_the_scheduled_task_of_a_point_not_written_yet_says_so_without_failing(world_a, monkeypatch):
    from sync import registry

    monkeypatch.setitem(registry.SYNC_POINTS, "stock", "sync.missing_stock.StockSync")
    assert "not available yet" in scheduled_sync(world_a.integration.pk, "stock")
