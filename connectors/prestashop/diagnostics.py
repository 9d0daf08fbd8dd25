"""The "test connection" run for a shop: key, permissions per resource, multistore, version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from connectors.base import ConnectionReport
from connectors.prestashop.resources import HUB_RESOURCES
from connectors.prestashop.xml import parse
from hub.errors import HubError, RecordNotFound

if TYPE_CHECKING:
    from connectors.prestashop.webservice import PrestashopWebservice


def api_permissions(ws: PrestashopWebservice) -> dict[str, dict[str, bool]]:
    """``resource → {method: allowed}`` from ``GET /api/`` (the resources the key may use)."""
    root = parse(ws.call("GET", "").content)
    api = root.find("api")
    if api is None:
        return {}
    return {el.tag: {m: el.get(m) == "true" for m in ("get", "put", "post", "patch", "delete", "head")} for el in api}


def needed_methods(methods: tuple[str, ...], supports_patch: bool) -> tuple[str, ...]:
    """On PrestaShop >= 8 ``patch()`` sends PATCH, a permission keys created before 8 lack (reference §1.5)."""
    if supports_patch and "put" in methods and "patch" not in methods:
        return (*methods, "patch")
    return methods


def run_connection_test(ws: PrestashopWebservice) -> ConnectionReport:
    from connectors.prestashop.webservice import WRITE_PERMISSIONS

    report = ConnectionReport(ok=True, system="PrestaShop")
    try:
        permissions = api_permissions(ws)
    except HubError as err:
        report.add(_("Webservice key"), False, str(err))
        return report
    report.version = ws._version or ""
    report.add(_("Webservice key"), True, _("Accepted; PrestaShop %(version)s.") % {"version": report.version})
    missing_get = [r for r in HUB_RESOURCES if not permissions.get(r, {}).get("get")]
    report.add(
        _("Read permissions"),
        not missing_get,
        _("Missing GET on: %(list)s") % {"list": ", ".join(missing_get)} if missing_get else _("All granted."),
    )
    missing_write = [
        f"{method.upper()} {resource}"
        for resource, methods in WRITE_PERMISSIONS.items()
        for method in needed_methods(methods, ws.supports_patch)
        if not permissions.get(resource, {}).get(method)
    ]
    report.add(
        _("Write permissions"),
        not missing_write,
        _("Missing: %(list)s") % {"list": ", ".join(missing_write)} if missing_write else _("All granted."),
    )
    shop = ws.connection
    if shop.id_shop or shop.id_shop_group:
        try:
            record = ws.get("shops", shop.id_shop) if shop.id_shop else {}
            group_ok = not shop.id_shop_group or not record or record.get("id_shop_group") == str(shop.id_shop_group)
            report.add(
                _("Multistore"),
                group_ok,
                _("Shop %(id)s: %(name)s") % {"id": shop.id_shop, "name": record.get("name", "")}
                if group_ok
                else _("Shop %(id)s is not in group %(group)s.") % {"id": shop.id_shop, "group": shop.id_shop_group},
            )
        except RecordNotFound:
            report.add(_("Multistore"), False, _("The shop has no shop with id %(id)s.") % {"id": shop.id_shop})
        except HubError as err:
            report.add(_("Multistore"), False, str(err))
    return report
