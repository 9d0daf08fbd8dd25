"""Receivers connected in ``SyncConfig.ready``: default points and schedules follow the settings."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from hub.models import FactusolConnection, Integration, SyncPoint
from sync import schedules


def _point_saved(sender: Any, instance: SyncPoint, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        schedules.sync_point_schedule(instance)


def _point_deleted(sender: Any, instance: SyncPoint, **kwargs: Any) -> None:
    schedules.delete_schedules(instance.integration_id, instance.entity)


def _integration_saved(sender: Any, instance: Integration, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    if created:
        schedules.ensure_points(instance)
    schedules.sync_schedules(instance)


def _integration_deleted(sender: Any, instance: Integration, **kwargs: Any) -> None:
    schedules.delete_schedules(instance.pk)


def _factusol_saved(sender: Any, instance: FactusolConnection, raw: bool = False, **kwargs: Any) -> None:
    # The cluster a schedule is routed to comes from the connection.
    if not raw:
        for integration in instance.integrations.all():
            schedules.sync_schedules(integration)


def connect() -> None:
    post_save.connect(_point_saved, sender=SyncPoint, dispatch_uid="sync.point_saved")
    post_delete.connect(_point_deleted, sender=SyncPoint, dispatch_uid="sync.point_deleted")
    post_save.connect(_integration_saved, sender=Integration, dispatch_uid="sync.integration_saved")
    post_delete.connect(_integration_deleted, sender=Integration, dispatch_uid="sync.integration_deleted")
    post_save.connect(_factusol_saved, sender=FactusolConnection, dispatch_uid="sync.factusol_saved")
