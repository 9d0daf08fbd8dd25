"""Customers, shop → FactuSOL: F_CLI (billing data) and F_OBR (delivery addresses).

Matching before creating: the record link first, then NIF, then e-mail (per the integration's
``customer_match``), so an existing FactuSOL customer is reused, never duplicated. Registered
customers take codes from the registered range; guests from the guest range, or all share the
generic cash customer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from hub.models import Direction, LinkEntity, SyncEntity, ValueKind
from hub.models.integration import CustomerMatch, GuestRule
from sync import journal
from sync.base import Action, Item, Outcome
from sync.links import bind, content_hash, get_link, touch
from sync.mappers.common import full_name, shop_datetime
from sync.mappers.customers import address_values, apply_field_mappings, customer_values
from sync.models import EntryStatus
from sync.redact import integration_secrets, redact
from sync.resolve import ShopToFactusolStep


@dataclass
class CustomerResult:
    """What ensuring a customer did: its FactuSOL code, the delivery address codes, the writes."""

    code: int
    action: str
    values: dict[str, Any]
    address_codes: dict[str, int] = field(default_factory=dict)
    plan: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""


class CustomerWriter:
    """Creates or updates one shop customer in FactuSOL; shared by the customer and order points."""

    def __init__(self, step: ShopToFactusolStep) -> None:
        self.step = step
        self.integration = step.integration
        self.fs = step.factusol

    @property
    def dry_run(self) -> bool:
        return self.step.dry_run

    def addresses(self, customer_id: str) -> list[dict[str, Any]]:
        rows = self.step.shop.list("addresses", filters={"id_customer": f"[{int(customer_id)}]"}, sort="[id_ASC]")
        return [a for a in rows if a.get("deleted", "0") in ("0", "")]

    def ensure(
        self, customer: dict[str, Any], addresses: list[dict[str, Any]] | None = None, *, payment_method: str = ""
    ) -> CustomerResult:
        if addresses is None:
            addresses = self.addresses(customer["id"])
        # New customers get FactuSOL's payment method from the "default" payment mapping, if any.
        payment_method = payment_method or self.step.value_map(ValueKind.PAYMENT).get("default", "")
        billing = addresses[0] if addresses else None
        values = customer_values(
            customer,
            billing,
            country_code=self.step.country_code(billing) if billing else "",
            province=self.step.province(billing) if billing else "",
            payment_method=payment_method,
        )
        is_guest = str(customer.get("is_guest", "0")) == "1"
        if is_guest and self.integration.guest_rule == GuestRule.GENERIC:
            return CustomerResult(
                code=int(self.integration.generic_customer_code or 0),
                action=Action.SKIPPED,
                values=values,
                note=_("Guest: uses the generic cash customer %(code)s.")
                % {"code": self.integration.generic_customer_code},
            )
        digest = content_hash({"values": _stable(values), "addresses": [_address_digest(a) for a in addresses]})
        link = get_link(self.integration, LinkEntity.CUSTOMER, shop_id=customer["id"])
        if link is None and not self.dry_run and self.step.entity != SyncEntity.CUSTOMERS:
            # Another point (orders) is about to create this customer: claim it like the customers
            # point would, and look for the link again under the claim.
            label = f"{full_name(customer)} <{customer.get('email', '')}>"
            with journal.holding(
                self.integration, SyncEntity.CUSTOMERS, Direction.TO_FACTUSOL, str(customer["id"]), label
            ) as entry:
                result = self._ensure(customer, addresses, values, digest, is_guest)
                journal.settle(
                    entry,
                    status=EntryStatus.OK if result.action in (Action.CREATED, Action.UPDATED) else EntryStatus.SKIPPED,
                    action=result.action,
                    factusol_key=str(result.code or ""),
                    message=result.note,
                    request=redact({"plan": result.plan}, integration_secrets(self.integration))
                    if result.plan
                    else None,
                )
                return result
        return self._ensure(customer, addresses, values, digest, is_guest)

    def _ensure(
        self,
        customer: dict[str, Any],
        addresses: list[dict[str, Any]],
        values: dict[str, Any],
        digest: str,
        is_guest: bool,
    ) -> CustomerResult:
        link = get_link(self.integration, LinkEntity.CUSTOMER, shop_id=customer["id"])
        result: CustomerResult
        if link is not None:
            code = int(link.factusol_key)
            if link.content_hash == digest:
                result = CustomerResult(code, Action.UNCHANGED, values)
            else:
                result = self._update(code, values, note="")
                if not self.dry_run:
                    touch(link, digest)
        else:
            matched = self._match(values)
            note = _("Matched existing FactuSOL customer %(code)s.")
            if matched is None:
                matched = self._orphan(values, guest=is_guest)
                note = _("Reused FactuSOL customer %(code)s, written by an earlier attempt that did not finish.")
            if matched is not None:
                result = self._update(matched, values, note=note % {"code": matched})
                self._bind_customer(customer["id"], matched, digest, result)
            else:
                result = self._create(values, guest=is_guest)
                self._bind_customer(customer["id"], result.code, digest, result)
        result.address_codes = self._ensure_addresses(result, addresses, values["email"])
        return result

    # -- matching ----------------------------------------------------------------------------
    def _match(self, values: dict[str, Any]) -> int | None:
        rule = self.integration.customer_match
        lookups: list[tuple[str, str]] = []
        if rule in (CustomerMatch.NIF_THEN_EMAIL, CustomerMatch.NIF) and values["nif"]:
            lookups.append(("NIFCLI", values["nif"]))
        if rule in (CustomerMatch.NIF_THEN_EMAIL, CustomerMatch.EMAIL) and values["email"]:
            lookups.append(("EMACLI", values["email"]))
        for column, value in lookups:
            rows = self.fs.read("F_CLI", {column: value}, columns=["CODCLI"], order_by=["CODCLI"], top=1)
            if rows:
                return int(rows[0]["CODCLI"])
        return None

    def _orphan(self, values: dict[str, Any], *, guest: bool) -> int | None:
        """The FactuSOL customer an earlier attempt created but did not link (it died, or timed out,
        between the insert and the bind): in this integration's code range, unlinked, with the
        e-mail, NIF and name this customer would be written with. Reusing it keeps a retry from
        creating a second one, whatever the matching rule."""
        if not values["email"]:
            return None
        low, high = self._range(guest=guest)
        rows = self.fs.read(
            "F_CLI", {"EMACLI": values["email"]}, columns=["CODCLI", "NIFCLI", "NOFCLI"], order_by=["CODCLI"]
        )
        name = str(values["fiscal_name"] or "")
        for row in rows:
            code = int(row["CODCLI"])
            stored_name = str(row.get("NOFCLI") or "").strip()
            if not (low <= code <= high) or str(row.get("NIFCLI") or "").strip() != values["nif"]:
                continue
            if stored_name and name.startswith(stored_name) or not (stored_name or name):
                if get_link(self.integration, LinkEntity.CUSTOMER, factusol_key=str(code)) is None:
                    return code
        return None

    def _range(self, *, guest: bool) -> tuple[int, int]:
        if guest:
            return int(self.integration.guest_code_from or 0), int(self.integration.guest_code_to or 0)
        return int(self.integration.registered_code_from or 0), int(self.integration.registered_code_to or 0)

    # -- writes ------------------------------------------------------------------------------
    def _row(self, values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        mappings = [m for m in self.integration.field_mappings.all() if m.entity == LinkEntity.CUSTOMER]
        return apply_field_mappings(values, mappings, creating=creating)

    def _update(self, code: int, values: dict[str, Any], *, note: str) -> CustomerResult:
        row = self._row(values, creating=False)
        plan = [{"side": "factusol", "op": "update", "table": "F_CLI", "key": {"CODCLI": code}, "values": row}]
        warnings: list[str] = []
        if not self.dry_run and row:
            warnings = self.fs.update("F_CLI", {"CODCLI": code}, row).warnings
        return CustomerResult(code, Action.UPDATED, values, plan=plan, note=_join(note, warnings))

    def _create(self, values: dict[str, Any], *, guest: bool) -> CustomerResult:
        row = self._row(values, creating=True)
        low, high = self._range(guest=guest)
        plan = [{"side": "factusol", "op": "insert", "table": "F_CLI", "code_range": [low, high], "values": row}]
        if self.dry_run:
            return CustomerResult(0, Action.CREATED, values, plan=plan)
        written = self.fs.insert_with_code("F_CLI", row, "CODCLI", low, high)
        return CustomerResult(written.number, Action.CREATED, values, plan=plan, note=_join("", written.warnings))

    def _bind_customer(self, shop_id: str, code: int, digest: str, result: CustomerResult) -> None:
        if self.dry_run:
            return
        other = get_link(self.integration, LinkEntity.CUSTOMER, factusol_key=str(code))
        if other is not None and other.shop_id != str(shop_id):
            # Two shop accounts (e.g. repeated guest checkouts) share one FactuSOL customer: the
            # link stays with the first, later ones are matched again on every sync.
            result.note = _join(
                result.note,
                [
                    _("FactuSOL customer %(code)s is linked to shop customer %(other)s.")
                    % {"code": code, "other": other.shop_id}
                ],
            )
            return
        bind(self.integration, LinkEntity.CUSTOMER, shop_id, str(code), digest)

    def _ensure_addresses(self, result: CustomerResult, addresses: list[dict[str, Any]], email: str) -> dict[str, int]:
        codes: dict[str, int] = {}
        if not result.code:
            return codes
        mappings = [m for m in self.integration.field_mappings.all() if m.entity == LinkEntity.ADDRESS]
        for address in addresses:
            values = address_values(
                address, email=email, country_code=self.step.country_code(address), province=self.step.province(address)
            )
            digest = content_hash(_stable(values))
            link = get_link(self.integration, LinkEntity.ADDRESS, shop_id=address["id"])
            if link is not None and link.factusol_key.startswith(f"{result.code}-"):
                number = int(link.factusol_key.split("-", 1)[1])
                codes[address["id"]] = number
                if link.content_hash != digest:
                    row = apply_field_mappings(values, mappings, creating=False)
                    key = {"CLIOBR": result.code, "CODOBR": number}
                    result.plan.append(
                        {"side": "factusol", "op": "update", "table": "F_OBR", "key": key, "values": row}
                    )
                    if not self.dry_run:
                        result.note = _join(result.note, self.fs.update("F_OBR", key, row).warnings)
                        touch(link, digest)
                continue
            row = apply_field_mappings(values, mappings, creating=True)
            result.plan.append({"side": "factusol", "op": "insert", "table": "F_OBR", "values": row})
            if self.dry_run:
                continue
            written = self.fs.insert_with_code(
                "F_OBR", {**row, "CLIOBR": result.code}, "CODOBR", 1, 32767, scope={"CLIOBR": result.code}
            )
            number = written.number
            result.note = _join(result.note, written.warnings)
            codes[address["id"]] = number
            bind(self.integration, LinkEntity.ADDRESS, address["id"], f"{result.code}-{number}", digest, repoint=True)
        return codes


class CustomerSync(ShopToFactusolStep):
    entity = SyncEntity.CUSTOMERS
    direction = Direction.TO_FACTUSOL

    def changes(self, since: datetime | None, full: bool) -> Iterable[Item]:
        items: dict[str, Item] = {}
        for customer in self.changed_records("customers", since, full):
            items[customer["id"]] = _item(customer)
        if not full and since is not None:
            # A changed address does not touch its customer's date_upd.
            for address in self.changed_records("addresses", since, full):
                cid = address.get("id_customer", "0")
                if cid not in ("", "0") and cid not in items:
                    items[cid] = _item(self.shop.get("customers", cid), changed=address.get("date_upd"))
        return sorted(items.values(), key=lambda i: (i.changed_at or datetime.min, int(i.key)))

    def fetch(self, key: str) -> Item:
        if key.startswith("address:"):
            address = self.shop.get("addresses", key.split(":", 1)[1])
            key = address["id_customer"]
        return _item(self.shop.get("customers", key))

    def sync_item(self, item: Item) -> Outcome:
        result = CustomerWriter(self).ensure(item.data)
        return Outcome(
            action=result.action,
            shop_id=item.key,
            factusol_key=str(result.code or ""),
            plan=result.plan,
            message=result.note,
        )


def _item(customer: dict[str, Any], changed: str | None = None) -> Item:
    label = f"{full_name(customer)} <{customer.get('email', '')}>"
    if str(customer.get("is_guest", "0")) == "1":
        label += " " + _("(guest)")
    return Item(
        key=str(customer["id"]),
        label=label,
        changed_at=shop_datetime(changed or customer.get("date_upd")),
        data=customer,
    )


def _stable(values: dict[str, Any]) -> dict[str, Any]:
    # The modification date changes on every save; it must not make an unchanged record "changed".
    return {k: v for k, v in values.items() if k not in ("modified_date", "created_date")}


def _address_digest(address: dict[str, Any]) -> str:
    return content_hash({k: v for k, v in address.items() if k not in ("date_upd", "date_add")})


def _join(note: str, warnings: list[str]) -> str:
    return " ".join(p for p in [note, *warnings] if p)
