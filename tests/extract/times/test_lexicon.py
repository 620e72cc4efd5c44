"""The time stage's language data: month and weekday names from months.tsv and weekdays.tsv, holiday dates
computed from time_holidays.tsv, and the alternations built from the lists."""

from __future__ import annotations

import re
from datetime import date

import pytest

from crossfact.extract.times.lexicon import (
    HOLIDAYS,
    MONTH_ABBREVIATIONS,
    MONTH_NAMES,
    WEEKDAYS,
    alternation,
    holiday_key,
    month_number,
)


def test_lexicon_full_names_and_abbreviations_come_from_the_shared_tables() -> None:
    assert MONTH_NAMES[0] == "january" and "may" in MONTH_NAMES and "sept" not in MONTH_NAMES
    assert {"jan", "sep", "sept"} <= set(MONTH_ABBREVIATIONS)
    assert WEEKDAYS == {
        "monday": 0,
        "tuesday": 1,
        "wednesday": 2,
        "thursday": 3,
        "friday": 4,
        "saturday": 5,
        "sunday": 6,
    }
    assert month_number("Sept.") == month_number("September") == 9


@pytest.mark.parametrize(
    ("name", "year", "day"),
    [
        ("christmas eve", 2025, date(2025, 12, 24)),
        ("new year’s day", 2026, date(2026, 1, 1)),
        ("thanksgiving", 2025, date(2025, 11, 27)),  # the fourth Thursday of November
        ("labor day", 2025, date(2025, 9, 1)),  # the first Monday of September
        ("memorial day", 2025, date(2025, 5, 26)),  # the last Monday of May
        ("election day", 2024, date(2024, 11, 5)),  # the Tuesday after the first Monday of November
        ("election day", 2026, date(2026, 11, 3)),
        ("easter sunday", 2025, date(2025, 4, 20)),
    ],
)
def test_lexicon_holidays_fall_on_their_day(name: str, year: int, day: date) -> None:
    assert HOLIDAYS[holiday_key(name)].on(year) == day


def test_lexicon_only_fixed_holidays_keep_their_day_without_a_year() -> None:
    assert not HOLIDAYS["halloween"].moving and HOLIDAYS["easter"].moving


def test_lexicon_alternation_tries_the_longest_phrase_first() -> None:
    pattern = re.compile(alternation(["christmas", "christmas eve", "new year's"]))
    match = pattern.match("christmas eve")
    assert match is not None and match[0] == "christmas eve"
    assert pattern.fullmatch("new  year’s")
