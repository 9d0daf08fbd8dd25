"""Orders and customers from the PrestaShop sandbox into the FactuSOL sandbox, through both transports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hub.models import ValueMapping
from sync.admin_actions import queue_retries
from sync.models import JournalEntry, RecordLink

REGISTERED = "DEMO00001"  # Ana García, NIF 12345678Z = FactuSOL customer 1; paid (state 2)
GUEST = "DEMO00003"  # Lucía, a guest; awaiting bank wire (state 10)


def order_row(flow, reference):
    rows = flow.rows("F_PCL", {"REFPCL": reference})
    assert len(rows) == 1, f"{reference}: {len(rows)} FactuSOL orders"
    return rows[0]


def test_a_registered_order_becomes_a_factusol_order_with_its_lines(flow):
    customers_before = len(flow.rows("F_CLI"))
    run = flow.run()
    assert run.failed == 0, list(run.entries.values_list("message", flat=True))
    header = order_row(flow, REGISTERED)
    assert header["TIPPCL"] == "1"
    assert header["CLIPCL"] == 1  # matched by NIF, not created again
    assert header["CNIPCL"] == "12345678Z"
    assert header["FOPPCL"] == "TAR" and header["TRNPCL"] == 2
    assert header["CEWPCL"] == 1 and header["ESTPCL"] == 0
    shop_total = Decimal(flow.shop.app.store.get("orders", 1)["total_paid_tax_incl"])
    assert abs(header["TOTPCL"] - shop_total) <= Decimal("0.01")
    lines = flow.rows("F_LPC", {"TIPLPC": "1", "CODLPC": header["CODPCL"]})
    assert sorted((line["ARTLPC"], line["CE1LPC"], line["CANLPC"]) for line in lines) == [
        ("CAM001", "S", Decimal(2)),
        ("TAZ001", "", Decimal(1)),
    ]
    assert len(flow.rows("F_CLI")) == customers_before + 1  # only the guest of DEMO00003 is new
    link = RecordLink.objects.get(integration=flow.integration, entity="order", shop_id="1")
    assert link.factusol_key == f"1-{header['CODPCL']}"
    assert RecordLink.objects.get(integration=flow.integration, entity="customer", shop_id="1").factusol_key == "1"


def test_a_guest_order_gets_a_code_from_the_guest_range(flow):
    flow.run()
    header = order_row(flow, GUEST)
    assert header["CLIPCL"] == flow.integration.guest_code_from
    assert header["CEWPCL"] == 0  # awaiting bank wire: not paid yet
    guest = flow.rows("F_CLI", {"CODCLI": header["CLIPCL"]})[0]
    assert guest["NOFCLI"] == "Lucía Fernández"
    assert guest["EMACLI"] == "lucia.f@example.es"


def test_guests_can_share_one_generic_cash_customer(flow):
    integration = flow.integration
    integration.guest_rule, integration.generic_customer_code = "generic", 4
    integration.save()
    before = len(flow.rows("F_CLI"))
    flow.run()
    header = order_row(flow, GUEST)
    assert header["CLIPCL"] == 4
    assert header["CNOPCL"] == "Lucía Fernández" and header["CCPPCL"] == "41001"
    assert len(flow.rows("F_CLI")) == before


def test_running_again_creates_nothing_new(flow):
    flow.run()
    counts = {t: len(flow.rows(t)) for t in ("F_PCL", "F_LPC", "F_CLI", "F_OBR")}
    second = flow.run(full=True)
    assert second.created == 0 and second.failed == 0
    assert {t: len(flow.rows(t)) for t in counts} == counts


def test_orders_outside_the_importable_states_are_not_imported(flow):
    flow.run()
    assert flow.rows("F_PCL", {"REFPCL": "DEMO00004"}) == []  # cancelled
    assert flow.rows("F_PCL", {"REFPCL": "DEMO00002"}) == []  # already shipped


def test_a_missing_payment_mapping_fails_the_order_until_it_is_added_and_retried(
    flow, django_capture_on_commit_callbacks
):
    ValueMapping.objects.filter(integration=flow.integration, shop_value="ps_checkpayment").delete()
    customers_before = len(flow.rows("F_CLI"))
    run = flow.run()
    assert run.failed == 1
    entry = JournalEntry.objects.get(integration=flow.integration, shop_id="1", status="failed")
    assert entry.error_class == "MappingError" and "ps_checkpayment" in entry.message
    assert flow.rows("F_PCL", {"REFPCL": REGISTERED}) == []
    assert len(flow.rows("F_CLI")) == customers_before + 1  # the guest order went through, nothing partial here
    assert order_row(flow, GUEST)

    ValueMapping.objects.create(
        integration=flow.integration, kind="payment", shop_value="ps_checkpayment", factusol_value="TAR"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = queue_retries(JournalEntry.objects.filter(pk=entry.pk))
    assert report.queued == [entry.pk]
    entry.refresh_from_db()
    assert entry.status == "ok", entry.message
    assert order_row(flow, REGISTERED)["FOPPCL"] == "TAR"


def test_a_dry_run_writes_nothing_on_either_side(flow):
    before = {t: len(flow.rows(t)) for t in ("F_PCL", "F_LPC", "F_CLI", "F_OBR")}
    run = flow.run(dry_run=True)
    assert run.failed == 0
    assert {t: len(flow.rows(t)) for t in before} == before
    assert not RecordLink.objects.filter(integration=flow.integration, entity="order").exists()
    assert run.created >= 2


def test_the_paid_flag_follows_the_shop_when_the_order_is_paid_later(flow):
    flow.run()
    assert order_row(flow, GUEST)["CEWPCL"] == 0
    with flow.integration.shop.connector() as shop:
        shop.create("order_histories", {"id_order": "3", "id_order_state": "2"})
    run = flow.run()
    assert run.updated == 1, list(run.entries.values_list("message", flat=True))
    assert order_row(flow, GUEST)["CEWPCL"] == 1


def test_a_total_that_does_not_match_fails_the_order_and_writes_nothing(flow):
    flow.shop.app.store.get("orders", 1)["total_paid_tax_incl"] = "999.00"
    run = flow.run()
    entry = JournalEntry.objects.get(integration=flow.integration, shop_id="1")
    assert entry.status == "failed" and "does not match" in entry.message
    assert run.failed == 1
    assert flow.rows("F_PCL", {"REFPCL": REGISTERED}) == []


def test_customers_are_created_or_matched_with_their_delivery_addresses(flow):
    before = {row["CODCLI"] for row in flow.rows("F_CLI")}
    run = flow.run("customers")
    assert run.failed == 0, list(run.entries.values_list("message", flat=True))
    links = dict(
        RecordLink.objects.filter(integration=flow.integration, entity="customer").values_list(
            "shop_id", "factusol_key"
        )
    )
    assert links["1"] == "1"  # Ana matched by NIF
    new_codes = {row["CODCLI"] for row in flow.rows("F_CLI")} - before
    assert {int(links["2"]), int(links["4"]), int(links["3"])} == new_codes
    jordi = flow.rows("F_CLI", {"CODCLI": int(links["2"])})[0]
    assert (jordi["NOFCLI"], jordi["NIFCLI"], jordi["PROCLI"], jordi["PAICLI"]) == (
        "Puig Serra SL",
        "B12345674",
        "Barcelona",
        "724",
    )
    joao = flow.rows("F_CLI", {"CODCLI": int(links["4"])})[0]
    assert joao["PAICLI"] == "620"
    ana_addresses = flow.rows("F_OBR", {"CLIOBR": 1})
    assert {a["POBOBR"] for a in ana_addresses} >= {"Madrid", "Valencia"}
    again = flow.run("customers", full=True)
    assert again.created == 0 and again.updated == 0 and again.failed == 0


def test_factusol_owned_fields_are_not_overwritten_by_shop_changes(flow):
    flow.run("customers")
    fs_code = int(RecordLink.objects.get(integration=flow.integration, entity="customer", shop_id="2").factusol_key)
    flow.factusol.update("F_CLI", {"CODCLI": fs_code}, {"FPACLI": "EFE"})
    flow.shop.app.store.get("customers", 2).update(email="nuevo@puigserra.example.es", date_upd="2026-06-01 10:00:00")
    run = flow.run("customers", full=True)
    assert run.updated >= 1
    row = flow.rows("F_CLI", {"CODCLI": fs_code})[0]
    assert row["EMACLI"] == "nuevo@puigserra.example.es"
    assert row["FPACLI"] == "EFE"


@pytest.mark.parametrize("transport", ["odbc"], indirect=True)
def test_the_cli_identifier_runs_the_same_sync(flow):
    from django.core.management import call_command

    call_command("sync", flow.integration.slug, "orders", verbosity=0)
    assert order_row(flow, REGISTERED)
