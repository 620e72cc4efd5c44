"""Whether two dates can name the same time (the date part of ``compatible``, read by every pair feature)."""

from __future__ import annotations

import pytest

from crossfact.crossdoc.compare import compatible, dates_agree
from crossfact.model import Value


@pytest.mark.issue(11)
@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2025", "2025-10-28"),  # a year holds its days
        ("XXXX-XX-XX", "XXXX-WXX-1"),  # "yesterday" and "Monday" with no publication date
        ("XXXX-07", "XXXX-WXX"),  # "in July" / "this week", year open
        ("XXXX-Q3", "XXXX-QX"),
        ("XXXX", "2003"),
        ("2003-06-06", "2003-W23"),  # a day and a week are compared by their years only
    ],
)
def test_dates_agree_when_no_stated_part_differs(a: str, b: str) -> None:
    assert dates_agree(a, b) and dates_agree(b, a)


@pytest.mark.issue(11)
@pytest.mark.parametrize(
    ("a", "b"),
    [("2008", "2012"), ("XXXX-09", "XXXX-08"), ("2024-10-28", "2024-10-29"), ("2003-W23", "2004-W23")],
)
def test_dates_clash_when_a_stated_part_differs(a: str, b: str) -> None:
    assert not dates_agree(a, b) and not dates_agree(b, a)


@pytest.mark.issue(11)
def test_compatible_reads_dates_by_their_timex_values() -> None:
    monday = Value("date", "date", 0.0, 0, 6, text_value="XXXX-WXX-1")
    yesterday = Value("date", "date", 0.0, 0, 9, text_value="XXXX-XX-XX")
    assert compatible(monday, yesterday)
    assert not compatible(
        Value("date", "date", 0.0, 0, 4, text_value="2008"),
        Value("date", "date", 0.0, 0, 4, text_value="2012"),
    )


@pytest.mark.issue(11)
def test_compatible_never_rounds_records_ranks_or_ages() -> None:
    def value(kind: str, number: float, unit: str | None = None) -> Value:
        return Value(kind, kind, number, 0, 2, unit=unit)

    assert not compatible(value("record", 47.0, "KO"), value("record", 46.0, "KO"))
    assert not compatible(value("age", 49.0), value("age", 48.0))
    # Amounts keep their rounding: "$990 million" is "nearly $1 billion".
    assert compatible(value("money", 990e6, "USD"), value("money", 1e9, "USD"))
