"""Build ``filter[field]`` values in PrestaShop's syntax, escaping nothing the shop would misread.

PrestaShop has no escaping for ``[``, ``]``, ``|`` or ``,`` inside a filter value, so values that
contain them are rejected here rather than silently producing another filter. How the shop reads
``[x]`` (``SQLUtils::getSQLRetrieveFilter``): a ``|`` after the first character makes an OR list;
otherwise ``digits/dates,digits/dates`` is an interval; anything else is an equality. So a comma
is harmless in ``eq("García, Ana")`` but ``eq("12,5")`` would become the interval 5..12.

In the like forms (``begins``, ``ends``, ``contains``) ``%`` and ``_`` inside the value stay SQL
wildcards (the shop does not escape them): the match can be wider than asked, never narrower.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
_RESERVED = set("[]|")
_INTERVAL = re.compile(r"^[\d.:\-\s]+,[\d.:\-\s]+$")


def ps_value(value: Any) -> str:
    """One value as PrestaShop compares it: datetimes as ``YYYY-MM-DD HH:MM:SS``, bools as 0/1."""
    if isinstance(value, datetime):
        text = value.strftime(DATE_FORMAT)
    elif isinstance(value, date):
        text = value.strftime("%Y-%m-%d")
    elif isinstance(value, bool):
        text = "1" if value else "0"
    else:
        text = str(value)
    if _RESERVED & set(text):
        raise ValueError(f"PrestaShop filters cannot express a value containing [ ] or |: {text!r}")
    return text


def ps_date(value: datetime | date) -> str:
    """A date or datetime in the webservice's format (shop local time, no zone)."""
    return ps_value(value)


def _equality(text: str) -> str:
    if _INTERVAL.match(text):
        raise ValueError(f"PrestaShop would read {text!r} as an interval, not as one value")
    return text


def eq(value: Any) -> str:
    return f"[{_equality(ps_value(value))}]"


def any_of(*values: Any) -> str:
    """Any of ``values``; an empty value is never put first (a leading ``|`` is not an OR list)."""
    texts = list(dict.fromkeys(ps_value(v) for v in values))
    if not texts:
        raise ValueError("any_of() needs at least one value")
    if len(texts) == 1:
        return eq(texts[0])
    texts.sort(key=lambda text: text == "")
    return "[" + "|".join(texts) + "]"


def between(low: Any, high: Any) -> str:
    """Inclusive at both ends (FINDINGS (c)); a bare date means midnight."""
    a, b = ps_value(low), ps_value(high)
    if "," in a or "," in b:
        raise ValueError("between() values cannot contain a comma")
    return f"[{a},{b}]"


def gt(value: Any) -> str:
    return f">[{ps_value(value)}]"


def lt(value: Any) -> str:
    return f"<[{ps_value(value)}]"


def not_eq(*values: Any) -> str:
    return "![" + "|".join(ps_value(v) for v in values) + "]"


def begins(value: Any) -> str:
    return f"[{ps_value(value)}]%"


def ends(value: Any) -> str:
    return f"%[{ps_value(value)}]"


def contains(value: Any) -> str:
    return f"%[{ps_value(value)}]%"
