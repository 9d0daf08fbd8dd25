"""The order mapper: F_PCL bands, totals, shipping, discounts and mapping errors, without I/O."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hub.errors import DataError, MappingError
from sync.mappers.orders import Buyer, OrderContext, build_order

ORDER = {
    "id": "7",
    "reference": "XKBKNABJK",
    "date_add": "2026-03-02 17:45:12",
    "note": "Dejar en portería",
    "total_paid_tax_incl": "82.260000",
    "total_discounts_tax_excl": "0.000000",
    "total_shipping_tax_excl": "4.958678",
    "total_shipping_tax_incl": "6.000000",
}
DETAILS = [
    {
        "product_id": "1",
        "product_attribute_id": "0",
        "product_name": "Camiseta",
        "product_quantity": "2",
        "unit_price_tax_excl": "20.000000",
        "unit_price_tax_incl": "24.200000",
        "total_price_tax_excl": "40.000000",
        "total_price_tax_incl": "48.400000",
        "reduction_percent": "0.00",
    },
    {
        "product_id": "2",
        "product_attribute_id": "0",
        "product_name": "Libro",
        "product_quantity": "1",
        "unit_price_tax_excl": "26.788462",
        "unit_price_tax_incl": "27.860000",
        "total_price_tax_excl": "26.788462",
        "total_price_tax_incl": "27.860000",
        "reduction_percent": "0.00",
    },
]


def context(**overrides) -> OrderContext:
    values = dict(
        buyer=Buyer(
            code=12,
            name="Lucía Pérez",
            address="C/ Mayor 1",
            town="Madrid",
            postcode="28001",
            province="Madrid",
            nif="12345678Z",
            email="lucia@example.com",
            country="724",
        ),
        warehouse="GEN",
        payment_code="TRA",
        carrier_code=2,
        year=2026,
        paid=True,
        vat_rates={0: Decimal(21), 1: Decimal(10), 2: Decimal(4)},
        article_for=lambda d: ({"1": "CAM01", "2": "LIB01"}[d["product_id"]], "", ""),
    )
    values.update(overrides)
    return OrderContext(**values)


def test_it_puts_each_line_in_its_vat_band_and_matches_the_shop_total():
    doc = build_order(ORDER, DETAILS, context())
    h = doc.header
    assert h["NET1PCL"] == Decimal("40.00")
    assert h["NET3PCL"] == Decimal("26.79")
    assert h["IPOR1PCL"] == Decimal("4.96")
    assert h["BAS1PCL"] == Decimal("44.96")
    assert h["IIVA1PCL"] == Decimal("9.44")
    assert h["IIVA3PCL"] == Decimal("1.07")
    assert h["TOTPCL"] == Decimal("82.26")
    assert [line["IVALPC"] for line in doc.lines] == [0.0, 2.0]
    assert doc.lines[0]["ARTLPC"] == "CAM01" and doc.lines[0]["PENLPC"] == Decimal("2")


def test_it_snapshots_the_buyer_and_flags_a_paid_order():
    h = build_order(ORDER, DETAILS, context()).header
    assert (h["CLIPCL"], h["CNOPCL"], h["CNIPCL"], h["CPAPCL"]) == (12, "Lucía Pérez", "12345678Z", "724")
    assert h["REFPCL"] == "XKBKNABJK" and h["CEWPCL"] == 1 and h["ESTPCL"] == 0
    assert h["FECPCL"].hour == 0 and (h["HORPCL"].year, h["HORPCL"].hour, h["HORPCL"].minute) == (1900, 17, 45)
    assert h["COMPCL"] == "Dejar en portería"
    assert build_order(ORDER, DETAILS, context(paid=False)).header["CEWPCL"] == 0


def test_a_total_mismatch_fails_the_order():
    with pytest.raises(DataError, match="does not match"):
        build_order({**ORDER, "total_paid_tax_incl": "90.00"}, DETAILS, context())


def test_an_unknown_vat_rate_needs_a_tax_mapping():
    rates = {0: Decimal(20), 1: Decimal(10), 2: Decimal(5)}
    with pytest.raises(MappingError, match="tax mapping"):
        build_order(ORDER, DETAILS, context(vat_rates=rates))


def test_an_explicit_tax_mapping_wins_over_the_rate():
    details = [{**DETAILS[1], "id_tax_rules_group": "9"}]
    order = {**ORDER, "total_paid_tax_incl": "33.86"}
    doc = build_order(order, details, context(tax_groups={"9": 2}))
    assert doc.lines[0]["IVALPC"] == 2.0


def test_an_unknown_product_fails_the_order():
    def unknown(detail):
        raise MappingError("Product 2 has no FactuSOL article")

    with pytest.raises(MappingError):
        build_order(ORDER, DETAILS, context(article_for=unknown))


def test_a_cart_discount_is_spread_over_the_bands():
    order = {**ORDER, "total_discounts_tax_excl": "10.000000", "total_paid_tax_incl": "70.84"}
    h = build_order(order, DETAILS, context()).header
    assert h["IDTO1PCL"] + h["IDTO3PCL"] == Decimal("10.00")
    assert h["IDTO1PCL"] == Decimal("5.99")
    assert h["BAS1PCL"] == Decimal("38.97")


def test_an_order_without_lines_is_refused():
    with pytest.raises(DataError):
        build_order(ORDER, [], context())
