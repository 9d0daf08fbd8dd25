"""``manage.py sync INTEGRATION ENTITY [--full] [--dry-run] [--since DATE]``: one run in the foreground."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from datetime import datetime, time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from hub.errors import ConfigurationError
from hub.models import Integration
from hub.models.choices import SyncEntity
from sync.engine import run_sync
from sync.models import EntryStatus, RunStatus, SyncRun, Trigger
from sync.registry import is_available

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Run one sync point (or all) of an integration now, with a progress bar and a summary."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("integration", help="Integration identifier (slug) or id.")
        parser.add_argument("entity", choices=[*SyncEntity.values, "all"], help="Sync point, or 'all'.")
        parser.add_argument("--full", action="store_true", help="All records, not only changes since the cursor.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would be written; write nothing.")
        parser.add_argument("--since", type=_since, help="Only changes after this date (YYYY-MM-DD[THH:MM]).")

    def handle(self, *args: Any, **options: Any) -> None:
        integration = _integration(options["integration"])
        entities = [options["entity"]] if options["entity"] != "all" else SyncEntity.values
        failed = 0
        for entity in entities:
            if options["entity"] == "all" and not is_available(entity):
                self.stdout.write(f"{entity}: not available yet, skipped.")
                continue
            try:
                run = run_sync(
                    integration.pk,
                    entity,
                    trigger=Trigger.CLI,
                    full=options["full"],
                    since=options["since"],
                    dry_run=options["dry_run"],
                    progress=self._progress if options["verbosity"] > 0 else None,
                )
            except ConfigurationError as err:
                raise CommandError(str(err)) from err
            self._clear_bar(options["verbosity"])
            self._summary(run)
            failed += run.failed + (1 if run.status == RunStatus.FAILED else 0)
        if failed:
            raise CommandError(f"{failed} record(s) or run(s) failed.", returncode=1)

    def _progress(self, run: SyncRun, label: str) -> None:
        total = max(run.total, run.processed, 1)
        done = int(BAR_WIDTH * run.processed / total)
        bar = "#" * done + "-" * (BAR_WIDTH - done)
        self.stderr.write(f"\r{run.entity} [{bar}] {run.processed}/{run.total} {label[:40]:<40}", ending="")
        self.stderr.flush()

    def _clear_bar(self, verbosity: int) -> None:
        if verbosity > 0:
            self.stderr.write("")

    def _summary(self, run: SyncRun) -> None:
        head = "DRY RUN (nothing written) " if run.dry_run else ""
        self.stdout.write(
            f"{head}{run.entity}: {run.created} created, {run.updated} updated, {run.skipped} skipped, "
            f"{run.failed} failed [{run.get_status_display()}]"
        )
        if run.status == RunStatus.FAILED:
            self.stdout.write(f"  run failed: {run.message}")
        for planned in getattr(run, "plans", []):
            self.stdout.write(f"  {planned.key} {planned.label}: {planned.error or planned.action}")
            for write in planned.plan:
                self.stdout.write("    " + _plan_line(write))
        for entry in run.entries.filter(status=EntryStatus.FAILED).order_by("pk"):
            self.stdout.write(f"  FAILED {entry.key} {entry.label}: {entry.error_class}: {entry.message}")


def _plan_line(write: dict[str, Any]) -> str:
    side = write.get("side", "?")
    rest = {k: v for k, v in write.items() if k != "side"}
    return f"{side}: {json.dumps(rest, ensure_ascii=False, default=str, sort_keys=True)}"


def _integration(value: str) -> Integration:
    found = Integration.objects.filter(slug=value).first()
    if found is None and value.isdigit():
        found = Integration.objects.filter(pk=int(value)).first()
    if found is None:
        raise CommandError(f"No integration with identifier or id {value!r}.")
    return found


def _since(value: str) -> datetime:
    parsed = parse_datetime(value)
    if parsed is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(value)
        parsed = datetime.combine(day, time.min)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


_since.__name__ = "date"  # argparse names the type in its error message
