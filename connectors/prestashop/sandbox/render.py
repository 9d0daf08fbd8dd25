"""Bodies as PrestaShop 8.1.2 renders them: XML envelope with CDATA and xlink, JSON with its omissions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from connectors.prestashop.sandbox.spec import Association, Field, Resource, api_root

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n'
TAIL = "</prestashop>\n"
Record = dict[str, Any]


def cdata(value: Any) -> str:
    return "<![CDATA[" + str(value if value is not None else "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def esc(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _attrs(attrs: Iterable[tuple[str, str]], api: str) -> str:
    return "".join(f' {k}="{esc(v.replace("{api}", api))}"' for k, v in attrs)


def _href(template: str, api: str, record_id: str, value: str) -> str:
    return api + template.replace("{id}", record_id).replace("{value}", value)


def empty(value: Any) -> bool:
    """PHP's ``empty()``: what JSON output leaves out of a record."""
    return value in (None, "", "0", 0) or value == {} or value == []


# -- XML ------------------------------------------------------------------------------------------
def field_xml(f: Field, value: Any, record_id: str, api: str) -> str:
    attrs = ""
    if f.href and not isinstance(value, dict) and not empty(value):
        attrs += f' xlink:href="{esc(_href(f.href, api, record_id, str(value)))}"'
    if f.attr("notFilterable") == "true":
        attrs += ' notFilterable="true"'
    if f.lang:
        langs = value if isinstance(value, dict) else {}
        inner = "".join(
            f'<language id="{lid}" xlink:href="{api}languages/{lid}">{cdata(text)}</language>'
            for lid, text in langs.items()
        )
    else:
        inner = cdata(value)
    return f"\t<{f.name}{attrs}>{inner}</{f.name}>\n"


def associations_xml(res: Resource, record: Record, api: str) -> str:
    if not res.associations:
        return ""
    out = ["<associations>\n"]
    values = record.get("associations") or {}
    for a in res.associations:
        items = values.get(a.name) or []
        attrs = _attrs(a.attrs, api)
        if not items:
            out.append(f"<{a.name}{attrs}/>\n")
            continue
        out.append(f"<{a.name}{attrs}>\n")
        for item in items:
            href = ""
            if a.item_href:
                href = f' xlink:href="{esc(_href(a.item_href, api, record["id"], str(item.get("id", ""))))}"'
            out.append(f"\t<{a.node}{href}>\n")
            for leaf in a.fields:
                value = item.get(leaf.name, "")
                leaf_href = ""
                if leaf.href and not empty(value):
                    leaf_href = f' xlink:href="{esc(_href(leaf.href, api, record["id"], str(value)))}"'
                out.append(f"\t<{leaf.name}{leaf_href}>{cdata(value)}</{leaf.name}>\n")
            out.append(f"\t</{a.node}>\n")
        out.append(f"</{a.name}>\n")
    out.append("</associations>\n")
    return "".join(out)


def record_xml(res: Resource, record: Record, api: str, fields: list[str] | None = None) -> str:
    out = [f"<{res.singular}>\n"]
    for f in res.fields:
        if fields is None or f.name in fields:
            out.append(field_xml(f, record.get(f.name, ""), record["id"], api))
    if fields is None:
        out.append(associations_xml(res, record, api))
    out.append(f"</{res.singular}>\n")
    return "".join(out)


def single_xml(res: Resource, record: Record, api: str, fields: list[str] | None = None) -> str:
    return HEAD + record_xml(res, record, api, fields) + TAIL


def records_xml(res: Resource, records: list[Record], api: str) -> str:
    """Several record elements directly under <prestashop> (multi-record PUT echo, FINDINGS (m))."""
    return HEAD + "".join(record_xml(res, r, api) for r in records) + TAIL


def list_xml(res: Resource, records: list[Record], api: str, display: str | list[str] | None) -> str:
    out = [HEAD, f"<{res.name}>\n"]
    for record in records:
        if display is None:
            out.append(f'<{res.singular} id="{record["id"]}" xlink:href="{api}{res.name}/{record["id"]}"/>\n')
        else:
            out.append(record_xml(res, record, api, None if display == "full" else list(display)))
    out.append(f"</{res.name}>\n")
    out.append(TAIL)
    return "".join(out)


