from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pycountry
from django.utils.translation import gettext as _

from hub.errors import DataError, MappingError

CENT = Decimal("0.01")
ZERO_DATE = "0000-00-00"


def dec(value: Any, field: str = "") -> Decimal:
    """A shop amount ('23.900000', '', None) as a Decimal."""
    if value in (None, ""):
        return Decimal(0)
    try:
        return Decimal(str(value))
    except InvalidOperation as err:
        raise DataError(_("%(field)s is not a number: %(value)r") % {"field": field or "?", "value": value}) from err


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def shop_datetime(value: str | None) -> datetime | None:
    """PrestaShop's 'YYYY-MM-DD HH:MM:SS' (or the zero date) as a naive datetime."""
    if not value or value.startswith(ZERO_DATE):
        return None
    try:
        return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        try:
            return datetime.strptime(value[:10], "%Y-%m-%d")
        except ValueError as err:
            raise DataError(_("Unreadable date: %(value)r") % {"value": value}) from err


def clean_nif(value: str | None) -> str:
    """A NIF/CIF/VAT number as FactuSOL users type it: upper case, no spaces, dots or dashes."""
    return re.sub(r"[\s.\-]", "", value or "").upper()


def full_name(record: dict[str, Any]) -> str:
    return " ".join(p for p in (record.get("firstname", "").strip(), record.get("lastname", "").strip()) if p)


def numeric_country(iso_code: str, overrides: dict[str, str] | None = None) -> str:
    """ISO 3166 alpha-2 → the numeric code FactuSOL keeps in PAICLI ('ES' → '724').

    A country value mapping (``overrides``) wins, for installs that store names instead.
    """
    iso = (iso_code or "").strip().upper()
    if overrides and iso in overrides:
        return overrides[iso]
    country = pycountry.countries.get(alpha_2=iso) if len(iso) == 2 else None
    if country is None:
        raise MappingError(
            _("Unknown country %(iso)r: add a country value mapping (ISO code → FactuSOL value).") % {"iso": iso}
        )
    return country.numeric
