"""One contract, both transports: ODBC (pyodbc + unixODBC + SQLite ODBC driver) and the DELSOL API sandbox."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest

from connectors.factusol import base
from hub.errors import ConfigurationError, ConflictError, PermanentError, RecordNotFound, TransientError

pytestmark = pytest.mark.django_db


def test_it_reads_rows_with_equality_and_typed_values(connector):
    rows = connector.read("F_CLI", {"CODCLI": 1}, columns=["CODCLI", "NOFCLI", "PAICLI", "FALCLI", "HALCLI"])
    assert rows == [
        {
            "CODCLI": 1,
            "NOFCLI": "María García López",
            "PAICLI": "724",
            "FALCLI": dt.datetime(2026, 1, 3),
            "HALCLI": dt.datetime(1900, 1, 1, 9, 15),
        }
    ]


def test_it_filters_with_operators_in_like_order_and_top(connector):
    assert [r["CODCLI"] for r in connector.read("F_CLI", {"CODCLI": (">=", 2)}, order_by=["CODCLI"])] == [2, 3, 4]
    assert [r["CODCLI"] for r in connector.read("F_CLI", {"CODCLI": ("IN", [1, 3])}, order_by=["-CODCLI"])] == [3, 1]
    assert [r["CODART"] for r in connector.read("F_ART", {"CODART": ("LIKE", "CAM%")}, order_by=["CODART"])] == [
        "CAM001",
        "CAM002",
    ]
    top = connector.read("F_ART", columns=["CODART"], order_by=["CODART DESC"], top=2)
    assert top == [{"CODART": "TAZ001"}, {"CODART": "LIB001"}]
    assert connector.read("F_CLI", {"CODCLI": ("<>", 1), "PAICLI": "250"}, columns=["CODCLI"]) == [{"CODCLI": 3}]
    assert connector.read("F_CLI", {"CODCLI": ("IN", [])}) == []


def test_it_reads_dates_with_a_date_filter(connector):
    rows = connector.read("F_PCL", {"FECPCL": (">=", dt.date(2026, 2, 2))}, columns=["CODPCL"], order_by=["CODPCL"])
    assert rows == [{"CODPCL": 2}, {"CODPCL": 3}]


def test_filter_values_are_never_sql(connector):
    assert connector.read("F_CLI", {"NOFCLI": "x' OR '1'='1"}) == []


def test_it_runs_a_select_with_parameters(connector):
    rows = connector.query(
        "SELECT TOP 1 [CODART], [PCOART] FROM [F_ART] WHERE [DESART] LIKE ? ORDER BY [CODART]", ["Camiseta%"]
    )
    assert rows == [{"CODART": "CAM001", "PCOART": Decimal("5.5000")}]
    assert connector.query("SELECT MAX(CODPCL) AS CODPCL FROM F_PCL WHERE TIPPCL = ?", ["1"]) == [{"CODPCL": 3}]


def test_it_refuses_statements_that_are_not_select(connector):
    with pytest.raises(PermanentError):
        connector.query("DELETE FROM F_CLI")


def test_it_inserts_updates_and_deletes_a_row(connector):
    row = {"CODCLI": 50, "NOFCLI": "Nuevo Cliente", "PAICLI": "724", "FALCLI": "2026-05-01"}
    result = connector.insert("F_CLI", row)
    assert result.warnings == []
    connector.update("F_CLI", {"CODCLI": 50}, {"NOFCLI": "Cliente Cambiado", "TARCLI": 2})
    assert connector.read("F_CLI", {"CODCLI": 50}, columns=["NOFCLI", "TARCLI", "FALCLI"]) == [
        {"NOFCLI": "Cliente Cambiado", "TARCLI": 2, "FALCLI": dt.datetime(2026, 5, 1)}
    ]
    assert connector.delete("F_CLI", {"CODCLI": 50}) == 1
    assert connector.read("F_CLI", {"CODCLI": 50}) == []


def test_it_warns_when_text_is_cut_and_characters_are_replaced(connector):
    result = connector.insert("F_CLI", {"CODCLI": 51, "NOFCLI": "Zoë ✓ " + "x" * 120})
    assert any("cut from 126 to 100" in w for w in result.warnings)
    assert any("cp1252" in w for w in result.warnings)
    stored = connector.read("F_CLI", {"CODCLI": 51}, columns=["NOFCLI"])[0]["NOFCLI"]
    assert stored == ("Zoë ? " + "x" * 120)[:100]


def test_an_unknown_column_is_a_permanent_error(connector):
    with pytest.raises(PermanentError, match="WEBXCLI"):
        connector.insert("F_CLI", {"CODCLI": 52, "WEBXCLI": "x"})
    with pytest.raises(PermanentError, match="NOPE"):
        connector.read("F_CLI", {"NOPE": 1})


def test_a_duplicate_key_is_a_conflict(connector):
    with pytest.raises(ConflictError):
        connector.insert("F_CLI", {"CODCLI": 1, "NOFCLI": "Duplicado"})


def test_a_year_without_database_is_a_configuration_error(connector):
    with pytest.raises(ConfigurationError):
        connector.read("F_CLI", year=2019)


def test_an_earlier_fiscal_year_is_readable(connector):
    connector.insert("F_CLI", {"CODCLI": 60, "NOFCLI": "Solo en 2026"})
    assert connector.read("F_CLI", {"CODCLI": 60}, year=2025) == []
    assert connector.read("F_CFG", {"CODCFG": "ImpuestosIvasPrimerPeriodo1"}, columns=["NUMCFG"], year=2025) == [
        {"NUMCFG": Decimal("21.0000")}
    ]
    assert connector.read("F_FAC", {"TIPFAC": "1"}, columns=["FECFAC"], order_by=["CODFAC"], top=1, year=2025) == [
        {"FECFAC": dt.datetime(2025, 2, 21)}
    ]


def test_next_number_is_max_plus_one_within_the_series(connector):
    assert connector.next_number("F_PCL", "1") == 4
    assert connector.next_number("F_PCL", "2") == 1


def test_insert_document_numbers_header_and_lines(connector):
    result = connector.insert_document(
        "F_PCL",
        {"CLIPCL": 1, "REFPCL": "PS-000200", "FECPCL": dt.date(2026, 3, 1), "HORPCL": dt.time(10, 45), "TOTPCL": 30},
        "F_LPC",
        [{"ARTLPC": "CAM001", "CANLPC": 1, "PRELPC": 12.4}, {"ARTLPC": "TAZ001", "CANLPC": 2, "PRELPC": 6.95}],
        series="1",
    )
    assert result.number == 4
    header = connector.read("F_PCL", {"TIPPCL": "1", "CODPCL": 4}, columns=["REFPCL", "HORPCL", "TOTPCL"])
    assert header == [{"REFPCL": "PS-000200", "HORPCL": dt.datetime(1900, 1, 1, 10, 45), "TOTPCL": Decimal("30.0000")}]
    lines = connector.read("F_LPC", {"TIPLPC": "1", "CODLPC": 4}, columns=["POSLPC", "ARTLPC"], order_by=["POSLPC"])
    assert lines == [{"POSLPC": 1, "ARTLPC": "CAM001"}, {"POSLPC": 2, "ARTLPC": "TAZ001"}]


def test_insert_document_removes_what_it_wrote_when_a_line_fails(connector, monkeypatch):
    real_insert = connector._insert
    calls = []

    def failing_insert(spec, row, year):
        calls.append(spec.name)
        if spec.name == "F_LPC" and calls.count("F_LPC") == 2:
            raise TransientError("line 2 failed")
        real_insert(spec, row, year)

    monkeypatch.setattr(connector, "_insert", failing_insert)
    with pytest.raises(TransientError, match="line 2"):
        connector.insert_document(
            "F_PCL", {"CLIPCL": 1}, "F_LPC", [{"ARTLPC": "CAM001"}, {"ARTLPC": "TAZ001"}], series="1"
        )
    assert calls == ["F_PCL", "F_LPC", "F_LPC"]
    assert connector.read("F_PCL", {"CODPCL": 4}) == []
    assert connector.read("F_LPC", {"CODLPC": 4}) == []


def _concurrent_documents(make_connector, transport, per_worker=4):
    numbers: list[int] = []
    errors: list[BaseException] = []

    connectors = [make_connector(transport), make_connector(transport)]

    def work(worker):
        connector = connectors[worker]
        try:
            for index in range(per_worker):
                result = connector.insert_document(
                    "F_PCL", {"CLIPCL": 1, "REFPCL": f"W{worker}-{index}"}, "F_LPC", [{"ARTLPC": "CAM001"}], series="1"
                )
                numbers.append(result.number)
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return numbers, errors


def test_two_concurrent_writers_never_share_a_number(make_connector, transport):
    numbers, errors = _concurrent_documents(make_connector, transport)
    assert errors == []
    assert sorted(numbers) == list(range(4, 12))
    stored = make_connector(transport).read("F_PCL", {"TIPPCL": "1"}, columns=["CODPCL", "REFPCL"])
    assert len({r["CODPCL"] for r in stored}) == len(stored) == 11


def test_writers_without_a_shared_lock_rely_on_the_key_and_take_the_next_number(make_connector, transport, monkeypatch):
    # As two processes would: no common in-process lock, so collisions happen and the PK resolves them.
    monkeypatch.setattr(base, "write_lock", lambda key: threading.RLock())
    numbers, errors = _concurrent_documents(make_connector, transport)
    assert errors == []
    assert sorted(numbers) == list(range(4, 12))


def test_insert_with_code_allocates_inside_the_range(connector):
    assert connector.insert_with_code("F_CLI", {"NOFCLI": "Web 1"}, "CODCLI", 1000, 1002).number == 1000
    assert connector.insert_with_code("F_CLI", {"NOFCLI": "Web 2"}, "CODCLI", 1000, 1002).number == 1001
    assert connector.insert_with_code("F_CLI", {"NOFCLI": "Bajo"}, "CODCLI", 1, 999).number == 5
    connector.insert_with_code("F_CLI", {"NOFCLI": "Web 3"}, "CODCLI", 1000, 1002)
    with pytest.raises(PermanentError, match="no free code"):
        connector.insert_with_code("F_CLI", {"NOFCLI": "Web 4"}, "CODCLI", 1000, 1002)


def test_connection_test_reports_company_and_counts(connector):
    report = connector.test_connection()
    assert report.ok
    assert [c.name for c in report.checks] == ["Database 2026", "F_CLI", "F_ART"]
    assert report.checks[0].detail == "001 Comercial Ejemplo S.L."
    assert report.checks[1].detail == "4 rows"


def test_both_transports_return_identical_rows(make_connector):
    odbc, api = make_connector("odbc"), make_connector("api")
    for table_name, where in (("F_PCL", {"CODPCL": 2}), ("F_CLI", {"CODCLI": 1}), ("F_LFA", {"CODLFA": 3})):
        from_odbc, from_api = odbc.read(table_name, where), api.read(table_name, where)
        assert from_odbc == from_api
        assert from_odbc
    assert odbc.read("F_STC", order_by=["CE1STC", "CE2STC"]) == api.read("F_STC", order_by=["CE1STC", "CE2STC"])


def test_updating_a_missing_row_is_record_not_found(connector):
    with pytest.raises(RecordNotFound):
        connector.update("F_CLI", {"CODCLI": 9999}, {"NOFCLI": "Nadie"})
    assert connector.read("F_CLI", {"CODCLI": 9999}) == []


def test_insert_with_code_numbers_within_the_scope_and_returns_warnings(connector):
    # F_OBR.CODOBR restarts per customer: customers 1 and 2 each hold CODOBR 1 in the seed.
    first = connector.insert_with_code(
        "F_OBR", {"CLIOBR": 1, "NOMOBR": "Sede " + "x" * 200}, "CODOBR", 1, 32767, scope={"CLIOBR": 1}
    )
    assert first.number == 2
    assert any("NOMOBR" in w for w in first.warnings)
    assert connector.insert_with_code("F_OBR", {"CLIOBR": 1}, "CODOBR", 1, 32767, scope={"CLIOBR": 1}).number == 3
    assert connector.insert_with_code("F_OBR", {"CLIOBR": 3}, "CODOBR", 1, 32767, scope={"CLIOBR": 3}).number == 1
    assert connector.insert_with_code("F_OBR", {"CLIOBR": 2}, "CODOBR", 1, 32767, scope={"CLIOBR": 2}).number == 2
    rows = connector.read("F_OBR", columns=["CLIOBR", "CODOBR"], order_by=["CLIOBR", "CODOBR"])
    assert [(r["CLIOBR"], r["CODOBR"]) for r in rows] == [(1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (3, 1)]


def test_insert_with_code_in_a_scope_survives_writers_without_a_shared_lock(make_connector, transport, monkeypatch):
    monkeypatch.setattr(base, "write_lock", lambda key: threading.RLock())
    connectors = [make_connector(transport), make_connector(transport)]
    numbers: list[int] = []
    errors: list[BaseException] = []

    def work(worker):
        try:
            for _ in range(4):
                numbers.append(
                    connectors[worker]
                    .insert_with_code("F_OBR", {"CLIOBR": 2}, "CODOBR", 1, 32767, scope={"CLIOBR": 2})
                    .number
                )
        except BaseException as err:
            errors.append(err)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sorted(numbers) == list(range(2, 10))
    assert connectors[0].read("F_OBR", {"CLIOBR": 1}, columns=["CODOBR"]) == [{"CODOBR": 1}]
