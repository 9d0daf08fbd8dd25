from __future__ import annotations

from datetime import date, datetime

import pytest

from connectors.prestashop import filters as F


def test_filter_helpers_build_prestashop_forms():
    assert F.eq(3) == "[3]"
    assert F.any_of(1, 3) == "[1|3]"
    assert F.between(datetime(2026, 1, 2, 10), date(2026, 1, 4)) == "[2026-01-02 10:00:00,2026-01-04]"
    assert (F.gt(3), F.lt(3), F.not_eq(1)) == (">[3]", "<[3]", "![1]")
    assert (F.begins("pub"), F.contains("shop"), F.ends("es")) == ("[pub]%", "%[shop]%", "%[es]")
    assert F.eq(True) == "[1]"


def test_filter_helpers_refuse_values_that_would_change_the_filter():
    with pytest.raises(ValueError):
        F.eq("a|b")
    with pytest.raises(ValueError):
        F.between("1,5", 9)


def test_a_value_the_shop_would_read_as_an_interval_is_refused():
    # SQLUtils::getSQLRetrieveFilter: "[12,5]" is BETWEEN 5 AND 12, "[García, Ana]" an equality.
    with pytest.raises(ValueError, match="interval"):
        F.eq("12,5")
    with pytest.raises(ValueError, match="interval"):
        F.any_of("2026-01-02,2026-01-03")
    assert F.eq("García, Ana") == "[García, Ana]"
    assert F.any_of("12,5", "7") == "[12,5|7]"


def test_any_of_never_starts_with_an_empty_value():
    # A "|" at position 0 does not make an OR list on the shop: "[|x]" would mean "equals '|x'".
    assert F.any_of("", "x") == "[x|]"
    assert F.any_of(3, 3) == "[3]"
