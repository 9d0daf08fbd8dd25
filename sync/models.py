"""Record links, sync runs and the sync journal."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models import Direction, Integration, LinkEntity, SyncEntity


class RecordLink(models.Model):
    """Which shop record is which FactuSOL record, and a hash of what was last written."""

    integration = models.ForeignKey(Integration, models.CASCADE, related_name="links", verbose_name=_("integration"))
    entity = models.CharField(_("entity"), max_length=16, choices=LinkEntity.choices)
    shop_id = models.CharField(_("shop id"), max_length=40)
    factusol_key = models.CharField(_("FactuSOL key"), max_length=60)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    synced_at = models.DateTimeField(_("synced at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("record link")
        verbose_name_plural = _("record links")
        ordering = ["integration", "entity", "shop_id"]
        constraints = [
            models.UniqueConstraint(fields=["integration", "entity", "shop_id"], name="uniq_link_shop"),
            models.UniqueConstraint(fields=["integration", "entity", "factusol_key"], name="uniq_link_factusol"),
        ]

    def __str__(self) -> str:
        return f"{self.get_entity_display()} {self.shop_id} ↔ {self.factusol_key}"


class Trigger(models.TextChoices):
    SCHEDULE = "schedule", _("Schedule")
    MANUAL = "manual", _("Sync now")
    CLI = "cli", _("Command line")
    PUSH = "push", _("Shop event")
    RETRY = "retry", _("Retry")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    OK = "ok", _("Finished")
    PARTIAL = "partial", _("Finished with failures")
    FAILED = "failed", _("Failed")


class SyncRun(models.Model):
    """One integration × one entity × one direction, as executed once."""

    integration = models.ForeignKey(Integration, models.CASCADE, related_name="runs", verbose_name=_("integration"))
    entity = models.CharField(_("sync point"), max_length=12, choices=SyncEntity.choices)
    direction = models.CharField(_("direction"), max_length=12, choices=Direction.choices)
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    dry_run = models.BooleanField(_("dry run"), default=False)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    total = models.PositiveIntegerField(_("records"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    message = models.TextField(_("message"), blank=True)
    task_id = models.CharField(_("task id"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("sync run")
        verbose_name_plural = _("sync runs")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["integration", "entity", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.integration} · {self.get_entity_display()} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def progress(self) -> int:
        return int(100 * self.processed / self.total) if self.total else (100 if self.finished_at else 0)


class EntryAction(models.TextChoices):
    """What was done with the record (``sync.base.Action``)."""

    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    SKIPPED = "skipped", _("Skipped")
    UNCHANGED = "unchanged", _("Unchanged")


class EntryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    OK = "ok", _("OK")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")


class JournalEntry(models.Model):
    """One record's sync, written before the external call and updated after it.

    Retrying re-runs the same entry (``attempts`` counts); a crash leaves it ``running``.
    """

    integration = models.ForeignKey(Integration, models.CASCADE, related_name="journal", verbose_name=_("integration"))
    run = models.ForeignKey(
        SyncRun, models.SET_NULL, null=True, blank=True, related_name="entries", verbose_name=_("run")
    )
    entity = models.CharField(_("sync point"), max_length=12, choices=SyncEntity.choices)
    direction = models.CharField(_("direction"), max_length=12, choices=Direction.choices)
    action = models.CharField(_("action"), max_length=20, blank=True, choices=EntryAction.choices)
    #: The source record's key as the sync point knows it (shop id for shop → FactuSOL points,
    #: FactuSOL key for the others, or e.g. ``address:12``); what claims and retries go by.
    key = models.CharField(_("record key"), max_length=80, blank=True)
    shop_id = models.CharField(_("shop id"), max_length=40, blank=True, db_index=True)
    factusol_key = models.CharField(_("FactuSOL key"), max_length=60, blank=True, db_index=True)
    label = models.CharField(_("record"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error_class = models.CharField(_("error type"), max_length=60, blank=True)
    retryable = models.BooleanField(_("retry may help"), default=False)
    message = models.TextField(_("message"), blank=True)
    request = models.JSONField(_("request (redacted)"), null=True, blank=True)
    response = models.JSONField(_("response (redacted)"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued for retry"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    duration = models.FloatField(_("duration (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["integration", "status", "-created_at"]),
            models.Index(fields=["integration", "entity", "key"]),
        ]
        constraints = [
            # The claim: at most one worker processes a given record at a time (partial index,
            # enforced by PostgreSQL and SQLite alike).
            models.UniqueConstraint(
                fields=["integration", "entity", "key"],
                condition=models.Q(status="running"),
                name="uniq_running_entry",
            ),
        ]

    def __str__(self) -> str:
        record = self.key or self.shop_id or self.factusol_key
        return f"{self.get_entity_display()} {record} · {self.get_status_display()}"
