"""Runs one sync point once: reconcile, retry, read changes, journal and sync each record.

The sync point modules (``sync.base.SyncStep`` subclasses) only read and write records; the
engine owns everything around them, so every point gets the same guarantees.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from hub.errors import HubError
from hub.models import Integration, SyncPoint
from hub.models.choices import DEFAULT_DIRECTION
from sync import journal
from sync.base import Action, Item, Outcome, SyncStep
from sync.models import EntryStatus, JournalEntry, RunStatus, SyncRun
from sync.redact import integration_secrets, redact
from sync.registry import step_class
from sync.retry import call_with_retry

#: Changes are read from this long before the cursor, so a record saved while the previous
#: run was reading (same second, clock skew) is not missed; re-reading is harmless.
OVERLAP = timedelta(minutes=2)

Progress = Callable[[SyncRun, str], None]


@dataclass
class PlannedItem:
    """What a dry run would do with one record."""

    key: str
    label: str
    action: str = ""
    plan: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""


def run_sync(
    integration_id: int,
    entity: str,
    *,
    trigger: str,
    full: bool = False,
    since: datetime | None = None,
    dry_run: bool = False,
    keys: Iterable[str | int] | None = None,
    entry_ids: Iterable[int] | None = None,
    progress: Progress | None = None,
) -> SyncRun:
    """Run ``entity`` for one integration and return the finished :class:`SyncRun`.

    Without ``keys``/``entry_ids`` the run first retries transient failures left by earlier
    runs, then syncs the changes since the point's cursor (all records with ``full``, or
    those after ``since``) and advances the cursor. ``keys`` syncs just those records (push
    events); ``entry_ids`` re-runs those journal entries (the admin's "retry"). A dry run
    writes nothing anywhere except its own SyncRun row; ``run.plans`` lists what it would do.

    Only ``HubError`` is handled per record; any other exception fails the entry and the run
    and propagates (django-q records it as a failed task).
    """
    integration = Integration.objects.select_related("shop", "factusol").get(pk=integration_id)
    cls = step_class(entity)
    run = SyncRun.objects.create(
        integration=integration,
        entity=entity,
        direction=cls.direction or DEFAULT_DIRECTION[entity],
        trigger=trigger,
        dry_run=dry_run,
    )
    runner = _Runner(integration, run, cls(integration, run, dry_run=dry_run), progress)
    try:
        runner.execute(full=full, since=since, keys=keys, entry_ids=entry_ids)
    except HubError as err:
        runner.finish(RunStatus.FAILED, str(err))
    except BaseException as err:
        runner.finish(RunStatus.FAILED, f"{type(err).__name__}: {err}")
        raise
    else:
        runner.finish()
    finally:
        runner.step.close()
    return run


class _Runner:
    def __init__(self, integration: Integration, run: SyncRun, step: SyncStep, progress: Progress | None) -> None:
        self.integration = integration
        self.run = run
        self.step = step
        self.progress = progress
        self.dry_run = step.dry_run
        self.secrets = integration_secrets(integration)
        self.seen: set[str] = set()
        self.cursor: str | None = None
        #: The earliest change of a record skipped because another worker held it.
        self.hold: str | None = None
        run.plans = []  # type: ignore[attr-defined]

    # -- the run -------------------------------------------------------------------------------
    def execute(
        self,
        *,
        full: bool,
        since: datetime | None,
        keys: Iterable[str | int] | None,
        entry_ids: Iterable[int] | None,
    ) -> None:
        if not self.dry_run:
            journal.reconcile(self.integration, self.run.entity, exclude_run=self.run)
        if entry_ids is not None:
            entries = list(
                JournalEntry.objects.filter(
                    pk__in=list(entry_ids), integration=self.integration, entity=self.run.entity
                ).order_by("pk")
            )
            self._retry(entries, from_status=(EntryStatus.QUEUED, EntryStatus.FAILED))
            return
        if keys is not None:
            keys = [str(k) for k in keys]
            self._grow_total(len(keys))
            for key in keys:
                self._sync_key(key)
            return
        if not self.dry_run:
            self._retry(
                journal.retry_candidates(self.integration, self.run.entity),
                from_status=(EntryStatus.FAILED, EntryStatus.QUEUED),
            )
        point = self.integration.point(self.run.entity)
        if since is None and not full and point is not None and point.cursor:
            parsed = parse_datetime(point.cursor)
            since = parsed - OVERLAP if parsed else None
        items = self.step.changes(since, full)
        if hasattr(items, "__len__"):
            self._grow_total(len(items))  # type: ignore[arg-type]
        for item in items:
            if not hasattr(items, "__len__"):
                self._grow_total(1)
            if item.key in self.seen:
                # Already synced in this run (a retry, or a version read before a later save):
                # hold the cursor here so the next run reads this version again.
                self._hold_cursor(item)
                self._tick(item.label)
                continue
            self._track_cursor(item)
            self._sync_item(item)
        if self.hold is not None and self.cursor is not None and _later(self.cursor, self.hold):
            self.cursor = self.hold
        if not self.dry_run and self.cursor is not None:
            self._save_cursor(point)

    def finish(self, status: str | None = None, message: str = "") -> None:
        run = self.run
        if status is None:
            status = RunStatus.PARTIAL if run.failed else RunStatus.OK
        summary = _("%(created)d created, %(updated)d updated, %(skipped)d skipped, %(failed)d failed.") % {
            "created": run.created,
            "updated": run.updated,
            "skipped": run.skipped,
            "failed": run.failed,
        }
        if self.dry_run:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        run.status, run.finished_at = status, timezone.now()
        run.message = f"{message}\n{summary}".strip() if message else summary
        SyncRun.objects.filter(pk=run.pk).update(status=run.status, finished_at=run.finished_at, message=run.message)
        if status == RunStatus.OK and not self.dry_run:
            SyncPoint.objects.filter(integration=self.integration, entity=run.entity).update(
                last_success_at=run.finished_at
            )

    # -- records -------------------------------------------------------------------------------
    def _retry(self, entries: list[JournalEntry], *, from_status: tuple[str, ...]) -> None:
        for entry in entries:
            if entry.key in self.seen:
                continue
            if self.dry_run:
                self._grow_total(1)
                self._dry(entry.key, entry.label, lambda e=entry: self.step.fetch(e.key))
                continue
            if not journal.claim_entry(entry, self.run, from_status=from_status):
                continue
            self._grow_total(1)
            self._process(entry, lambda e=entry: self.step.fetch(e.key))

    def _sync_key(self, key: str) -> None:
        if self.dry_run:
            self._dry(key, key, lambda: self.step.fetch(key))
            return
        entry = self._claim(key, key)
        if entry is not None:
            self._process(entry, lambda: self.step.fetch(key))

    def _sync_item(self, item: Item) -> None:
        if self.dry_run:
            self._dry(item.key, item.label, lambda: item)
            return
        entry = self._claim(item.key, item.label)
        if entry is not None:
            self._process(entry, lambda: item)
            return
        # Another worker holds this record and may be writing an older version of it (a push
        # event read before this change): the cursor must not pass it, so the next run re-reads it.
        self._hold_cursor(item)

    def _claim(self, key: str, label: str) -> JournalEntry | None:
        shop_id = key if self.run.direction == "to_factusol" and key.isdigit() else ""
        entry = journal.claim_key(self.integration, self.run, key, label, shop_id=shop_id)
        if entry is None:
            self.seen.add(key)
            journal.note_busy(self.integration, self.run, key, label)
            self._count(skipped=1)
            self._tick(label)
        return entry

    def _attempt(self, load: Callable[[], Item]) -> tuple[Item, Outcome, int]:
        loaded: list[Item] = []

        def once() -> Outcome:
            if not loaded:
                loaded.append(load())
            return self.step.sync_item(loaded[0])

        outcome, tries = call_with_retry(once, self.step.retry_policy)
        return loaded[0], outcome, tries

    def _process(self, entry: JournalEntry, load: Callable[[], Item]) -> None:
        self.seen.add(entry.key)
        started = time.monotonic()
        try:
            item, outcome, tries = self._attempt(load)
        except HubError as err:
            tries = getattr(err, "tries", 1)
            message = str(err)
            if tries > 1:
                message += " " + _("(tried %(n)d times)") % {"n": tries}
            journal.settle(
                entry,
                status=EntryStatus.FAILED,
                error_class=type(err).__name__,
                retryable=bool(err.retryable),
                message=message,
                request=redact(err.request, self.secrets),
                response=redact(err.response, self.secrets),
                duration=time.monotonic() - started,
            )
            self._count(failed=1)
            self._tick(entry.label)
            return
        except BaseException as err:
            journal.settle(
                entry,
                status=EntryStatus.FAILED,
                error_class=type(err).__name__,
                retryable=False,
                message=f"{type(err).__name__}: {err}"[:2000],
                duration=time.monotonic() - started,
            )
            self._count(failed=1)
            raise
        ok = outcome.action in (Action.CREATED, Action.UPDATED)
        request = outcome.request if outcome.request is not None else ({"plan": outcome.plan} if outcome.plan else None)
        journal.settle(
            entry,
            status=EntryStatus.OK if ok else EntryStatus.SKIPPED,
            action=outcome.action,
            label=(item.label or entry.label)[:200],
            shop_id=outcome.shop_id or entry.shop_id,
            factusol_key=outcome.factusol_key or entry.factusol_key,
            error_class="",
            retryable=False,
            message=outcome.message or (_("Tried %(n)d times.") % {"n": tries} if tries > 1 else ""),
            request=redact(request, self.secrets),
            response=redact(outcome.response, self.secrets),
            duration=time.monotonic() - started,
        )
        self._count(**{outcome.action if ok else "skipped": 1})
        self._tick(item.label)

    def _dry(self, key: str, label: str, load: Callable[[], Item]) -> None:
        self.seen.add(key)
        planned = PlannedItem(key=key, label=label)
        try:
            item, outcome, _tries = self._attempt(load)
        except HubError as err:
            planned.error = f"{type(err).__name__}: {err}"
            self._count(failed=1)
        else:
            planned.label, planned.action, planned.plan = item.label or label, outcome.action, outcome.plan
            ok = outcome.action in (Action.CREATED, Action.UPDATED)
            self._count(**{outcome.action if ok else "skipped": 1})
        self.run.plans.append(planned)  # type: ignore[attr-defined]
        self._tick(planned.label)

    # -- bookkeeping ---------------------------------------------------------------------------
    def _grow_total(self, n: int) -> None:
        if n:
            self.run.total += n
            SyncRun.objects.filter(pk=self.run.pk).update(total=F("total") + n)

    def _count(self, **counters: int) -> None:
        counters["processed"] = 1
        for name, n in counters.items():
            setattr(self.run, name, getattr(self.run, name) + n)
        SyncRun.objects.filter(pk=self.run.pk).update(**{k: F(k) + n for k, n in counters.items()})

    def _tick(self, label: str) -> None:
        if self.progress is not None:
            self.progress(self.run, label)

    def _track_cursor(self, item: Item) -> None:
        value = self.step.cursor_value(item)
        if value is not None and (self.cursor is None or _later(value, self.cursor)):
            self.cursor = value

    def _hold_cursor(self, item: Item) -> None:
        value = self.step.cursor_value(item)
        if value is not None and (self.hold is None or _later(self.hold, value)):
            self.hold = value

    def _save_cursor(self, point: SyncPoint | None) -> None:
        assert self.cursor is not None
        if point is None:
            point, _created = SyncPoint.objects.get_or_create(integration=self.integration, entity=self.run.entity)
        if not point.cursor or _later(self.cursor, point.cursor):
            SyncPoint.objects.filter(pk=point.pk).update(cursor=self.cursor[:60])


def _later(a: str, b: str) -> bool:
    """Whether cursor ``a`` is after ``b`` (as datetimes when both parse, else as strings)."""
    da, db = parse_datetime(a), parse_datetime(b)
    if da is not None and db is not None and (da.tzinfo is None) == (db.tzinfo is None):
        return da > db
    return a > b
