"""What the client knows about PrestaShop resources without asking the shop.

Element names and the read-only lists come from the PrestaShop 8.1.2 recordings
(``schema=synopsis`` ``read_only="true"`` plus the fields FINDINGS (f) shows a PUT must drop).
"""

from __future__ import annotations

#: resource (plural, as in the URL) → record element name.
SINGULAR: dict[str, str] = {
    "addresses": "address",
    "carriers": "carrier",
    "carts": "cart",
    "categories": "category",
    "combinations": "combination",
    "configurations": "configuration",
    "countries": "country",
    "currencies": "currency",
    "customers": "customer",
    "groups": "group",
    "languages": "language",
    "order_carriers": "order_carrier",
    "order_details": "order_detail",
    "order_histories": "order_history",
    "order_invoices": "order_invoice",
    "order_states": "order_state",
    "orders": "order",
    "product_option_values": "product_option_value",
    "product_options": "product_option",
    "products": "product",
    "shops": "shop",
    "states": "state",
    "stock_availables": "stock_available",
    "tax_rule_groups": "tax_rule_group",
    "tax_rules": "tax_rule",
    "taxes": "tax",
}

#: association name → item element name (``nodeType`` in the synopsis).
ASSOCIATION_NODES: dict[str, str] = {
    "accessories": "product",
    "attachments": "attachment",
    "cart_rows": "cart_row",
    "categories": "category",
    "combinations": "combination",
    "groups": "group",
    "images": "image",
    "order_rows": "order_row",
    "product_bundle": "product",
    "product_features": "product_feature",
    "product_option_values": "product_option_value",
    "products": "product",
    "stock_availables": "stock_available",
    "tags": "tag",
    "taxes": "tax",
}

#: Fields a write must not carry (code 93, or a 500 for ``position_in_category``, FINDINGS (f)).
#: Customer ``secure_key``/``last_passwd_gen`` are documented as not writable on PS 8/9.
READ_ONLY: dict[str, frozenset[str]] = {
    "products": frozenset({"manufacturer_name", "quantity", "position_in_category"}),
    "categories": frozenset({"level_depth", "nb_products_recursive"}),
    "customers": frozenset({"secure_key", "last_passwd_gen"}),
}

#: Read-only fields inside association items.
READ_ONLY_ASSOCIATION_FIELDS: dict[tuple[str, str], frozenset[str]] = {
    ("orders", "order_rows"): frozenset(
        {
            "product_name",
            "product_reference",
            "product_ean13",
            "product_isbn",
            "product_upc",
            "product_price",
            "unit_price_tax_incl",
            "unit_price_tax_excl",
        }
    ),
}

#: Resources the webservice does not filter by ``id_shop`` (add ``filter[id_shop]`` ourselves).
SHOP_FILTERED_LISTS = frozenset({"orders", "customers"})

#: Resources the hub reads; "test connection" checks GET permission on each.
HUB_RESOURCES: tuple[str, ...] = (
    "customers",
    "addresses",
    "countries",
    "states",
    "groups",
    "products",
    "combinations",
    "product_option_values",
    "categories",
    "stock_availables",
    "taxes",
    "tax_rule_groups",
    "carriers",
    "orders",
    "order_details",
    "order_carriers",
    "order_histories",
    "order_states",
    "order_invoices",
    "configurations",
    "languages",
    "shops",
)


def singular(resource: str) -> str:
    return SINGULAR.get(resource) or (resource[:-3] + "y" if resource.endswith("ies") else resource.rstrip("s"))


def association_node(name: str) -> str:
    return ASSOCIATION_NODES.get(name) or singular(name)
