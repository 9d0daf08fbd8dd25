"""Sandbox faults not covered elsewhere (latency, jitter, slow bodies) and ``--data`` persistence."""

from __future__ import annotations

import time
from unittest import mock

import pytest
import requests
from django.core.management import call_command

from connectors.prestashop.sandbox import faults as faults_module
from connectors.prestashop.sandbox.faults import Faults
from connectors.prestashop.sandbox.testing import make_shop, running_sandbox
from hub.errors import TransientError


def test_latency_and_jitter_wait_between_latency_and_latency_plus_jitter():
    waits: list[float] = []
    faults = Faults(seed=7).configure(latency=0.2, jitter=0.3)
    with mock.patch.object(faults_module.time, "sleep", side_effect=waits.append):
        for _ in range(50):
            faults.delay()
    assert all(0.2 <= w <= 0.5 for w in waits)
    assert len(set(waits)) > 40  # jitter varies
    waits.clear()
    with mock.patch.object(faults_module.time, "sleep", side_effect=waits.append):
        faults.configure(jitter=0.0).delay()
    assert waits == [0.2]


def test_latency_delays_every_answer_over_http(sandbox):
    sandbox.app.faults.configure(latency=0.3)
    started = time.monotonic()
    assert requests.get(f"{sandbox.api_url}/customers/1", auth=(sandbox.key, ""), timeout=5).status_code == 200
    assert time.monotonic() - started >= 0.3


def test_a_slow_body_arrives_whole_when_each_chunk_beats_the_timeout(ws, sandbox):
    sandbox.app.faults.configure(slow_body=0.05)
    started = time.monotonic()
    orders = ws.list("orders")  # several KiB: one pause per 1 KiB chunk
    assert len(orders) >= 5 and time.monotonic() - started >= 0.15


def test_a_body_slower_than_the_read_timeout_is_transient(db, world_a, sandbox):
    shop = make_shop(world_a.agency, sandbox, timeout=0.3)
    sandbox.app.faults.configure(slow_body=0.6)
    with shop.connector(sleep=lambda s: None, attempts=2) as ws, pytest.raises(TransientError):
        ws.get("customers", 1)
    assert sandbox.app.faults.stats[("GET", "customers")] == 2


def test_data_written_through_the_api_survives_a_restart(tmp_path, db, world_a):
    data = tmp_path / "shop.json"
    with running_sandbox(seed="demo", data_file=data) as sandbox:
        with make_shop(world_a.agency, sandbox).connector() as ws:
            ws.patch("stock_availables", 1, {"quantity": "4321"})
            created = ws.create(
                "customers",
                {"lastname": "Persistente", "firstname": "Ana", "email": "ana@example.es", "passwd": "Secret12345!"},
            )
    assert data.exists()
    with running_sandbox(seed="demo", data_file=data) as sandbox:  # seeding skips a store with data
        with make_shop(world_a.agency, sandbox, name="again").connector() as ws:
            assert ws.get("stock_availables", 1)["quantity"] == "4321"
            assert ws.get("customers", created["id"])["lastname"] == "Persistente"
            assert len(ws.list("customers", filters={"email": "[ana@example.es]"})) == 1


def test_the_command_serves_the_data_file_and_the_key_it_prints(tmp_path):
    data = tmp_path / "cmd.json"
    seen = {}

    class FakeServer:
        server_address = ("127.0.0.1", 8099)

        def serve_forever(self):
            raise KeyboardInterrupt

        def server_close(self):
            pass

    def fake_serve(app, port, quiet=True):
        seen["app"], seen["port"] = app, port
        return FakeServer()

    key = "CMDKEYCMDKEYCMDKEYCMDKEYCMDKEY01"
    out = []
    with mock.patch("connectors.management.commands.sandbox_prestashop.serve", side_effect=fake_serve):
        call_command(
            "sandbox_prestashop",
            "--port",
            "8099",
            "--seed",
            "demo",
            "--data",
            str(data),
            "--key",
            key,
            "--latency",
            "0.1",
            stdout=mock.Mock(write=out.append),
        )
    assert seen["port"] == 8099 and seen["app"].key == key and seen["app"].faults.latency == 0.1
    assert any(key in line for line in out)
    assert data.exists() and seen["app"].store.get("orders", 1) is not None
    assert seen["app"].access.enabled
    with mock.patch("connectors.management.commands.sandbox_prestashop.serve", side_effect=fake_serve):
        call_command("sandbox_prestashop", "--data", str(data), "--webservice-off", stdout=mock.Mock())
    assert not seen["app"].access.enabled
