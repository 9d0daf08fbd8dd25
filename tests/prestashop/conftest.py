"""Fixtures: a demo sandbox on loopback and a Shop pointing at it."""

from __future__ import annotations

from pathlib import Path

import pytest

from connectors.prestashop.sandbox.testing import make_shop, running_sandbox

REPO_ROOT = Path(__file__).resolve().parents[2]
REFERENCE = REPO_ROOT.parent / "shared" / "reference"
RECORDINGS = REFERENCE / "prestashop-8.1.2"


@pytest.fixture
def sandbox():
    with running_sandbox(seed="demo") as handle:
        yield handle


@pytest.fixture
def shop(db, world_a, sandbox):
    return make_shop(world_a.agency, sandbox)


@pytest.fixture
def ws(shop):
    connector = shop.connector(sleep=lambda seconds: None)
    yield connector
    connector.close()
