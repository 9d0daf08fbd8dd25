"""Journal entries: claimed (``running``) before a record is synced, settled after.

Claims rely on the partial unique constraint ``uniq_running_entry``: at most one ``running``
entry per (integration, entity, key). Every status change is a conditional UPDATE.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.errors import HubError, TransientError
from hub.models import Integration
from sync.models import EntryStatus, JournalEntry, RunStatus, SyncRun

#: Automatic retries (on later runs) stop once an entry has been attempted this many times.
MAX_AUTO_ATTEMPTS = 5
INTERRUPTED = "Interrupted"


def stale_after(integration: Integration) -> timedelta:
    """How long a ``running`` entry or run may last before it is presumed dead: the cluster's
    ``retry`` (beyond it the broker has given up on or redelivered the task)."""
    conf: dict[str, Any] = dict(getattr(settings, "Q_CLUSTER", {}))
    queue = integration.factusol.queue
    alt = conf.get("ALT_CLUSTERS", {}).get(queue or "", {})
    seconds = alt.get("retry") or conf.get("retry") or alt.get("timeout") or conf.get("timeout") or 600
    return timedelta(seconds=int(seconds))


def reconcile(integration: Integration, entity: str, *, exclude_run: SyncRun | None = None) -> tuple[int, int]:
    """Fail entries and runs left ``running`` by a crashed worker; returns (entries, runs)."""
    cutoff = timezone.now() - stale_after(integration)
    now = timezone.now()
    entries = JournalEntry.objects.filter(
        integration=integration, entity=entity, status=EntryStatus.RUNNING, started_at__lt=cutoff
    ).update(
        status=EntryStatus.FAILED,
        error_class=INTERRUPTED,
        retryable=True,
        finished_at=now,
        message=_("Interrupted: the worker stopped while this record was being synced; it will be retried."),
    )
    runs = SyncRun.objects.filter(
        integration=integration, entity=entity, status=RunStatus.RUNNING, started_at__lt=cutoff
    )
    if exclude_run is not None:
        runs = runs.exclude(pk=exclude_run.pk)
    run_count = runs.update(
        status=RunStatus.FAILED, finished_at=now, message=_("Interrupted: the run did not finish in time.")
    )
    return entries, run_count


def retry_candidates(integration: Integration, entity: str) -> list[JournalEntry]:
    """Failed entries a later run retries by itself: transient, not too often tried, and the
    latest entry for their record (a newer success or failure supersedes them)."""
    stale_queue = timezone.now() - stale_after(integration)
    entries = list(
        JournalEntry.objects.filter(integration=integration, entity=entity, attempts__lt=MAX_AUTO_ATTEMPTS)
        .exclude(key="")
        .filter(
            Q(status=EntryStatus.FAILED, retryable=True)
            # Queued by "retry" but the task never ran (lost with a crashed broker).
            | Q(status=EntryStatus.QUEUED, queued_at__lt=stale_queue)
        )
        .order_by("pk")
    )
    latest = {
        key: pk
        for key, pk in JournalEntry.objects.filter(
            integration=integration, entity=entity, key__in={e.key for e in entries}
        )
        .values_list("key", "pk")
        .order_by("pk")
    }
    return [e for e in entries if latest.get(e.key) == e.pk]


def _start(**extra: Any) -> dict[str, Any]:
    return {"status": EntryStatus.RUNNING, "started_at": timezone.now(), "finished_at": None, **extra}


def claim_entry(entry: JournalEntry, run: SyncRun, *, from_status: tuple[str, ...]) -> bool:
    """Move an existing entry to ``running`` for ``run``; False if someone else got it first."""
    try:
        with transaction.atomic():
            updated = JournalEntry.objects.filter(pk=entry.pk, status__in=from_status).update(
                **_start(run=run, attempts=F("attempts") + 1)
            )
    except IntegrityError:
        return False
    if updated:
        entry.refresh_from_db()
    return bool(updated)


def claim_key(
    integration: Integration, run: SyncRun, key: str, label: str, *, shop_id: str = ""
) -> JournalEntry | None:
    """A ``running`` entry for ``key`` owned by ``run``, or None when another worker holds it.

    An earlier failed or queued entry for the same record is reused, so one record keeps one
    open entry and its ``attempts`` count grows; otherwise a new entry is created.
    """
    previous = (
        JournalEntry.objects.filter(
            integration=integration, entity=run.entity, key=key, status__in=(EntryStatus.FAILED, EntryStatus.QUEUED)
        )
        .order_by("-pk")
        .first()
    )
    if previous is not None and claim_entry(previous, run, from_status=(previous.status,)):
        if label and previous.label != label:
            JournalEntry.objects.filter(pk=previous.pk).update(label=label[:200])
            previous.label = label[:200]
        return previous
    try:
        with transaction.atomic():
            return JournalEntry.objects.create(
                integration=integration,
                run=run,
                entity=run.entity,
                direction=run.direction,
                key=key,
                shop_id=shop_id,
                label=label[:200],
                attempts=1,
                **_start(),
            )
    except IntegrityError:
        return None


def note_busy(integration: Integration, run: SyncRun, key: str, label: str) -> JournalEntry:
    """Journal that ``key`` was skipped because another worker is syncing it right now."""
    now = timezone.now()
    return JournalEntry.objects.create(
        integration=integration,
        run=run,
        entity=run.entity,
        direction=run.direction,
        key=key,
        label=label[:200],
        status=EntryStatus.SKIPPED,
        action="busy",
        message=_("Skipped: another worker is syncing this record right now."),
        started_at=now,
        finished_at=now,
        duration=0,
    )


def settle(entry: JournalEntry, **values: Any) -> bool:
    """Write the outcome of a ``running`` entry; False if it was no longer ours (reconciled)."""
    values.setdefault("finished_at", timezone.now())
    if entry.started_at and "duration" not in values:
        values["duration"] = (values["finished_at"] - entry.started_at).total_seconds()
    updated = JournalEntry.objects.filter(pk=entry.pk, status=EntryStatus.RUNNING, run=entry.run_id).update(**values)
    for name, value in values.items():
        setattr(entry, name, value)
    return bool(updated)


@contextmanager
def holding(integration: Integration, entity: str, direction: str, key: str, label: str) -> Iterator[JournalEntry]:
    """Claim ``key`` of ``entity`` outside that point's own runs (e.g. the orders point creating
    a customer): a ``running`` entry is written first, so the write is journaled and no other
    worker syncs the same record meanwhile. Raises ``TransientError`` when another worker holds
    it (retried with backoff). The caller settles the entry; if it does not, it is settled OK,
    or failed when the block raises.
    """
    try:
        with transaction.atomic():
            entry = JournalEntry.objects.create(
                integration=integration,
                entity=entity,
                direction=direction,
                key=key,
                shop_id=key if key.isdigit() else "",
                label=label[:200],
                attempts=1,
                **_start(),
            )
    except IntegrityError as err:
        raise TransientError(
            _("Record %(key)s is being synced by another worker right now; it will be tried again.") % {"key": key}
        ) from err
    try:
        yield entry
    except HubError as err:
        settle(
            entry, status=EntryStatus.FAILED, error_class=type(err).__name__, retryable=err.retryable, message=str(err)
        )
        raise
    except BaseException as err:
        settle(entry, status=EntryStatus.FAILED, error_class=type(err).__name__, message=f"{type(err).__name__}: {err}")
        raise
    else:
        if entry.status == EntryStatus.RUNNING:
            settle(entry, status=EntryStatus.OK)
