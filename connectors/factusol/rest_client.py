"""The one module that talks HTTP to the DELSOL API. Tests patch ``request`` here to inject faults."""

from __future__ import annotations

import threading
from typing import Any

import requests

RequestException = requests.RequestException
Timeout = requests.Timeout
ConnectionError = requests.ConnectionError
Response = requests.Response

_local = threading.local()


def _session() -> requests.Session:
    # Sessions are not documented as thread-safe: one per thread keeps connection reuse safe.
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def request(
    method: str, url: str, *, json: Any = None, headers: dict[str, str] | None = None, timeout: float = 30
) -> requests.Response:
    return _session().request(method, url, json=json, headers=headers, timeout=timeout)
