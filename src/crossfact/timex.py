"""Read TIMEX3 values: the days a value stands for, its granularity and year, and comparisons between values.

This is the one place that parses a TIMEX3 (ISO-TimeML) ``value`` string; every stage, check and report that
needs to know what "2025-Q3" or "XXXX-10-28" means calls it. Values come in these forms (TimeML 1.2.1
annotation guidelines, section 2.2):

- calendar values with a known year: a day ("2025-10-28", also with a time: "2025-10-28T10:35",
  "2025-10-28TMO"), a month ("2025-10"), an ISO week ("2025-W43"), a quarter ("2025-Q3"), a season ("2025-SU")
  or a year ("2025");
- the same with an unknown year ("XXXX-10-28", "XXXX-WXX"): they place nothing on a calendar;
- references to the present, past or future ("PRESENT_REF", "PAST_REF", "FUTURE_REF"), durations ("P3Y",
  "PT5H30M") and the periods of sets ("P1W"): no calendar place either.

A ``mod`` narrows a calendar value: "late 2024" is 2024 with mod END, read here as its last third.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from crossfact.model import TimeExpr

Granularity = Literal["day", "week", "month", "quarter", "season", "year"]

_CALENDAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-Q([1-4])|-W(\d{2})|-(SP|SU|FA|WI))?$")
# The written form of a dated value, whether its year is known or not ("XXXX-10-28" names a day).
_FORM = re.compile(
    r"^(?:\d{4}|XXXX)(?:(?P<day>-(?:\d{2}|XX)-(?:\d{2}|XX)(?:T.*)?)|(?P<month>-(?:\d{2}|XX))"
    r"|(?P<quarter>-Q[1-4X])|(?P<week>-W(?:\d{2}|XX)(?:-.*)?)|(?P<season>-(?:SP|SU|FA|WI)))?$"
)
_FINER: tuple[Granularity, ...] = ("day", "week", "month", "quarter", "season")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T|$)")
_YEAR = re.compile(r"^(\d{4})(?!\d)")
_YEAR_MONTH_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Season starts and ends (northern meteorological seasons, the convention TimeML's SP/SU/FA/WI follow); winter
# runs into the next year's February (month 14).
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


@dataclass(frozen=True, slots=True)
class Interval:
    """The days a calendar value stands for, first and last included."""

    first: date
    last: date

    def before(self, other: Interval) -> bool:
        """Return whether every day of this interval comes before every day of ``other``."""
        return self.last < other.first

    def overlaps(self, other: Interval) -> bool:
        """Return whether the two intervals share a day."""
        return self.first <= other.last and other.first <= self.last

    def contains(self, day: date) -> bool:
        """Return whether ``day`` is one of this interval's days."""
        return self.first <= day <= self.last


def interval(value: str, mod: str | None = None) -> Interval | None:
    """Return the days a calendar value stands for, narrowed to a third by a START/MID/END ``mod``, or None for
    a value that is not on the calendar ("XXXX-10-28", "PAST_REF", "P3Y", "2025-02-30")."""
    match = _CALENDAR.match(value)
    if match is None:
        return None
    number = int(match[1])
    try:
        if match[3]:
            first = last = date(number, int(match[2]), int(match[3]))
        elif match[2]:
            first, last = date(number, int(match[2]), 1), _month_end(number, int(match[2]))
        elif match[4]:
            quarter = int(match[4])
            first, last = date(number, 3 * quarter - 2, 1), _month_end(number, 3 * quarter)
        elif match[5]:
            # Week 53 exists in some years only; it is read as week 52 so that every week value has days.
            first = date.fromisocalendar(number, min(int(match[5]), 52), 1)
            last = first + timedelta(days=6)
        elif match[6]:
            start_month, end_month = _SEASONS[match[6]]
            first = date(number, start_month, 1)
            last = _month_end(number + (end_month - 1) // 12, (end_month - 1) % 12 + 1)
        else:
            first, last = date(number, 1, 1), date(number, 12, 31)
    except ValueError:
        return None
    third = (last - first) / 3
    if mod == "START":
        return Interval(first, first + third)
    if mod == "MID":
        return Interval(first + third, last - third)
    if mod == "END":
        return Interval(last - third, last)
    return Interval(first, last)


def is_calendar(value: str) -> bool:
    """Return whether a value places its expression on the calendar (2025, 2025-Q3; not PAST_REF, XXXX-10-28)."""
    return interval(value) is not None


def is_calendar_date(time: TimeExpr) -> bool:
    """Return whether a time expression is a DATE whose value places it on the calendar."""
    return time.type == "DATE" and is_calendar(time.value)


def granularity(value: str) -> Granularity | None:
    """Return the unit a dated value names ("2025-10" a month, "XXXX-10-28" a day), or None for a reference,
    a duration or anything else."""
    match = _FORM.match(value)
    if match is None:
        return None
    for name in _FINER:
        if match.group(name):
            return name
    return "year"


def year(value: str) -> int | None:
    """Return the year a value states ("2025-Q3" → 2025), or None when it states none ("XXXX-10-28", "P3Y")."""
    match = _YEAR.match(value)
    return int(match[1]) if match else None


def day(value: str) -> date | None:
    """Return the day a value names ("2025-10-28", "2025-10-28T10:35"), or None when it names no single day of
    a known year or no real one ("2025-02-30")."""
    match = _DAY.match(value)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def fractional_year(value: str) -> float | None:
    """Return a value as a point on a year axis (2025-07-02 → ≈2025.503, 2027 → 2027.5), or None when its year is
    unknown ("XXXX-10-28") or it is no date ("PRESENT_REF", "P3Y").

    A month sits at its middle and a year at its middle; any other value of a year (a quarter, a week, a season)
    sits at the year's start, as the HTML timeline has always drawn it."""
    match = _YEAR_MONTH_DAY.match(value)
    if not match:
        return None
    whole = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day_of_month = int(match.group(3)) if match.group(3) else None
    if month is not None and not 1 <= month <= 12:
        month = None
    if month is None:
        return whole + 0.5 if len(value) == 4 else float(whole)
    fraction = (month - 1) / 12 + ((min(day_of_month, 31) - 1) / 31 / 12 if day_of_month else 1 / 24)
    return whole + fraction


def order_key(value: str, mod: str | None = None) -> tuple[date, date]:
    """Return a key that sorts calendar values by their first, then last day, and every other value last."""
    span = interval(value, mod)
    return (span.first, span.last) if span else (date.max, date.max)


def is_before(value: str, other: str) -> bool:
    """Return whether every day of ``value`` comes before every day of ``other``; False when either is not on
    the calendar."""
    first, second = interval(value), interval(other)
    return first is not None and second is not None and first.before(second)


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)
