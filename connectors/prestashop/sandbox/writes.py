"""POST / PUT / PATCH / DELETE with PrestaShop 8.1.2's checks and the side effects the hub relies on."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from connectors.prestashop.sandbox.query import QueryError
from connectors.prestashop.sandbox.spec import Resource
from connectors.prestashop.sandbox.store import Store
from connectors.prestashop.xml import element_to_record

Record = dict[str, Any]
WS_FILE = "/var/www/prestashop/classes/webservice/WebserviceRequest.php"
PRODUCT_WARNING = (
    3,
    "[PHP Warning #2] Trying to access array offset on value of type null "
    "(/var/www/prestashop/classes/Product.php, line 7245)",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMERIC_FORMATS = {"isUnsignedId", "isUnsignedInt", "isInt", "isBool", "isNullOrUnsignedId"}
_DECIMAL_FORMATS = {"isPrice", "isFloat", "isUnsignedFloat", "isNegativePrice"}


def now() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M:%S")


def class_name(res: Resource) -> str:
    return "".join(part.capitalize() for part in res.singular.split("_"))


def parse_body(body: bytes) -> list[Record]:
    """Record elements of a write body (any tag, as PrestaShop reads ``$xml->children()``)."""
    text = body.decode("utf-8", "replace")
    if text.startswith("xml="):
        text = text[4:]
    if not text.strip():
        raise QueryError(500, [(127, "XML error : String could not be parsed as XML\nXML length : 0\nOriginal XML : ")])
    try:
        root = ElementTree.fromstring(text.encode())
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as err:
        raise QueryError(
            500,
            [
                (3, f"[PHP Warning #2] SimpleXMLElement::__construct(): Entity: line 1: parser error : {err} "
                    f"({WS_FILE}, line 1544)"),
                (127, f"XML error : String could not be parsed as XML\nXML length : {len(body)}\n"
                      f"Original XML : {text}"),
            ],
        ) from err
    return [element_to_record(child) for child in root]


def _invalid(res: Resource, name: str, value: str) -> str | None:
    f = res.by_name.get(name)
    if f is None or f.lang or value == "":
        return None
    fmt = f.attr("format") or ""
    if fmt == "isEmail" and not _EMAIL.match(value):
        return f'Validation error: "Property {class_name(res)}-&gt;{name} is not valid"'
    if fmt in _NUMERIC_FORMATS and not re.fullmatch(r"-?\d+", value):
        return (
            f'Validation error: "The range of property {class_name(res)}-&gt;{name} is currently 0. '
            'It must be between -2147483648 and 2147483647."'
        )
    if fmt in _DECIMAL_FORMATS:
        try:
            Decimal(value)
        except InvalidOperation:
            return f'Validation error: "Property {class_name(res)}-&gt;{name} is not valid"'
    max_size = f.attr("maxSize")
    if max_size and len(value) > int(max_size):
        return f'Validation error: "Property {class_name(res)}-&gt;{name} is too long ({max_size} chars max)"'
    return None


def check_fields(res: Resource, incoming: Record, method: str) -> None:
    """Read-only (93), required (41) and value (85) checks, in PrestaShop's order."""
    warnings = [PRODUCT_WARNING] if res.name == "products" and "position_in_category" in incoming else []
    for name in incoming:
        f = res.by_name.get(name)
        if f is not None and f.read_only:
            raise QueryError(400, [*warnings, (93, f'parameter "{name}" not writable. Please remove this attribute '
                                                   "of this XML")])
    if warnings and method == "PUT":
        raise QueryError(500, warnings)
    if method in ("POST", "PUT"):
        for f in res.fields:
            if f.required and f.name not in incoming:
                raise QueryError(400, [(41, f'parameter "{f.name}" required')])
    for name, value in incoming.items():
        if isinstance(value, str):
            message = _invalid(res, name, value)
            if message:
                raise QueryError(400, [(85, message)])


def _merge_values(store: Store, res: Resource, base: Record, incoming: Record, full: bool) -> Record:
    record = dict(base)
    for f in res.fields:
        if f.name == "id":
            continue
        if f.name in incoming:
            value = incoming[f.name]
            if f.lang:
                langs = dict(base.get(f.name) or {}) if not full else {lid: "" for lid in store.language_ids()}
                langs.update(value if isinstance(value, dict) else {lid: str(value) for lid in store.language_ids()})
                record[f.name] = langs
            else:
                record[f.name] = value if isinstance(value, str) else ""
        elif full and f.name != "date_add" and not f.read_only and f.filterable:
            # computed fields (a getter, shown notFilterable) are not stored, so a PUT cannot blank them
            record[f.name] = {lid: "" for lid in store.language_ids()} if f.lang else ""
    if "associations" in incoming:
        record["associations"] = {**(base.get("associations") or {}), **incoming["associations"]}
    return record


def write(store: Store, res: Resource, method: str, url_id: str | None, body: bytes, params: dict[str, str]) -> Any:
    """Apply a write; returns ``(status, records, body_fields)`` or raises ``QueryError``."""
    incoming_list = parse_body(body)
    if not incoming_list:
        raise QueryError(400, [(90, "id is required when modifying a resource")])
    results = []
    for incoming in incoming_list:
        if method == "POST":
            results.append(_create(store, res, incoming))
        else:
            results.append(_update(store, res, method, incoming))
    store.save()
    return (201 if method == "POST" else 200), results, set(incoming_list[-1])


