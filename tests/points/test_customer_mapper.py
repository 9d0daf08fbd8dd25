"""Customer values and field mappings: names, NIF, country codes and the owner rule."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from hub.errors import MappingError
from sync.mappers.common import clean_nif, numeric_country
from sync.mappers.customers import apply_field_mappings, customer_values

CUSTOMER = {
    "id": "3",
    "firstname": "Lucía",
    "lastname": "Pérez",
    "email": "Lucia@Example.com ",
    "company": "",
    "is_guest": "0",
    "date_add": "2026-01-05 10:00:00",
    "date_upd": "2026-02-01 09:30:00",
}
ADDRESS = {
    "id": "8",
    "firstname": "Lucía",
    "lastname": "Pérez",
    "company": "Libros Pérez SL",
    "dni": "b-1234567 8",
    "address1": "C/ Mayor 1",
    "address2": "2ºB",
    "city": "Madrid",
    "postcode": "28001",
    "phone": "",
    "phone_mobile": "600111222",
    "id_country": "6",
    "id_state": "30",
}


def mapping(shop_field: str, column: str, owner: str = "shop", enabled: bool = True):
    return SimpleNamespace(shop_field=shop_field, factusol_column=column, owner=owner, enabled=enabled)


def test_company_on_the_address_is_the_fiscal_name_and_the_nif_is_normalised():
    values = customer_values(CUSTOMER, ADDRESS, country_code="724", province="Madrid")
    assert values["fiscal_name"] == "Libros Pérez SL"
    assert values["trade_name"] == "Lucía Pérez"
    assert values["nif"] == "B12345678"
    assert values["address"] == "C/ Mayor 1 2ºB"
    assert values["phone"] == "600111222" and values["mobile"] == "600111222"
    assert values["email"] == "lucia@example.com"


def test_without_company_the_person_is_the_fiscal_name():
    values = customer_values(CUSTOMER, {**ADDRESS, "company": ""})
    assert values["fiscal_name"] == "Lucía Pérez"


def test_factusol_owned_columns_are_written_only_on_create():
    values = customer_values(CUSTOMER, ADDRESS, payment_method="TRA")
    mappings = [mapping("email", "EMACLI"), mapping("payment_method", "FPACLI", owner="factusol")]
    assert apply_field_mappings(values, mappings, creating=True) == {"EMACLI": "lucia@example.com", "FPACLI": "TRA"}
    assert apply_field_mappings(values, mappings, creating=False) == {"EMACLI": "lucia@example.com"}


def test_disabled_mappings_are_ignored_and_unknown_shop_values_are_refused():
    values = customer_values(CUSTOMER, ADDRESS)
    assert apply_field_mappings(values, [mapping("email", "EMACLI", enabled=False)], creating=True) == {}
    with pytest.raises(MappingError, match="birthday"):
        apply_field_mappings(values, [mapping("birthday", "FNACLI")], creating=True)


def test_iso_countries_become_numeric_codes_and_unknown_ones_need_a_mapping():
    assert numeric_country("ES") == "724"
    assert numeric_country("pt") == "620"
    assert numeric_country("XK", {"XK": "XKX"}) == "XKX"
    with pytest.raises(MappingError, match="country"):
        numeric_country("ZZ")


def test_clean_nif():
    assert clean_nif(" 12.345.678-z ") == "12345678Z"
