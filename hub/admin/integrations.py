from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hub.admin.tenancy import AgencyScopedAdmin, AgencyScopedInline
from hub.models import FieldMapping, Integration, SyncPoint, ValueMapping, WarehouseChoice


class SyncPointInline(AgencyScopedInline):
    model = SyncPoint
    fields = ("entity", "enabled", "interval_minutes", "cursor", "last_success_at")
    readonly_fields = ("cursor", "last_success_at")


class WarehouseInline(AgencyScopedInline):
    model = WarehouseChoice


class ValueMappingInline(AgencyScopedInline):
    model = ValueMapping
    fields = ("kind", "shop_value", "factusol_value", "label")


class FieldMappingInline(AgencyScopedInline):
    model = FieldMapping
    fields = ("entity", "shop_field", "factusol_column", "owner", "enabled")
    classes = ("collapse",)


def _integration_actions() -> list[Any]:
    try:
        from sync.admin_actions import INTEGRATION_ACTIONS
    except ImportError:
        return []
    return list(INTEGRATION_ACTIONS)


@admin.register(Integration)
class IntegrationAdmin(AgencyScopedAdmin):
    list_display = ("name", "slug", "agency", "shop", "factusol", "enabled")
    list_filter = ("enabled", "agency")
    list_select_related = ("agency", "shop", "factusol")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("webhook_url",)
    inlines = [SyncPointInline, WarehouseInline, ValueMappingInline, FieldMappingInline]
    fieldsets = [
        (None, {"fields": ("agency", "name", "slug", "shop", "factusol", "enabled")}),
        (_("Orders"), {"fields": ("order_series", "order_warehouse", "import_order_states")}),
        (
            _("Customers"),
            {
                "fields": (
                    "customer_match",
                    ("registered_code_from", "registered_code_to"),
                    "guest_rule",
                    ("guest_code_from", "guest_code_to"),
                    "generic_customer_code",
                )
            },
        ),
        (_("Articles and stock"), {"fields": ("price_tariff", "prices_include_vat", "stock_mode")}),
        (_("Shop events (push)"), {"fields": ("webhook_url", "webhook_secret"), "classes": ("collapse",)}),
    ]

    def get_actions(self, request: HttpRequest) -> dict:
        actions = super().get_actions(request)
        for func in _integration_actions():
            name = getattr(func, "__name__", str(func))
            if self.has_change_permission(request):
                actions[name] = (func, name, getattr(func, "short_description", name))
        return actions

    @admin.display(description=_("webhook URL"))
    def webhook_url(self, obj: Integration) -> str:
        if not obj.pk:
            return "—"
        return f"/hooks/prestashop/{obj.webhook_token}/"


class IntegrationChildAdmin(AgencyScopedAdmin):
    agency_path = "integration__agency"
    list_select_related = ("integration",)
    edit_roles = ("owner", "operator")
    manage_roles = ("owner", "operator")


@admin.register(ValueMapping)
class ValueMappingAdmin(IntegrationChildAdmin):
    list_display = ("integration", "kind", "shop_value", "factusol_value", "label")
    list_filter = ("kind", "integration")
    search_fields = ("shop_value", "factusol_value", "label")


@admin.register(FieldMapping)
class FieldMappingAdmin(IntegrationChildAdmin):
    list_display = ("integration", "entity", "shop_field", "factusol_column", "owner", "enabled")
    list_filter = ("entity", "owner", "enabled", "integration")
    search_fields = ("shop_field", "factusol_column")


@admin.register(SyncPoint)
class SyncPointAdmin(IntegrationChildAdmin):
    list_display = ("integration", "entity", "enabled", "interval_minutes", "last_success_at")
    list_filter = ("entity", "enabled", "integration")
    readonly_fields = ("cursor", "last_success_at")


@admin.register(WarehouseChoice)
class WarehouseChoiceAdmin(IntegrationChildAdmin):
    list_display = ("integration", "code")
    list_filter = ("integration",)
