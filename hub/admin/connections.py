from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hub.admin.actions import test_connection
from hub.admin.forms import FactusolConnectionForm, ShopForm
from hub.admin.tenancy import AgencyScopedAdmin
from hub.models import FactusolConnection, Shop


@admin.register(Shop)
class ShopAdmin(AgencyScopedAdmin):
    form = ShopForm
    list_display = ("name", "agency", "base_url", "id_shop", "enabled")
    list_filter = ("enabled", "agency")
    list_select_related = ("agency",)
    search_fields = ("name", "base_url")
    actions = [test_connection]
    fieldsets = [
        (None, {"fields": ("agency", "name", "enabled")}),
        (_("Webservice"), {"fields": ("base_url", "webservice_key", "language_id")}),
        (_("Multistore"), {"fields": ("id_shop", "id_shop_group"), "classes": ("collapse",)}),
        (_("Limits"), {"fields": ("timeout", "max_parallel_requests")}),
    ]


@admin.register(FactusolConnection)
class FactusolConnectionAdmin(AgencyScopedAdmin):
    form = FactusolConnectionForm
    list_display = ("name", "agency", "transport", "fiscal_year", "cluster_name", "enabled")
    list_filter = ("transport", "enabled", "agency")
    list_select_related = ("agency",)
    search_fields = ("name", "odbc_file_path", "api_database")
    actions = [test_connection]
    fieldsets = [
        (None, {"fields": ("agency", "name", "enabled", "transport", "company_code")}),
        (_("ODBC"), {"fields": ("odbc_file_path", "odbc_connection_string", "cluster_name")}),
        (
            _("DELSOL REST API"),
            {"fields": ("api_base_url", "api_manufacturer_code", "api_client_code", "api_database", "api_password")},
        ),
        (_("Fiscal year"), {"fields": ("year_policy", "fixed_year")}),
        (_("Limits"), {"fields": ("timeout",)}),
    ]

    @admin.display(description=_("fiscal year"))
    def fiscal_year(self, obj: FactusolConnection) -> int:
        return obj.fiscal_year
