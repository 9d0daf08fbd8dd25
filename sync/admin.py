"""The journal, runs and record links in the admin: read-only, scoped to the user's agencies."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hub.admin.tenancy import AgencyScopedAdmin
from hub.models import Integration
from hub.tenancy import scope
from sync.admin_actions import queue_retries, report_retries, retry_entries
from sync.models import EntryStatus, JournalEntry, RecordLink, SyncRun


class ScopedIntegrationFilter(admin.RelatedFieldListFilter):
    """The integration filter, offering only the user's own integrations."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[Any, str]]:
        integrations = scope(Integration.objects.order_by("name"), request.user, "agency")
        return [(i.pk, str(i)) for i in integrations]


class ReadOnlyAdmin(AgencyScopedAdmin):
    """Nothing is added or edited by hand: the engine writes these rows."""

    agency_path = "integration__agency"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Without an object this is the permission to run the model's actions; an object's page is read-only.
        return obj is None and super().has_change_permission(request)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


@admin.register(SyncRun)
class SyncRunAdmin(ReadOnlyAdmin):
    list_display = (
        "started_at",
        "integration",
        "entity",
        "trigger",
        "status",
        "progress_display",
        "total",
        "created",
        "updated",
        "skipped",
        "failed",
        "dry_run",
    )
    list_filter = ("status", "entity", "trigger", "dry_run", ("integration", ScopedIntegrationFilter))
    list_select_related = ("integration",)
    date_hierarchy = "started_at"
    actions = None

    @admin.display(description=_("progress"))
    def progress_display(self, obj: SyncRun) -> str:
        return f"{obj.progress} %"


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "integration",
        "entity",
        "label",
        "key",
        "status",
        "action",
        "attempts",
        "error_class",
        "short_message",
    )
    list_filter = (
        "status",
        "entity",
        ("integration", ScopedIntegrationFilter),
        "error_class",
        "retryable",
        "direction",
    )
    list_select_related = ("integration",)
    search_fields = ("key", "shop_id", "factusol_key", "label")
    raw_id_fields = ("run",)
    actions = [retry_entries]

    @admin.display(description=_("message"))
    def short_message(self, obj: JournalEntry) -> str:
        return Truncator(obj.message).chars(90)

    def get_urls(self) -> list[URLPattern]:
        retry = self.admin_site.admin_view(require_POST(self.retry_view))
        return [path("<path:object_id>/retry/", retry, name="sync_journalentry_retry"), *super().get_urls()]

    def _may_retry(self, request: HttpRequest, obj: JournalEntry) -> bool:
        return self._has_role(request, self.edit_roles, obj)

    def retry_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not str(object_id).isdigit():
            raise Http404
        entry = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self._may_retry(request, entry):
            raise PermissionDenied
        report_retries(self, request, queue_retries(JournalEntry.objects.filter(pk=entry.pk)))
        return HttpResponseRedirect(reverse("admin:sync_journalentry_change", args=[entry.pk]))

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        entry = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "can_retry": bool(entry and entry.status == EntryStatus.FAILED and self._may_retry(request, entry)),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(RecordLink)
class RecordLinkAdmin(ReadOnlyAdmin):
    """Deleting a link (owners) makes the next sync treat the record as new: match or create."""

    list_display = ("integration", "entity", "shop_id", "factusol_key", "synced_at", "content_hash_short")
    list_filter = ("entity", ("integration", ScopedIntegrationFilter))
    list_select_related = ("integration",)
    search_fields = ("shop_id", "factusol_key")

    @admin.display(description=_("content hash"))
    def content_hash_short(self, obj: RecordLink) -> str:
        return obj.content_hash[:12]
