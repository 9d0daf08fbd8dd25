"""Values in and out of FactuSOL: one place decides how each Jet type is written, read and quoted.

Both transports return the same Python types (text → str, Long/Integer → int, Currency → Decimal
with 4 decimals, Single/Double → float, Date/Time → naive ``datetime``, NULL → None), and the REST
transport, which has no query parameters, renders values as Jet literals through ``sql_literal``
only.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils import timezone

from hub.errors import PermanentError

FOUR_PLACES = Decimal("0.0001")
#: Access shows a Date/Time that holds only a time on this day (and "no date" as this day, 00:00).
TIME_BASE_DATE = dt.date(1900, 1, 1)
INT_RANGES = {"integer": (-(2**15), 2**15 - 1), "longinteger": (-(2**31), 2**31 - 1)}
TEXT_TYPES = frozenset({"text", "memo"})
NUMBER_TYPES = frozenset({"integer", "longinteger", "currency", "single", "double"})
_DATETIME_FORMATS = ("%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")
_TIME_FORMATS = ("%H:%M:%S", "%H:%M")


def parse_datetime(value: str) -> dt.datetime:
    """Parse the textual dates FactuSOL and its API produce (``T`` or space separated)."""
    text = value.strip().replace("T", " ").rstrip("Z")
    for fmt in _DATETIME_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.combine(TIME_BASE_DATE, dt.datetime.strptime(text, fmt).time())
        except ValueError:
            continue
    raise ValueError(f"not a date/time: {value!r}")


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        value = repr(value)
    return Decimal(str(value)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def to_python(jet: str | None, value: Any) -> Any:
    """A value read from either transport, as the Python type of its Jet type (None: left as is)."""
    if value is None or jet is None:
        return value
    if jet in TEXT_TYPES:
        if isinstance(value, bytes):
            return value.decode("cp1252", errors="replace")
        return value if isinstance(value, str) else str(value)
    if jet in INT_RANGES:
        if isinstance(value, str):
            return int(Decimal(value)) if value.strip() else None
        return int(value)
    if jet == "currency":
        return to_decimal(value)
    if jet in ("single", "double"):
        return float(value)
    if jet == "datetime":
        if isinstance(value, dt.datetime):
            return value.replace(microsecond=0, tzinfo=None)
        if isinstance(value, dt.date):
            return dt.datetime.combine(value, dt.time())
        return parse_datetime(str(value)).replace(microsecond=0)
    return value


def _naive(value: dt.datetime) -> dt.datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None, microsecond=0)


def to_datetime(value: Any, *, time_only: bool = False) -> dt.datetime:
    """A Date/Time value as FactuSOL stores it: dates at 00:00, times on 1900-01-01, no tz, no µs."""
    if isinstance(value, dt.datetime):
        value = _naive(value)
        return dt.datetime.combine(TIME_BASE_DATE, value.time()) if time_only else value
    if isinstance(value, dt.date):
        return dt.datetime.combine(TIME_BASE_DATE if time_only else value, dt.time())
    if isinstance(value, dt.time):
        return dt.datetime.combine(TIME_BASE_DATE, value.replace(microsecond=0, tzinfo=None))
    if isinstance(value, str):
        parsed = parse_datetime(value).replace(microsecond=0)
        return dt.datetime.combine(TIME_BASE_DATE, parsed.time()) if time_only else parsed
    raise TypeError(f"not a date/time: {value!r}")


def coerce(column: str, jet: str, size: int | None, value: Any, *, time_only: bool = False) -> tuple[Any, list[str]]:
    """The value to write into ``column`` plus warnings; raises ``PermanentError`` if it cannot fit."""
    if value is None:
        return None, []
    try:
        if jet in TEXT_TYPES:
            return _coerce_text(column, size, value)
        if jet in INT_RANGES:
            return _coerce_int(column, jet, value), []
        if jet == "currency":
            return to_decimal(value), []
        if jet in ("single", "double"):
            return float(value), []
        if jet == "datetime":
            return to_datetime(value, time_only=time_only), []
        if jet == "oleobject":
            return bytes(value), []
    except (TypeError, ValueError, InvalidOperation) as err:
        raise PermanentError(f"{column}: {value!r} is not a valid {jet} value.", code="invalid_value") from err
    raise PermanentError(f"{column}: unsupported Jet type {jet}.", code="invalid_type")


def _coerce_int(column: str, jet: str, value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    number = Decimal(str(value).strip()) if isinstance(value, str) else Decimal(value)
    if number != number.to_integral_value():
        raise ValueError(f"{value!r} has decimals")
    low, high = INT_RANGES[jet]
    if not low <= number <= high:
        raise PermanentError(f"{column}: {value} is outside the {jet} range {low}..{high}.", code="out_of_range")
    return int(number)


def _coerce_text(column: str, size: int | None, value: Any) -> tuple[str, list[str]]:
    text = value if isinstance(value, str) else str(value)
    warnings: list[str] = []
    encoded = text.encode("cp1252", errors="replace").decode("cp1252")
    if encoded != text:
        bad = sorted({ch for ch in text if ch.encode("cp1252", errors="replace") == b"?" and ch != "?"})
        warnings.append(f"{column}: replaced characters not representable in cp1252: {''.join(bad)!r}")
        text = encoded
    if size is not None and len(text) > size:
        warnings.append(f"{column}: text cut from {len(text)} to {size} characters")
        text = text[:size]
    return text, warnings


def sql_literal(value: Any, jet: str | None = None) -> str:
    """Render one value as a Jet SQL literal (the REST API has no parameters).

    ``jet`` is the column type when known; otherwise the Python type decides. Text doubles its
    single quotes (Jet has no backslash escapes); dates use Jet's ``#…#`` form.
    """
    if value is None:
        return "NULL"
    try:
        return _literal(value, jet or _infer_jet(value))
    except (TypeError, ValueError, InvalidOperation) as err:
        raise PermanentError(f"{value!r} is not a valid {jet} value.", code="invalid_value") from err


def _literal(value: Any, jet: str) -> str:
    if jet in TEXT_TYPES:
        text = value if isinstance(value, str) else str(value)
        return "'" + text.replace("'", "''") + "'"
    if jet == "datetime":
        return "#" + to_datetime(value).strftime("%Y-%m-%d %H:%M:%S") + "#"
    if jet in INT_RANGES:
        return str(_coerce_int("value", jet, value))
    if jet == "currency":
        return format(to_decimal(value), "f")
    if jet in ("single", "double"):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise PermanentError(f"{value!r} cannot be written in SQL.", code="invalid_value")
        return repr(number)
    raise PermanentError(f"Values of type {jet} cannot be used in a filter.", code="invalid_type")


def _infer_jet(value: Any) -> str:
    if isinstance(value, bool | int):
        return "longinteger" if -(2**31) <= int(value) < 2**31 else "double"
    if isinstance(value, Decimal):
        return "currency"
    if isinstance(value, float):
        return "double"
    if isinstance(value, dt.date | dt.time):
        return "datetime"
    if isinstance(value, str):
        return "text"
    raise PermanentError(f"{type(value).__name__} values cannot be used in SQL.", code="invalid_type")
