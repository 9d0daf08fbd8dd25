"""Field mappings (which shop value fills which FactuSOL column) and value mappings (code ↔ code)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.models.choices import LinkEntity, ValueKind
from hub.models.integration import Integration


class Owner(models.TextChoices):
    SHOP = "shop", _("Shop (updates overwrite FactuSOL)")
    FACTUSOL = "factusol", _("FactuSOL (written only when the record is created)")


class FieldMapping(models.Model):
    """``shop_field`` (a value the mapper derives from the shop record) → FactuSOL ``factusol_column``.

    ``owner`` is the conflict rule: a column FactuSOL owns is filled on create and never
    overwritten by later shop changes.
    """

    integration = models.ForeignKey(
        Integration, models.CASCADE, related_name="field_mappings", verbose_name=_("integration")
    )
    entity = models.CharField(_("entity"), max_length=16, choices=LinkEntity.choices)
    shop_field = models.CharField(_("shop value"), max_length=60)
    factusol_column = models.CharField(_("FactuSOL column"), max_length=12)
    owner = models.CharField(_("owned by"), max_length=8, choices=Owner.choices, default=Owner.SHOP)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("field mapping")
        verbose_name_plural = _("field mappings")
        ordering = ["integration", "entity", "factusol_column"]
        constraints = [
            models.UniqueConstraint(fields=["integration", "entity", "factusol_column"], name="uniq_field_mapping")
        ]

    def __str__(self) -> str:
        return f"{self.shop_field} → {self.factusol_column}"


class ValueMapping(models.Model):
    """A shop value (payment module, carrier id, state, tax rule group, ISO country) ↔ a FactuSOL value."""

    integration = models.ForeignKey(
        Integration, models.CASCADE, related_name="value_mappings", verbose_name=_("integration")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ValueKind.choices)
    shop_value = models.CharField(
        _("shop value"),
        max_length=120,
        help_text=_(
            "Payment: the order's payment module (e.g. ps_wirepayment), or 'default' for new customers. "
            "Carrier: id_carrier or id_reference. Tax: id_tax_rules_group. Country: ISO code (ES). "
            "Order state: the PrestaShop state id."
        ),
    )
    factusol_value = models.CharField(
        _("FactuSOL value"),
        max_length=60,
        help_text=_(
            "Payment: F_FPA code (TRA). Carrier: F_TRN code (1). Tax: 0 = IVA1, 1 = IVA2, 2 = IVA3, 3 = exempt. "
            "Country: value for PAICLI (724)."
        ),
    )
    label = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("value mapping")
        verbose_name_plural = _("value mappings")
        ordering = ["integration", "kind", "shop_value"]
        constraints = [models.UniqueConstraint(fields=["integration", "kind", "shop_value"], name="uniq_value_mapping")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.shop_value} ↔ {self.factusol_value}"
