from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from connectors.factusol import sql
from connectors.factusol.schema import TABLES, prepare_row, table
from connectors.factusol.values import sql_literal
from hub.errors import PermanentError

REQUIRED_TABLES = (
    "F_CLI F_OBR F_ART F_EAN F_FAM F_SEC F_TAR F_LTA F_STO F_STC F_ALM F_PCL F_LPC F_ALB F_LAL F_FAC F_LFA "
    "F_FPA F_TRN F_CFG F_EMP"
).split()


def test_every_table_the_hub_uses_is_described():
    assert set(REQUIRED_TABLES) <= set(TABLES)


@pytest.mark.parametrize(
    ("table_name", "column", "label", "required"),
    [
        ("F_CLI", "NOFCLI", "text(100)", False),
        ("F_CLI", "CODCLI", "longinteger", True),
        ("F_ART", "CODART", "text(13)", True),
        ("F_PCL", "REFPCL", "text(50)", False),
        ("F_PCL", "TOTPCL", "currency", False),
        ("F_PCL", "HORPCL", "datetime", False),
        ("F_LPC", "DT1LPC", "single", False),
        ("F_TRN", "CODTRN", "integer", True),
        ("F_ALB", "CISALB", "text(20)", False),
        ("F_CFG", "TEXCFG", "memo", False),
    ],
)
def test_known_columns_have_the_reference_types(table_name, column, label, required):
    spec = table(table_name).column(column)
    assert (spec.label, spec.required) == (label, required)


def test_primary_keys_follow_the_reference():
    assert table("F_LPC").primary_key == ("TIPLPC", "CODLPC", "POSLPC")
    assert table("F_PCL").primary_key == ("TIPPCL", "CODPCL")
    assert table("F_STC").primary_key == ("ARTSTC", "ALMSTC", "CE1STC", "CE2STC")


def test_prepare_row_cuts_long_text_and_says_so():
    row, warnings = prepare_row("F_CLI", {"CODCLI": 7, "NOFCLI": "A" * 130})
    assert row["NOFCLI"] == "A" * 100
    assert warnings == ["F_CLI.NOFCLI: text cut from 130 to 100 characters"]


def test_prepare_row_replaces_characters_cp1252_cannot_hold():
    row, warnings = prepare_row("F_CLI", {"CODCLI": 7, "NOFCLI": "Zoë ✓ Ős €"})
    assert row["NOFCLI"] == "Zoë ? ?s €"
    assert len(warnings) == 1 and "cp1252" in warnings[0] and "✓" in warnings[0]


def test_prepare_row_rejects_an_unknown_column_by_name():
    with pytest.raises(PermanentError, match="EMAILCLI"):
        prepare_row("F_CLI", {"CODCLI": 1, "EMAILCLI": "x"})


def test_prepare_row_requires_the_primary_key_on_insert():
    with pytest.raises(PermanentError, match="CODPCL"):
        prepare_row("F_PCL", {"TIPPCL": "1"})


def test_prepare_row_coerces_numbers_and_dates_as_factusol_stores_them():
    row, _ = prepare_row(
        "F_PCL",
        {"TIPPCL": 1, "CODPCL": "42", "TOTPCL": 12.345678, "FECPCL": dt.date(2026, 3, 1), "HORPCL": "09:05"},
    )
    assert row == {
        "TIPPCL": "1",
        "CODPCL": 42,
        "TOTPCL": Decimal("12.3457"),
        "FECPCL": dt.datetime(2026, 3, 1),
        "HORPCL": dt.datetime(1900, 1, 1, 9, 5),
    }
    assert prepare_row("F_LPC", {"TIPLPC": "1", "CODLPC": 1, "POSLPC": 1, "DT1LPC": "5"})[0]["DT1LPC"] == 5.0


def test_prepare_row_refuses_integers_out_of_range():
    with pytest.raises(PermanentError, match="POSLPC"):
        prepare_row("F_LPC", {"TIPLPC": "1", "CODLPC": 1, "POSLPC": 40000})


def test_literals_escape_quotes_and_render_jet_dates():
    assert sql_literal("O'Brien; DROP", "text") == "'O''Brien; DROP'"
    assert sql_literal(dt.datetime(2026, 1, 2, 3, 4, 5), "datetime") == "#2026-01-02 03:04:05#"
    assert sql_literal("7", "longinteger") == "7"
    with pytest.raises(PermanentError):
        sql_literal("7 OR 1=1", "longinteger")


def test_select_uses_brackets_placeholders_and_top():
    stmt = sql.select("F_CLI", {"NOFCLI": ("LIKE", "%a%"), "CODCLI": ("IN", [1, 2])}, columns=["CODCLI"], top=2)
    assert stmt.sql == (
        "SELECT TOP 2 [F_CLI].[CODCLI] FROM [F_CLI] WHERE [F_CLI].[NOFCLI] LIKE ? AND [F_CLI].[CODCLI] IN (?, ?)"
    )
    assert stmt.params == ["%a%", 1, 2]
    assert sql.apply_top(stmt.sql, sql.SQLITE).endswith(" LIMIT 2")


def test_render_leaves_question_marks_inside_strings_alone():
    assert sql.render("SELECT * FROM [F_CLI] WHERE NOFCLI = '?' AND CODCLI = ?", [3]) == (
        "SELECT * FROM [F_CLI] WHERE NOFCLI = '?' AND CODCLI = 3"
    )


def test_only_select_statements_pass():
    for statement in ("DELETE FROM F_CLI", "SELECT 1; DELETE FROM F_CLI", "UPDATE F_CLI SET NOFCLI='x'"):
        with pytest.raises(PermanentError):
            sql.ensure_select(statement)
    assert sql.ensure_select("SELECT ';' FROM F_CLI;") == "SELECT ';' FROM F_CLI"
