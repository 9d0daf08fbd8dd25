"""Connections to the external systems. Secrets are encrypted at rest (hub.crypto)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from hub.crypto import EncryptedTextField
from hub.models.tenancy import Agency

if TYPE_CHECKING:
    from connectors.base import Connector

#: kind → (label, dotted path of the connector class). Imported lazily by ``.connector``.
CONNECTOR_CLASSES: dict[str, tuple[str, str]] = {
    "prestashop": ("PrestaShop webservice", "connectors.prestashop.webservice.PrestashopWebservice"),
    "odbc": ("FactuSOL (ODBC)", "connectors.factusol.odbc.FactusolOdbc"),
    "api": ("FactuSOL (DELSOL REST API)", "connectors.factusol.rest.FactusolRest"),
}


class ConnectionBase(models.Model):
    agency = models.ForeignKey(Agency, models.CASCADE, verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=120)
    enabled = models.BooleanField(_("enabled"), default=True)
    timeout = models.FloatField(
        _("timeout (seconds)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["agency__name", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        raise NotImplementedError(f"{type(self).__name__}.kind must be implemented")

    @property
    def connector_class(self) -> type[Connector]:
        return import_string(CONNECTOR_CLASSES[self.kind][1])

    def connector(self, **kwargs: Any) -> Connector:
        """A connector for this connection (import happens here, not at model load)."""
        return self.connector_class(self, **kwargs)


class Shop(ConnectionBase):
    """A PrestaShop shop reached through its webservice."""

    base_url = models.URLField(
        _("shop URL"), help_text=_("Address of the shop, e.g. https://tienda.example.com (without /api).")
    )
    webservice_key = EncryptedTextField(
        _("webservice key"), blank=True, help_text=_("Write-only: it is stored encrypted and never shown again.")
    )
    id_shop = models.PositiveIntegerField(
        _("multistore shop id"), null=True, blank=True, help_text=_("Only for multistore installs.")
    )
    id_shop_group = models.PositiveIntegerField(_("multistore shop group id"), null=True, blank=True)
    language_id = models.PositiveIntegerField(
        _("language id"), default=1, help_text=_("PrestaShop id_lang used for names and descriptions.")
    )
    max_parallel_requests = models.PositiveSmallIntegerField(
        _("max parallel requests"), default=4, validators=[MinValueValidator(1), MaxValueValidator(32)]
    )

    class Meta(ConnectionBase.Meta):
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="uniq_shop_name")]

    @property
    def kind(self) -> str:
        return "prestashop"

    @property
    def api_url(self) -> str:
        return self.base_url.rstrip("/") + "/api"


class Transport(models.TextChoices):
    ODBC = "odbc", _("ODBC (Access file on the customer's PC)")
    API = "api", _("DELSOL REST API")


class YearPolicy(models.TextChoices):
    CURRENT = "current", _("Current calendar year")
    FIXED = "fixed", _("Fixed year")


class FactusolConnection(ConnectionBase):
    """A FactuSOL company, reached by ODBC (Access file) or through the DELSOL REST API.

    Each fiscal year (ejercicio) is its own database: ``{year}`` in the file path or the
    connection string is replaced by the year the call targets.
    """

    transport = models.CharField(_("transport"), max_length=8, choices=Transport.choices, default=Transport.ODBC)
    # ODBC
    odbc_connection_string = EncryptedTextField(
        _("ODBC connection string"),
        blank=True,
        help_text=_(
            "Optional full ODBC connection string; {year} is replaced by the fiscal year. "
            "Empty: the Microsoft Access driver with the file path below. Write-only."
        ),
    )
    odbc_file_path = models.CharField(
        _("Access file path"),
        max_length=400,
        blank=True,
        help_text=_(r"E.g. C:\DELSOL\FACTUSOL\Datos\FS\001{year}.accdb"),
    )
    cluster_name = models.CharField(
        _("worker cluster"),
        max_length=60,
        blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_.-]*$")],
        help_text=_("Name of the django-q2 cluster started on the PC that holds the Access file."),
    )
    # DELSOL REST API
    api_base_url = models.URLField(_("API URL"), default="https://api.sdelsol.com")
    api_manufacturer_code = models.CharField(_("manufacturer code (codigoFabricante)"), max_length=40, blank=True)
    api_client_code = models.CharField(_("client code (codigoCliente)"), max_length=40, blank=True)
    api_database = models.CharField(_("database (baseDatosCliente)"), max_length=40, blank=True)
    api_password = EncryptedTextField(_("API password"), blank=True, help_text=_("Write-only."))
    # Fiscal year
    year_policy = models.CharField(
        _("fiscal year policy"), max_length=8, choices=YearPolicy.choices, default=YearPolicy.CURRENT
    )
    fixed_year = models.PositiveSmallIntegerField(
        _("fixed fiscal year"), null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    company_code = models.CharField(_("company code"), max_length=3, default="001")

    class Meta(ConnectionBase.Meta):
        verbose_name = _("FactuSOL connection")
        verbose_name_plural = _("FactuSOL connections")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="uniq_factusol_name")]

    @property
    def kind(self) -> str:
        return self.transport

    @property
    def fiscal_year(self) -> int:
        if self.year_policy == YearPolicy.FIXED and self.fixed_year:
            return int(self.fixed_year)
        return timezone.localdate().year

    @property
    def queue(self) -> str | None:
        """The django-q2 cluster that must run this connection's work (None: the default cluster)."""
        if self.transport == Transport.ODBC and self.cluster_name:
            return self.cluster_name
        return None
