"""The engine's guarantees, proven with an in-memory sync point (tests/sync/fakes.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from hub.errors import ConfigurationError, MappingError, TransientError
from hub.models import SyncPoint
from sync.engine import OVERLAP, run_sync
from sync.models import JournalEntry, RecordLink, SyncRun
from sync.registry import step_class

pytestmark = pytest.mark.django_db


def run(world, **kwargs):
    kwargs.setdefault("trigger", "cli")
    return run_sync(world.integration.pk, "customers", **kwargs)


def test_it_writes_the_journal_entry_as_running_before_calling_the_sink(world_a, three_customers):
    seen = []

    def check(step, item):
        entry = JournalEntry.objects.get(integration=world_a.integration, key=item.key, run=step.run)
        seen.append((item.key, entry.status, entry.attempts))

    three_customers.before_write = check
    result = run(world_a)
    assert seen == [("1", "running", 1), ("2", "running", 1), ("3", "running", 1)]
    assert result.status == "ok"
    assert (result.created, result.failed, result.total, result.processed) == (3, 0, 3, 3)
    assert set(JournalEntry.objects.values_list("status", flat=True)) == {"ok"}
    assert RecordLink.objects.filter(integration=world_a.integration).count() == 3


def test_one_failing_record_does_not_stop_the_run_and_is_journaled_failed(world_a, three_customers):
    three_customers.failures["2"] = [MappingError("No payment mapping for 'ps_checkpayment'.")]
    result = run(world_a)
    assert (result.status, result.created, result.failed) == ("partial", 2, 1)
    failed = JournalEntry.objects.get(key="2")
    assert failed.status == "failed"
    assert failed.error_class == "MappingError"
    assert "ps_checkpayment" in failed.message
    assert failed.retryable is False
    assert failed.finished_at is not None and failed.duration is not None
    assert three_customers.writes == ["1", "3"]


def test_a_transient_error_is_retried_with_backoff_then_succeeds(world_a, three_customers):
    three_customers.failures["1"] = [TransientError("timeout"), TransientError("timeout")]
    result = run(world_a)
    entry = JournalEntry.objects.get(key="1")
    assert entry.status == "ok" and result.failed == 0
    assert "3" in entry.message  # "Tried 3 times."
    assert len(three_customers.sleeps) == 2
    assert all(0 <= s <= 8 for s in three_customers.sleeps)


def test_a_transient_error_that_persists_fails_retryable_after_the_bound(world_a, three_customers):
    three_customers.failures["1"] = [TransientError("database is locked")] * 5
    run(world_a)
    entry = JournalEntry.objects.get(key="1")
    assert (entry.status, entry.retryable, entry.error_class) == ("failed", True, "TransientError")
    assert len(three_customers.sleeps) == 2  # 3 tries in all


def test_a_permanent_error_is_not_retried(world_a, three_customers):
    three_customers.failures["1"] = [MappingError("no tax mapping"), MappingError("never reached")]
    run(world_a)
    assert three_customers.sleeps == []
    assert len(three_customers.failures["1"]) == 1
    assert JournalEntry.objects.get(key="1").retryable is False


def test_a_later_run_retries_transient_failures_but_not_permanent_ones(world_a, three_customers):
    three_customers.failures["1"] = [TransientError("down")] * 3
    three_customers.failures["2"] = [MappingError("no mapping")]
    run(world_a)
    three_customers.writes.clear()
    second = run(world_a)
    assert three_customers.writes == ["1"]
    one = JournalEntry.objects.get(key="1")
    assert (one.status, one.attempts, one.run_id) == ("ok", 2, second.pk)
    assert JournalEntry.objects.get(key="2").status == "failed"


def test_an_unexpected_exception_fails_the_entry_and_propagates(world_a, three_customers):
    three_customers.failures["1"] = [ZeroDivisionError("bug")]
    with pytest.raises(ZeroDivisionError):
        run(world_a)
    entry = JournalEntry.objects.get(key="1")
    assert (entry.status, entry.error_class) == ("failed", "ZeroDivisionError")
    assert "bug" in entry.message
    assert SyncRun.objects.get().status == "failed"


def test_a_crashed_running_entry_is_reconciled_by_the_next_run(world_a, three_customers):
    crashed_run = SyncRun.objects.create(
        integration=world_a.integration, entity="customers", direction="to_factusol", trigger="schedule"
    )
    long_ago = timezone.now() - timedelta(hours=2)
    SyncRun.objects.filter(pk=crashed_run.pk).update(started_at=long_ago)
    JournalEntry.objects.create(
        integration=world_a.integration,
        run=crashed_run,
        entity="customers",
        direction="to_factusol",
        key="9",
        status="running",
        started_at=long_ago,
        attempts=1,
    )
    result = run(world_a, keys=[])
    crashed = JournalEntry.objects.get(key="9")
    assert (crashed.status, crashed.retryable, crashed.error_class) == ("failed", True, "Interrupted")
    assert "Interrupted" in crashed.message
    assert SyncRun.objects.get(pk=crashed_run.pk).status == "failed"
    assert result.status == "ok"


def test_a_recent_running_entry_is_left_alone(world_a, three_customers):
    JournalEntry.objects.create(
        integration=world_a.integration,
        entity="customers",
        direction="to_factusol",
        key="1",
        status="running",
        started_at=timezone.now(),
        attempts=1,
    )
    result = run(world_a)
    assert three_customers.writes == ["2", "3"]
    assert result.skipped == 1
    busy = JournalEntry.objects.get(key="1", status="skipped")
    assert busy.action == "busy" and "another worker" in busy.message


def test_two_workers_claiming_the_same_record_process_it_once(world_a, three_customers):
    nested = []

    def second_worker(step, item):
        if item.key == "2" and not nested:
            nested.append(run(world_a, keys=["2"], trigger="push"))

    three_customers.before_write = second_worker
    first = run(world_a)
    assert three_customers.writes == ["1", "2", "3"]
    loser = nested[0]
    assert (loser.skipped, loser.created, loser.failed) == (1, 0, 0)
    assert JournalEntry.objects.get(run=loser).message.startswith("Skipped: another worker")
    assert JournalEntry.objects.get(run=first, key="2").status == "ok"
    assert RecordLink.objects.filter(shop_id="2").count() == 1


def test_the_cursor_advances_to_the_last_change_and_the_next_run_reads_from_it_minus_the_overlap(
    world_a, three_customers
):
    run(world_a)
    point = SyncPoint.objects.get(integration=world_a.integration, entity="customers")
    last = datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    assert datetime.fromisoformat(point.cursor) == last
    assert point.last_success_at is not None
    three_customers.writes.clear()
    second = run(world_a)
    assert three_customers.sinces[-1] == last - OVERLAP
    assert three_customers.writes == []  # re-read in the overlap, unchanged by hash
    assert second.skipped == 1 and second.created == 0


def test_the_cursor_does_not_move_backwards_on_a_since_run(world_a, three_customers):
    run(world_a)
    run(world_a, since=datetime(2020, 1, 1, tzinfo=UTC))
    point = SyncPoint.objects.get(integration=world_a.integration, entity="customers")
    assert datetime.fromisoformat(point.cursor) == datetime(2026, 3, 1, 10, 30, tzinfo=UTC)


def test_a_failed_record_does_not_hold_the_cursor_back_but_stays_retryable(world_a, three_customers):
    three_customers.failures["3"] = [TransientError("locked")] * 3
    run(world_a)
    point = SyncPoint.objects.get(integration=world_a.integration, entity="customers")
    assert datetime.fromisoformat(point.cursor) == datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    assert JournalEntry.objects.get(key="3").retryable


def test_a_dry_run_writes_nothing_and_reports_the_plan(world_a, three_customers):
    result = run(world_a, dry_run=True)
    assert three_customers.writes == [] and three_customers.sink == {}
    assert not JournalEntry.objects.exists()
    assert not RecordLink.objects.exists()
    assert SyncPoint.objects.get(integration=world_a.integration, entity="customers").cursor == ""
    assert result.dry_run and result.created == 3
    assert [(p.key, p.action) for p in result.plans] == [("1", "created"), ("2", "created"), ("3", "created")]
    assert result.plans[0].plan[0]["table"] == "F_CLI"
    assert "Dry run" in result.message


def test_journal_snapshots_are_redacted(world_a, three_customers):
    run(world_a)
    assert JournalEntry.objects.get(key="1").request == {"ws_key": "***"}


def test_a_push_run_syncs_only_the_given_key_and_leaves_the_cursor(world_a, three_customers):
    result = run(world_a, keys=["2"], trigger="push")
    assert three_customers.writes == ["2"]
    assert result.created == 1
    assert SyncPoint.objects.get(integration=world_a.integration, entity="customers").cursor == ""


def test_a_key_that_no_longer_exists_is_journaled_failed(world_a, three_customers):
    run(world_a, keys=["77"], trigger="push")
    entry = JournalEntry.objects.get(key="77")
    assert (entry.status, entry.error_class) == ("failed", "RecordNotFound")


def test_a_missing_sync_point_module_says_not_available_yet():
    with pytest.raises(ConfigurationError, match="not available yet"):
        step_class("invoices")


def test_an_entry_queued_for_retry_whose_task_was_lost_is_picked_up_by_a_later_run(world_a, three_customers):
    three_customers.failures["2"] = [MappingError("no mapping")]
    run(world_a)
    entry = JournalEntry.objects.get(key="2")
    JournalEntry.objects.filter(pk=entry.pk).update(status="queued", queued_at=timezone.now())
    three_customers.writes.clear()
    run(world_a, keys=[])  # just queued: the retry task may still be on its way
    assert JournalEntry.objects.get(pk=entry.pk).status == "queued"
    JournalEntry.objects.filter(pk=entry.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    run(world_a)
    assert JournalEntry.objects.get(pk=entry.pk).status == "ok"
    assert three_customers.writes == ["2"]


def test_a_record_another_worker_holds_keeps_the_cursor_at_its_change_so_the_next_run_reads_it(
    world_a, three_customers
):
    other = SyncRun.objects.create(
        integration=world_a.integration, entity="customers", direction="to_factusol", trigger="push"
    )
    held = JournalEntry.objects.create(
        integration=world_a.integration,
        run=other,
        entity="customers",
        direction="to_factusol",
        key="2",
        status="running",
        started_at=timezone.now(),
        attempts=1,
    )
    first = run(world_a)
    assert three_customers.writes == ["1", "3"] and first.skipped == 1
    point = SyncPoint.objects.get(integration=world_a.integration, entity="customers")
    assert datetime.fromisoformat(point.cursor) == datetime(2026, 3, 1, 10, 20, tzinfo=UTC)

    # The other worker wrote the older version it had read; then record 2 was not changed again.
    JournalEntry.objects.filter(pk=held.pk).update(status="ok", finished_at=timezone.now())
    three_customers.source["2"]["name"] = "Bea (changed while held)"
    run(world_a)
    assert three_customers.writes[-1] == "2"
    assert three_customers.sink["C2"] == {"name": "Bea (changed while held)"}
    point.refresh_from_db()
    assert datetime.fromisoformat(point.cursor) == datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
