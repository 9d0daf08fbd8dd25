"""Orders, shop → FactuSOL customer orders (F_PCL header + F_LPC lines).

An order is imported once, in the integration's series, with REFPCL = the shop reference (also
the de-duplication key: an order found by REFPCL is linked, not written again). Everything an
order needs (payment, carrier and tax mappings, articles, totals) is resolved before the first
write, so a missing mapping fails the order with nothing written; after the mapping is added,
"retry" imports it. Imported orders are revisited when they change, to keep the "paid on the
web" flag (CEWPCL) in step with the shop.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from hub.errors import MappingError, RecordNotFound
from hub.models import Direction, LinkEntity, SyncEntity, ValueKind
from sync.base import Action, Item, Outcome
from sync.customers import CustomerWriter
from sync.links import bind, content_hash, get_link, touch
from sync.mappers.common import clean_nif, full_name, shop_datetime
from sync.mappers.orders import Buyer, OrderContext, build_order
from sync.models import RecordLink
from sync.resolve import ShopToFactusolStep


class OrderSync(ShopToFactusolStep):
    entity = SyncEntity.ORDERS
    direction = Direction.TO_FACTUSOL

    # -- reading -----------------------------------------------------------------------------
    def changes(self, since: datetime | None, full: bool) -> Iterable[Item]:
        for order in self.changed_records("orders", since, full):
            if self._wanted(order):
                yield _item(order)

    def fetch(self, key: str) -> Item:
        return _item(self.shop.get("orders", key))

    def _wanted(self, order: dict[str, Any]) -> bool:
        """Importable state, or already imported (its paid flag may have to follow)."""
        if str(order.get("current_state")) in self.importable_states:
            return True
        return get_link(self.integration, LinkEntity.ORDER, shop_id=order["id"]) is not None

    @cached_property
    def importable_states(self) -> set[str]:
        states: set[str] = set()
        for name in self.integration.import_order_states or []:
            name = str(name).strip()
            if name.isdigit():
                states.add(name)
                continue
            try:
                states.add(str(self.shop.order_state_id(name)))
            except (RecordNotFound, KeyError, ValueError):
                continue
        return states

    def is_paid(self, order: dict[str, Any]) -> bool:
        state = self.shop_record("order_states", order.get("current_state", "0"))
        return str(state.get("paid", "0")) == "1"

    # -- writing -----------------------------------------------------------------------------
    def sync_item(self, item: Item) -> Outcome:
        order = item.data
        series = self.integration.order_series
        link = get_link(self.integration, LinkEntity.ORDER, shop_id=order["id"])
        if link is None:
            key = self._unlinked_by_reference(series, order["reference"])
            if key is not None:
                if not self.dry_run:
                    link = bind(self.integration, LinkEntity.ORDER, order["id"], key)
                else:
                    return Outcome(Action.UNCHANGED, shop_id=item.key, factusol_key=key)
        if link is not None:
            return self._follow_payment(item, link)
        if str(order.get("current_state")) not in self.importable_states:
            return Outcome(
                Action.SKIPPED, shop_id=item.key, message=_("Order state is not one the integration imports.")
            )
        return self._import(item)

    def _unlinked_by_reference(self, series: str, reference: str) -> str | None:
        """The FactuSOL order of ``series`` with REFPCL ``reference`` that no other shop order is linked
        to (an earlier attempt wrote it, then died before the link), or None.

        A cart split over several carriers gives several shop orders the same reference, so an
        order already linked to another shop order is not this one.
        """
        rows = self.factusol.read(
            "F_PCL", {"TIPPCL": series, "REFPCL": reference}, columns=["TIPPCL", "CODPCL"], order_by=["CODPCL"]
        )
        for row in rows:
            key = f"{series}-{row['CODPCL']}"
            if get_link(self.integration, LinkEntity.ORDER, factusol_key=key) is None:
                return key
        return None

    def _follow_payment(self, item: Item, link: RecordLink) -> Outcome:
        """Keep CEWPCL ("paid on the web") in step; the link's hash remembers what was written last."""
        factusol_key = link.factusol_key
        series, number = factusol_key.split("-", 1)
        key = {"TIPPCL": series, "CODPCL": int(number)}
        paid = 1 if self.is_paid(item.data) else 0
        digest = content_hash({"CEWPCL": paid})
        if link.content_hash == digest:
            return Outcome(Action.UNCHANGED, shop_id=item.key, factusol_key=factusol_key)
        rows = self.factusol.read("F_PCL", key, columns=["CEWPCL"])
        if not rows:
            raise RecordNotFound(_("FactuSOL order %(key)s no longer exists.") % {"key": factusol_key})
        if int(rows[0].get("CEWPCL") or 0) == paid:
            if not self.dry_run:
                touch(link, digest)
            return Outcome(Action.UNCHANGED, shop_id=item.key, factusol_key=factusol_key)
        plan = [{"side": "factusol", "op": "update", "table": "F_PCL", "key": key, "values": {"CEWPCL": paid}}]
        if not self.dry_run:
            self.factusol.update("F_PCL", key, {"CEWPCL": paid})
            touch(link, digest)
        return Outcome(
            Action.UPDATED,
            shop_id=item.key,
            factusol_key=factusol_key,
            plan=plan,
            message=_("Paid on the web: %(paid)s") % {"paid": _("yes") if paid else _("no")},
        )

    def _import(self, item: Item) -> Outcome:
        order = item.data
        details = self.shop.list("order_details", filters={"id_order": f"[{int(order['id'])}]"}, sort="[id_ASC]")
        customer = self.shop.get("customers", order["id_customer"])
        invoice = self.shop_record("addresses", order["id_address_invoice"])
        delivery = self.shop_record("addresses", order["id_address_delivery"])
        payment = self.mapped(ValueKind.PAYMENT, order.get("module", ""), _("payment module"))
        carrier = self._carrier(order)
        context = OrderContext(
            buyer=Buyer(code=0, name=""),
            warehouse=self.integration.order_warehouse,
            payment_code=payment,
            carrier_code=carrier,
            year=self.integration.factusol.fiscal_year,
            paid=self.is_paid(order),
            vat_rates=self.vat_rates,
            article_for=self._article_for,
            tax_groups={k: int(v) for k, v in self.value_map(ValueKind.TAX).items() if v.isdigit()},
        )
        # Validates mappings, articles and totals before anything is written.
        document = build_order(order, details, context)

        writer = CustomerWriter(self)
        addresses = writer.addresses(customer["id"])
        if invoice["id"] not in {a["id"] for a in addresses}:
            addresses = [invoice, *addresses]
        customer_result = writer.ensure(customer, addresses, payment_method=payment)
        name = (invoice.get("company") or "").strip() or full_name(invoice) or full_name(customer)
        street = " ".join(p for p in (invoice.get("address1", ""), invoice.get("address2", "")) if p).strip()
        document.header.update(
            {
                "CLIPCL": customer_result.code,
                "CNOPCL": name,
                "CDOPCL": street,
                "CPOPCL": invoice.get("city", ""),
                "CCPPCL": invoice.get("postcode", ""),
                "CPRPCL": self.province(invoice),
                "CNIPCL": clean_nif(invoice.get("dni") or invoice.get("vat_number")),
                "TELPCL": invoice.get("phone") or invoice.get("phone_mobile") or "",
                "CEMPCL": customer.get("email", ""),
                "CPAPCL": self.country_code(invoice),
                "OBRPCL": customer_result.address_codes.get(delivery["id"], 0),
                "PPOPCL": (full_name(customer) or name)[:40],
            }
        )
        series = self.integration.order_series
        plan = [
            *customer_result.plan,
            {"side": "factusol", "op": "insert", "table": "F_PCL", "series": series, "values": document.header},
            *({"side": "factusol", "op": "insert", "table": "F_LPC", "values": line} for line in document.lines),
        ]
        if self.dry_run:
            return Outcome(Action.CREATED, shop_id=item.key, plan=plan)
        result = self.factusol.insert_document("F_PCL", document.header, "F_LPC", document.lines, series=series)
        key = f"{series}-{result.number}"
        bind(self.integration, LinkEntity.ORDER, order["id"], key, content_hash({"CEWPCL": document.header["CEWPCL"]}))
        notes = [customer_result.note, *result.warnings]
        return Outcome(
            Action.CREATED,
            shop_id=item.key,
            factusol_key=key,
            plan=plan,
            message=" ".join(n for n in notes if n),
        )

    def _carrier(self, order: dict[str, Any]) -> int | None:
        id_carrier = str(order.get("id_carrier") or "0")
        if id_carrier == "0":
            return None
        value = self.value_map(ValueKind.CARRIER).get(id_carrier)
        if value is None:
            carrier = self.shop_record("carriers", id_carrier)
            # Carriers get a new id on every edit; id_reference stays.
            value = self.value_map(ValueKind.CARRIER).get(str(carrier.get("id_reference", "")))
        if value is None:
            raise MappingError(
                _("No carrier mapping for shop carrier %(id)s: add it under the integration's value mappings.")
                % {"id": id_carrier}
            )
        return int(value)

    def _article_for(self, detail: dict[str, Any]) -> tuple[str, str, str]:
        attribute = str(detail.get("product_attribute_id") or "0")
        if attribute != "0":
            link = get_link(self.integration, LinkEntity.COMBINATION, shop_id=attribute)
            if link is not None:
                code, size, colour = (link.factusol_key.split("|") + ["", ""])[:3]
                return code, size, colour
        link = get_link(self.integration, LinkEntity.PRODUCT, shop_id=str(detail.get("product_id")))
        if link is not None:
            return link.factusol_key, "", ""
        reference = (detail.get("product_reference") or "").strip()
        if reference and self._article_exists(reference):
            return reference, "", ""
        raise MappingError(
            _("Product %(id)s (%(name)s, reference %(ref)r) has no FactuSOL article: link it or give it the CODART.")
            % {"id": detail.get("product_id"), "name": detail.get("product_name"), "ref": reference}
        )

    def _article_exists(self, code: str) -> bool:
        if len(code) > 13:
            return False
        return bool(self.factusol.read("F_ART", {"CODART": code}, columns=["CODART"], top=1))


def _item(order: dict[str, Any]) -> Item:
    return Item(
        key=str(order["id"]),
        label=_("Order %(ref)s") % {"ref": order.get("reference", order["id"])},
        changed_at=shop_datetime(order.get("date_upd")),
        data=order,
    )
