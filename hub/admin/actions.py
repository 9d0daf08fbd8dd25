"""Admin actions shared by the connection admins."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.errors import HubError


@admin.action(description=gettext_lazy("Test connection"), permissions=["change"])
def test_connection(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    for obj in queryset:
        try:
            with obj.connector() as connector:
                report = connector.test_connection()
        except HubError as err:
            modeladmin.message_user(request, _("%(obj)s: %(error)s") % {"obj": obj, "error": err}, messages.ERROR)
            continue
        failed = [c for c in report.checks if not c.ok]
        if report.ok:
            text = _("%(obj)s: connection OK (%(system)s %(version)s).") % {
                "obj": obj,
                "system": report.system,
                "version": report.version or "",
            }
            modeladmin.message_user(request, text.replace(" )", ")"), messages.SUCCESS)
        else:
            details = "; ".join(f"{c.name}: {c.detail}" if c.detail else c.name for c in failed)
            modeladmin.message_user(
                request,
                _("%(obj)s: connection failed — %(details)s") % {"obj": obj, "details": details},
                messages.ERROR,
            )
