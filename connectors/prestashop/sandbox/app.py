"""``SandboxApp``: a WSGI PrestaShop 8.1.2 webservice over a ``Store`` (stdlib + defusedxml only)."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qsl

from connectors.prestashop.sandbox import render
from connectors.prestashop.sandbox.access import DISABLED, NO_SHOP_RIGHT, Access
from connectors.prestashop.sandbox.faults import Faults
from connectors.prestashop.sandbox.query import (
    QueryError,
    apply_filters,
    apply_limit,
    apply_sort,
    parse_display,
    unknown_resource,
)
from connectors.prestashop.sandbox.spec import resources
from connectors.prestashop.sandbox.store import Store
from connectors.prestashop.sandbox.writes import delete, write

VERSION = "8.1.2"
DEFAULT_KEY = "SANDBOXKEYSANDBOXKEYSANDBOXKEY00"
REALM = (
    'Basic realm="Welcome to PrestaShop Webservice, please enter the authentication key as the login. '
    'No password required."'
)
HTML_HOME = b"<!doctype html>\n<html lang=\"es\"><head><title>Tienda</title></head><body>Home</body></html>\n"
XML_TYPE = "text/xml;charset=utf-8"
JSON_TYPE = "application/json"
StartResponse = Callable[..., Any]


class Answer:
    def __init__(self, status: int, body: bytes = b"", content_type: str | None = XML_TYPE, ws: bool = True,
                 sha: bool = True, extra: list[tuple[str, str]] | None = None) -> None:
        self.status, self.body, self.content_type, self.ws, self.sha = status, body, content_type, ws, sha
        self.extra = extra or []


STATUS_TEXT = {200: "OK", 201: "Created", 304: "Not Modified", 400: "Bad Request", 401: "Unauthorized",
               403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 500: "Internal Server Error",
               502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


class SandboxApp:
    """A PrestaShop webservice answering like the 8.1.2 recordings.

    ``store`` holds the data (``Store(path)`` persists to a JSON file), ``key`` is the key accepted
    with every permission, ``faults`` injects latency and failures, ``faults.stats_dict()`` counts
    requests (also served at ``/_sandbox/stats``). ``access`` holds the webservice switch
    (``access.enabled = False`` answers 503, code 22) and the keys: ``access.set_key(key,
    {"orders": ["GET"]}, shops=[1])`` adds a key limited to those resources, methods and shops.
    """

    def __init__(self, store: Store | None = None, key: str = DEFAULT_KEY, shop_name: str = "Tienda Demo") -> None:
        self.store = store or Store()
        self.key = key
        self.shop_name = shop_name
        self.faults = Faults()
        self.access = Access()
        self.access.set_key(key)

    # -- WSGI -------------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = time.monotonic()
        path = environ.get("PATH_INFO", "/")
        if path.rstrip("/") == "/_sandbox/stats":
            return self._send(start_response, Answer(200, render.php_json(self.faults.stats_dict()).encode(),
                                                     JSON_TYPE, ws=False, sha=False), started, environ)
        params = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        method = (params.get("ps_method") or environ.get("REQUEST_METHOD", "GET")).upper()
        segments = [s for s in path.split("/") if s]
        if not segments or segments[0] != "api":
            return self._send(start_response, Answer(404, HTML_HOME, "text/html; charset=utf-8", ws=False, sha=False),
                              started, environ)
        resource = segments[1] if len(segments) > 1 else "api"
        number = self.faults.count(method, resource)
        self.faults.delay()
        failure = self.faults.failure(number)
        if failure:
            return self._send(start_response, Answer(failure, b"", "text/html; charset=utf-8", sha=False), started,
                              environ)
        json_out = "JSON" in (
            environ.get("HTTP_IO_FORMAT", ""), environ.get("HTTP_OUTPUT_FORMAT", ""),
            params.get("output_format", "").upper(), params.get("io_format", "").upper(),
        )
        auth, key = self._authenticate(environ, params, json_out)
        if auth is not None:
            return self._send(start_response, auth, started, environ)
        body = b""
        if method in ("POST", "PUT", "PATCH"):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length) if length else b""
        api = self._api_url(environ)
        with self.store.lock:
            answer = self.handle(method, segments[1:], params, body, json_out, api, key)
        if answer.status == 200 and answer.sha and answer.body:
            local = environ.get("HTTP_LOCAL_CONTENT_SHA1")
            if local and local == hashlib.sha1(answer.body).hexdigest() and method in ("GET", "HEAD"):
                answer = Answer(304, b"", answer.content_type, extra=[("Content-Sha1", local)], sha=False)
        if answer.body and answer.ws:
            answer.body = self.faults.mangle(answer.body)
        return self._send(start_response, answer, started, environ, head=method == "HEAD")

    def _api_url(self, environ: dict[str, Any]) -> str:
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT')}"
        return f"{environ.get('wsgi.url_scheme', 'http')}://{host}/api/"

    def _authenticate(
        self, environ: dict[str, Any], params: dict[str, str], json_out: bool
    ) -> tuple[Answer | None, str]:
        key = params.get("ws_key")
        header = environ.get("HTTP_AUTHORIZATION", "")
        if header.lower().startswith("basic "):
            try:
                key = base64.b64decode(header[6:]).decode().split(":", 1)[0]
            except (ValueError, UnicodeDecodeError):
                key = ""
        if not key:
            return Answer(401, b"401 Unauthorized", "text/html; charset=utf-8", ws=False, sha=False,
                          extra=[("X-Powered-By", "PHP/8.2.36"), ("WWW-Authenticate", REALM)]), ""
        content_type = JSON_TYPE if json_out else XML_TYPE
        if not self.access.enabled:
            # isActivated() runs before authenticate(): no realm, and no version before authentication.
            body = render.errors_json([DISABLED]) if json_out else render.errors_xml([DISABLED])
            return Answer(503, body.encode(), content_type, sha=False, extra=[("PSWS-Version", "0")]), key
        errors = self.access.authenticate(key)
        if errors:
            body = render.errors_json(errors) if json_out else render.errors_xml(errors)
            return Answer(401, body.encode(), content_type, sha=False,
                          extra=[("WWW-Authenticate", REALM), ("PSWS-Version", "0")]), key
        return None, key

    def _send(self, start_response: StartResponse, answer: Answer, started: float, environ: dict[str, Any],
              head: bool = False) -> Iterable[bytes]:
        headers: list[tuple[str, str]] = []
        extra = dict(answer.extra)
        if answer.ws:
            headers += [("Access-Time", str(int(time.time()))), ("X-Powered-By", "PrestaShop Webservice"),
                        ("PSWS-Version", extra.pop("PSWS-Version", VERSION))]
        headers.append(("Content-Type", answer.content_type or ""))
        if answer.ws:
            headers.append(("Execution-Time", f"{time.monotonic() - started:.3f}"))
        if answer.sha and answer.ws and answer.status not in (404, 405):
            headers.append(("Content-Sha1", hashlib.sha1(answer.body).hexdigest()))
        headers += list(extra.items())
        headers.append(("Content-Length", str(0 if head else len(answer.body))))
        start_response(f"{answer.status} {STATUS_TEXT.get(answer.status, 'Error')}", headers)
        if head or not answer.body:
            return [b""]
        return self.faults.chunks(answer.body)

    # -- dispatch ---------------------------------------------------------------------------------
    def handle(self, method: str, segments: list[str], params: dict[str, str], body: bytes, json_out: bool,
               api: str, key: str | None = None) -> Answer:
        try:
            return self._dispatch(method, segments, params, body, json_out, api, key or self.key)
        except QueryError as err:
            if err.empty_body:
                return Answer(500, b"", "text/html; charset=utf-8", sha=False)
            if err.status == 404 and not err.errors:
                return Answer(404, b"", "", sha=False)
            text = render.errors_json(err.errors) if json_out else render.errors_xml(err.errors)
            return Answer(err.status, text.encode(), JSON_TYPE if json_out else XML_TYPE)

    def _shop_ok(self, params: dict[str, str]) -> bool:
        shops = {r["id"]: r for r in self.store.all("shops")}
        if params.get("id_shop") not in (None, "", "all") and params["id_shop"] not in shops:
            return False
        group = params.get("id_shop_group") or params.get("id_group_shop")
        return group in (None, "") or group in {s.get("id_shop_group") for s in shops.values()}

    def _shop_ids(self, params: dict[str, str]) -> list[str]:
        """The shops a request is about (``WebserviceRequest::$shopIDs``): for ``shopHasRight``."""
        shops = list(self.store.all("shops"))
        group = params.get("id_shop_group") or params.get("id_group_shop")
        if group:
            return [s["id"] for s in shops if s.get("id_shop_group") == group]
        if params.get("id_shop") == "all":
            return [s["id"] for s in shops]
        if params.get("id_shop"):
            return [params["id_shop"]]
        return [shops[0]["id"]] if shops else ["1"]

    def _dispatch(self, method: str, segments: list[str], params: dict[str, str], body: bytes, json_out: bool,
                  api: str, key: str) -> Answer:
        if method == "OPTIONS":
            return Answer(405, b"", XML_TYPE, sha=False)
        if not self._shop_ok(params):
            return Answer(200, HTML_HOME, "text/html; charset=utf-8", ws=False, sha=False)
        if not self.access.shop_right(key, self._shop_ids(params)):
            raise QueryError(403, [NO_SHOP_RIGHT])
        if not segments:
            granted = self.access.root_permissions(key, resources())
            text = render.api_root_xml(api, self.shop_name, set(granted), granted)
            return Answer(200, text.encode(), XML_TYPE)
        name = segments[0]
        res = resources().get(name)
        if res is None:
            raise unknown_resource(name)
        refused = self.access.check(key, method, name)
        if refused:
            raise QueryError(refused[0], [refused[1]])
        record_id = segments[1] if len(segments) > 1 else None
        if method in ("POST", "PUT", "PATCH"):
            status, records, body_fields = write(self.store, res, method, record_id, body, params)
            if json_out:
                echo = render.record_json(res, records[-1], omit_empty=True, strings=body_fields)
                return Answer(status, render.php_json({res.singular: echo}).encode(), JSON_TYPE)
            return Answer(status, render.records_xml(res, records, api).encode(), XML_TYPE)
        if method == "DELETE":
            delete(self.store, res, record_id, params)
            return Answer(200, b"", XML_TYPE)
        if method not in ("GET", "HEAD"):
            return Answer(405, b"", XML_TYPE, sha=False)
        if "schema" in params:
            if params["schema"] not in ("blank", "synopsis"):
                raise QueryError(400, [(28, "Please select a schema of type 'synopsis' to get the whole schema "
                                            "informations (which fields are required, which kind of content...) "
                                            "or 'blank' to get an empty schema to fill before using POST request")])
            text = render.schema_xml(res, params["schema"], api, self.store.language_ids())
            return Answer(200, text.encode(), XML_TYPE)
        if record_id is not None:
            return self._single(res, record_id, params, json_out, api)
        return self._list(res, params, json_out, api)

    def _single(self, res: Any, record_id: str, params: dict[str, str], json_out: bool, api: str) -> Answer:
        record = self.store.get(res.name, record_id)
        if record is None:
            raise QueryError(404)
        display = parse_display(res, params.get("display"), None)
        if json_out:
            if display is None:
                data: dict[str, Any] = {res.singular: render.record_json(res, record, omit_empty=True)}
            else:
                fields = None if display == "full" else list(display)
                data = {res.name: [render.record_json(res, record, fields=fields, omit_empty=False)]}
            return Answer(200, render.php_json(data).encode(), JSON_TYPE)
        fields = None if display in (None, "full") else list(display)
        return Answer(200, render.single_xml(res, record, api, fields).encode(), XML_TYPE)

    def _list(self, res: Any, params: dict[str, str], json_out: bool, api: str) -> Answer:
        date = params.get("date") == "1"
        filters = {k[7:-1]: v for k, v in params.items() if k.startswith("filter[") and k.endswith("]")}
        display = parse_display(res, params.get("display"), None)
        records = apply_filters(res, list(self.store.all(res.name)), filters, date)
        records = apply_sort(res, records, params.get("sort"), date)
        records = apply_limit(records, params.get("limit"))
        if json_out:
            return Answer(200, render.list_json(res, records, display).encode(), JSON_TYPE)
        return Answer(200, render.list_xml(res, records, api, display).encode(), XML_TYPE)
