"""The sandbox's resource model, loaded from ``spec.json`` (generated from the 8.1.2 recordings)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).with_name("spec.json")
DATE_FIELDS = frozenset({"date_add", "date_upd"})


@dataclass(frozen=True)
class Field:
    name: str
    lang: bool
    attrs: tuple[tuple[str, str], ...]
    lang_attrs: tuple[tuple[str, str], ...]
    href: str | None
    json: str
    in_blank: bool = True

    def attr(self, key: str) -> str | None:
        return dict(self.attrs).get(key)

    @property
    def required(self) -> bool:
        return self.attr("required") == "true"

    @property
    def read_only(self) -> bool:
        return self.attr("read_only") == "true"

    @property
    def filterable(self) -> bool:
        return self.attr("notFilterable") != "true"


@dataclass(frozen=True)
class Association:
    name: str
    node: str
    attrs: tuple[tuple[str, str], ...]
    item_href: str | None
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Resource:
    name: str
    singular: str
    fields: tuple[Field, ...]
    associations: tuple[Association, ...]
    by_name: dict[str, Field] = field(compare=False, hash=False, repr=False, default_factory=dict)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def filter_names(self, date: bool) -> list[str]:
        """Fields allowed in filter/sort: date fields only with ``date=1`` (FINDINGS (b), (k))."""
        return [f.name for f in self.fields if f.filterable and not f.lang and (date or f.name not in DATE_FIELDS)]

    @property
    def has_dates(self) -> bool:
        return any(f.name in DATE_FIELDS for f in self.fields)


def _field(data: dict[str, Any]) -> Field:
    return Field(
        name=data["name"],
        lang=bool(data.get("lang")),
        attrs=tuple(tuple(a) for a in data.get("attrs", [])),  # type: ignore[misc]
        lang_attrs=tuple(tuple(a) for a in data.get("lang_attrs", [])),  # type: ignore[misc]
        href=data.get("href"),
        json=data.get("json", "str"),
        in_blank=data.get("in_blank", True),
    )


@cache
def load() -> tuple[dict[str, Resource], list[dict[str, Any]]]:
    data = json.loads(SPEC_PATH.read_text())
    resources: dict[str, Resource] = {}
    for name, spec in data["resources"].items():
        fields = tuple(_field(f) for f in spec["fields"])
        associations = tuple(
            Association(
                name=a["name"],
                node=a["node"],
                attrs=tuple(tuple(x) for x in a["attrs"]),  # type: ignore[misc]
                item_href=a.get("item_href"),
                fields=tuple(_field(f) for f in a["fields"]),
            )
            for a in spec["associations"]
        )
        resources[name] = Resource(name, spec["singular"], fields, associations, {f.name: f for f in fields})
    return resources, data["api_root"]


def resources() -> dict[str, Resource]:
    return load()[0]


def api_root() -> list[dict[str, Any]]:
    return load()[1]
