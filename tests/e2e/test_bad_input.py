"""Bad input gets a clear journal entry; nothing is lost, nothing is written twice, the rest still syncs."""

from __future__ import annotations

import pytest

from sync.models import JournalEntry, RecordLink

pytestmark = pytest.mark.usefixtures("no_waits")


@pytest.fixture
def no_waits(monkeypatch):
    monkeypatch.setattr("sync.retry.sleep", lambda seconds: None)
    monkeypatch.setattr("connectors.factusol.rest.DEFAULT_BACKOFF", (0.0, 0.0))


def entry(flow, key, entity="customers"):
    return JournalEntry.objects.filter(integration=flow.integration, entity=entity, key=key).latest("pk")


def test_an_over_long_name_is_cut_at_the_column_size_and_the_journal_says_so(flow):
    long_name = "Distribuciones " + "Muy " * 30 + "Largas SL"
    flow.shop.app.store.get("addresses", 2)["company"] = long_name
    run = flow.run("customers")
    assert run.failed == 0
    code = int(RecordLink.objects.get(integration=flow.integration, entity="customer", shop_id="2").factusol_key)
    stored = flow.rows("F_CLI", {"CODCLI": code})[0]["NOFCLI"]
    assert stored == long_name[:100]
    journal = entry(flow, "2")
    assert journal.status == "ok"
    assert "NOFCLI" in journal.message and "100" in journal.message


def test_an_unknown_country_fails_that_customer_only(flow):
    flow.shop.app.store.insert("countries", {"iso_code": "ZZ", "name": {"1": "Nowhere", "2": "Nowhere"}}, id=99)
    flow.shop.app.store.get("addresses", 4)["id_country"] = "99"
    run = flow.run("customers")
    failed = entry(flow, "4")
    assert failed.status == "failed" and failed.error_class == "MappingError"
    assert "ZZ" in failed.message
    assert run.failed == 1 and run.created + run.updated >= 3
    assert not RecordLink.objects.filter(integration=flow.integration, entity="customer", shop_id="4").exists()


def test_a_shop_answer_that_is_not_xml_fails_the_run_visibly_and_loses_nothing(flow):
    flow.shop.app.faults.configure(malformed_rate=1.0)
    run = flow.run()
    assert run.status == "failed" and run.message
    assert flow.rows("F_PCL", {"REFPCL": ("LIKE", "DEMO%")}) == []
    flow.shop.app.faults.reset()
    again = flow.run()
    assert again.failed == 0
    assert sorted(r["REFPCL"] for r in flow.rows("F_PCL", {"REFPCL": ("LIKE", "DEMO%")})) == ["DEMO00001", "DEMO00003"]


def test_a_passing_shop_error_is_retried_and_written_once(flow):
    flow.shop.app.faults.configure(fail_nth={3: 503, 6: 502})
    run = flow.run()
    assert run.failed == 0, list(run.entries.values_list("message", flat=True))
    assert sorted(r["REFPCL"] for r in flow.rows("F_PCL", {"REFPCL": ("LIKE", "DEMO%")})) == ["DEMO00001", "DEMO00003"]


@pytest.mark.parametrize("transport", ["api"], indirect=True)
def test_a_locked_factusol_database_fails_retryably_and_the_next_run_catches_up(flow):
    flow.api.app.locked = True
    run = flow.run()
    assert run.failed == 2
    failed = JournalEntry.objects.filter(integration=flow.integration, entity="orders", status="failed")
    assert failed.count() == 2
    assert all(e.retryable and e.error_class == "TransientError" for e in failed)
    flow.api.app.locked = False
    flow.run()
    refs = sorted(r["REFPCL"] for r in flow.rows("F_PCL", {"REFPCL": ("LIKE", "DEMO%")}))
    assert refs == ["DEMO00001", "DEMO00003"]
    assert not JournalEntry.objects.filter(integration=flow.integration, entity="orders", status="failed").exists()
