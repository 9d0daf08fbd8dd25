"""Shared plumbing of the shop → FactuSOL sync points: connectors, reference data, value mappings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from connectors.prestashop import filters as ps_filters
from hub.errors import ConfigurationError, MappingError, RecordNotFound
from hub.models import ValueKind
from sync.base import SyncStep
from sync.mappers.common import numeric_country

if TYPE_CHECKING:
    from connectors.factusol.base import FactusolConnector
    from connectors.prestashop.webservice import PrestashopWebservice

#: Upper end of the date_upd interval the change lists ask for (the webservice filters by interval).
UNTIL = datetime(2999, 12, 31, 23, 59, 59)

#: F_CFG keys holding the three VAT percentages (IVA1..IVA3), as FactuSOL stores them.
VAT_KEYS = ("ImpuestosIvasPrimerPeriodo1", "ImpuestosIvasPrimerPeriodo2", "ImpuestosIvasPrimerPeriodo3")


class ShopToFactusolStep(SyncStep):
    """A sync point that reads the shop and writes FactuSOL; connectors open on first use."""

    @cached_property
    def shop(self) -> PrestashopWebservice:
        return self.integration.shop.connector()

    @cached_property
    def factusol(self) -> FactusolConnector:
        return self.integration.factusol.connector()

    def close(self) -> None:
        for name in ("shop", "factusol"):
            if name in self.__dict__:
                self.__dict__[name].close()

    def change_filters(self, since: datetime | None, full: bool) -> dict[str, str]:
        """``filter[...]`` for a change list: ``date_upd`` in [since, …] (the list is read with ``date=1``).

        The multistore shop filter is the client's business (it adds ``filter[id_shop]`` itself).
        """
        if full or since is None:
            return {}
        return {"date_upd": ps_filters.between(since.replace(microsecond=0), UNTIL)}

    # -- reference data from the shop, cached for the run --------------------------------------
    @cached_property
    def _cache(self) -> dict[tuple[str, str], dict[str, Any]]:
        return {}

    def shop_record(self, resource: str, id: str | int) -> dict[str, Any]:
        key = (resource, str(id))
        if key not in self._cache:
            self._cache[key] = self.shop.get(resource, id)
        return self._cache[key]

    def province(self, address: dict[str, Any]) -> str:
        id_state = address.get("id_state") or "0"
        if id_state in ("", "0"):
            return ""
        try:
            return self.shop_record("states", id_state).get("name", "")
        except RecordNotFound:
            return ""

    def country_code(self, address: dict[str, Any]) -> str:
        id_country = address.get("id_country") or "0"
        if id_country in ("", "0"):
            raise MappingError(_("Address %(id)s has no country.") % {"id": address.get("id")})
        iso = self.shop_record("countries", id_country).get("iso_code", "")
        return numeric_country(iso, self.value_map(ValueKind.COUNTRY))

    # -- value mappings ------------------------------------------------------------------------
    @cached_property
    def _value_maps(self) -> dict[str, dict[str, str]]:
        maps: dict[str, dict[str, str]] = {}
        for kind, shop_value, fs_value in self.integration.value_mappings.values_list(
            "kind", "shop_value", "factusol_value"
        ):
            maps.setdefault(kind, {})[shop_value.strip()] = fs_value.strip()
        return maps

    def value_map(self, kind: str) -> dict[str, str]:
        return self._value_maps.get(kind, {})

    def mapped(self, kind: str, shop_value: str, what: str) -> str:
        value = self.value_map(kind).get(str(shop_value).strip())
        if value is None:
            raise MappingError(
                _(
                    "No %(kind)s mapping for %(what)s %(value)r: "
                    "add it under the integration's value mappings, then retry."
                )
                % {"kind": ValueKind(kind).label, "what": what, "value": shop_value}
            )
        return value

    # -- FactuSOL configuration ----------------------------------------------------------------
    @cached_property
    def vat_rates(self) -> dict[int, Decimal]:
        rows = self.factusol.read("F_CFG", {"CODCFG": ("IN", list(VAT_KEYS))}, columns=["CODCFG", "NUMCFG"])
        found = {row["CODCFG"]: row["NUMCFG"] for row in rows}
        missing = [k for k in VAT_KEYS if k not in found]
        if missing:
            raise ConfigurationError(_("FactuSOL has no VAT rates in F_CFG (%(keys)s).") % {"keys": ", ".join(missing)})
        return {i: Decimal(str(found[k])) for i, k in enumerate(VAT_KEYS)}