def schema_xml(res: Resource, kind: str, api: str, languages: list[str]) -> str:
    synopsis = kind == "synopsis"
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<prestashop xmlns:xlink="http://www.w3.org/1999/xlink">\n']
    out.append(f"<{res.singular}>\n")
    for f in res.fields:
        if (synopsis and f.name == "id") or (not synopsis and not f.in_blank):
            continue
        attrs = _attrs(f.attrs, api) if synopsis else ""
        if f.lang:
            if synopsis:
                langs = "".join(
                    f'<language id="{lid}" xlink:href="{api}languages/{lid}"'
                    f'{_attrs([a for a in f.lang_attrs if a[0] not in ("id", "xlink:href")], api)} >{cdata("")}'
                    "</language>"
                    for lid in languages
                )
            else:
                langs = "".join(f'<language id="{lid}">{cdata("")}</language>' for lid in languages)
            out.append(f"\t<{f.name}{attrs}>{langs}</{f.name}>\n")
        else:
            out.append(f"\t<{f.name}{attrs}>{cdata('')}</{f.name}>\n")
    if res.associations:
        out.append("<associations>\n")
        for a in res.associations:
            out.append(_schema_association(a, synopsis, api))
        out.append("</associations>\n")
    out.append(f"</{res.singular}>\n")
    out.append("</prestashop>\n")
    return "".join(out)


def _schema_association(a: Association, synopsis: bool, api: str) -> str:
    attrs = _attrs(a.attrs, api) if synopsis else ""
    leaves = "".join(
        f"\t<{leaf.name}{_attrs(leaf.attrs, api) if synopsis else ''}>{cdata('')}</{leaf.name}>\n" for leaf in a.fields
    )
    return f"<{a.name}{attrs}>\n\t<{a.node}>\n{leaves}\t</{a.node}>\n</{a.name}>\n"


def errors_xml(errors: list[tuple[int, str]]) -> str:
    out = [HEAD, "<errors>\n"]
    for code, message in errors:
        out.append(f"<error>\n<code>{cdata(code)}</code>\n<message>{cdata(message)}</message>\n</error>\n")
    out.append("</errors>\n")
    out.append(TAIL)
    return "".join(out)


def api_root_xml(
    api: str, shop_name: str, available: set[str], methods: dict[str, frozenset[str]] | None = None
) -> str:
    """``GET /api/``: the ``available`` resources, with the key's ``methods`` as attributes when given."""
    out = [HEAD, f'<api shopName="{esc(shop_name)}">\n']
    for entry in api_root():
        if entry["name"] not in available:
            continue
        pairs = entry["attrs"]
        if methods is not None:
            granted = methods.get(entry["name"], frozenset())
            pairs = [(k, v if k == "xlink:href" else ("true" if k.upper() in granted else "false")) for k, v in pairs]
        attrs = _attrs(pairs, api)
        out.append(f"<{entry['name']}{attrs}>\n<description{attrs}>\n{esc(entry['description'])}</description>\n")
        for kind in entry["schemas"]:
            out.append(f'<schema xlink:href="{api}{entry["name"]}?schema={kind}" type="{kind}"/>\n')
        out.append(f"</{entry['name']}>\n")
    out.append("</api>\n")
    out.append(TAIL)
    return "".join(out)


# -- JSON -----------------------------------------------------------------------------------------
def php_json(data: Any) -> str:
    """``json_encode`` defaults: escaped slashes and non-ASCII."""
    return json.dumps(data, separators=(",", ":")).replace("/", "\\/")


def _typed(f: Field, value: Any, as_string: bool) -> Any:
    if f.lang:
        langs = value if isinstance(value, dict) else {}
        if len(langs) == 1:
            return next(iter(langs.values()))
        return [{"id": lid, "value": text} for lid, text in langs.items()]
    if f.json == "int" and not as_string and str(value).lstrip("-").isdigit():
        return int(value)
    if f.json == "int" and value == "" and not as_string:
        return None
    return value


def _assoc_typed(name: str, value: Any) -> Any:
    if (name == "id" or name.endswith("_id") or name.startswith("id_") or name.endswith("quantity")) and str(
        value
    ).isdigit():
        return int(value)
    return value


def record_json(
    res: Resource, record: Record, *, fields: list[str] | None = None, omit_empty: bool, strings: set[str] = frozenset()
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in res.fields:
        if fields is not None and f.name not in fields:
            continue
        value = record.get(f.name, "")
        if omit_empty and (empty(value) or (f.lang and not any((value or {}).values()))):
            continue
        out[f.name] = _typed(f, value, f.name in strings)
    if fields is None and res.associations:
        assoc = {
            a.name: [{k: _assoc_typed(k, v) for k, v in item.items()} for item in (record.get("associations") or {})
                     .get(a.name, [])]
            for a in res.associations
        }
        assoc = {k: v for k, v in assoc.items() if v}
        if assoc:
            out["associations"] = assoc
    return out


def list_json(res: Resource, records: list[Record], display: str | list[str] | None) -> str:
    if not records:
        return "[]"
    if display is None:
        rows = [{"id": int(r["id"])} for r in records]
    else:
        fields = None if display == "full" else list(display)
        rows = [record_json(res, r, fields=fields, omit_empty=False) for r in records]
    return php_json({res.name: rows})


def errors_json(errors: list[tuple[int, str]]) -> str:
    return php_json({"errors": [{"code": code, "message": message} for code, message in errors]})
