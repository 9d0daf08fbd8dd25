from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from sync import registry, retry
from tests.sync import fakes


@pytest.fixture
def fake(monkeypatch):
    """The fake customers point, registered for the test; retries do not sleep."""
    world = fakes.FakeWorld()
    monkeypatch.setattr(fakes, "WORLD", world)
    monkeypatch.setitem(registry.SYNC_POINTS, "customers", "tests.sync.fakes.FakeSync")
    sleeps: list[float] = []
    monkeypatch.setattr(retry, "sleep", sleeps.append)
    world.sleeps = sleeps
    return world


@pytest.fixture
def three_customers(fake):
    from datetime import UTC

    base = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    for i, name in enumerate(["Ana", "Bea", "Carla"], start=1):
        fake.add(str(i), name, base + timedelta(minutes=10 * i))
    return fake
