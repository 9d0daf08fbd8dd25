from __future__ import annotations

import io
import sqlite3

import pytest
from django.core.management import call_command

from connectors.factusol.sandbox.db import create_table_sql
from connectors.factusol.schema import table


def test_the_command_creates_seeded_databases_per_year_and_prints_the_odbc_string(tmp_path):
    out = io.StringIO()
    pattern = str(tmp_path / "001{year}.db")
    call_command("sandbox_factusol", "--db", pattern, "--year", "2026", "--year", "2025", stdout=out)
    text = out.getvalue()
    assert "DRIVER={SQLite3};Database=" + pattern in text
    with sqlite3.connect(str(tmp_path / "0012025.db")) as connection:
        assert connection.execute("SELECT EJEEMP FROM F_EMP").fetchone() == ("2025",)
        assert connection.execute("SELECT COUNT(*) FROM F_ALB WHERE CISALB <> ''").fetchone() == (2,)
        vat = connection.execute("SELECT NUMCFG FROM F_CFG ORDER BY CODCFG").fetchall()
        assert [v[0] for v in vat] == [21, 10, 4]


def test_several_years_need_a_year_placeholder(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("sandbox_factusol", "--db", str(tmp_path / "x.db"), "--year", "2026", "--year", "2025")


def test_the_sandbox_tables_mirror_jet_types_keys_and_not_null():
    ddl = create_table_sql(table("F_LPC"))
    assert "[TIPLPC] VARCHAR(1) NOT NULL" in ddl
    assert "[CANLPC] NUMERIC(19,4)" in ddl
    assert "[DT1LPC] REAL" in ddl
    assert "PRIMARY KEY ([TIPLPC], [CODLPC], [POSLPC])" in ddl
