"""Shared fixtures: two agencies with a user each, a shop and a FactuSOL connection per agency."""

from __future__ import annotations

import pytest

from tests.factories import make_agency_world


@pytest.fixture
def world_a(db):
    return make_agency_world("Agencia A")


@pytest.fixture
def world_b(db):
    return make_agency_world("Agencia B")
