"""manage.py sync INTEGRATION ENTITY [--full] [--dry-run] [--since DATE]."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hub.errors import MappingError
from sync.models import JournalEntry, RecordLink, SyncRun

pytestmark = pytest.mark.django_db


def sync(*args):
    out, err = StringIO(), StringIO()
    call_command("sync", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_syncs_by_slug_with_a_progress_bar_and_a_summary(world_a, three_customers):
    out, err = sync(world_a.integration.slug, "customers")
    assert "customers: 3 created, 0 updated, 0 skipped, 0 failed" in out
    assert "[##############################] 3/3" in err
    assert SyncRun.objects.get().trigger == "cli"


def test_it_accepts_the_integration_id(world_a, three_customers):
    out, _ = sync(str(world_a.integration.pk), "customers")
    assert "3 created" in out


def test_it_exits_1_and_lists_failed_entries_when_records_fail(world_a, three_customers):
    three_customers.failures["2"] = [MappingError("No carrier mapping for carrier 7.")]
    with pytest.raises(CommandError) as exc:
        sync(world_a.integration.slug, "customers")
    assert exc.value.returncode == 1
    entry = JournalEntry.objects.get(key="2")
    assert entry.status == "failed"


def test_failed_entries_are_printed_with_their_message(world_a, three_customers):
    three_customers.failures["2"] = [MappingError("No carrier mapping for carrier 7.")]
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("sync", world_a.integration.slug, "customers", stdout=out, stderr=StringIO())
    assert "FAILED 2 Bea: MappingError: No carrier mapping for carrier 7." in out.getvalue()


def test_dry_run_prints_the_planned_writes_and_writes_nothing(world_a, three_customers):
    out, _ = sync(world_a.integration.slug, "customers", "--dry-run")
    assert "DRY RUN" in out
    assert "1 Ana: created" in out
    assert 'factusol: {"key": "C1", "op": "insert", "table": "F_CLI"' in out
    assert three_customers.writes == []
    assert not JournalEntry.objects.exists() and not RecordLink.objects.exists()


def test_since_limits_the_changes_read(world_a, three_customers):
    out, _ = sync(world_a.integration.slug, "customers", "--since", "2026-03-01T10:15+00:00")
    assert "2 created" in out
    assert three_customers.writes == ["2", "3"]


def test_unknown_integration_and_unavailable_point_are_clear_errors(world_a, fake):
    with pytest.raises(CommandError, match="No integration"):
        sync("nope", "customers")
    with pytest.raises(CommandError, match="not available yet"):
        sync(world_a.integration.slug, "invoices")


def test_all_runs_every_available_point_and_skips_the_others(world_a, three_customers, monkeypatch):
    from sync import registry

    for entity in ("orders", "articles", "stock", "delivery", "invoices"):
        monkeypatch.setitem(registry.SYNC_POINTS, entity, f"sync.missing_{entity}.Nope")
    out, _ = sync(world_a.integration.slug, "all")
    assert "customers: 3 created" in out
    assert "invoices: not available yet, skipped." in out
