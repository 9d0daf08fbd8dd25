from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncEntity(models.TextChoices):
    """The six integration points."""

    CUSTOMERS = "customers", _("Customers")
    ARTICLES = "articles", _("Articles")
    STOCK = "stock", _("Stock")
    ORDERS = "orders", _("Orders")
    DELIVERY = "delivery", _("Delivery")
    INVOICES = "invoices", _("Invoices")


DEFAULT_DIRECTION = {
    "customers": "to_factusol",
    "articles": "to_shop",
    "stock": "to_shop",
    "orders": "to_factusol",
    "delivery": "to_shop",
    "invoices": "to_shop",
}


class Direction(models.TextChoices):
    TO_FACTUSOL = "to_factusol", _("Shop → FactuSOL")
    TO_SHOP = "to_shop", _("FactuSOL → shop")


class LinkEntity(models.TextChoices):
    """What a record link joins: one shop record and one FactuSOL record."""

    CUSTOMER = "customer", _("Customer (F_CLI)")
    ADDRESS = "address", _("Delivery address (F_OBR)")
    PRODUCT = "product", _("Product (F_ART)")
    COMBINATION = "combination", _("Combination (F_ART size/colour)")
    CATEGORY = "category", _("Category (F_FAM)")
    ORDER = "order", _("Order (F_PCL)")
    DELIVERY_NOTE = "delivery_note", _("Delivery note (F_ALB)")
    INVOICE = "invoice", _("Invoice (F_FAC)")


class ValueKind(models.TextChoices):
    PAYMENT = "payment", _("Payment method")
    CARRIER = "carrier", _("Carrier")
    ORDER_STATE = "order_state", _("Order state")
    TAX = "tax", _("Tax")
    COUNTRY = "country", _("Country")
