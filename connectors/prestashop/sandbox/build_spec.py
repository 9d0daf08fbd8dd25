"""Regenerate ``spec.json`` (the sandbox's resource model) from the PrestaShop 8.1.2 recordings.

Run: ``python -m connectors.prestashop.sandbox.build_spec ../shared/reference/prestashop-8.1.2``.
The sandbox ships the generated file so it runs without the reference directory; the recording
comparison tests check that its output still matches the recordings.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

XLINK = "{http://www.w3.org/1999/xlink}href"
BASE = "http://127.0.0.1:8080/api/"
SPEC_PATH = Path(__file__).with_name("spec.json")
#: References seen only in experiments-log.md (h1), where the recorded one/list files show a 0.
EXTRA_HREFS = {("stock_availables", "id_product_attribute"): "combinations/{value}"}


def _attrs(el: Any) -> list[list[str]]:
    out = []
    for key, value in el.attrib.items():
        if key == XLINK:
            out.append(["xlink:href", value.replace(BASE, "{api}")])
        else:
            out.append([key, value])
    return out


def _href_template(href: str, value: str, record_id: str) -> str:
    path = href.replace(BASE, "")
    parts = path.split("/")
    if parts and parts[-1] == value:
        parts[-1] = "{value}"
    parts = ["{id}" if (p == record_id and i < len(parts) - 1) else p for i, p in enumerate(parts)]
    return "/".join(parts)


def _json_types(ref: Path, resource: str) -> dict[str, str]:
    types: dict[str, str] = {}
    for name in (f"{resource}.list-full.json", f"{resource}.one.json"):
        path = ref / name
        if not path.exists() or not path.read_text().strip():
            continue
        data = json.loads(path.read_text())
        rows = data.get(resource) if isinstance(data, dict) and resource in data else None
        if rows is None and isinstance(data, dict):
            rows = list(data.values())[:1]
        for row in rows or []:
            if not isinstance(row, dict):
                continue
            for key, value in row.items():
                if key == "associations" or key in types:
                    continue
                if isinstance(value, bool) or value is None:
                    types.setdefault(key, "null")
                elif isinstance(value, int):
                    types[key] = "int"
                elif isinstance(value, str):
                    types[key] = "str"
    return {k: ("int" if v == "int" else "str") for k, v in types.items()}


def _hrefs(ref: Path, resource: str) -> tuple[dict[str, str], dict[str, str], dict[str, dict[str, str]]]:
    """xlink templates of fields, of association items, and of association item fields."""
    fields: dict[str, str] = {}
    items: dict[str, str] = {}
    sub: dict[str, dict[str, str]] = {}
    for name in (f"{resource}.list-full.xml", f"{resource}.one.xml"):
        path = ref / name
        if not path.exists():
            continue
        root = ElementTree.fromstring(path.read_bytes())
        for record in root.iter():
            id_el = record.find("id")
            if id_el is None or record.tag in ("associations",) or record.find("associations") is None and record.tag \
                    not in (_singular(ref, resource),):
                continue
            record_id = (id_el.text or "").strip()
            for child in record:
                if child.tag == "associations":
                    for assoc in child:
                        for item in assoc:
                            item_id = (item.findtext("id") or "").strip()
                            if XLINK in item.attrib:
                                items.setdefault(assoc.tag, _href_template(item.attrib[XLINK], item_id, record_id))
                            for leaf in item:
                                if XLINK in leaf.attrib:
                                    sub.setdefault(assoc.tag, {}).setdefault(
                                        leaf.tag, _href_template(leaf.attrib[XLINK], (leaf.text or "").strip(), "")
                                    )
                elif XLINK in child.attrib:
                    fields.setdefault(child.tag, _href_template(child.attrib[XLINK], (child.text or "").strip(),
                                                                record_id))
    return fields, items, sub


def _singular(ref: Path, resource: str) -> str:
    root = ElementTree.fromstring((ref / f"{resource}.schema-blank.xml").read_bytes())
    return root[0].tag


def build(ref: Path) -> dict[str, Any]:
    resources: dict[str, Any] = {}
    for blank_path in sorted(ref.glob("*.schema-blank.xml")):
        resource = blank_path.name.split(".")[0]
        blank = ElementTree.fromstring(blank_path.read_bytes())[0]
        synopsis = ElementTree.fromstring((ref / f"{resource}.schema-synopsis.xml").read_bytes())[0]
        syn = {el.tag: el for el in synopsis}
        hrefs, item_hrefs, sub_hrefs = _hrefs(ref, resource)
        types = _json_types(ref, resource)
        fields = []
        associations = []
        blank_names = {el.tag for el in blank}
        ordered = [blank.find("id")] if blank.find("id") is not None else []
        ordered += [el for el in synopsis if el.tag != "associations"]
        ordered += [el for el in blank if el.tag == "associations"]
        for el in ordered:
            if el.tag == "associations":
                syn_assoc = {a.tag: a for a in syn["associations"]} if "associations" in syn else {}
                for assoc in el:
                    s = syn_assoc.get(assoc.tag)
                    node = assoc[0]
                    s_node = s[0] if s is not None and len(s) else None
                    s_leaves = {leaf.tag: leaf for leaf in s_node} if s_node is not None else {}
                    associations.append({
                        "name": assoc.tag,
                        "node": node.tag,
                        "attrs": _attrs(s) if s is not None else [],
                        "item_href": item_hrefs.get(assoc.tag),
                        "fields": [
                            {
                                "name": leaf.tag,
                                "attrs": _attrs(s_leaves[leaf.tag]) if leaf.tag in s_leaves else [],
                                "href": sub_hrefs.get(assoc.tag, {}).get(leaf.tag),
                            }
                            for leaf in node
                        ],
                    })
                continue
            s = syn.get(el.tag)
            lang_el = s.find("language") if s is not None else None
            fields.append({
                "name": el.tag,
                "in_blank": el.tag in blank_names,
                "lang": el.find("language") is not None,
                "attrs": _attrs(s) if s is not None else [],
                "lang_attrs": _attrs(lang_el) if lang_el is not None else [],
                "href": hrefs.get(el.tag) or EXTRA_HREFS.get((resource, el.tag)),
                "json": types.get(el.tag, "str"),
            })
        resources[resource] = {"singular": blank.tag, "fields": fields, "associations": associations}
    api = ElementTree.fromstring((ref / "api-root.xml").read_bytes())[0]
    root = []
    for res in api:
        root.append({
            "name": res.tag,
            "attrs": _attrs(res),
            "description": (res.findtext("description") or "").strip(),
            "schemas": [s.get("type") for s in res.findall("schema")],
        })
    return {"resources": resources, "api_root": root}


def main(argv: list[str]) -> int:
    ref = Path(argv[1] if len(argv) > 1 else "../shared/reference/prestashop-8.1.2")
    SPEC_PATH.write_text(json.dumps(build(ref), indent=1, sort_keys=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
