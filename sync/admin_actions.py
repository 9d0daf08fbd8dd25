"""Actions that start work: "retry" on journal entries, "sync now" on integrations.

``INTEGRATION_ACTIONS`` is picked up by the Integration admin (``hub/admin/integrations.py``).
Every action re-scopes the queryset to the agencies where the user may run actions, so ids
posted from outside the user's agencies are ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hub.models import Integration
from hub.models.choices import SyncEntity
from hub.tenancy import EDIT_ROLES, scope
from sync.models import EntryStatus, JournalEntry, Trigger
from sync.registry import is_available
from sync.tasks import enqueue_retry, enqueue_sync


@dataclass
class RetryReport:
    queued: list[int] = field(default_factory=list)
    succeeded: int = 0
    not_failed: int = 0


def queue_retries(entries: QuerySet[JournalEntry]) -> RetryReport:
    """Claim each failed entry (failed → queued) and queue one retry task per integration."""
    report = RetryReport()
    by_integration: dict[int, list[int]] = {}
    for entry in entries.select_related("integration__factusol").order_by("pk"):
        claimed = JournalEntry.objects.filter(pk=entry.pk, status=EntryStatus.FAILED).update(
            status=EntryStatus.QUEUED, queued_at=timezone.now()
        )
        if claimed:
            report.queued.append(entry.pk)
            by_integration.setdefault(entry.integration_id, []).append(entry.pk)
        elif entry.status in (EntryStatus.OK, EntryStatus.SKIPPED):
            report.succeeded += 1
        else:
            report.not_failed += 1
    for integration in Integration.objects.filter(pk__in=by_integration).select_related("factusol"):
        enqueue_retry(integration, by_integration[integration.pk])
    return report


def report_retries(modeladmin: admin.ModelAdmin, request: HttpRequest, report: RetryReport) -> None:
    if report.queued:
        modeladmin.message_user(
            request,
            ngettext("%(n)d entry queued for retry.", "%(n)d entries queued for retry.", len(report.queued))
            % {"n": len(report.queued)},
            messages.SUCCESS,
        )
    if report.succeeded:
        modeladmin.message_user(
            request,
            ngettext(
                "%(n)d entry skipped because it already succeeded.",
                "%(n)d entries skipped because they already succeeded.",
                report.succeeded,
            )
            % {"n": report.succeeded},
            messages.WARNING,
        )
    if report.not_failed:
        modeladmin.message_user(
            request,
            ngettext(
                "%(n)d entry skipped because it is not failed (running or already queued).",
                "%(n)d entries skipped because they are not failed (running or already queued).",
                report.not_failed,
            )
            % {"n": report.not_failed},
            messages.WARNING,
        )
    if not (report.queued or report.succeeded or report.not_failed):
        modeladmin.message_user(request, _("Nothing to retry."), messages.WARNING)


@admin.action(description=gettext_lazy("Retry selected entries"), permissions=["change"])
def retry_entries(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
    queryset = scope(queryset, request.user, "integration__agency", EDIT_ROLES)
    if not queryset.exists():
        modeladmin.message_user(request, _("No entry you may retry was selected."), messages.WARNING)
        return None
    if request.POST.get("post") != "yes":
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Retry journal entries"),
            "opts": modeladmin.model._meta,
            "queryset": queryset,
            "count": queryset.count(),
            "failed_count": queryset.filter(status=EntryStatus.FAILED).count(),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "retry_entries",
        }
        return TemplateResponse(request, "admin/sync/journalentry/retry_confirmation.html", context)
    report_retries(modeladmin, request, queue_retries(queryset))
    return None


# -- sync now -----------------------------------------------------------------------------------
class SyncNowForm(forms.Form):
    entity = forms.ChoiceField(label=gettext_lazy("Sync point"), choices=SyncEntity.choices)
    full = forms.BooleanField(label=gettext_lazy("Full sync (all records, not only changes)"), required=False)


def _enqueue_for(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet, entity: str, full: bool
) -> None:
    if not is_available(entity):
        modeladmin.message_user(
            request, _("The %(entity)s sync point is not available yet.") % {"entity": entity}, messages.ERROR
        )
        return
    integrations = list(scope(queryset, request.user, "agency", EDIT_ROLES).select_related("factusol"))
    started = [i for i in integrations if i.enabled]
    for integration in started:
        enqueue_sync(integration, entity, trigger=Trigger.MANUAL, full=full)
    if started:
        modeladmin.message_user(
            request,
            ngettext(
                "%(entity)s sync queued for %(n)d integration.",
                "%(entity)s sync queued for %(n)d integrations.",
                len(started),
            )
            % {"entity": SyncEntity(entity).label, "n": len(started)},
            messages.SUCCESS,
        )
    if len(started) < len(integrations):
        modeladmin.message_user(
            request,
            _("%(n)d disabled integration(s) skipped.") % {"n": len(integrations) - len(started)},
            messages.WARNING,
        )
    if not integrations:
        modeladmin.message_user(request, _("No integration you may sync was selected."), messages.WARNING)


@admin.action(description=gettext_lazy("Sync now…"), permissions=["change"])
def sync_now(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> TemplateResponse | None:
    """Asks for the sync point (and full or changes only), then queues a run per integration."""
    if not scope(queryset, request.user, "agency", EDIT_ROLES).exists():
        modeladmin.message_user(request, _("No integration you may sync was selected."), messages.WARNING)
        return None
    form = SyncNowForm(request.POST if request.POST.get("post") == "yes" else None)
    if form.is_valid():
        _enqueue_for(modeladmin, request, queryset, form.cleaned_data["entity"], form.cleaned_data["full"])
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Sync now"),
        "opts": modeladmin.model._meta,
        "queryset": scope(queryset, request.user, "agency", EDIT_ROLES),
        "form": form,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "action_name": "sync_now",
    }
    return TemplateResponse(request, "admin/sync/sync_now.html", context)


def sync_now_action(entity: str) -> Callable[..., Any]:
    """A one-click action that queues ``entity`` (changes only) for the selected integrations."""

    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
        _enqueue_for(modeladmin, request, queryset, entity, False)

    action.__name__ = f"sync_now_{entity}"
    return admin.action(
        description=format_lazy(gettext_lazy("Sync now: {entity}"), entity=SyncEntity(entity).label),
        permissions=["change"],
    )(action)


INTEGRATION_ACTIONS: list[Callable[..., Any]] = [sync_now]
