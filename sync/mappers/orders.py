"""A PrestaShop order and its order_details → an F_PCL header and F_LPC lines.

Amounts follow FactuSOL's layout: VAT bands 1-3 hold the nets of the lines whose VAT selector is
IVA1..IVA3 (``IVALPC`` 0..2), band 4 the exempt ones (selector 3); shipping goes into the
``IPORn`` of its band; a cart discount is spread over the bands in proportion to their nets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from hub.errors import DataError, MappingError
from sync.mappers.common import dec, money, shop_datetime

EXEMPT = 3
TOLERANCE = Decimal("0.01")


@dataclass
class Buyer:
    """Who the document is for: the FactuSOL customer and the snapshot copied into the header."""

    code: int
    name: str
    address: str = ""
    town: str = ""
    postcode: str = ""
    province: str = ""
    nif: str = ""
    phone: str = ""
    email: str = ""
    country: str = ""
    delivery_address_code: int = 0


@dataclass
class OrderContext:
    """What the mapper needs besides the shop records, resolved by the sync point beforehand."""

    buyer: Buyer
    warehouse: str
    payment_code: str
    carrier_code: int | None
    year: int
    paid: bool
    #: FactuSOL VAT percentage per selector (0 → IVA1, 1 → IVA2, 2 → IVA3), from F_CFG.
    vat_rates: dict[int, Decimal]
    #: order_detail → (CODART, size, colour); raises MappingError for unknown products.
    article_for: Callable[[dict[str, Any]], tuple[str, str, str]]
    #: Explicit tax mappings: id_tax_rules_group → selector. Consulted before the rates.
    tax_groups: dict[str, int] = field(default_factory=dict)


@dataclass
class OrderDocument:
    header: dict[str, Any]
    lines: list[dict[str, Any]]
    total: Decimal


def vat_selector(rate: Decimal, context: OrderContext, tax_group: str = "") -> int:
    if tax_group and tax_group in context.tax_groups:
        return context.tax_groups[tax_group]
    if rate == 0:
        return EXEMPT
    for selector, known in context.vat_rates.items():
        if abs(Decimal(known) - rate) < Decimal("0.05"):
            return selector
    raise MappingError(
        _("No FactuSOL VAT rate matches %(rate)s %%: add a tax mapping (tax rules group → IVA1/IVA2/IVA3/exempt).")
        % {"rate": rate}
    )


def implied_rate(incl: Decimal, excl: Decimal) -> Decimal:
    if excl == 0:
        return Decimal(0)
    return ((incl / excl - 1) * 100).quantize(Decimal("0.01"))


def build_order(order: dict[str, Any], details: list[dict[str, Any]], context: OrderContext) -> OrderDocument:
    """Map one shop order. Raises MappingError/DataError; never returns a partial document."""
    if not details:
        raise DataError(_("Order %(ref)s has no lines.") % {"ref": order.get("reference")})
    lines: list[dict[str, Any]] = []
    nets = {1: Decimal(0), 2: Decimal(0), 3: Decimal(0), 4: Decimal(0)}
    for detail in details:
        qty = dec(detail.get("product_quantity"), "product_quantity")
        unit_excl = dec(detail.get("unit_price_tax_excl"), "unit_price_tax_excl")
        unit_incl = dec(detail.get("unit_price_tax_incl"), "unit_price_tax_incl")
        total_excl = dec(detail.get("total_price_tax_excl"), "total_price_tax_excl") or unit_excl * qty
        total_incl = dec(detail.get("total_price_tax_incl"), "total_price_tax_incl") or unit_incl * qty
        selector = vat_selector(implied_rate(unit_incl, unit_excl), context, str(detail.get("id_tax_rules_group", "")))
        code, size, colour = context.article_for(detail)
        nets[selector + 1 if selector != EXEMPT else 4] += money(total_excl)
        lines.append(
            {
                "ARTLPC": code,
                "DESLPC": detail.get("product_name", ""),
                "CANLPC": qty,
                "PRELPC": unit_excl,
                "DT1LPC": float(dec(detail.get("reduction_percent"))),
                "TOTLPC": money(total_excl),
                "PENLPC": qty,
                "IVALPC": float(selector),
                "IINLPC": 0,
                "PIVLPC": unit_incl,
                "TIVLPC": money(total_incl),
                "CE1LPC": size,
                "CE2LPC": colour,
                "EJELPC": str(context.year),
            }
        )

    header: dict[str, Any] = {}
    _spread_discount(order, nets, header)
    shipping_band = _shipping(order, context, header)
    total = Decimal(0)
    for band in (1, 2, 3):
        rate = Decimal(context.vat_rates.get(band - 1, 0))
        base = nets[band] - header.get(f"IDTO{band}PCL", Decimal(0)) + header.get(f"IPOR{band}PCL", Decimal(0))
        vat = money(base * rate / 100)
        header.update(
            {
                f"NET{band}PCL": nets[band],
                f"BAS{band}PCL": base,
                f"PIVA{band}PCL": rate,
                f"IIVA{band}PCL": vat,
                f"TIVA{band}PCL": band - 1,
            }
        )
        total += base + vat
    base4 = nets[4] - header.get("IDTO4PCL", Decimal(0)) + header.get("IPOR4PCL", Decimal(0))
    header.update({"NET4PCL": nets[4], "BAS4PCL": base4})
    total += base4
    total = money(total)

    expected = money(dec(order.get("total_paid_tax_incl"), "total_paid_tax_incl"))
    if abs(total - expected) > TOLERANCE:
        raise DataError(
            _(
                "Order %(ref)s: the FactuSOL total %(total)s does not match the shop's total %(expected)s "
                "(check the tax mappings and VAT rates)."
            )
            % {"ref": order.get("reference"), "total": total, "expected": expected}
        )

    placed = shop_datetime(order.get("date_add")) or datetime.now().replace(microsecond=0)
    buyer = context.buyer
    header.update(
        {
            "REFPCL": order.get("reference", ""),
            "FECPCL": placed.replace(hour=0, minute=0, second=0),
            "HORPCL": datetime(1900, 1, 1, placed.hour, placed.minute, placed.second),
            "CLIPCL": buyer.code,
            "CNOPCL": buyer.name,
            "CDOPCL": buyer.address,
            "CPOPCL": buyer.town,
            "CCPPCL": buyer.postcode,
            "CPRPCL": buyer.province,
            "CNIPCL": buyer.nif,
            "TELPCL": buyer.phone,
            "CEMPCL": buyer.email,
            "CPAPCL": buyer.country,
            "OBRPCL": buyer.delivery_address_code,
            "ALMPCL": context.warehouse,
            "FOPPCL": context.payment_code,
            "TRNPCL": context.carrier_code or 0,
            "ESTPCL": 0,
            "TIVPCL": 0,
            "REQPCL": 0,
            "PRTPCL": 0,
            "CEWPCL": 1 if context.paid else 0,
            "PPOPCL": buyer.name[:40],
            "TOTPCL": total,
            "FUMPCL": datetime.now().replace(microsecond=0),
        }
    )
    if shipping_band is not None:
        header["TPOPCL"] = _("Shipping")
    note = (order.get("note") or "").strip()
    if note:
        header["COMPCL"] = note
    return OrderDocument(header=header, lines=lines, total=total)


def _spread_discount(order: dict[str, Any], nets: dict[int, Decimal], header: dict[str, Any]) -> None:
    discount = money(dec(order.get("total_discounts_tax_excl"), "total_discounts_tax_excl"))
    gross = sum(nets.values())
    if discount <= 0 or gross <= 0:
        return
    bands = [b for b in nets if nets[b] > 0]
    left = discount
    for i, band in enumerate(bands):
        share = left if i == len(bands) - 1 else money(discount * nets[band] / gross)
        left -= share
        header[f"IDTO{band}PCL"] = share
        header[f"PDTO{band}PCL"] = (share * 100 / nets[band]).quantize(Decimal("0.0001"))


def _shipping(order: dict[str, Any], context: OrderContext, header: dict[str, Any]) -> int | None:
    excl = money(dec(order.get("total_shipping_tax_excl"), "total_shipping_tax_excl"))
    incl = money(dec(order.get("total_shipping_tax_incl"), "total_shipping_tax_incl"))
    if excl <= 0:
        return None
    selector = vat_selector(implied_rate(incl, excl), context)
    band = 4 if selector == EXEMPT else selector + 1
    header[f"IPOR{band}PCL"] = excl
    return band
