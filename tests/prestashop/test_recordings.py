"""The client parses every reference payload, and the sandbox answers with the recorded structure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from defusedxml import ElementTree

from connectors.prestashop.sandbox.spec import resources
from connectors.prestashop.sandbox.testing import running_sandbox
from connectors.prestashop.xml import parse_errors, parse_json, parse_records
from tests.prestashop.conftest import RECORDINGS, REFERENCE

pytestmark = pytest.mark.skipif(not REFERENCE.is_dir(), reason=f"reference recordings not found at {REFERENCE}")

XML_FILES = sorted(REFERENCE.glob("prestashop-xml/*.xml")) + sorted(RECORDINGS.glob("*.xml"))
JSON_FILES = sorted(RECORDINGS.glob("*.json"))
ERROR_FILES = sorted(RECORDINGS.glob("errors/*.*"))


@pytest.fixture(scope="module")
def sandbox():
    """One demo sandbox for the whole module: these tests only read, or write back what they read."""
    with running_sandbox(seed="demo") as handle:
        yield handle


def _name(path: Path) -> str:
    return path.name


@pytest.mark.parametrize("path", XML_FILES, ids=_name)
def test_every_reference_xml_file_parses_with_the_client(path):
    records = parse_records(path.read_bytes())
    assert all(isinstance(r, dict) for r in records)
    if ".one." in path.name:
        assert records[0]["id"]


@pytest.mark.parametrize("path", JSON_FILES, ids=_name)
def test_every_reference_json_file_parses_with_the_client(path):
    if not path.read_text().strip():
        pytest.skip("recorded empty body")
    data = json.loads(path.read_text())
    if isinstance(data, dict):  # the recorder's own "_truncated_R" marker is not PrestaShop output
        data = {k: v for k, v in data.items() if not k.startswith("_truncated")}
    for record in parse_json(json.dumps(data)):
        assert isinstance(record.get("id", ""), str)


@pytest.mark.parametrize("path", [p for p in ERROR_FILES if p.suffix in (".xml", ".json")], ids=_name)
def test_every_recorded_error_body_parses(path):
    status = int(path.name.split(".")[-2])
    errors = parse_errors(path.read_bytes())
    if status >= 400 and path.read_text().lstrip().startswith(("<?xml", "{")):
        assert errors and all(code is not None for code, _ in errors)


def _shape(el, top: bool = True) -> list:
    """Element names, order and attribute names; repeated <language> children collapse to one."""
    out = []
    seen_language = False
    for child in el:
        if child.tag == "language":
            if seen_language:
                continue
            seen_language = True
        attrs = sorted(k for k in child.attrib if k not in ("id",) or child.tag != "language")
        out.append((child.tag, attrs, _shape(child, False)))
    return out


def _host_free(text: str, host: str) -> str:
    return text.replace(host, "http://127.0.0.1:8080/api/")


@pytest.mark.parametrize("resource", sorted(resources()))
@pytest.mark.parametrize("kind", ["blank", "synopsis"])
def test_sandbox_schema_matches_the_recording(sandbox, resource, kind):
    answer = requests.get(f"{sandbox.api_url}/{resource}", params={"schema": kind}, auth=(sandbox.key, ""), timeout=5)
    recorded = ElementTree.fromstring((RECORDINGS / f"{resource}.schema-{kind}.xml").read_bytes())
    served = ElementTree.fromstring(_host_free(answer.text, sandbox.api_url + "/").encode())
    assert answer.status_code == 200
    assert _shape(served) == _shape(recorded)
    recorded_attrs = [(e.tag, dict(e.attrib)) for e in recorded.iter() if e.tag != "language"]
    served_attrs = [(e.tag, dict(e.attrib)) for e in served.iter() if e.tag != "language"]
    assert served_attrs == recorded_attrs


def _index() -> list[tuple[str, str, str, str | None]]:
    """(file, method, path+query, body file) from errors/INDEX.txt for the requests we can replay."""
    rows: list[tuple[str, str, str, str | None]] = []
    index = RECORDINGS / "errors" / "INDEX.txt"
    if not index.is_file():
        return rows  # the module is skipped (pytestmark) when the recordings are absent
    for line in index.read_text().splitlines():
        if "<-" not in line or line.startswith("#"):
            continue
        name, command = (part.strip() for part in line.split("<-", 1))
        method = "GET"
        if " -X " in command:
            method = command.split(" -X ", 1)[1].split()[0]
        url = command.rsplit(" ", 1)[-1]
        path = url.split("127.0.0.1:8080/api/", 1)[1]
        rows.append((name, method, path, command))
    return rows


#: Requests whose body files are not recorded (p1_q.xml, c2_*.xml, cust*.xml) get an equivalent body here.
BODIES = {
    "put-readonly": lambda api: _product_with_quantity(api),
    "put-missing-required": lambda api: _customer_without("lastname", api),
    "put-without-id": lambda api: _customer_without("id", api),
    "post-invalid-email": lambda api: b"<prestashop><customer><lastname>X</lastname><firstname>Y</firstname>"
    b"<email>not-an-email</email><passwd>Secret12345!</passwd></customer></prestashop>",
    "post-missing-required": lambda api: b"<prestashop><customer><firstname>Y</firstname>"
    b"<email>x@example.test</email><passwd>Secret12345!</passwd></customer></prestashop>",
    "post-json-body": lambda api: b'{"customer":{"lastname":"X","firstname":"Y","email":"x@example.test"}}',
    "put-empty-body": lambda api: b"",
    "put-malformed-xml": lambda api: b"<prestashop><stock_available><id>1</id>",
    "put-wrong-element": lambda api: b"<prestashop><product><id>1</id></product></prestashop>",
    "put-invalid-value": lambda api: _get(api, "stock_availables/1").replace(b"<![CDATA[50]]></quantity>",
                                                                             b"<![CDATA[abc]]></quantity>"),
    "put-id-mismatch": lambda api: _get(api, "stock_availables/1"),
    "put-no-id-in-url": lambda api: _get(api, "stock_availables/1"),
}
SKIPPED = {
    "post-with-id-in-url": "needs the install's duplicate e-mail",
    "put-extra-path-segment": "an install-specific side effect of a malformed path",
}
_KEY: list[str] = []


def _get(api: str, path: str) -> bytes:
    return requests.get(f"{api}/{path}", auth=(_KEY[0], ""), timeout=5).content


def _product_with_quantity(api: str) -> bytes:
    return _get(api, "products/1").replace(b"</id>", b"</id><quantity>5</quantity>", 1)


def _customer_without(field: str, api: str) -> bytes:
    body = _get(api, "customers/2").decode()
    start = body.index(f"<{field}>")
    end = body.index(f"</{field}>") + len(field) + 3
    return (body[:start] + body[end:]).encode()


@pytest.mark.parametrize("row", _index(), ids=lambda row: row[0])
def test_sandbox_errors_match_the_recorded_status_and_codes(sandbox, row):
    name, method, path, command = row
    stem = name.rsplit(".", 2)[0]
    if stem in SKIPPED:
        pytest.skip(SKIPPED[stem])
    _KEY[:] = [sandbox.key]
    recorded = (RECORDINGS / "errors" / name).read_bytes()
    status = int(name.rsplit(".", 2)[1])
    auth = None if "-u " not in command else ((sandbox.key if "WRONGKEY" not in command else "WRONGKEY" * 4), "")
    body = BODIES[stem](sandbox.api_url) if stem in BODIES else None
    answer = requests.request(method, f"{sandbox.api_url}/{path}", data=body, auth=auth, timeout=5)
    assert answer.status_code == status
    recorded_codes = [code for code, _ in parse_errors(recorded)]
    served_codes = [code for code, _ in parse_errors(answer.content)]
    if status == 200:
        parser = parse_json if name.endswith(".json") else parse_records
        expected = parser(json.dumps(json.loads(recorded)) if name.endswith(".json") else recorded)
        served = parser(answer.content)
        assert served_codes == [] and len(served) == len(expected)
        assert [sorted(r) for r in served] == [sorted(r) for r in expected] or stem.startswith("put-")
    elif stem == "put-readonly":
        assert 93 in served_codes and 93 in recorded_codes
    else:
        assert [c for c in served_codes if c != 3] == [c for c in recorded_codes if c != 3]
    if not recorded.strip() or recorded.startswith(b"401 Unauthorized"):
        assert answer.content.strip() == recorded.strip()
    if stem in ("bad-filter-field", "bad-display-field", "bad-sort-field", "unknown-resource", "wrong-key",
                "missing-record", "delete-missing", "put-empty-body"):
        if name.endswith(".json") and stem in ("wrong-key", "delete-missing", "put-empty-body"):
            assert answer.text == recorded.decode().strip()
        elif not name.endswith(".json"):
            # "Did you mean" uses PHP's similarity ranking, which the sandbox only approximates.
            served_messages = [_without_suggestion(m) for _, m in parse_errors(answer.content)]
            recorded_messages = [_without_suggestion(m) for _, m in parse_errors(recorded)]
            assert served_messages[:1] == recorded_messages[:1] or stem == "delete-missing"


def _without_suggestion(message: str) -> str:
    if "Did you mean:" not in message:
        return message
    head, tail = message.split("Did you mean:", 1)
    return head + tail.split("?", 1)[-1]
