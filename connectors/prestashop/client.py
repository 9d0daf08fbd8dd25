"""The one wire seam between the hub and a PrestaShop webservice (tests patch ``WireClient.send``).

A ``WireClient`` owns a keep-alive ``requests.Session`` authenticated with the webservice key
(basic auth user, empty password), bounds the requests in flight per shop with a semaphore shared by
every client of that shop in the process, and retries what a retry can fix:

* timeouts, connection errors and 5xx answers that carry no PrestaShop ``<errors>`` body
  (a proxy, a PHP fatal, a restart) are retried with exponential backoff and full jitter;
* 4xx and 5xx answers with PrestaShop error codes are deterministic and returned at once;
* POST is not idempotent: it is retried only when the request surely did not run
  (connect timeout/refused, or a bare 503: the server or a proxy refused to take it). A 502 or 504
  from a gateway says nothing about the shop behind it, which may have saved the record.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from connectors.prestashop.xml import parse_errors
from hub.errors import TransientError

DEFAULT_ATTEMPTS = 3
DEFAULT_BACKOFF_BASE = 0.5
DEFAULT_BACKOFF_MAX = 8.0
#: Bare answers after which a POST surely did not run (a 502/504 may come after the shop saved it).
POST_RETRY_STATUSES = frozenset({503})

_semaphores: dict[str, threading.BoundedSemaphore] = {}
_semaphores_lock = threading.Lock()


def shop_semaphore(shop_key: str, size: int) -> threading.BoundedSemaphore:
    """The in-process semaphore bounding parallel requests to one shop.

    A changed size (the Shop's max parallel requests edited) replaces it for new clients; clients
    built before keep the old one until they are closed, so the bound can be exceeded briefly.
    """
    with _semaphores_lock:
        sem = _semaphores.get(shop_key)
        if sem is None or getattr(sem, "_hub_size", None) != size:
            sem = threading.BoundedSemaphore(max(1, size))
            sem._hub_size = size  # type: ignore[attr-defined]
            _semaphores[shop_key] = sem
        return sem


class WireClient:
    """HTTP to one shop's ``/api``: session, auth, parallelism bound, retries and request counts."""

    def __init__(
        self,
        api_url: str,
        key: str,
        *,
        timeout: float = 30,
        max_parallel: int = 4,
        shop_key: str | None = None,
        attempts: int = DEFAULT_ATTEMPTS,
        backoff_base: float = DEFAULT_BACKOFF_BASE,
        backoff_max: float = DEFAULT_BACKOFF_MAX,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.sleep = sleep
        self.semaphore = shop_semaphore(shop_key or self.api_url, max_parallel)
        self.session = session or requests.Session()
        self.session.auth = (key, "")
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=max(1, max_parallel))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.stats: Counter[tuple[str, str]] = Counter()
        self.attempt_stats: Counter[tuple[str, str]] = Counter()
        self._stats_lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"{self.api_url}/{path.lstrip('/')}" if path else f"{self.api_url}/"

    def backoff(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1-based): full jitter over an exponential cap."""
        cap = min(self.backoff_max, self.backoff_base * (2 ** (attempt - 1)))
        return random.uniform(0, cap)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send with retries; returns the last response (any status) or raises ``TransientError``."""
        resource = path.strip("/").split("/", 1)[0] or "api"
        with self._stats_lock:
            self.stats[(method, resource)] += 1
        last_error: Exception | None = None
        for attempt in range(1, self.attempts + 1):
            if attempt > 1:
                self.sleep(self.backoff(attempt - 1))
            with self._stats_lock:
                self.attempt_stats[(method, resource)] += 1
            try:
                response = self.send(method, path, params=params, data=data, headers=headers)
            except (requests.Timeout, requests.ConnectionError) as err:
                last_error = err
                if not self._retry_exception(method, err) or attempt == self.attempts:
                    break
                continue
            if attempt < self.attempts and self._retry_response(method, response):
                response.close()
                continue
            return response
        raise TransientError(
            f"PrestaShop did not answer {method} /api/{path.lstrip('/')} after {attempt} attempt(s): "
            f"{type(last_error).__name__}.",
            request=self.snapshot(method, path, params),
        ) from last_error

    def send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """One HTTP exchange, inside the shop's parallelism bound. The seam tests patch."""
        send_headers = {"Content-Type": "text/xml"} if data is not None else {}
        send_headers.update(headers or {})
        with self.semaphore:
            return self.session.request(
                method, self.url(path), params=params, data=data, headers=send_headers, timeout=self.timeout
            )

    def _retry_exception(self, method: str, err: Exception) -> bool:
        if method != "POST":
            return True
        return isinstance(err, requests.ConnectTimeout) or (
            isinstance(err, requests.ConnectionError) and "refused" in str(err).lower()
        )

    def _retry_response(self, method: str, response: requests.Response) -> bool:
        if response.status_code < 500:
            return False
        if method == "POST":
            return response.status_code in POST_RETRY_STATUSES and not parse_errors(response.content)
        codes = [code for code, _ in parse_errors(response.content)]
        if response.status_code == 503 and 22 in codes:
            return False  # webservice switched off: a setting, not a hiccup
        return not codes

    def snapshot(self, method: str, path: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """What the journal may keep of a request: never the key (it travels only in the auth header)."""
        return {"method": method, "url": self.url(path), "params": dict(params or {})}

    def close(self) -> None:
        self.session.close()
