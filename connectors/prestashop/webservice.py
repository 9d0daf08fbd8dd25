"""``PrestashopWebservice``: the hub's connector for a PrestaShop shop (webservice, XML)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

import requests
from django.utils.translation import gettext as _

from connectors.base import ConnectionReport, Connector
from connectors.prestashop import filters as F
from connectors.prestashop.client import WireClient
from connectors.prestashop.errors import raise_for
from connectors.prestashop.resources import (
    READ_ONLY,
    READ_ONLY_ASSOCIATION_FIELDS,
    SHOP_FILTERED_LISTS,
    singular,
)
from connectors.prestashop.xml import Record, parse, parse_json, parse_record, records_from_root, snapshot, to_xml
from hub.errors import ConfigurationError, PermanentError

SHA_CACHE_SIZE = 256
#: Write permissions the sync points need besides GET everywhere.
WRITE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "stock_availables": ("put",),
    "order_histories": ("post",),
    "order_carriers": ("put",),
}


def merge(current: Record, changes: Mapping[str, Any]) -> Record:
    """``current`` with ``changes`` applied: multi-language values per language, associations per name."""
    out = dict(current)
    for key, value in changes.items():
        if key == "associations":
            out["associations"] = {**(current.get("associations") or {}), **value}
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = {**out[key], **{str(k): v for k, v in value.items()}}
        else:
            out[key] = value
    return out


def writable(resource: str, record: Mapping[str, Any]) -> Record:
    """``record`` without the fields PrestaShop refuses on write."""
    read_only = READ_ONLY.get(resource, frozenset())
    out = {k: v for k, v in record.items() if k not in read_only}
    associations = out.get("associations")
    if associations:
        out["associations"] = {
            name: [
                {k: v for k, v in item.items() if k not in READ_ONLY_ASSOCIATION_FIELDS.get((resource, name), ())}
                for item in items
            ]
            for name, items in associations.items()
        }
    return out


def display_param(display: str | list[str] | tuple[str, ...] | None) -> str | None:
    if display is None or isinstance(display, str):
        return display
    return "[" + ",".join(display) + "]"


class PrestashopWebservice(Connector):
    """Reads and writes one shop through ``/api`` (see ``connectors/prestashop/xml.py`` for the record shape).

    Options (tests and benchmarks): ``attempts``, ``backoff_base``, ``sleep``, ``session``, ``sha_cache``.
    """

    system = "PrestaShop"

    def allowed_options(self) -> tuple[str, ...]:
        return ("attempts", "backoff_base", "sleep", "session", "sha_cache")

    def __init__(self, connection: Any, **options: Any) -> None:
        super().__init__(connection, **options)
        shop = connection
        wire_options = {k: options[k] for k in ("attempts", "backoff_base", "sleep", "session") if k in options}
        self.client = WireClient(
            shop.api_url,
            shop.webservice_key or "",
            timeout=float(shop.timeout),
            max_parallel=int(shop.max_parallel_requests or 1),
            shop_key=f"shop:{shop.pk}" if shop.pk else shop.api_url,
            **wire_options,
        )
        self.use_sha_cache = bool(options.get("sha_cache", True))
        self._sha_cache: OrderedDict[tuple[str, str], tuple[str, requests.Response]] = OrderedDict()
        self._version: str | None = None
        self._order_states: dict[str, int] | None = None

    # -- plumbing -----------------------------------------------------------------------------
    @property
    def stats(self) -> Any:
        return self.client.stats

    def _shop_params(self) -> dict[str, str]:
        params: dict[str, str] = {}
        if self.connection.id_shop:
            params["id_shop"] = str(self.connection.id_shop)
        if self.connection.id_shop_group:
            params["id_shop_group"] = str(self.connection.id_shop_group)
        return params

    def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        cache: bool = False,
    ) -> requests.Response:
        """One request with shop params, typed errors and the ``Local-Content-Sha1`` cache."""
        all_params = {**self._shop_params(), **(params or {})}
        headers: dict[str, str] = {}
        key = (path, repr(sorted(all_params.items())))
        cached = self._sha_cache.get(key) if cache and self.use_sha_cache else None
        if cached:
            headers["Local-Content-Sha1"] = cached[0]
        request = self.client.snapshot(method, path, all_params)
        response = self.client.request(method, path, params=all_params, data=data, headers=headers)
        version = response.headers.get("PSWS-Version")
        if version and version != "0":
            self._version = version
        if response.status_code == 304 and cached:
            self._sha_cache.move_to_end(key)
            return cached[1]
        raise_for(response, connection=self.connection, request=request)
        if cache and self.use_sha_cache and response.status_code == 200:
            sha = response.headers.get("Content-Sha1") or hashlib.sha1(response.content).hexdigest()
            self._sha_cache[key] = (sha, response)
            while len(self._sha_cache) > SHA_CACHE_SIZE:
                self._sha_cache.popitem(last=False)
        return response

    def _records(self, response: requests.Response) -> list[Record]:
        if "json" in response.headers.get("Content-Type", "").lower():
            return parse_json(response.content)
        return records_from_root(parse(response.content))

    # -- reads --------------------------------------------------------------------------------
    def get(
        self,
        resource: str,
        id: str | int,
        *,
        display: str | list[str] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Record:
        """One record; ``RecordNotFound`` on 404."""
        query = dict(params or {})
        if display:
            query["display"] = display_param(display)
        response = self.call("GET", f"{resource}/{id}", params=query, cache=True)
        records = self._records(response)
        if not records:
            raise PermanentError(
                _("The shop sent no %(resource)s record.") % {"resource": resource},
                connection=self.connection,
                response={"body": snapshot(response.content)},
            )
        return records[0]

    def list(
        self,
        resource: str,
        *,
        filters: Mapping[str, str] | None = None,
        display: str | list[str] | None = "full",
        sort: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        date: bool = False,
        params: Mapping[str, Any] | None = None,
    ) -> list[Record]:
        """Records matching ``filters`` (values already in PrestaShop form, see ``filters.py``)."""
        query: dict[str, Any] = {}
        all_filters = dict(filters or {})
        if resource in SHOP_FILTERED_LISTS and self.connection.id_shop and "id_shop" not in all_filters:
            all_filters["id_shop"] = F.eq(self.connection.id_shop)
        for field, value in all_filters.items():
            query[f"filter[{field}]"] = value
        if display:
            query["display"] = display_param(display)
        if sort:
            query["sort"] = sort
        if limit is not None:
            query["limit"] = f"{offset},{limit}" if offset else str(limit)
        elif offset:
            raise ValueError("offset needs a limit")
        if date:
            query["date"] = "1"
        query.update(params or {})
        return self._records(self.call("GET", resource, params=query, cache=True))

    def iter(
        self,
        resource: str,
        *,
        filters: Mapping[str, str] | None = None,
        display: str | list[str] | None = "full",
        sort: str | None = "[id_ASC]",
        page_size: int = 100,
        date: bool = False,
    ) -> Iterator[Record]:
        """Every matching record, page by page (``limit=offset,count``) until a short page."""
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        offset = 0
        while True:
            page = self.list(
                resource, filters=filters, display=display, sort=sort, limit=page_size, offset=offset, date=date
            )
            yield from page
            if len(page) < page_size:
                return
            offset += page_size

    def schema(self, resource: str, kind: str = "blank") -> Record:
        if kind not in ("blank", "synopsis"):
            raise ValueError("kind must be 'blank' or 'synopsis'")
        return parse_record(self.call("GET", resource, params={"schema": kind}).content)

    # -- writes -------------------------------------------------------------------------------
    def create(self, resource: str, record: Mapping[str, Any], *, params: Mapping[str, Any] | None = None) -> Record:
        """POST a new record (``params`` e.g. ``{"sendemail": 1}``); returns the created record."""
        body = {k: v for k, v in writable(resource, record).items() if k != "id"}
        response = self.call("POST", resource, params=params, data=to_xml(singular(resource), body))
        return parse_record(response.content)

    def replace(self, resource: str, record: Mapping[str, Any], *, params: Mapping[str, Any] | None = None) -> Record:
        """PUT the whole record: every field left out becomes empty on the shop (FINDINGS (f))."""
        if not str(record.get("id") or "").strip():
            raise ValueError("replace() needs the record's id")
        body = writable(resource, record)
        response = self.call("PUT", f"{resource}/{record['id']}", params=params, data=to_xml(singular(resource), body))
        return parse_record(response.content)

    def modify(
        self, resource: str, id: str | int, changes: Mapping[str, Any], *, params: Mapping[str, Any] | None = None
    ) -> Record:
        """GET, merge ``changes``, PUT: works on every version and never loses optional fields."""
        current = self.get(resource, id)
        return self.replace(resource, merge(current, changes), params=params)

    def patch(
        self, resource: str, id: str | int, changes: Mapping[str, Any], *, params: Mapping[str, Any] | None = None
    ) -> Record:
        """PATCH only ``changes`` when the shop supports it (PrestaShop ≥ 8), else ``modify``."""
        if not self.supports_patch:
            return self.modify(resource, id, changes, params=params)
        body = {"id": str(id), **{k: v for k, v in writable(resource, changes).items() if k != "id"}}
        response = self.call("PATCH", f"{resource}/{id}", params=params, data=to_xml(singular(resource), body))
        return parse_record(response.content)

    def delete(self, resource: str, id: str | int) -> None:
        self.call("DELETE", f"{resource}/{id}")

    # -- shop facts ---------------------------------------------------------------------------
    @property
    def version(self) -> str:
        """The shop's PrestaShop version (``PSWS-Version``); asks the API root when still unknown."""
        if self._version is None:
            self.call("GET", "")
        return self._version or ""

    @property
    def supports_patch(self) -> bool:
        try:
            return int(self.version.split(".")[0]) >= 8
        except ValueError:
            return False

    def text(self, record: Mapping[str, Any], field: str) -> str:
        """A field's text in the shop's language (the first non-empty language as a fallback)."""
        value = record.get(field, "")
        if isinstance(value, Mapping):
            chosen = value.get(str(self.connection.language_id))
            if chosen:
                return str(chosen)
            return next((str(v) for v in value.values() if v), "")
        return "" if value is None else str(value)

    def configurations(self, prefix: str) -> dict[str, str]:
        """``name → value`` of the configuration keys starting with ``prefix`` (shop-specific rows win)."""
        rows = self.list("configurations", filters={"name": F.begins(prefix)}, sort="[id_ASC]")
        # ``_`` is a LIKE wildcard the shop does not escape: PS_OS_ also matches PSXOSY...
        return self._pick_configuration([r for r in rows if str(r.get("name", "")).startswith(prefix)])

    def configuration(self, name: str) -> str | None:
        rows = self.list("configurations", filters={"name": F.eq(name)}, sort="[id_ASC]")
        return self._pick_configuration(rows).get(name)

    def _pick_configuration(self, rows: list[Record]) -> dict[str, str]:
        shop_id = str(self.connection.id_shop or "")
        best: dict[str, tuple[int, str]] = {}
        for row in rows:
            rank = 2 if shop_id and row.get("id_shop") == shop_id else (1 if not row.get("id_shop") else 0)
            name = row.get("name", "")
            if name and (name not in best or rank > best[name][0]):
                best[name] = (rank, row.get("value", ""))
        return {name: value for name, (_rank, value) in best.items()}

    def order_state_id(self, config_name: str) -> int:
        """The order state id behind a ``PS_OS_*`` key (ids differ between installs); cached per connector."""
        if self._order_states is None:
            self._order_states = {
                name: int(value) for name, value in self.configurations("PS_OS_").items() if value.isdigit()
            }
        try:
            return self._order_states[config_name]
        except KeyError as err:
            raise ConfigurationError(
                _("The shop has no order state configured as %(name)s.") % {"name": config_name},
                connection=self.connection,
            ) from err

    def test_connection(self) -> ConnectionReport:
        from connectors.prestashop.diagnostics import run_connection_test

        return run_connection_test(self)

    def close(self) -> None:
        self.client.close()



