"""The sandbox's data: records in the hub's record-dict shape, in memory or persisted to a JSON file."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from connectors.prestashop.sandbox.spec import Resource, resources

Record = dict[str, Any]


class Store:
    """Tables of records keyed by id (str). ``save()`` writes the JSON file when one is set."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self.lock = threading.RLock()
        self.tables: dict[str, dict[str, Record]] = {name: {} for name in resources()}
        self.next_ids: dict[str, int] = {}
        if self.path and self.path.exists() and self.path.stat().st_size:
            data = json.loads(self.path.read_text())
            self.tables.update(data.get("tables", {}))
            self.next_ids.update(data.get("next_ids", {}))

    @property
    def is_empty(self) -> bool:
        return not any(self.tables.values())

    def resource(self, name: str) -> Resource:
        return resources()[name]

    def all(self, name: str) -> Iterator[Record]:
        table = self.tables[name]
        for key in sorted(table, key=int):
            yield table[key]

    def get(self, name: str, id: str | int) -> Record | None:
        return self.tables[name].get(str(id))

    def blank(self, name: str) -> Record:
        """A record with every field empty (multi-language fields per installed language)."""
        record: Record = {}
        for f in self.resource(name).fields:
            record[f.name] = {lang: "" for lang in self.language_ids()} if f.lang else ""
        if self.resource(name).associations:
            record["associations"] = {a.name: [] for a in self.resource(name).associations}
        return record

    def insert(self, name: str, values: Record, id: int | None = None) -> Record:
        table = self.tables[name]
        new_id = id or max(self.next_ids.get(name, 1), max((int(k) for k in table), default=0) + 1)
        record = self.blank(name)
        record.update(values)
        record["id"] = str(new_id)
        table[str(new_id)] = record
        self.next_ids[name] = max(self.next_ids.get(name, 1), new_id + 1)
        return record

    def delete(self, name: str, id: str | int) -> bool:
        return self.tables[name].pop(str(id), None) is not None

    def language_ids(self) -> list[str]:
        ids = sorted(self.tables.get("languages", {}), key=int)
        return ids or ["1"]

    def save(self) -> None:
        if not self.path:
            return
        tmp = self.path.with_suffix(self.path.suffix + ".tmp")
        tmp.write_text(json.dumps({"tables": self.tables, "next_ids": self.next_ids}, ensure_ascii=False))
        os.replace(tmp, self.path)
