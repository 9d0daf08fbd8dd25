"""An integration: one shop linked to one FactuSOL company, with its sync settings."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models.choices import SyncEntity
from hub.models.connections import FactusolConnection, Shop
from hub.models.tenancy import Agency


def _token() -> str:
    return secrets.token_urlsafe(24)


def default_import_states() -> list[str]:
    # Configuration names, resolved to the shop's own ids at run time (ids differ between installs).
    return [
        "PS_OS_PAYMENT",
        "PS_OS_WS_PAYMENT",
        "PS_OS_BANKWIRE",
        "PS_OS_CHEQUE",
        "PS_OS_COD_VALIDATION",
        "PS_OS_PREPARATION",
        "PS_OS_OUTOFSTOCK_PAID",
        "PS_OS_OUTOFSTOCK_UNPAID",
    ]


class GuestRule(models.TextChoices):
    RANGE = "range", _("Own code range for guests")
    GENERIC = "generic", _("One generic cash customer")


class CustomerMatch(models.TextChoices):
    NIF_THEN_EMAIL = "nif_email", _("NIF, then e-mail")
    NIF = "nif", _("NIF only")
    EMAIL = "email", _("E-mail only")
    NONE = "none", _("Never match (always create)")


class StockMode(models.TextChoices):
    PHYSICAL = "physical", _("Physical stock (ACTSTO)")
    AVAILABLE = "available", _("Available stock (DISSTO)")
    MINUS_PENDING = "minus_pending", _("Physical minus pending customer orders")
    PLUS_INCOMING = "plus_incoming", _("Physical minus pending orders plus incoming purchases")


class Integration(models.Model):
    agency = models.ForeignKey(Agency, models.CASCADE, related_name="integrations", verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("identifier"),
        max_length=60,
        unique=True,
        help_text=_("Used by the command line: manage.py sync IDENTIFIER ENTITY"),
    )
    shop = models.ForeignKey(Shop, models.PROTECT, related_name="integrations", verbose_name=_("shop"))
    factusol = models.ForeignKey(
        FactusolConnection, models.PROTECT, related_name="integrations", verbose_name=_("FactuSOL connection")
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    # Orders
    order_series = models.CharField(
        _("order series (TIPPCL)"), max_length=1, default="1", validators=[RegexValidator(r"^[0-9A-Za-z]$")]
    )
    order_warehouse = models.CharField(_("order warehouse (ALMPCL)"), max_length=3, default="GEN")
    import_order_states = models.JSONField(
        _("importable order states"),
        default=default_import_states,
        blank=True,
        help_text=_("PrestaShop configuration names (PS_OS_…) or numeric state ids whose orders are imported."),
    )
    # Customers
    registered_code_from = models.PositiveIntegerField(_("registered customers: first code"), default=1)
    registered_code_to = models.PositiveIntegerField(_("registered customers: last code"), default=89999)
    guest_rule = models.CharField(
        _("guest customers"), max_length=8, choices=GuestRule.choices, default=GuestRule.RANGE
    )
    guest_code_from = models.PositiveIntegerField(_("guests: first code"), default=90000)
    guest_code_to = models.PositiveIntegerField(_("guests: last code"), default=99999)
    generic_customer_code = models.PositiveIntegerField(_("generic cash customer code"), null=True, blank=True)
    customer_match = models.CharField(
        _("match existing customers by"),
        max_length=10,
        choices=CustomerMatch.choices,
        default=CustomerMatch.NIF_THEN_EMAIL,
    )
    # Articles and stock
    price_tariff = models.PositiveIntegerField(_("price list (CODTAR)"), default=1)
    prices_include_vat = models.BooleanField(_("tariff prices include VAT"), default=False)
    stock_mode = models.CharField(
        _("stock figure"), max_length=14, choices=StockMode.choices, default=StockMode.PHYSICAL
    )

    # Push events
    webhook_token = models.CharField(_("webhook token"), max_length=64, unique=True, default=_token, editable=False)
    webhook_secret = models.CharField(_("webhook secret"), max_length=64, default=_token)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        ordering = ["agency__name", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.shop_id and self.agency_id and self.shop.agency_id != self.agency_id:
            errors["shop"] = _("The shop belongs to another agency.")
        if self.factusol_id and self.agency_id and self.factusol.agency_id != self.agency_id:
            errors["factusol"] = _("The FactuSOL connection belongs to another agency.")
        if self.registered_code_from > self.registered_code_to:
            errors["registered_code_to"] = _("The last code must not be lower than the first.")
        if self.guest_rule == GuestRule.RANGE:
            if self.guest_code_from > self.guest_code_to:
                errors["guest_code_to"] = _("The last code must not be lower than the first.")
            elif not (self.guest_code_to < self.registered_code_from or self.guest_code_from > self.registered_code_to):
                errors["guest_code_from"] = _("The guest range overlaps the registered customers' range.")
        elif not self.generic_customer_code:
            errors["generic_customer_code"] = _("Give the code of the generic cash customer.")
        if errors:
            raise ValidationError(errors)

    def point(self, entity: str) -> SyncPoint | None:
        return self.points.filter(entity=entity).first()

    def is_enabled(self, entity: str) -> bool:
        return bool(self.enabled and self.points.filter(entity=entity, enabled=True).exists())

    @property
    def warehouse_codes(self) -> list[str]:
        codes = [w.code for w in self.warehouses.all()]
        return codes or [self.order_warehouse]


class SyncPoint(models.Model):
    """One of the six integration points of an integration: on/off, how often, and where it stands."""

    integration = models.ForeignKey(Integration, models.CASCADE, related_name="points", verbose_name=_("integration"))
    entity = models.CharField(_("sync point"), max_length=12, choices=SyncEntity.choices)
    enabled = models.BooleanField(_("enabled"), default=False)
    interval_minutes = models.PositiveIntegerField(
        _("every (minutes)"), default=15, validators=[MinValueValidator(1), MaxValueValidator(7 * 24 * 60)]
    )
    cursor = models.CharField(_("cursor"), max_length=60, blank=True, help_text=_("Last change already read."))
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)

    class Meta:
        verbose_name = _("sync point")
        verbose_name_plural = _("sync points")
        ordering = ["integration", "entity"]
        constraints = [models.UniqueConstraint(fields=["integration", "entity"], name="uniq_sync_point")]

    def __str__(self) -> str:
        return f"{self.integration} · {self.get_entity_display()}"


class WarehouseChoice(models.Model):
    """A FactuSOL warehouse (F_ALM.CODALM) whose stock feeds the shop."""

    integration = models.ForeignKey(
        Integration, models.CASCADE, related_name="warehouses", verbose_name=_("integration")
    )
    code = models.CharField(_("warehouse (CODALM)"), max_length=3)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        constraints = [models.UniqueConstraint(fields=["integration", "code"], name="uniq_warehouse")]

    def __str__(self) -> str:
        return self.code
