"""What only the ODBC transport does: connection strings, dialect, driver errors (faults via the seam)."""

from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

import pyodbc
import pytest

from connectors.factusol import odbc_client, sql
from connectors.factusol.odbc import FactusolOdbc
from hub.errors import ConfigurationError, ConflictError, PermanentError, TransientError

pytestmark = pytest.mark.django_db


def _connection(**fields):
    values = {"odbc_connection_string": "", "odbc_file_path": "", "fiscal_year": 2026, "timeout": 5,
              "company_code": "001"}
    values.update(fields)
    return SimpleNamespace(**values)


def test_an_access_file_path_becomes_a_shared_mode_access_connection_string():
    connector = FactusolOdbc(_connection(odbc_file_path=r"C:\DELSOL\FACTUSOL\Datos\FS\001{year}.accdb"))
    assert connector.connection_string(2025) == (
        r"DRIVER={Microsoft Access Driver (*.mdb, *.accdb)};DBQ=C:\DELSOL\FACTUSOL\Datos\FS\0012025.accdb;"
        "Mode=Share Deny None;ExtendedAnsiSQL=1;"
    )
    assert connector.dialect(2025) == sql.ACCESS


def test_the_sqlite_driver_selects_the_limit_dialect(sandbox_pattern):
    connector = FactusolOdbc(_connection(odbc_connection_string=f"DRIVER={{SQLite3}};Database={sandbox_pattern};"))
    assert connector.dialect(2026) == sql.SQLITE


def test_no_path_nor_string_is_a_configuration_error():
    with pytest.raises(ConfigurationError):
        FactusolOdbc(_connection()).read("F_CLI")


def test_a_missing_odbc_driver_is_a_configuration_error(tmp_path):
    path = tmp_path / "0012026.accdb"
    path.write_bytes(b"")
    connector = FactusolOdbc(_connection(odbc_file_path=str(tmp_path / "001{year}.accdb")))
    with pytest.raises(ConfigurationError) as caught:
        connector.read("F_CLI")
    assert isinstance(caught.value.__cause__, pyodbc.Error)


def test_a_locked_database_is_transient(make_connector):
    connector = make_connector("odbc")
    locked = pyodbc.Error("HY000", "[HY000] [SQLite]database is locked (5) (SQLExecDirectW)")
    with mock.patch.object(odbc_client, "execute", autospec=True, side_effect=locked):
        with pytest.raises(TransientError):
            connector.read("F_CLI")
    assert connector.read("F_CLI", {"CODCLI": 1}, columns=["CODCLI"]) == [{"CODCLI": 1}]


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (pyodbc.Error("HY000", "[Microsoft][ODBC Microsoft Access Driver] Could not update; currently locked."),
         TransientError),
        (pyodbc.Error("HYT00", "Timeout expired"), TransientError),
        (pyodbc.IntegrityError("23000", "The changes you requested ... would create duplicate values"), ConflictError),
        (pyodbc.Error("IM002", "Data source name not found and no default driver specified"), ConfigurationError),
        (pyodbc.Error("42S22", "Too few parameters. Expected 1."), PermanentError),
    ],
)
def test_driver_errors_map_to_typed_errors(make_connector, error, expected):
    connector = make_connector("odbc")
    with mock.patch.object(odbc_client, "execute_count", autospec=True, side_effect=error):
        with pytest.raises(expected):
            connector.insert("F_CLI", {"CODCLI": 70})


def test_errors_never_contain_the_connection_string(tmp_path):
    connector = FactusolOdbc(_connection(odbc_connection_string="DRIVER={Nope};Database=/x;PWD=s3cret;"))
    with pytest.raises(ConfigurationError) as caught:
        connector.read("F_CLI")
    assert "s3cret" not in str(caught.value)
