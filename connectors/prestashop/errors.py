"""Turn PrestaShop answers into the hub's typed errors (``hub.errors``)."""

from __future__ import annotations

from typing import Any

import requests
from django.utils.translation import gettext as _

from connectors.prestashop.xml import parse_errors, snapshot
from hub.errors import (
    ConfigurationError,
    ConflictError,
    HubError,
    PermanentError,
    RecordNotFound,
    TransientError,
)

#: PHP warnings the webservice turns into error entries; never the interesting one.
PHP_WARNING_CODE = 3
DUPLICATE_EMAIL_CODES = frozenset({140, 141})
#: ``checkResource`` (401) and ``checkHTTPMethod`` (405): the key lacks a permission.
RESOURCE_NOT_GRANTED = 26
METHOD_NOT_GRANTED = 25


def primary(errors: list[tuple[int | None, str]]) -> tuple[int | None, str]:
    for code, message in errors:
        if code != PHP_WARNING_CODE:
            return code, message
    return errors[0] if errors else (None, "")


def response_snapshot(response: requests.Response) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "content_type": response.headers.get("Content-Type", ""),
        "body": snapshot(response.content),
    }


def is_html(response: requests.Response) -> bool:
    content_type = response.headers.get("Content-Type", "").lower()
    return "text/html" in content_type and response.content.lstrip()[:1] == b"<"


def error_for(response: requests.Response, *, connection: Any = None, request: Any = None) -> HubError | None:
    """The error an answer means, or None when it is a usable answer."""
    status = response.status_code
    kw: dict[str, Any] = {"connection": connection, "request": request, "response": response_snapshot(response)}
    if status in (200, 201, 304):
        if status == 200 and is_html(response):
            return ConfigurationError(
                _(
                    "The shop answered with a web page instead of webservice data: check the multistore "
                    "shop id and shop group id, and that /api is rewritten to the webservice."
                ),
                **kw,
            )
        return None
    errors = parse_errors(response.content)
    code, message = primary(errors)
    detail = f"PrestaShop error {code}: {message}" if code is not None else f"HTTP {status}"
    kw["code"] = code if code is not None else status
    if status == 401 and code == RESOURCE_NOT_GRANTED:
        return ConfigurationError(
            _(
                "The webservice key has no permission on this resource (%(detail)s). Grant it in Advanced "
                "Parameters > Webservice."
            )
            % {"detail": detail},
            **kw,
        )
    if status == 405 and code == METHOD_NOT_GRANTED:
        return ConfigurationError(
            _(
                "The webservice key may not use this method on this resource (%(detail)s). Grant it in Advanced "
                "Parameters > Webservice."
            )
            % {"detail": detail},
            **kw,
        )
    if status == 401:
        return ConfigurationError(
            _("The shop refused the webservice key (%(detail)s). Check the key and that it is active.")
            % {"detail": detail},
            **kw,
        )
    if status == 403:
        return ConfigurationError(
            _("The webservice key has no permission for this shop (%(detail)s).") % {"detail": detail}, **kw
        )
    if status == 503 and (code == 22 or not errors and b"webservice" in response.content.lower()):
        return ConfigurationError(
            _("The shop's webservice is switched off (%(detail)s). Enable it in Advanced Parameters > Webservice.")
            % {"detail": detail},
            **kw,
        )
    if status == 404:
        return RecordNotFound(_("Not found on the shop (%(detail)s).") % {"detail": detail}, **kw)
    if code in DUPLICATE_EMAIL_CODES:
        return ConflictError(detail, **kw)
    if status >= 500 and not errors:
        return TransientError(_("The shop failed with HTTP %(status)s.") % {"status": status}, **kw)
    if status >= 400:
        return PermanentError(detail, **kw)
    return PermanentError(_("Unexpected HTTP %(status)s from the shop.") % {"status": status}, **kw)


def raise_for(response: requests.Response, *, connection: Any = None, request: Any = None) -> None:
    error = error_for(response, connection=connection, request=request)
    if error is not None:
        raise error
