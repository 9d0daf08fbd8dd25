"""django-q2 tasks. They take primary keys and are safe to run twice (claims + record links)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django_q.tasks import async_task

from hub.models import Integration
from sync.engine import run_sync
from sync.models import JournalEntry, SyncRun, Trigger
from sync.registry import is_available

logger = logging.getLogger(__name__)


def _summary(run: SyncRun) -> dict[str, Any]:
    return {
        "run": run.pk,
        "status": run.status,
        "created": run.created,
        "updated": run.updated,
        "skipped": run.skipped,
        "failed": run.failed,
    }


def run_sync_task(
    integration_id: int, entity: str, trigger: str, full: bool = False, keys: list[str] | None = None
) -> dict[str, Any] | None:
    if not Integration.objects.filter(pk=integration_id).exists():
        logger.warning("Integration %s no longer exists; %s sync dropped.", integration_id, entity)
        return None
    return _summary(run_sync(integration_id, entity, trigger=trigger, full=full, keys=keys))


def retry_entries_task(entry_ids: list[int]) -> list[dict[str, Any]]:
    """Re-run the given journal entries (those still queued or failed), one run per point."""
    groups: dict[tuple[int, str], list[int]] = {}
    for pk, integration_id, entity in JournalEntry.objects.filter(pk__in=entry_ids).values_list(
        "pk", "integration_id", "entity"
    ):
        groups.setdefault((integration_id, entity), []).append(pk)
    return [
        _summary(run_sync(integration_id, entity, trigger=Trigger.RETRY, entry_ids=ids))
        for (integration_id, entity), ids in sorted(groups.items())
    ]


def scheduled_sync(integration_id: int, entity: str) -> dict[str, Any] | str | None:
    integration = Integration.objects.filter(pk=integration_id).first()
    if integration is None or not integration.is_enabled(entity):
        return "disabled"
    if not is_available(entity):
        # Scheduled before its module shipped: say so in the task result, do not fail every interval.
        return f"the {entity} sync point is not available yet"
    return run_sync_task(integration_id, entity, Trigger.SCHEDULE)


def group_name(integration: Integration, entity: str) -> str:
    return f"hub:{integration.pk}:{entity}"


def enqueue_sync(
    integration: Integration,
    entity: str,
    *,
    trigger: str,
    keys: Iterable[str | int] | None = None,
    full: bool = False,
) -> None:
    """Queue a run after the current transaction commits, on the FactuSOL connection's cluster."""
    integration_id, cluster = integration.pk, integration.factusol.queue
    key_list = [str(k) for k in keys] if keys is not None else None
    transaction.on_commit(
        lambda: async_task(
            "sync.tasks.run_sync_task",
            integration_id,
            entity,
            trigger,
            full,
            key_list,
            cluster=cluster,
            group=group_name(integration, entity),
            task_name=f"sync {integration.slug} {entity}",
        )
    )


def enqueue_retry(integration: Integration, entry_ids: list[int]) -> None:
    """Queue ``retry_entries_task`` for entries of one integration, after commit."""
    ids, cluster = list(entry_ids), integration.factusol.queue
    transaction.on_commit(
        lambda: async_task("sync.tasks.retry_entries_task", ids, cluster=cluster, group=f"hub:{integration.pk}:retry")
    )
