"""TIMEX3 values on the calendar: which days a DATE value such as ``2025-03``, ``2024-Q3`` or ``2025-SU`` stands for.

The timeline orders its entries by these bounds and the tenure checks compare them with the KB's terms of office,
so both read one parser. This module imports nothing from the rest of the package but the model.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from crossfact.model import TimeExpr

_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-W(\d{2})|-(SP|SU|FA|WI))?$")
# Season starts and ends (northern meteorological seasons, the convention TimeML's SP/SU/FA/WI follow).
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


def is_calendar_date(time: TimeExpr) -> bool:
    """Whether a time expression is a DATE whose value places it on the calendar (not PAST_REF, XXXX-10-28)."""
    return time.type == "DATE" and _VALUE.match(time.value) is not None


def calendar_bounds(value: str, mod: str | None) -> tuple[date, date]:
    """Return the first and last day a calendar value (narrowed by its START/MID/END mod) stands for;
    ``(date.max, date.max)`` for a value that is not on the calendar."""
    match = _VALUE.match(value)
    if match is None:
        return date.max, date.max
    year = int(match[1])
    if match[3]:
        first = last = date(year, int(match[2]), int(match[3]))
    elif match[2]:
        first, last = date(year, int(match[2]), 1), _month_end(year, int(match[2]))
    elif match[4]:
        quarter = int(match[4])
        first, last = date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    elif match[5]:
        first = date.fromisocalendar(year, min(int(match[5]), 52), 1)
        last = first + timedelta(days=6)
    elif match[6]:
        start_month, end_month = _SEASONS[match[6]]
        first = date(year, start_month, 1)
        last = _month_end(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1)
    else:
        first, last = date(year, 1, 1), date(year, 12, 31)
    third = (last - first) / 3
    if mod == "START":
        return first, first + third
    if mod == "MID":
        return first + third, last - third
    if mod == "END":
        return last - third, last
    return first, last


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)
