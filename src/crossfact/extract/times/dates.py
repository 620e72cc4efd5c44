"""Resolve the expressions that name a calendar date or period: full dates, month-days, months, years,
decades, seasons, quarters and halves, and holidays. A yearless one takes its year from the context's rules."""

from __future__ import annotations

import re
from datetime import MAXYEAR, MINYEAR, date

from crossfact.extract.times.context import Context, Value, time_anchor
from crossfact.extract.times.lexicon import (
    HOLIDAYS,
    NUMBER_WORDS,
    ORDINALS,
    SEASON_MONTHS,
    SEASONS,
    holiday_key,
    month_number,
)
from crossfact.extract.times.patterns import Found, looks_like_year
from crossfact.extract.times.values import mod_of, number_of, parse_full_date, safe_date, shift_period


def full_date(context: Context, found: Found) -> Value | None:
    """ "January 20, 2025", "2025-01-20", "1/20/2025": the day it states."""
    day = parse_full_date(context.text, found.match)
    if day is None:
        return None
    return Value("DATE", day.isoformat(), mod_of(found.match.group("mod")), day=day)


def month_day(context: Context, found: Found) -> Value | None:
    """ "October 28th", "the 4th of July": the day, in the year the context picks (XXXX without an anchor)."""
    match = found.match
    month = month_number(match.group("month") or match.group("month2"))
    day = int(re.sub(r"\D", "", match.group("day") or match.group("day2")))
    mod = mod_of(match.group("mod"))
    if safe_date(2000, month, day) is None:
        return None
    year = context.pick_year(found, month, day)
    if year is None:
        return Value("DATE", f"XXXX-{month:02d}-{day:02d}", mod)
    resolved = safe_date(year, month, day) or date(year, month, 28)
    return context.relative("DATE", resolved.isoformat(), mod, day=resolved)


def month(context: Context, found: Found) -> Value | None:
    """ "September 2024", "last June", "early June": the month, its year picked when not written."""
    match = found.match
    month = month_number(match.group("month"))
    mod = mod_of(match.group("mod"))
    if match.group("year"):
        return Value("DATE", f"{match.group('year')}-{month:02d}", mod)
    rel = match.group("rel")
    if rel == "that":
        return None
    year = context.pick_period_year(found, month, 12, rel)
    if year is None:
        return Value("DATE", f"XXXX-{month:02d}", mod)
    return context.relative("DATE", f"{year}-{month:02d}", mod)


def year(context: Context, found: Found) -> Value | None:
    """ "2025", "fiscal 2024", "late 2024": the year, unless the number counts or names something."""
    match = found.match
    lead = match.group("lead") or ""
    if "fiscal" not in lead and "fy" not in lead and not looks_like_year(context.text, found):
        return None
    return Value("DATE", match.group("year"), mod_of(match.group("mod")))


def spelled_year(context: Context, found: Found) -> Value | None:
    """ "nineteen ninety-six", "the year two thousand": the year."""
    match = found.match
    if match.group("rest"):
        rest = match.group("rest")
        year = (
            1900
            if rest == "hundred"
            else 1900 + int(number_of(rest.replace("o ", "").replace("o-", "")) or 0)
        )
    else:
        small = match.group("small")
        year = 2000 + (int(number_of(small) or 0) if small else 0)
    return Value("DATE", str(year))


def decade(context: Context, found: Found) -> Value | None:
    """ "the 1990s", "the '80s", "the nineties": the decade ("199"); "in his forties" is an age, no time."""
    match = found.match
    mod = mod_of(match.group("mod"))
    if match.group("year"):
        return Value("DATE", match.group("year")[:3], mod)
    if match.group("word"):
        if not match.group("the"):
            return None  # "in his forties" is an age
        return Value("DATE", f"19{NUMBER_WORDS[match.group('word')[:-3] + 'y'] // 10}", mod)
    short = int(match.group("short"))
    century = 20 if context.ref is not None and short <= context.ref.year % 100 else 19
    return Value("DATE", f"{century}{short // 10}", mod)


def season(context: Context, found: Found) -> Value | None:
    """ "summer 2024", "this winter", "early spring": the season; a bare "spring" or "fall" is left out."""
    match = found.match
    season = SEASONS[match.group("season")]
    rel = match.group("rel")
    mod = mod_of(match.group("mod"))
    if rel is None and not match.group("year") and not mod:
        return None  # "spring" and "fall" alone are too often other words
    if match.group("year"):
        return Value("DATE", f"{match.group('year')}-{season}", mod)
    if rel == "that":
        return None
    year = context.pick_period_year(found, SEASON_MONTHS[season], 12, None if rel == "the" else rel)
    if year is None:
        return Value("DATE", f"XXXX-{season}", mod)
    return context.relative("DATE", f"{year}-{season}", mod)


