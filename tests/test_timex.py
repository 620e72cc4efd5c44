"""Reading TIMEX3 values: the days a value stands for, its granularity, year and day, where the HTML timeline
places it, and which of two values comes first."""

from __future__ import annotations

from datetime import date

import pytest

from crossfact import timex
from crossfact.model import TimeExpr

# value, first and last day (None: not on the calendar), granularity, year
VALUES = [
    ("2025-10-28", (date(2025, 10, 28), date(2025, 10, 28)), "day", 2025),
    ("2025-10-28T10:35", None, "day", 2025),
    ("2025-10", (date(2025, 10, 1), date(2025, 10, 31)), "month", 2025),
    ("2025", (date(2025, 1, 1), date(2025, 12, 31)), "year", 2025),
    ("2025-W43", (date(2025, 10, 20), date(2025, 10, 26)), "week", 2025),
    ("2025-Q3", (date(2025, 7, 1), date(2025, 9, 30)), "quarter", 2025),
    ("2024-WI", (date(2024, 12, 1), date(2025, 2, 28)), "season", 2024),
    ("PRESENT_REF", None, None, None),
    ("PAST_REF", None, None, None),
    ("P3Y", None, None, None),
    ("PT5H30M", None, None, None),
    ("XXXX-10-28", None, "day", None),
    ("XXXX-WXX", None, "week", None),
    ("2025-02-30", None, "day", 2025),
]


@pytest.mark.parametrize(("value", "days", "granularity", "year"), VALUES)
def test_timex_reads_a_value(
    value: str, days: tuple[date, date] | None, granularity: str | None, year: int | None
) -> None:
    span = timex.interval(value)
    assert ((span.first, span.last) if span else None) == days
    assert timex.is_calendar(value) is (days is not None)
    assert timex.granularity(value) == granularity
    assert timex.year(value) == year


@pytest.mark.parametrize(
    ("value", "mod", "days"),
    [
        ("2024", "START", (date(2024, 1, 1), date(2024, 5, 1))),
        ("2024", "END", (date(2024, 9, 1), date(2024, 12, 31))),
        ("2024", "MID", (date(2024, 5, 1), date(2024, 9, 1))),
        ("2024", "APPROX", (date(2024, 1, 1), date(2024, 12, 31))),
    ],
)
def test_timex_mod_narrows_the_interval_to_a_third(value: str, mod: str, days: tuple[date, date]) -> None:
    span = timex.interval(value, mod)
    assert span is not None and (span.first, span.last) == days


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2025-10-28", date(2025, 10, 28)),
        ("2025-10-28T10:35", date(2025, 10, 28)),
        ("2025-10-28TMO", date(2025, 10, 28)),
        ("2025-10", None),
        ("XXXX-10-28", None),
        ("2025-02-30", None),
        ("PRESENT_REF", None),
    ],
)
def test_timex_day_is_the_single_day_a_value_names(value: str, day: date | None) -> None:
    assert timex.day(value) == day


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("2025-01-01", 2025.0),
        ("2025-07", 2025.5 + 1 / 24),
        ("2027", 2027.5),
        ("2025-Q3", 2025.0),
        ("XXXX-10-28", None),
        ("PRESENT_REF", None),
        ("P3Y", None),
    ],
)
def test_timex_fractional_year_places_calendar_dates_only(value: str, year: float | None) -> None:
    assert timex.fractional_year(value) == (pytest.approx(year) if year is not None else None)


def test_timex_orders_values_by_their_days_and_others_last() -> None:
    values = ["PAST_REF", "2025", "2025-Q3", "2024-09", "2025-10-28", "XXXX-10-28"]
    assert sorted(values, key=timex.order_key) == [
        "2024-09",
        "2025",
        "2025-Q3",
        "2025-10-28",
        "PAST_REF",
        "XXXX-10-28",
    ]
    assert timex.is_before("2024-09", "2025-01-20")
    assert not timex.is_before("2025", "2025-10-28")  # the year holds the day
    assert not timex.is_before("PAST_REF", "2025")
    assert timex.interval("2025")
    span, day = timex.interval("2025-Q4"), timex.interval("2025-10-28")
    assert span is not None and day is not None and span.overlaps(day) and span.contains(date(2025, 12, 31))


@pytest.mark.parametrize(
    ("value", "dated"),
    [
        ("2025-01-20", True),
        ("2024-09", True),
        ("2027", True),
        ("2025-Q1", True),
        ("2025-W11", True),
        ("2025-SU", True),
        ("PAST_REF", False),
        ("PRESENT_REF", False),
        ("XXXX-10-28", False),
        ("XXXX-WXX", False),
    ],
)
def test_timex_calendar_dates_are_dates_on_the_calendar(value: str, dated: bool) -> None:
    assert timex.is_calendar_date(TimeExpr("t", "a", 0, 1, "DATE", value)) is dated
    assert not timex.is_calendar_date(TimeExpr("t", "a", 0, 1, "DURATION", value))
