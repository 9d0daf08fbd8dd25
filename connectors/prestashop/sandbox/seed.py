"""The deterministic demo shop: a Spanish store with two shops, guests, combinations and orders.

Order state ids and ``PS_OS_*`` configuration ids are those of FINDINGS (e). Country and province
ids follow a stock PrestaShop install (Spain 6, France 8, Portugal 15); they are not recorded.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from connectors.prestashop.sandbox.store import Store

SPAIN, FRANCE, PORTUGAL = 6, 8, 15
#: (id, English name, module_name, flags invoice/logable/shipped/paid/delivery) from FINDINGS (e) / e1.
ORDER_STATES = [
    (1, "Awaiting check payment", "Pendiente de pago por cheque", "ps_checkpayment", "00000"),
    (2, "Payment accepted", "Pago aceptado", "", "11010"),
    (3, "Processing in progress", "Preparación en curso", "", "11011"),
    (4, "Shipped", "Enviado", "", "11111"),
    (5, "Delivered", "Entregado", "", "11111"),
    (6, "Canceled", "Cancelado", "", "00000"),
    (7, "Refunded", "Reembolsado", "", "10000"),
    (8, "Payment error", "Error en el pago", "", "00000"),
    (9, "On backorder (paid)", "Pedido pendiente (pagado)", "", "10010"),
    (10, "Awaiting bank wire payment", "En espera de pago por transferencia bancaria", "ps_wirepayment", "00000"),
    (11, "Remote payment accepted", "Pago remoto aceptado", "", "11010"),
    (12, "On backorder (not paid)", "Pedido pendiente (no pagado)", "", "00000"),
    (13, "Awaiting Cash On Delivery validation", "Esperando validación contra reembolso", "ps_cashondelivery", "00000"),
    (14, "Waiting for payment", "Esperando el pago", "ps_checkout", "00000"),
    (15, "Partial refund", "Reembolso parcial", "ps_checkout", "00000"),
    (16, "Partial payment", "Pago parcial", "ps_checkout", "00000"),
    (17, "Authorized. To be captured by merchant", "Autorizado", "ps_checkout", "00000"),
]
PS_OS = [
    (117, "PS_OS_CHEQUE", 1), (118, "PS_OS_PAYMENT", 2), (119, "PS_OS_PREPARATION", 3), (120, "PS_OS_SHIPPING", 4),
    (121, "PS_OS_DELIVERED", 5), (122, "PS_OS_CANCELED", 6), (123, "PS_OS_REFUND", 7), (124, "PS_OS_ERROR", 8),
    (125, "PS_OS_OUTOFSTOCK", 9), (126, "PS_OS_BANKWIRE", 10), (127, "PS_OS_WS_PAYMENT", 11),
    (128, "PS_OS_OUTOFSTOCK_PAID", 9), (129, "PS_OS_OUTOFSTOCK_UNPAID", 12), (130, "PS_OS_COD_VALIDATION", 13),
]
PROVINCES = [(313, "A Coruña", "C"), (339, "Madrid", "M"), (320, "Barcelona", "B"), (354, "Sevilla", "SE"),
             (359, "Valencia", "V"), (343, "Illes Balears", "PM")]
STAMP = "2026-01-01 09:00:00"
CENT = Decimal("0.000001")


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, ROUND_HALF_UP))


def lang(es: str, en: str | None = None) -> dict[str, str]:
    return {"1": es, "2": en if en is not None else es}


class Seeder:
    def __init__(self, store: Store) -> None:
        self.store = store

    def put(self, resource: str, id: int, **values: Any) -> dict[str, Any]:
        fields = set(self.store.resource(resource).field_names) | {"associations"}
        unknown = set(values) - fields
        if unknown:
            raise ValueError(f"{resource} has no field(s) {sorted(unknown)}")
        return self.store.insert(resource, {k: (v if isinstance(v, dict | list) else str(v))
                                            for k, v in values.items()}, id=id)


def seed_demo(store: Store) -> Store:
    """Fill an empty store with the demo shop (same ids and values every time)."""
    s = Seeder(store)
    s.put("languages", 1, name="Español (Spanish)", iso_code="es", locale="es-ES", language_code="es-es", active=1,
          is_rtl=0, date_format_lite="d/m/Y", date_format_full="d/m/Y H:i:s")
    s.put("languages", 2, name="English (English)", iso_code="en", locale="en-US", language_code="en-us", active=1,
          is_rtl=0, date_format_lite="m/d/Y", date_format_full="m/d/Y H:i:s")
    s.put("shops", 1, id_shop_group=1, id_category=2, active=1, deleted=0, name="Tienda Demo", theme_name="classic")
    s.put("shops", 2, id_shop_group=1, id_category=2, active=1, deleted=0, name="Tienda Outlet", theme_name="classic")
    s.put("currencies", 1, names=lang("Euro"), name="Euro", symbol=lang("€"), iso_code="EUR", numeric_iso_code="978",
          precision=2, conversion_rate="1.000000", deleted=0, active=1, unofficial=0, modified=0,
          pattern=lang("#,##0.00\u00a0¤"))
    for cid, iso, prefix, es, en in [(SPAIN, "ES", 34, "España", "Spain"), (FRANCE, "FR", 33, "Francia", "France"),
                                     (PORTUGAL, "PT", 351, "Portugal", "Portugal")]:
        s.put("countries", cid, id_zone=1, id_currency=0, call_prefix=prefix, iso_code=iso, active=1,
              contains_states=int(cid == SPAIN), need_identification_number=int(cid == SPAIN), need_zip_code=1,
              zip_code_format="NNNNN" if cid != PORTUGAL else "NNNN-NNN", display_tax_label=1, name=lang(es, en))
    for sid, name, iso in PROVINCES:
        s.put("states", sid, id_zone=1, id_country=SPAIN, iso_code=f"ES-{iso}", name=name, active=1)
    for gid, es, en in [(1, "Visitante", "Visitor"), (2, "Invitado", "Guest"), (3, "Cliente", "Customer")]:
        s.put("groups", gid, reduction="0.00", price_display_method=0, show_prices=1, date_add=STAMP, date_upd=STAMP,
              name=lang(es, en))
    for tid, rate, label in [(1, "21.000", "IVA ES 21%"), (2, "10.000", "IVA ES 10%"), (3, "4.000", "IVA ES 4%")]:
        s.put("taxes", tid, rate=rate, active=1, deleted=0, name=lang(label))
        s.put("tax_rule_groups", tid, name=f"ES Tipo {label[-3:]}", active=1, deleted=0, date_add=STAMP,
              date_upd=STAMP)
        s.put("tax_rules", tid, id_tax_rules_group=tid, id_state=0, id_country=SPAIN, zipcode_from=0, zipcode_to=0,
              id_tax=tid, behavior=0, description="")
    for cat, parent, es, en in [(1, 0, "Raíz", "Root"), (2, 1, "Inicio", "Home"), (3, 2, "Ropa", "Clothes"),
                                (4, 2, "Libros", "Books"), (5, 2, "Hogar", "Home and kitchen")]:
        s.put("categories", cat, id_parent=parent, active=1, id_shop_default=1, is_root_category=int(cat == 2),
              position=cat, date_add=STAMP, date_upd=STAMP, name=lang(es, en),
              link_rewrite=lang(es.lower().replace("í", "i").replace("ó", "o"), en.lower()),
              description=lang(""), additional_description=lang(""), meta_title=lang(""), meta_description=lang(""),
              meta_keywords=lang(""), associations={"categories": [], "products": []})
    for car, name, delay in [(1, "Recogida en tienda", "Recoger en tienda"), (2, "Correos Express", "24-48 horas")]:
        s.put("carriers", car, deleted=0, is_module=0, id_tax_rules_group=1, id_reference=car, name=name, active=1,
              is_free=int(car == 1), url="https://s.correosexpress.com/?n=@" if car == 2 else "",
              shipping_handling=1, shipping_external=0, range_behavior=0, shipping_method=2, max_width=0,
              max_height=0, max_depth=0, max_weight="0.000000", grade=0, external_module_name="", need_range=0,
              position=car - 1, delay=lang(delay))
    for oid, en, es, module, flags in ORDER_STATES:
        invoice, logable, shipped, paid, delivery = flags
        s.put("order_states", oid, unremovable=1, delivery=delivery, hidden=0, send_email=int(oid in (2, 4, 5, 6)),
              module_name=module, invoice=invoice, color="#34209E", logable=logable, shipped=shipped, paid=paid,
              pdf_delivery=0, pdf_invoice=0, deleted=0, name=lang(es, en), template=lang(""))
    s.put("configurations", 1, value=1, name="PS_LANG_DEFAULT", date_add=STAMP, date_upd=STAMP)
    s.put("configurations", 2, value=1, name="PS_SHOP_DEFAULT", date_add=STAMP, date_upd=STAMP)
    s.put("configurations", 3, value=1, name="PS_CURRENCY_DEFAULT", date_add=STAMP, date_upd=STAMP)
    s.put("configurations", 4, value=SPAIN, name="PS_COUNTRY_DEFAULT", date_add=STAMP, date_upd=STAMP)
    for cid, name, value in PS_OS:
        s.put("configurations", cid, value=value, name=name, date_add=STAMP, date_upd=STAMP)
    _catalog(s)
    _customers(s)
    _orders(s)
    store.save()
    return store


PRODUCTS = [
    # id, reference, ean13, es name, en name, price excl, tax group, category
    # References are the FactuSOL article codes (CODART), as an articles sync leaves them.
    (1, "CAM001", "8412345678901", "Camiseta de algodón", "Cotton t-shirt", "12.396694", 1, 3),
    (2, "LIB001", "9788412345674", "Libro de recetas", "Recipe book", "19.230769", 3, 4),
    (3, "TAZ001", "8412345678925", "Taza cerámica 350 ml", "Ceramic mug 350 ml", "5.743802", 1, 5),
]
COMBINATIONS = [(1, 1, 1, "CAM001-S", "8412345678912", 30), (2, 1, 2, "CAM001-M", "8412345678929", 20)]
STOCK = {2: 15, 3: 100}


def _catalog(s: Seeder) -> None:
    s.put("product_options", 1, is_color_group=0, group_type="select", position=0, name=lang("Talla", "Size"),
          public_name=lang("Talla", "Size"), associations={"product_option_values": [{"id": "1"}, {"id": "2"}]})
    for vid, name in [(1, "S"), (2, "M")]:
        s.put("product_option_values", vid, id_attribute_group=1, color="", position=vid - 1, name=lang(name))
    for pid, ref, ean, es, en, price, tax, cat in PRODUCTS:
        combos = [c for c in COMBINATIONS if c[1] == pid]
        s.put("products", pid, id_manufacturer=0, id_supplier=0, id_category_default=cat, new="",
              cache_default_attribute=combos[0][0] if combos else 0, id_default_image=0,
              id_default_combination=combos[0][0] if combos else 0, id_tax_rules_group=tax, position_in_category=pid,
              manufacturer_name="", quantity=0, type="simple", id_shop_default=1, reference=ref, ean13=ean,
              price=price, wholesale_price="0.000000", active=1, available_for_order=1, show_price=1,
              state=1, visibility="both", condition="new", minimal_quantity=1, date_add=STAMP, date_upd=STAMP,
              name=lang(es, en), link_rewrite=lang(ref.lower()), description=lang(""), description_short=lang(""),
              associations={
                  "categories": [{"id": "2"}, {"id": str(cat)}],
                  "combinations": [{"id": str(c[0])} for c in combos],
                  "product_option_values": [{"id": str(c[2])} for c in combos],
                  "stock_availables": [{"id": str(pid), "id_product_attribute": "0"}]
                  + [{"id": str(10 + c[0]), "id_product_attribute": str(c[0])} for c in combos],
              })
        total = sum(c[5] for c in combos) if combos else STOCK[pid]
        s.put("stock_availables", pid, id_product=pid, id_product_attribute=0, id_shop=1, id_shop_group=0,
              quantity=total, depends_on_stock=0, out_of_stock=2, location="")
    for cid, pid, value, ref, ean, qty in COMBINATIONS:
        s.put("combinations", cid, id_product=pid, ean13=ean, reference=ref, wholesale_price="0.000000",
              price="0.000000", ecotax="0.000000", weight="0.000000", unit_price_impact="0.000000",
              minimal_quantity=1, default_on=int(cid == 1), available_now=lang(""), available_later=lang(""),
              associations={"product_option_values": [{"id": str(value)}], "images": []})
        s.put("stock_availables", 10 + cid, id_product=pid, id_product_attribute=cid, id_shop=1, id_shop_group=0,
              quantity=qty, depends_on_stock=0, out_of_stock=2, location="")


CUSTOMERS = [
    # id, first, last, email, guest, group, company
    (1, "Ana", "García López", "ana.garcia@example.es", 0, 3, ""),
    (2, "Jordi", "Puig Serra", "compras@puigserra.example.es", 0, 3, "Puig Serra SL"),
    (3, "Lucía", "Fernández", "lucia.f@example.es", 1, 2, ""),
    (4, "João", "Silva", "joao.silva@example.pt", 0, 3, "Silva Lda"),
]
ADDRESSES = [
    # id, customer, country, state, city, postcode, dni, vat, company
    (1, 1, SPAIN, 339, "Madrid", "28001", "12345678Z", "", ""),
    (2, 2, SPAIN, 320, "Barcelona", "08001", "B12345674", "ESB12345674", "Puig Serra SL"),
    (3, 3, SPAIN, 354, "Sevilla", "41001", "", "", ""),
    (4, 4, PORTUGAL, 0, "Lisboa", "1100-148", "", "PT123456789", "Silva Lda"),
    (5, 1, SPAIN, 359, "Valencia", "46001", "12345678Z", "", ""),
]


def _customers(s: Seeder) -> None:
    for cid, first, last, email, guest, group, company in CUSTOMERS:
        stamp = f"2026-01-0{cid} 08:00:00"
        s.put("customers", cid, id_default_group=group, id_lang=1, newsletter_date_add="0000-00-00 00:00:00",
              last_passwd_gen=stamp, secure_key=f"{cid:032x}", deleted=0, passwd="$2y$10$demo", lastname=last,
              firstname=first, email=email, id_gender=0, birthday="0000-00-00", newsletter=0, optin=0,
              company=company, siret="", ape="", outstanding_allow_amount="0.000000", show_public_prices=0,
              id_risk=0, max_payment_days=0, active=1, is_guest=guest, id_shop=1, id_shop_group=1, date_add=stamp,
              date_upd=stamp, associations={"groups": [{"id": str(group)}]})
    for aid, cust, country, state, city, postcode, dni, vat, company in ADDRESSES:
        first, last = next((c[1], c[2]) for c in CUSTOMERS if c[0] == cust)
        stamp = f"2026-01-0{cust} 08:05:00"
        s.put("addresses", aid, id_customer=cust, id_manufacturer=0, id_supplier=0, id_warehouse=0, id_country=country,
              id_state=state, alias="Mi dirección" if aid != 5 else "Trabajo", company=company, lastname=last,
              firstname=first, vat_number=vat, address1=f"Calle Mayor {aid}", address2="", postcode=postcode,
              city=city, other="", phone="910000000", phone_mobile="600000000", dni=dni, deleted=0, date_add=stamp,
              date_upd=stamp)


ORDERS = [
    # id, customer, address, state, carrier, shop, lines [(product, combination, qty)], tracking
    (1, 1, 1, 2, 2, 1, [(1, 1, 2), (3, 0, 1)], ""),
    (2, 2, 2, 4, 2, 1, [(2, 0, 3)], "CEX123456789"),
    (3, 3, 3, 10, 2, 1, [(1, 2, 1)], ""),
    (4, 4, 4, 6, 2, 1, [(3, 0, 2)], ""),
    (5, 1, 5, 5, 1, 2, [(1, 1, 1), (2, 0, 1)], ""),
]
SHIPPING_INCL = {1: Decimal("0"), 2: Decimal("4.84")}


def _orders(s: Seeder) -> None:
    rates = {1: Decimal("21"), 2: Decimal("10"), 3: Decimal("4")}
    detail_id = 0
    for oid, cust, addr, state, carrier, shop, lines, tracking in ORDERS:
        stamp = f"2026-01-0{oid} 10:00:00"
        rows, products_excl, products_incl = [], Decimal(0), Decimal(0)
        for pid, combo, qty in lines:
            detail_id += 1
            product = next(p for p in PRODUCTS if p[0] == pid)
            _, ref, ean, es, _en, price, tax, _cat = product
            if combo:
                ref, ean = next((c[3], c[4]) for c in COMBINATIONS if c[0] == combo)
                es = f"{es} - Talla : {'S' if combo == 1 else 'M'}"
            unit_excl = Decimal(price)
            unit_incl = (unit_excl * (1 + rates[tax] / 100)).quantize(Decimal("0.01"), ROUND_HALF_UP)
            line_excl, line_incl = unit_excl * qty, unit_incl * qty
            products_excl += line_excl
            products_incl += line_incl
            s.put("order_details", detail_id, id_order=oid, product_id=pid, product_attribute_id=combo,
                  product_quantity_reinjected=0, group_reduction="0.00", discount_quantity_applied=0,
                  id_order_invoice=0, id_warehouse=0, id_shop=shop, id_customization=0, product_name=es,
                  product_quantity=qty, product_quantity_in_stock=qty, product_quantity_return=0,
                  product_quantity_refunded=0, product_price=money(unit_excl), reduction_percent="0.00",
                  reduction_amount="0.000000", product_ean13=ean, product_reference=ref,
                  product_weight="0.000000", tax_computation_method=0, id_tax_rules_group=tax,
                  unit_price_tax_incl=money(unit_incl), unit_price_tax_excl=money(unit_excl),
                  total_price_tax_incl=money(line_incl), total_price_tax_excl=money(line_excl),
                  original_product_price=money(unit_excl), associations={"taxes": [{"id": str(tax)}]})
            rows.append({"id": str(detail_id), "product_id": str(pid), "product_attribute_id": str(combo),
                         "product_quantity": str(qty), "product_name": es, "product_reference": ref,
                         "product_ean13": ean, "product_isbn": "", "product_upc": "", "product_price": money(unit_excl),
                         "id_customization": "0", "unit_price_tax_incl": money(unit_incl),
                         "unit_price_tax_excl": money(unit_excl)})
        ship_incl = SHIPPING_INCL[carrier]
        ship_excl = (ship_incl / Decimal("1.21")).quantize(CENT, ROUND_HALF_UP)
        paid_incl = products_incl + ship_incl
        paid = state in (2, 4, 5)
        s.put("orders", oid, id_address_delivery=addr, id_address_invoice=addr, id_cart=oid, id_currency=1, id_lang=1,
              id_customer=cust, id_carrier=carrier, current_state=state, module="ps_wirepayment" if state == 10
              else "ps_checkpayment", invoice_number=oid if paid else 0,
              invoice_date=stamp if paid else "0000-00-00 00:00:00", delivery_number=0,
              delivery_date="0000-00-00 00:00:00", valid=int(paid), date_add=stamp, date_upd=stamp,
              shipping_number=tracking, note="", id_shop_group=1, id_shop=shop, secure_key=f"{oid:032x}",
              payment="Transferencia bancaria" if state == 10 else "Pago con tarjeta", recyclable=0, gift=0,
              gift_message="", mobile_theme=0, total_discounts=money(Decimal(0)),
              total_discounts_tax_incl=money(Decimal(0)), total_discounts_tax_excl=money(Decimal(0)),
              total_paid=money(paid_incl), total_paid_tax_incl=money(paid_incl),
              total_paid_tax_excl=money(products_excl + ship_excl),
              total_paid_real=money(paid_incl if paid else Decimal(0)), total_products=money(products_excl),
              total_products_wt=money(products_incl), total_shipping=money(ship_incl),
              total_shipping_tax_incl=money(ship_incl), total_shipping_tax_excl=money(ship_excl),
              carrier_tax_rate="21.000", total_wrapping=money(Decimal(0)), total_wrapping_tax_incl=money(Decimal(0)),
              total_wrapping_tax_excl=money(Decimal(0)), round_mode=2, round_type=2, conversion_rate="1.000000",
              reference=f"DEMO{oid:05d}", associations={"order_rows": rows})
        s.put("order_carriers", oid, id_order=oid, id_carrier=carrier, id_order_invoice=0, weight="0.000000",
              shipping_cost_tax_excl=money(ship_excl), shipping_cost_tax_incl=money(ship_incl),
              tracking_number=tracking, date_add=stamp)
        s.put("order_histories", oid, id_employee=0, id_order_state=state, id_order=oid, date_add=stamp)
