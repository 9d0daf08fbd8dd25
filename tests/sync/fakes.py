"""A tiny in-memory sync point: a dict as the shop, a dict as FactuSOL."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from hub.errors import RecordNotFound
from sync.base import Action, Item, Outcome, SyncStep
from sync.links import bind, content_hash, get_link, touch


@dataclass
class FakeWorld:
    source: dict[str, dict[str, Any]] = field(default_factory=dict)
    sink: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: key → errors raised by successive writes of that key (popped one per call).
    failures: dict[str, list[BaseException]] = field(default_factory=dict)
    #: Called just before each write, with the step and the item.
    before_write: Callable[[FakeSync, Item], None] | None = None
    writes: list[str] = field(default_factory=list)
    sinces: list[datetime | None] = field(default_factory=list)

    def add(self, key: str, name: str, changed: datetime) -> None:
        self.source[key] = {"name": name, "changed": changed}


WORLD = FakeWorld()


class FakeSync(SyncStep):
    entity = "customers"
    direction = "to_factusol"

    def _item(self, key: str, record: dict[str, Any]) -> Item:
        return Item(key=key, label=record["name"], changed_at=record["changed"], data={"name": record["name"]})

    def changes(self, since: datetime | None, full: bool) -> Iterable[Item]:
        WORLD.sinces.append(since)
        rows = sorted(WORLD.source.items(), key=lambda kv: (kv[1]["changed"], kv[0]))
        return [self._item(k, r) for k, r in rows if full or since is None or r["changed"] > since]

    def fetch(self, key: str) -> Item:
        if key not in WORLD.source:
            raise RecordNotFound(f"Customer {key} does not exist in the shop.")
        return self._item(key, WORLD.source[key])

    def sync_item(self, item: Item) -> Outcome:
        digest = content_hash(item.data)
        link = get_link(self.integration, "customer", shop_id=item.key)
        if link is not None and link.content_hash == digest:
            return Outcome(Action.UNCHANGED, shop_id=item.key, factusol_key=link.factusol_key)
        code = link.factusol_key if link else f"C{item.key}"
        action = Action.UPDATED if link else Action.CREATED
        plan = [{"side": "factusol", "op": "update" if link else "insert", "table": "F_CLI", "key": code,
                 "values": {"NOFCLI": item.data["name"]}}]
        if self.dry_run:
            return Outcome(action, shop_id=item.key, factusol_key=code, plan=plan)
        if WORLD.before_write is not None:
            WORLD.before_write(self, item)
        pending = WORLD.failures.get(item.key)
        if pending:
            raise pending.pop(0)
        WORLD.writes.append(item.key)
        WORLD.sink[code] = dict(item.data)
        if link is None:
            bind(self.integration, "customer", item.key, code, digest)
        else:
            touch(link, digest)
        return Outcome(action, shop_id=item.key, factusol_key=code, plan=plan, request={"ws_key": "SECRET"})
