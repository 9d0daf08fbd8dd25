"""Change lists read by keyset: nothing skipped when a record is saved mid-read or many share a date_upd."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sync.orders import OrderSync


class PagedShop:
    """The webservice's list() over a list of dicts: interval filters, sort by date_upd/id, limit/offset."""

    def __init__(self, rows: list[dict[str, Any]], after_call=None) -> None:
        self.rows = rows
        self.after_call = after_call
        self.calls: list[dict[str, Any]] = []

    def list(self, resource, *, filters=None, sort=None, limit=None, offset=0, date=False, display="full"):
        assert date, "change lists are read with date=1"
        self.calls.append({"filters": dict(filters or {}), "sort": sort, "limit": limit, "offset": offset})
        found = [dict(r) for r in self.rows if all(_within(r, f, v) for f, v in (filters or {}).items())]
        if sort == "[id_ASC]":
            found.sort(key=lambda r: int(r["id"]))
        else:
            assert sort == "[date_upd_ASC,id_ASC]"
            found.sort(key=lambda r: (r["date_upd"], int(r["id"])))
        page = found[offset : offset + limit] if limit else found[offset:]
        if self.after_call:
            self.after_call(len(self.calls), self.rows)
        return page


def _within(row: dict[str, Any], field: str, value: str) -> bool:
    low, high = value.strip("[]").split(",")
    if field == "id":
        return int(low) <= int(row["id"]) <= int(high)
    return low <= row[field] <= high


def step_over(shop: PagedShop, size: int) -> OrderSync:
    step = OrderSync.__new__(OrderSync)
    step.__dict__["shop"] = shop
    step.page_size = size
    return step


def rows(n: int, stamp: str = "2026-05-01 10:00:{:02d}") -> list[dict[str, Any]]:
    return [{"id": str(i), "date_upd": stamp.format(i)} for i in range(1, n + 1)]


def test_a_record_saved_while_the_list_is_read_does_not_push_another_out_of_the_pages():
    def save_first_after_page_one(call: int, table: list[dict[str, Any]]) -> None:
        if call == 1:
            table[0]["date_upd"] = "2026-05-01 11:00:00"  # record 1 saved again: it moves to the end

    shop = PagedShop(rows(6), after_call=save_first_after_page_one)
    step = step_over(shop, size=2)
    read = [(r["id"], r["date_upd"]) for r in step.changed_records("orders", None, full=True)]
    assert {i for i, _ in read} == {"1", "2", "3", "4", "5", "6"}  # with offsets, record 3 was skipped
    assert read[-1] == ("1", "2026-05-01 11:00:00")  # and the new version comes again, for the cursor


def test_many_records_with_one_date_upd_are_read_across_pages_by_id():
    shop = PagedShop(rows(7, stamp="2026-05-01 10:00:00") + [{"id": "8", "date_upd": "2026-05-01 10:00:05"}])
    step = step_over(shop, size=3)
    read = [r["id"] for r in step.changed_records("orders", datetime(2026, 5, 1, 9, 0), full=False)]
    assert read == ["1", "2", "3", "4", "5", "6", "7", "8"]
    assert all(c["offset"] == 0 for c in shop.calls)
    first = shop.calls[0]["filters"]
    assert first["date_upd"] == "[2026-05-01 09:00:00,2026-05-01 09:00:00]" and first["id"].startswith("[1,")
    assert shop.calls[1]["filters"]["date_upd"] == "[2026-05-01 09:00:01,2999-12-31 23:59:59]"


def test_an_incremental_list_asks_for_a_date_upd_interval():
    shop = PagedShop(rows(3))
    step = step_over(shop, size=100)
    assert len(list(step.changed_records("orders", datetime(2026, 5, 1, 10, 0, 2, 500), full=False))) == 2
    assert {c["filters"]["date_upd"].split(",")[0] for c in shop.calls} == {
        "[2026-05-01 10:00:02",
        "[2026-05-01 10:00:03",
    }
