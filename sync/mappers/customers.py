"""PrestaShop customer + address → the named values that field mappings turn into F_CLI / F_OBR rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from hub.errors import MappingError
from sync.mappers.common import clean_nif, full_name, shop_datetime


def customer_values(
    customer: dict[str, Any],
    address: dict[str, Any] | None,
    *,
    country_code: str = "",
    province: str = "",
    payment_method: str = "",
) -> dict[str, Any]:
    """The shop values a customer offers to field mappings (names listed in hub.defaults)."""
    address = address or {}
    person = full_name(customer) or full_name(address)
    company = (address.get("company") or customer.get("company") or "").strip()
    street = " ".join(p for p in (address.get("address1", "").strip(), address.get("address2", "").strip()) if p)
    phone = (address.get("phone") or address.get("phone_mobile") or "").strip()
    return {
        "fiscal_name": company or person,
        "trade_name": (customer.get("company") or "").strip() or person,
        "nif": clean_nif(address.get("dni") or address.get("vat_number") or customer.get("siret")),
        "address": street,
        "town": (address.get("city") or "").strip(),
        "postcode": (address.get("postcode") or "").strip(),
        "province": province,
        "country_code": country_code,
        "phone": phone,
        "mobile": (address.get("phone_mobile") or "").strip(),
        "email": (customer.get("email") or "").strip().lower(),
        "contact_name": person,
        "payment_method": payment_method,
        "created_date": shop_datetime(customer.get("date_add")) or datetime.now().replace(microsecond=0),
        "modified_date": shop_datetime(customer.get("date_upd")) or datetime.now().replace(microsecond=0),
    }


def address_values(address: dict[str, Any], *, email: str, country_code: str, province: str) -> dict[str, Any]:
    """The shop values a delivery address offers to the F_OBR field mappings."""
    person = full_name(address)
    company = (address.get("company") or "").strip()
    street = " ".join(p for p in (address.get("address1", "").strip(), address.get("address2", "").strip()) if p)
    return {
        "name": company or person,
        "address": street,
        "town": (address.get("city") or "").strip(),
        "postcode": (address.get("postcode") or "").strip(),
        "province": province,
        "country_code": country_code,
        "phone": (address.get("phone") or address.get("phone_mobile") or "").strip(),
        "email": email,
        "contact_name": person,
    }


def apply_field_mappings(values: dict[str, Any], mappings: Iterable[Any], *, creating: bool) -> dict[str, Any]:
    """Build a FactuSOL row from ``values`` through the field mappings.

    Columns FactuSOL owns are only written when the record is created (the conflict rule).
    """
    row: dict[str, Any] = {}
    for mapping in mappings:
        if not mapping.enabled:
            continue
        if mapping.owner == "factusol" and not creating:
            continue
        if mapping.shop_field not in values:
            raise MappingError(
                _("Field mapping %(column)s uses %(field)r, which the shop does not provide. Valid: %(valid)s")
                % {"column": mapping.factusol_column, "field": mapping.shop_field, "valid": ", ".join(sorted(values))}
            )
        value = values[mapping.shop_field]
        if value in ("", None) and mapping.owner == "factusol":
            continue
        row[mapping.factusol_column] = value
    return row
