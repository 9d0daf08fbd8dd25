"""Fault injection and request counting for the sandbox (tests and benchmarks)."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Faults:
    """What to break. Set with ``configure(...)``; ``reset()`` clears faults and counters.

    * ``latency`` seconds before every answer, plus ``jitter`` random seconds on top;
    * ``error_rates`` ``{status: probability}``: answer with that status and an empty body;
    * ``fail_nth`` ``{n: status}``: the n-th API request (1-based, counted from the last reset) fails;
    * ``slow_body`` seconds between 1 KiB chunks of the body;
    * ``truncate_rate`` / ``malformed_rate``: probability of cutting the body in half / garbling it.
    """

    latency: float = 0.0
    jitter: float = 0.0
    error_rates: dict[int, float] = field(default_factory=dict)
    fail_nth: dict[int, int] = field(default_factory=dict)
    slow_body: float = 0.0
    truncate_rate: float = 0.0
    malformed_rate: float = 0.0
    seed: int | None = None
    requests: int = 0
    stats: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(self.seed)

    def configure(self, **changes: Any) -> Faults:
        for key, value in changes.items():
            if key not in self.__dataclass_fields__ or key in ("requests", "stats"):
                raise TypeError(f"Unknown fault setting: {key}")
            setattr(self, key, value)
        if "seed" in changes:
            self._random = random.Random(self.seed)
        return self

    def reset(self) -> None:
        with self._lock:
            self.latency = self.jitter = self.slow_body = self.truncate_rate = self.malformed_rate = 0.0
            self.error_rates, self.fail_nth = {}, {}
            self.requests = 0
            self.stats.clear()

    def count(self, method: str, resource: str) -> int:
        with self._lock:
            self.requests += 1
            self.stats[(method, resource)] += 1
            return self.requests

    def stats_dict(self) -> dict[str, Any]:
        with self._lock:
            return {"total": self.requests, "by_resource": {f"{m} {r}": n for (m, r), n in sorted(self.stats.items())}}

    def delay(self) -> None:
        wait = self.latency + (self._random.uniform(0, self.jitter) if self.jitter else 0)
        if wait > 0:
            time.sleep(wait)

    def failure(self, number: int) -> int | None:
        """The status to fail request ``number`` with, or None."""
        if number in self.fail_nth:
            return self.fail_nth[number]
        for status, rate in self.error_rates.items():
            if rate and self._random.random() < rate:
                return int(status)
        return None

    def mangle(self, body: bytes) -> bytes:
        if self.truncate_rate and self._random.random() < self.truncate_rate:
            return body[: len(body) // 2]
        if self.malformed_rate and self._random.random() < self.malformed_rate:
            return body.replace(b"</", b"<", 3)
        return body

    def chunks(self, body: bytes) -> Any:
        if not self.slow_body:
            return [body]
        return self._slow(body)

    def _slow(self, body: bytes) -> Any:
        for start in range(0, len(body), 1024):
            time.sleep(self.slow_body)
            yield body[start : start + 1024]


def parse_error_rates(text: str) -> dict[int, float]:
    """``"503:0.1,500:0.05"`` → ``{503: 0.1, 500: 0.05}`` (command line form)."""
    rates: dict[int, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        status, _, rate = part.partition(":")
        rates[int(status)] = float(rate or 1)
    return rates