def quarter(context: Context, found: Found) -> Value | None:
    """ "the third quarter", "Q3 2025", "the first half": the quarter or half, its year picked when not
    written."""
    match = found.match
    part = match.group("part") or match.group("relpart") or "quarter"
    per_year, letter = (4, "Q") if part == "quarter" else (2, "H")
    year_text = match.group("year")
    if match.group("q"):
        if not context.text[match.start("q") : match.end("q")].isupper():
            return None  # "q3" in lower case is no quarter
        index = int(re.sub(r"\D", "", match.group("q")))
    elif match.group("ord"):
        index = ORDINALS[match.group("ord")]
        if index > per_year:
            return None
    elif match.group("rel") == "last" and year_text and per_year == 2:
        index = 2  # "the last half of 1989"
    else:
        return _relative_quarter(context, found, per_year, letter)
    quarter = per_year == 4
    if year_text:
        year = int(year_text)
        return Value("DATE", f"{year}-{letter}{index}", quarter=(year, index) if quarter else None)
    picked = context.pick_period_year(found, index, per_year, None)
    if picked is None:
        return Value("DATE", f"XXXX-{letter}{index}")
    return context.relative("DATE", f"{picked}-{letter}{index}", quarter=(picked, index) if quarter else None)


def _relative_quarter(context: Context, found: Found, per_year: int, letter: str) -> Value | None:
    match = found.match
    rel = re.sub(r"\s+", " ", match.group("rel") or "")
    if match.group("bare") and not match.group(0).startswith("the"):
        return None  # "quarter" alone is a fraction more often than a period
    if rel in ("year-earlier", "year-ago"):
        if context.last_quarter is None:
            return None
        (year, index), ref_id = context.last_quarter
        return Value("DATE", f"{year - 1}-Q{index}", anchor=time_anchor(ref_id))
    if not rel and context.last_quarter is not None and per_year == 4:  # "the quarter": the one last named
        (year, index), ref_id = context.last_quarter
        return Value("DATE", f"{year}-Q{index}", anchor=time_anchor(ref_id), quarter=(year, index))
    if context.ref is None:
        return Value("DATE", f"XXXX-{letter}X")
    current = (context.ref.year, (context.ref.month - 1) * per_year // 12 + 1)
    # "the latest quarter", "the quarter" with none named before: the last one reported, before the DCT's.
    shift = {"this": 0, "current": 0, "next": 1, "coming": 1, "same": 0}.get(rel, -1)
    year, index = shift_period(current, shift, per_year)
    return context.relative(
        "DATE", f"{year}-{letter}{index}", quarter=(year, index) if per_year == 4 else None
    )


def year_ago_adjective(context: Context, found: Found) -> Value | None:
    """ "the year-earlier quarter", "a year ago": the quarter last named a year back, else the DCT's year
    before."""
    noun = (found.match.group("noun") or "").strip()
    if context.last_quarter is not None and noun != "year":
        (year, index), ref_id = context.last_quarter
        return Value("DATE", f"{year - 1}-Q{index}", anchor=time_anchor(ref_id))
    if context.ref is None:
        return Value("DATE", "XXXX")
    return context.relative("DATE", str(context.ref.year - 1))


def holiday(context: Context, found: Found) -> Value | None:
    """ "Christmas", "last Thanksgiving", "Easter 2024": the holiday's day in the year written or nearest the
    DCT."""
    match = found.match
    named = HOLIDAYS[holiday_key(match.group("holiday"))]
    if match.group("year"):
        day = named.on(int(match.group("year")))
        return Value("DATE", day.isoformat(), day=day)
    if context.ref is None:
        return Value("DATE", "XXXX-XX-XX" if named.moving else f"XXXX-{named.on(2001):%m-%d}")
    rel = match.group("rel")
    # Years 1 and 9999 are left out: a holiday rule may step over the edge of the calendar there.
    years = range(max(MINYEAR + 1, context.ref.year - 1), min(MAXYEAR - 1, context.ref.year + 1) + 1)
    days = {d.toordinal(): d for d in (named.on(year) for year in years)}
    ref = context.ref.toordinal()
    best: int | None
    if rel in ("last", "past"):
        best = max((option for option in days if option < ref), default=None)
    elif rel == "next":
        best = min((option for option in days if option > ref), default=None)
    else:
        best = context.closest(list(days), ref, context.tense(found.start, found.end))
    if best is None:  # "next Christmas" in an article dated in December 9999
        return Value("DATE", "XXXX-XX-XX")
    return context.relative("DATE", days[best].isoformat(), day=days[best])