def _create(store: Store, res: Resource, incoming: Record) -> Record:
    if str(incoming.get("id") or "").strip():
        raise QueryError(400, [(91, "id is forbidden when adding a new resource")])
    incoming = {k: v for k, v in incoming.items() if k != "id"}
    check_fields(res, incoming, "POST")
    if res.name == "order_histories":
        return _add_order_history(store, incoming)
    if res.name == "customers":
        _check_customer_email(store, incoming)
    record = _merge_values(store, res, store.blank(res.name), incoming, full=True)
    stamp = now()
    for name in ("date_add", "date_upd"):
        if name in res.field_names and not record.get(name):
            record[name] = stamp
    _defaults_on_create(store, res, record)
    created = store.insert(res.name, record)
    _after_write(store, res, created)
    return created


def _update(store: Store, res: Resource, method: str, incoming: Record) -> Record:
    record_id = str(incoming.get("id") or "").strip()
    if not record_id:
        raise QueryError(400, [(90, "id is required when modifying a resource")])
    existing = store.get(res.name, record_id)
    if existing is None:
        raise QueryError(404, [(92, f"Invalid ID: {record_id}")])
    incoming = {k: v for k, v in incoming.items() if k != "id"}
    check_fields(res, incoming, method)
    record = _merge_values(store, res, existing, incoming, full=method == "PUT")
    record["id"] = record_id
    if "date_upd" in res.field_names and res.name != "order_carriers":
        record["date_upd"] = now()
    if not record.get("date_add") and "date_add" in res.field_names:
        record["date_add"] = existing.get("date_add") or now()
    store.tables[res.name][record_id] = record
    _after_write(store, res, record)
    return record


def _check_customer_email(store: Store, incoming: Record) -> None:
    if incoming.get("is_guest") == "1":
        return
    email = str(incoming.get("email", "")).lower()
    for other in store.all("customers"):
        if other.get("email", "").lower() == email and other.get("is_guest") != "1":
            raise QueryError(
                500, [(140, "The email is already used, please choose another one"), (46, "Unable to save resource")]
            )


def _defaults_on_create(store: Store, res: Resource, record: Record) -> None:
    for name in ("id_shop", "id_shop_group"):
        if name in res.field_names and not record.get(name) and res.name in ("customers", "orders", "carts"):
            record[name] = "1"
    if res.name == "customers":
        record["secure_key"] = secrets.token_hex(16)
        record["last_passwd_gen"] = now()
        record["passwd"] = "$2y$10$" + hashlib.sha256(record.get("passwd", "").encode()).hexdigest()[:53]
        if not (record.get("associations") or {}).get("groups") and record.get("id_default_group"):
            record.setdefault("associations", {})["groups"] = [{"id": record["id_default_group"]}]


def _after_write(store: Store, res: Resource, record: Record) -> None:
    if res.name == "stock_availables" and record.get("id_product_attribute") not in ("", "0"):
        roll_up_stock(store, record["id_product"], record.get("id_shop", "1"))
    if res.name == "order_carriers":
        order = store.get("orders", record.get("id_order", ""))
        if order is not None:
            order["shipping_number"] = record.get("tracking_number", "")


def roll_up_stock(store: Store, id_product: str, id_shop: str) -> None:
    """The product-level row is the sum of the combination rows (FINDINGS (h))."""
    rows = [r for r in store.all("stock_availables") if r["id_product"] == id_product and r.get("id_shop") == id_shop]
    total = sum(int(r["quantity"] or 0) for r in rows if r["id_product_attribute"] not in ("", "0"))
    for row in rows:
        if row["id_product_attribute"] in ("", "0"):
            row["quantity"] = str(total)


def _add_order_history(store: Store, incoming: Record) -> Record:
    order = store.get("orders", incoming.get("id_order", ""))
    state = store.get("order_states", incoming.get("id_order_state", ""))
    if order is None or state is None:
        raise QueryError(500, empty_body=True)
    stamp = now()
    history = store.insert(
        "order_histories",
        {
            "id_employee": incoming.get("id_employee", "0") or "0",
            "id_order_state": state["id"],
            "id_order": order["id"],
            "date_add": stamp,
        },
    )
    order["current_state"] = state["id"]
    order["date_upd"] = stamp
    if state.get("invoice") == "1" and order.get("invoice_number") in ("", "0"):
        number = 1 + max((int(o.get("invoice_number") or 0) for o in store.all("orders")), default=0)
        order["invoice_number"] = str(number)
        order["invoice_date"] = stamp
        store.insert(
            "order_invoices",
            {
                "id_order": order["id"],
                "number": str(number),
                "delivery_number": "0",
                "delivery_date": "0000-00-00 00:00:00",
                "total_discount_tax_excl": order.get("total_discounts_tax_excl", "0.000000"),
                "total_discount_tax_incl": order.get("total_discounts_tax_incl", "0.000000"),
                "total_paid_tax_excl": order.get("total_paid_tax_excl", ""),
                "total_paid_tax_incl": order.get("total_paid_tax_incl", ""),
                "total_products": order.get("total_products", ""),
                "total_products_wt": order.get("total_products_wt", ""),
                "total_shipping_tax_excl": order.get("total_shipping_tax_excl", ""),
                "total_shipping_tax_incl": order.get("total_shipping_tax_incl", ""),
                "shipping_tax_computation_method": "0",
                "total_wrapping_tax_excl": "0.000000",
                "total_wrapping_tax_incl": "0.000000",
                "shop_address": "",
                "note": "",
                "date_add": stamp,
            },
        )
    return history


def delete(store: Store, res: Resource, url_id: str | None, params: dict[str, str]) -> None:
    ids = [url_id] if url_id else [i for i in params.get("id", "").strip("[]").replace(",", "|").split("|") if i]
    missing = [i for i in ids if store.get(res.name, i) is None]
    if missing or not ids:
        raise QueryError(404, [(87, f"Id(s) not exists: {', '.join(missing)}")])
    for record_id in ids:
        store.delete(res.name, record_id)
    store.save()
