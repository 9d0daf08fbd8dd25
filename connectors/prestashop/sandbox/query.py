"""List semantics: ``filter[...]`` forms, ``sort``, ``limit``, ``display``, as PrestaShop 8.1.2 applies them."""

from __future__ import annotations

import re
from typing import Any

from connectors.prestashop.sandbox.spec import DATE_FIELDS, Resource, api_root

Record = dict[str, Any]
PHP_WARNINGS = [
    (
        3,
        "[PHP Warning #2] Trying to access array offset on value of type bool "
        f"(/var/www/prestashop/classes/webservice/WebserviceRequest.php, line {line})",
    )
    for line in (1333, 1334, 1335, 1336)
]
_INTERVAL = re.compile(r"^[\d.:\-\s]+$")


class QueryError(Exception):
    """A PrestaShop error answer: status plus ``(code, message)`` entries; ``empty_body`` for a bare 500."""

    def __init__(self, status: int, errors: list[tuple[int, str]] | None = None, empty_body: bool = False) -> None:
        super().__init__(status, errors)
        self.status = status
        self.errors = errors or []
        self.empty_body = empty_body


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def closest(word: str, names: list[str]) -> str:
    return min(names, key=lambda n: levenshtein(word, n)) if names else ""


def unknown_resource(name: str) -> QueryError:
    names = [entry["name"] for entry in api_root()]
    listed = ", ".join(f'"{n}"' for n in names)
    return QueryError(
        400,
        [(27, f'Resource of type "{name}" does not exists. Did you mean: "{closest(name, names)}"? '
              f"The full list is: {listed}")],
    )


def bad_filter(res: Resource, date: bool, name: str) -> QueryError:
    names = res.filter_names(date)
    listed = ", ".join(f'"{n}"' for n in names)
    message = f'This filter does not exist. Did you mean: "{closest(name, names)}"? The full list is: {listed}'
    return QueryError(500, [(32, message), *PHP_WARNINGS])


def bad_display(res: Resource, name: str) -> QueryError:
    message = f'Unable to display this field "{name}". However, these are available: {", ".join(res.field_names)}'
    return QueryError(500, [(35, message), *PHP_WARNINGS])


def bad_sort(res: Resource, date: bool) -> QueryError:
    i18n = ", ".join(f.name for f in res.fields if f.lang)
    message = (
        f"Unable to filter by this field. However, these are available: {', '.join(res.filter_names(date))}, "
        f"for i18n fields:{(' ' + i18n) if i18n else ''}"
    )
    return QueryError(500, [(38, message), *PHP_WARNINGS])


def parse_display(res: Resource, value: str | None, default: str | None) -> str | list[str] | None:
    if value is None or value == "":
        return default
    if value == "full":
        return "full"
    names = [n.strip() for n in value.strip("[]").split(",") if n.strip()]
    for name in names:
        if name not in res.field_names:
            raise bad_display(res, name)
    return [n for n in res.field_names if n in names]


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _compare(left: str, right: str) -> int:
    a, b = _number(left), _number(right)
    if a is not None and b is not None:
        return (a > b) - (a < b)
    left, right = left.lower(), right.lower()
    return (left > right) - (left < right)


def _date_bound(value: str) -> str:
    value = value.strip()
    return value + " 00:00:00" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else value


def matches(value: str, expr: str, is_date: bool) -> bool:
    """Does one field value satisfy one PrestaShop filter expression?"""
    value = str(value)
    norm = _date_bound if is_date else (lambda v: v)
    if expr.startswith("%[") and expr.endswith("]%"):
        return expr[2:-2].lower() in value.lower()
    if expr.startswith("%[") and expr.endswith("]"):
        return value.lower().endswith(expr[2:-1].lower())
    if expr.startswith("[") and expr.endswith("]%"):
        return value.lower().startswith(expr[1:-2].lower())
    if expr.startswith(">[") and expr.endswith("]"):
        return _compare(value, norm(expr[2:-1])) > 0
    if expr.startswith("<[") and expr.endswith("]"):
        return _compare(value, norm(expr[2:-1])) < 0
    if expr.startswith("![") and expr.endswith("]"):
        return all(_compare(value, norm(v)) != 0 for v in expr[2:-1].split("|"))
    if expr.startswith("[") and expr.endswith("]"):
        inner = expr[1:-1]
        low, _, high = inner.partition(",")
        if "|" not in inner[1:] and "," in inner and _INTERVAL.match(low) and _INTERVAL.match(high):
            # Anything else with a comma is an equality (SQLUtils::getSQLRetrieveFilter).
            low, high = sorted((norm(low), norm(high)), key=lambda v: (_number(v) or 0, v))
            return _compare(value, low) >= 0 and _compare(value, high) <= 0
        if "|" not in inner[1:]:
            return _compare(value, norm(inner)) == 0
        return any(_compare(value, norm(v)) == 0 for v in inner.split("|"))
    return _compare(value, norm(expr)) == 0


def apply_filters(res: Resource, records: list[Record], filters: dict[str, str], date: bool) -> list[Record]:
    for name, expr in filters.items():
        if name in DATE_FIELDS and date and name not in res.field_names:
            raise QueryError(500, empty_body=True)
        if name not in res.filter_names(date):
            raise bad_filter(res, date, name)
        records = [r for r in records if matches(r.get(name, ""), expr, name in DATE_FIELDS)]
    return records


def apply_sort(res: Resource, records: list[Record], sort: str | None, date: bool) -> list[Record]:
    if not sort:
        return records
    keys = []
    for part in sort.strip("[]").split(","):
        name, _, direction = part.strip().rpartition("_")
        if name not in res.filter_names(date) or direction.upper() not in ("ASC", "DESC"):
            raise bad_sort(res, date)
        keys.append((name, direction.upper() == "DESC"))
    for name, desc in reversed(keys):
        records = sorted(records, key=lambda r, n=name: _sort_key(r.get(n, "")), reverse=desc)
    return records


def _sort_key(value: Any) -> tuple[int, float, str]:
    number = _number(str(value))
    return (0, number, "") if number is not None else (1, 0.0, str(value).lower())


def apply_limit(records: list[Record], limit: str | None) -> list[Record]:
    if limit is None:
        return records
    parts = limit.split(",")
    if not all(p.strip().isdigit() for p in parts) or len(parts) > 2:
        return []
    offset, count = (0, int(parts[0])) if len(parts) == 1 else (int(parts[0]), int(parts[1]))
    return records[offset : offset + count]
