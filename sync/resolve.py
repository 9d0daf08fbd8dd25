"""Shared plumbing of the shop → FactuSOL sync points: connectors, reference data, value mappings."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from connectors.prestashop import filters as ps_filters
from hub.errors import ConfigurationError, MappingError, RecordNotFound
from hub.models import ValueKind
from sync.base import SyncStep
from sync.mappers.common import numeric_country, shop_datetime

if TYPE_CHECKING:
    from connectors.factusol.base import FactusolConnector
    from connectors.prestashop.webservice import PrestashopWebservice

#: Upper end of the date_upd interval the change lists ask for (the webservice filters by interval).
UNTIL = datetime(2999, 12, 31, 23, 59, 59)
#: Upper end of the id interval when a change list resumes after an id (PrestaShop ids are INT UNSIGNED).
MAX_ID = 4294967295

#: F_CFG keys holding the three VAT percentages (IVA1..IVA3), as FactuSOL stores them.
VAT_KEYS = ("ImpuestosIvasPrimerPeriodo1", "ImpuestosIvasPrimerPeriodo2", "ImpuestosIvasPrimerPeriodo3")


class ShopToFactusolStep(SyncStep):
    """A sync point that reads the shop and writes FactuSOL; connectors open on first use."""

    #: Records per change-list request.
    page_size = 100

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

    def changed_records(self, resource: str, since: datetime | None, full: bool) -> Iterator[dict[str, Any]]:
        """The records of ``resource`` changed since ``since`` (all with ``full``), by ``date_upd``
        then id, each version once (a record saved again while the list is read comes again,
        with its new ``date_upd``).

        Pages are read by keyset, not by offset: a record saved while the list is being read
        moves to the end of the order, and with offsets the record after it would shift into
        the page already read and be skipped, while the cursor moves past it. Each page starts
        with the rest of the records that share the last ``date_upd`` read (``id`` above the
        last id), then those after it, so many records with one ``date_upd`` are never cut.
        """
        size = self.page_size
        low = None if full or since is None else since.replace(microsecond=0)
        last_id = 0
        seen: set[tuple[str, str]] = set()

        while True:
            if low is not None:
                while True:  # the rest of the records at exactly ``low``
                    ties = self.shop.list(
                        resource,
                        filters={
                            "date_upd": ps_filters.between(low, low),
                            "id": ps_filters.between(last_id + 1, MAX_ID),
                        },
                        sort="[id_ASC]",
                        limit=size,
                        date=True,
                    )
                    for row in ties:
                        if _version(row) not in seen:
                            seen.add(_version(row))
                            yield row
                    if len(ties) < size:
                        break
                    last_id = int(ties[-1]["id"])
            after = {} if low is None else {"date_upd": ps_filters.between(low + timedelta(seconds=1), UNTIL)}
            rows = self.shop.list(resource, filters=after, sort="[date_upd_ASC,id_ASC]", limit=size, date=True)
            for row in rows:
                if _version(row) not in seen:
                    seen.add(_version(row))
                    yield row
            if len(rows) < size:
                return
            last = rows[-1]
            low, last_id = shop_datetime(last.get("date_upd")), int(last["id"])
            if low is None:  # a zero date cannot be a keyset position: read the rest by offset
                yield from (r for r in self._by_offset(resource, after, len(rows)) if _version(r) not in seen)
                return

    def _by_offset(self, resource: str, filters: dict[str, str], offset: int) -> Iterator[dict[str, Any]]:
        while True:
            rows = self.shop.list(
                resource, filters=filters, sort="[date_upd_ASC,id_ASC]", limit=self.page_size, offset=offset, date=True
            )
            yield from rows
            if len(rows) < self.page_size:
                return
            offset += len(rows)

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


def _version(row: dict[str, Any]) -> tuple[str, str]:
    return str(row["id"]), str(row.get("date_upd", ""))
