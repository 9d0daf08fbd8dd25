"""Strip secrets from the request/response snapshots kept in the journal."""

from __future__ import annotations

import re
from typing import Any

from hub.models import Integration

MASK = "***"
SECRET_KEYS = re.compile(
    r"pass(word|wd)?|secret|token|authori[sz]ation|signature|cookie|(^|_)(ws|api|webservice|private)_?key$", re.I
)
MAX_TEXT = 4000


def integration_secrets(integration: Integration) -> list[str]:
    values = [integration.webhook_secret, integration.webhook_token]
    for conn, attrs in ((integration.shop, ("webservice_key",)), (integration.factusol, ("api_password",))):
        values += [getattr(conn, a, "") or "" for a in attrs]
    return [v for v in values if v and len(v) >= 4]


def redact(value: Any, secrets: list[str] | tuple[str, ...] = ()) -> Any:
    """A JSON-safe copy of ``value`` with secret-looking keys masked and known secrets replaced."""
    if isinstance(value, dict):
        return {
            str(k): (MASK if SECRET_KEYS.search(str(k)) and v not in (None, "") else redact(v, secrets))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set):
        return [redact(v, secrets) for v in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else str(value)
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"
