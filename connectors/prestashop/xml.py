"""PrestaShop webservice documents ↔ record dicts.

Record dict contract (the sync engine relies on it):

* a record is ``dict[str, Any]``; scalar fields are ``str`` (``""`` when empty), ``id`` included;
* multi-language fields are ``dict[str, str]``: language id → text;
* ``associations`` is ``dict[str, list[dict[str, str]]]``, e.g. ``record["associations"]["order_rows"]``
  is a list of row dicts with their ``id``; id-only associations give ``[{"id": "3"}, ...]``.

``to_xml`` takes the same shape back. Parsing uses defusedxml; a body that does not parse raises
``PermanentError`` with the (truncated) body kept in ``response``.
"""

from __future__ import annotations

import json
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from connectors.prestashop.resources import association_node
from hub.errors import PermanentError

XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK_NS}}}href"
BODY_SNAPSHOT_CHARS = 2000

Record = dict[str, Any]


def snapshot(body: bytes | str, limit: int = BODY_SNAPSHOT_CHARS) -> str:
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    return text if len(text) <= limit else text[:limit] + f"… [{len(text) - limit} more characters]"


def parse(body: bytes | str) -> Element:
    """The ``<prestashop>`` root element; anything unparsable is a ``PermanentError``."""
    try:
        root = ElementTree.fromstring(body)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as err:
        raise PermanentError(
            f"PrestaShop sent a body that is not valid XML ({err}).", response={"body": snapshot(body)}
        ) from err
    if root.tag != "prestashop":
        raise PermanentError(
            f"PrestaShop sent <{root.tag}> where <prestashop> was expected.", response={"body": snapshot(body)}
        )
    return root


def _text(el: Element) -> str:
    return (el.text or "").strip() if len(el) == 0 else ""


def element_to_record(el: Element) -> Record:
    """One record element (``<customer>``…) as a record dict."""
    record: Record = {}
    if "id" in el.attrib and len(el) == 0:
        return {"id": el.attrib["id"]}
    for child in el:
        if child.tag == "associations":
            record["associations"] = {
                assoc.tag: [_association_item(item) for item in assoc] for assoc in child
            }
        elif len(child) and all(sub.tag == "language" for sub in child):
            record[child.tag] = {sub.get("id", ""): (sub.text or "") for sub in child}
        else:
            record[child.tag] = (child.text or "") if len(child) == 0 else ""
    return record


def _association_item(item: Element) -> dict[str, str]:
    if len(item) == 0:
        return {"id": item.get("id", (item.text or "").strip())}
    return {leaf.tag: (leaf.text or "") for leaf in item}


def records_from_root(root: Element) -> list[Record]:
    """Records of a list answer (``<customers><customer .../>…``), a single answer or a multi-record echo."""
    kids = list(root)
    if not kids:
        return []
    if len(kids) > 1:
        return [element_to_record(k) for k in kids]
    container = kids[0]
    if container.tag in ("errors", "api"):
        return []
    if container.find("id") is not None or container.find("associations") is not None:
        return [element_to_record(container)]
    return [element_to_record(c) for c in container]


def parse_records(body: bytes | str) -> list[Record]:
    return records_from_root(parse(body))


def parse_record(body: bytes | str) -> Record:
    root = parse(body)
    if len(root) == 0:
        raise PermanentError("PrestaShop sent an empty document.", response={"body": snapshot(body)})
    return element_to_record(root[0])


def parse_errors(body: bytes | str) -> list[tuple[int | None, str]]:
    """``(code, message)`` pairs from an XML or JSON ``errors`` body; [] when there are none."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except ValueError:
            return []
        return [(_int(e.get("code")), str(e.get("message", ""))) for e in data.get("errors", [])]
    if not stripped.startswith("<"):
        return []
    try:
        root = ElementTree.fromstring(text.encode("utf-8"))
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        return []
    errors = root.find("errors")
    if errors is None:
        return []
    return [(_int(e.findtext("code")), (e.findtext("message") or "").strip()) for e in errors.findall("error")]


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


# -- JSON (output_format=JSON) --------------------------------------------------------------------
def _json_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, dict) and "value" in v for v in value):
        return {str(v.get("id", "")): str(v.get("value") or "") for v in value}
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def json_record(data: dict[str, Any]) -> Record:
    """A JSON record in the same shape as ``element_to_record`` gives.

    JSON omits empty fields (FINDINGS) and renders a single-language field as a plain string, so
    prefer XML when every field or the language ids matter.
    """
    record: Record = {}
    for key, value in data.items():
        if key == "associations" and isinstance(value, dict):
            record[key] = {
                name: [{k: _json_value(v) for k, v in item.items()} for item in items or []]
                for name, items in value.items()
            }
        else:
            record[key] = _json_value(value)
    return record


def parse_json(body: bytes | str) -> list[Record]:
    """Records of a JSON answer: ``[]``, ``{"orders": [...]}`` or ``{"order": {...}}``."""
    try:
        data = json.loads(body)
    except ValueError as err:
        raise PermanentError(
            f"PrestaShop sent a body that is not valid JSON ({err}).", response={"body": snapshot(body)}
        ) from err
    if isinstance(data, list):
        return [json_record(r) for r in data]
    if not isinstance(data, dict) or len(data) != 1:
        raise PermanentError("Unexpected JSON document from PrestaShop.", response={"body": snapshot(body)})
    value = next(iter(data.values()))
    if isinstance(value, list):
        return [json_record(r) for r in value]
    return [json_record(value)]


# -- serialization --------------------------------------------------------------------------------
def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _field(name: str, value: Any) -> str:
    if isinstance(value, dict):
        langs = "".join(f'<language id="{_attr(k)}">{_cdata(_str(v))}</language>' for k, v in value.items())
        return f"<{name}>{langs}</{name}>"
    return f"<{name}>{_cdata(_str(value))}</{name}>"


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _attr(value: Any) -> str:
    return _str(value).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def record_xml(element: str, record: Record) -> str:
    parts = [f"<{element}>"]
    for name, value in record.items():
        if name == "associations":
            continue
        parts.append(_field(name, value))
    associations = record.get("associations")
    if associations:
        parts.append("<associations>")
        for name, items in associations.items():
            node = association_node(name)
            parts.append(f"<{name}>")
            for item in items:
                parts.append(f"<{node}>" + "".join(_field(k, v) for k, v in item.items()) + f"</{node}>")
            parts.append(f"</{name}>")
        parts.append("</associations>")
    parts.append(f"</{element}>")
    return "".join(parts)


def to_xml(element: str, *records: Record) -> bytes:
    """A write body: ``<prestashop xmlns:xlink=…><element>…</element></prestashop>`` (one or more records)."""
    body = "".join(record_xml(element, r) for r in records)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="{XLINK_NS}">{body}</prestashop>'
    ).encode()
