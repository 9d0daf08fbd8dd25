"""Bounded in-process retries of transient errors: exponential backoff with full jitter."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from hub.errors import HubError

T = TypeVar("T")

#: Replaced in tests so retries do not wait.
sleep: Callable[[float], None] = time.sleep


@dataclass(frozen=True)
class RetryPolicy:
    """``attempts`` tries at most, waiting ``base * 2**n`` (capped at ``cap``, full jitter)
    between them, and never starting a try after ``total`` seconds."""

    attempts: int = 3
    base: float = 0.5
    cap: float = 8.0
    total: float = 30.0

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.cap, self.base * 2 ** (attempt - 1)))


def call_with_retry(func: Callable[[], T], policy: RetryPolicy) -> tuple[T, int]:
    """Call ``func`` until it returns or raises a non-retryable error; returns (result, tries).

    A ``HubError`` with ``retryable`` true is retried within the policy; the last error is
    re-raised with ``tries`` set on it so the journal can say how often it was tried.
    """
    started = time.monotonic()
    attempt = 0
    while True:
        attempt += 1
        try:
            return func(), attempt
        except HubError as err:
            err.tries = attempt  # type: ignore[attr-defined]
            if not err.retryable or attempt >= policy.attempts:
                raise
            wait = policy.delay(attempt)
            if time.monotonic() - started + wait > policy.total:
                raise
            sleep(wait)
