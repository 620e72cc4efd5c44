"""Build TIMEX3 values from what a match states: shift a day by units, write durations and unknown values, and
read the numbers, units and modifiers of the words. (Reading a value back is :mod:`crossfact.timex`'s job.)"""

from __future__ import annotations

import re
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta

from dateutil import parser as date_parser

from crossfact.extract.times.lexicon import NUMBER_WORDS, UNITS


def parse_full_date(text: str, match: re.Match[str]) -> date | None:
    """The date a full-date match states, read by dateutil from the original words, or None if it is no date
    ("Feb. 30, 2025")."""
    group = next(name for name in ("md", "dm", "iso", "us") if match.group(name))
    try:
        return date_parser.parse(
            text[match.start(group) : match.end(group)], default=datetime(1, 1, 1)
        ).date()
    except (ValueError, OverflowError):
        return None


def unit_of(text: str) -> str:
    """The unit a matched unit word names ("days" and "day" are "day", "centurie(s)" "century")."""
    return "century" if text.startswith("centur") else text.removesuffix("s")


def mod_of(text: str | None) -> str | None:
    """The TIMEX3 mod a date's modifier gives ("late" END, "early" START, "mid" MID, "around" APPROX)."""
    if not text:
        return None
    if any(word in text for word in ("end", "close", "late")):
        return "END"
    if any(word in text for word in ("early", "beginning", "start", "earlier")):
        return "START"
    if "mid" in text:
        return "MID"
    return "APPROX"  # around, roughly, approximately


def safe_date(year: int | None, month: int, day: int) -> date | None:
    """The day, or None without a year or for no real day (30 February)."""
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_days(day: date, days: int) -> date | None:
    """The day ``days`` days from ``day``, or None when that is outside the calendar (years 1 to 9999): "three
    billion days later", or "tomorrow" in an article dated 31 December 9999 (issue 16: this raised
    OverflowError and lost the article's times)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def shift_period(current: tuple[int, int], shift: int, per_year: int) -> tuple[int, int]:
    """The (year, index) of the period ``shift`` periods from ``current``, ``per_year`` of them in a year."""
    ordinal = current[0] * per_year + current[1] - 1 + shift
    return ordinal // per_year, ordinal % per_year + 1


def shift_value(day: date, unit: str, shift: int) -> str:
    """The TIMEX3 value of the ``unit`` that is ``shift`` units from the one holding ``day``, or the unknown
    value of the unit when that falls outside years 1 to 9999 ("12,000,000 days later" read from a wire table
    has no calendar value)."""
    if unit in ("day", "night"):
        shifted = add_days(day, shift)
        return shifted.isoformat() if shifted else unknown_value("day")
    if unit in ("week", "weekend", "fortnight"):
        shifted = add_days(day, 7 * shift)
        if shifted is None:
            return unknown_value(unit)
        year, week, _ = shifted.isocalendar()
        return f"{year:04d}-W{week:02d}" + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        year, month = shift_period((day.year, day.month), shift, 12)
        return f"{year:04d}-{month:02d}" if _in_calendar(year) else unknown_value(unit)
    if unit == "quarter":
        year, quarter = shift_period((day.year, (day.month - 1) // 3 + 1), shift, 4)
        return f"{year:04d}-Q{quarter}" if _in_calendar(year) else unknown_value(unit)
    if unit == "decade":
        decade = day.year // 10 + shift
        return str(decade) if 0 <= decade <= MAXYEAR // 10 else unknown_value(unit)
    if unit == "century":
        century = day.year // 100 + shift
        return str(century) if 0 <= century <= MAXYEAR // 100 else unknown_value(unit)
    return f"{day.year + shift:04d}" if _in_calendar(day.year + shift) else unknown_value(unit)


def _in_calendar(year: int) -> bool:
    return MINYEAR <= year <= MAXYEAR


def unknown_value(unit: str) -> str:
    """The value of a ``unit`` whose place on the calendar is unknown ("XXXX-WXX" for a week)."""
    return {
        "day": "XXXX-XX-XX",
        "week": "XXXX-WXX",
        "weekend": "XXXX-WXX-WE",
        "month": "XXXX-XX",
        "quarter": "XXXX-QX",
        "decade": "XXX",
        "century": "XX",
    }.get(unit, "XXXX")


def period_value(unit: str, count: int) -> str:
    """The TIMEX3 duration of ``count`` units ("P2W", "PT1H")."""
    return f"{UNITS[unit].designator}{count}{UNITS[unit].code}"


def number_of(text: str) -> float | None:
    """The number a numeral or number word states ("three", "twenty-four", "2 1/2", "a"), or None if vague."""
    text = re.sub(r"\s+", " ", text.strip().lower())
    half = 0.5 if text.endswith((" 1/2", " and a half")) else 0.0
    text = text.removesuffix(" 1/2").removesuffix(" and a half")
    if re.fullmatch(r"[\d,]+(?:\.\d+)?", text):
        return float(text.replace(",", "")) + half
    if text in ("a", "an", "one"):
        return 1 + half
    if text in ("dozen", "a dozen"):
        return 12.0
    if text in ("hundred", "a hundred"):
        return 100.0
    total = 0
    for part in re.split(r"[- ]", text):
        if part not in NUMBER_WORDS:
            return None
        total += NUMBER_WORDS[part]
    return total + half


def format_amount(amount: float, unit: str) -> str:
    """The number part of a duration ("3"), or a whole duration for a half of a unit ("2 1/2 years" is
    "P2Y6M", "5 1/2 hours" "PT5H30M")."""
    whole = int(amount)
    if amount == whole:
        return str(whole)
    if amount - whole == 0.5:
        if unit == "year":
            return f"P{whole}Y6M" if whole else "P6M"
        if unit == "day":
            return f"P{whole}DT12H" if whole else "PT12H"
        if unit == "hour":
            return f"PT{whole}H30M" if whole else "PT30M"
    return f"{amount:g}"
