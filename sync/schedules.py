"""Keep django-q2 ``Schedule`` rows in step with each integration's enabled sync points."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_q.models import Schedule

from hub.models import Integration, SyncPoint
from hub.models.choices import SyncEntity

#: entity → (enabled, interval in minutes) for the points a new integration starts with.
DEFAULT_POINTS: dict[str, tuple[bool, int]] = {
    SyncEntity.CUSTOMERS: (True, 15),
    SyncEntity.ORDERS: (True, 5),
    SyncEntity.STOCK: (True, 10),
    SyncEntity.ARTICLES: (False, 60),
    SyncEntity.DELIVERY: (False, 15),
    SyncEntity.INVOICES: (False, 60),
}
FUNC = "sync.tasks.scheduled_sync"


def schedule_name(integration_id: int, entity: str) -> str:
    return f"hub:{integration_id}:{entity}"


def ensure_points(integration: Integration) -> int:
    """Create the missing sync points of ``integration`` with their defaults; returns how many."""
    existing = set(integration.points.values_list("entity", flat=True))
    new = [
        SyncPoint(integration=integration, entity=entity, enabled=enabled, interval_minutes=minutes)
        for entity, (enabled, minutes) in DEFAULT_POINTS.items()
        if entity not in existing
    ]
    SyncPoint.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def sync_point_schedule(point: SyncPoint) -> Schedule | None:
    """Create, update or delete the schedule of one point; returns it when it should exist."""
    integration = point.integration
    name = schedule_name(integration.pk, point.entity)
    if not (integration.enabled and point.enabled):
        Schedule.objects.filter(name=name).delete()
        return None
    wanted = {
        "func": FUNC,
        "args": repr((integration.pk, str(point.entity))),
        "schedule_type": Schedule.MINUTES,
        "minutes": point.interval_minutes,
        "repeats": -1,
        "cluster": integration.factusol.queue,
    }
    schedule = Schedule.objects.filter(name=name).order_by("pk").first()
    if schedule is None:
        # Spread the first runs so a batch of new integrations does not fire at once.
        first = timezone.now() + timedelta(seconds=30 + integration.pk % 60)
        return Schedule.objects.create(name=name, next_run=first, **wanted)
    Schedule.objects.filter(name=name).exclude(pk=schedule.pk).delete()
    changed = {k: v for k, v in wanted.items() if getattr(schedule, k) != v}
    if changed:
        Schedule.objects.filter(pk=schedule.pk).update(**changed)
        schedule.refresh_from_db()
    return schedule


def sync_schedules(integration: Integration) -> list[Schedule]:
    """Bring every schedule of ``integration`` in step; removes schedules of deleted points."""
    points = list(integration.points.select_related("integration__factusol"))
    names = {schedule_name(integration.pk, p.entity) for p in points}
    Schedule.objects.filter(name__startswith=f"hub:{integration.pk}:").exclude(name__in=names).delete()
    return [s for p in points if (s := sync_point_schedule(p)) is not None]


def delete_schedules(integration_id: int, entity: str | None = None) -> int:
    if entity is not None:
        return Schedule.objects.filter(name=schedule_name(integration_id, entity)).delete()[0]
    return Schedule.objects.filter(name__startswith=f"hub:{integration_id}:").delete()[0]
