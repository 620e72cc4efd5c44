"""Resolve the expressions that count from the DCT or from an earlier expression: "last week", "yesterday",
"Friday", "10:35 a.m.", "this morning", "two years ago", "three days later", "recently"."""

from __future__ import annotations

import math
import re
from datetime import date

from crossfact.extract.times.context import Context, Value, time_anchor
from crossfact.extract.times.lexicon import DAY_PARTS, DAY_WORDS, UNITS, WEEKDAYS, month_number
from crossfact.extract.times.patterns import Found, looks_like_score, next_word, preceded_by
from crossfact.extract.times.values import (
    add_days,
    mod_of,
    number_of,
    safe_date,
    shift_value,
    unit_of,
    unknown_value,
)
from crossfact.model import TimeType


def relative_unit(context: Context, found: Found) -> Value | None:
    """ "last week", "next month", "the following day": the unit shifted from the DCT or the last day named."""
    match = found.match
    rel = re.sub(r"\s+", " ", match.group("rel"))
    the = rel.startswith("the ")
    rel = rel.removeprefix("the ")
    unit = match.group("unit")
    mod = mod_of(match.group("mod"))
    if unit == "period":
        if rel in ("latest", "same", "current") and context.last_quarter is not None:
            (year, index), ref_id = context.last_quarter
            return Value("DATE", f"{year}-Q{index}", mod, time_anchor(ref_id))
        return None
    if unit == "day" and rel not in (
        "same",
        "that",
        "following",
        "prior",
        "previous",
        "preceding",
        "next",
    ):
        return None
    if rel == "next" and the:
        if unit != "day":
            return Value("DURATION", f"P1{UNITS[unit].code}", mod)
        rel = "following"
    if rel in ("same", "that", "following", "prior") or (
        rel in ("previous", "preceding") and context.last_day
    ):
        if context.last_day is None:  # narrative time: relative to the last day named
            return None
        day, ref_id = context.last_day
        shift = {"same": 0, "that": 0, "following": 1}.get(rel, -1)
        return Value("DATE", shift_value(day, unit, shift), mod, time_anchor(ref_id))
    if rel == "coming" and unit != "weekend":
        return Value("DURATION", f"P1{UNITS[unit].code}", mod)
    if context.ref is None:
        return Value("DATE", unknown_value(unit), mod)
    shift = {"last": -1, "previous": -1, "preceding": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "weekend" and rel == "this":
        return weekend(context, found, mod)
    return context.relative("DATE", shift_value(context.ref, unit, shift), mod)


def unit_end(context: Context, found: Found) -> Value | None:
    """ "the end of the year", "year-end": the DCT's unit with mod END (or the modifier's)."""
    match = found.match
    if not match.group("mod") and not match.group("end"):
        return None
    unit = match.group("unit")
    mod = mod_of(match.group("mod")) if match.group("mod") else "END"
    if context.ref is None:
        return Value("DATE", unknown_value(unit), mod)
    return context.relative("DATE", shift_value(context.ref, unit, 0), mod)


def day_word(context: Context, found: Found) -> Value | None:
    """ "yesterday", "tonight", "this morning": the day (and part of the day) from the DCT."""
    match = found.match
    word = re.sub(r"\s+", " ", match.group("word"))
    mod = mod_of(match.group("mod"))
    named = DAY_WORDS[word]
    part = match.group("part")
    # The word's own part of the day wins: "tonight", "last night", "this morning".
    part_code = named.part or (DAY_PARTS[part] if part else None)
    kind: TimeType = "TIME" if part_code else "DATE"
    suffix = f"T{part_code}" if part_code else ""
    day = None if context.ref is None else add_days(context.ref, named.shift)
    if day is None:
        return Value(kind, f"XXXX-XX-XX{suffix}", mod)
    return context.relative(kind, f"{day.isoformat()}{suffix}", mod, day=day)


def weekday(context: Context, found: Found) -> Value | None:
    """ "Friday", "last Friday", "Mondays": the day of that weekday nearest the DCT by tense, or a SET."""
    match = found.match
    weekday = WEEKDAYS[match.group("weekday")]
    part = match.group("part")
    suffix = f"T{DAY_PARTS[part]}" if part else ""
    if match.group("plural"):
        return Value("SET", f"XXXX-WXX-{weekday + 1}{suffix}")
    mod = mod_of(match.group("mod"))
    kind: TimeType = "TIME" if part else "DATE"
    ref = context.ref
    day = None if ref is None else add_days(ref, _weekday_offset(context, found, ref, weekday))
    if day is None:
        return Value(kind, f"XXXX-WXX-{weekday + 1}{suffix}", mod)
    return context.relative(kind, f"{day.isoformat()}{suffix}", mod, day=day)


def _weekday_offset(context: Context, found: Found, ref: date, weekday: int) -> int:
    """How many days from the DCT the weekday named is: the DCT's own day, else the one before it (news
    reports what happened), the coming one only under a future cue ("will meet on Thursday") or "next"."""
    rel = found.match.group("rel")
    back = (ref.weekday() - weekday) % 7
    if rel in ("last", "past"):
        return -(back or 7)
    if rel in ("next", "coming"):
        return (weekday - ref.weekday()) % 7 or 7
    if rel == "this":
        return weekday - ref.weekday()
    if back == 0:
        return 0
    return 7 - back if context.tense(found.start, found.end) == "future" else -back


def time_of_day(context: Context, found: Found) -> Value | None:
    """ "10:35 a.m. on Tuesday", "noon": the TIME on the day named, the last day named or the DCT."""
    match = found.match
    if match.group("named"):
        clock = "T24:00" if match.group("named") == "midnight" else "T12:00"
    elif match.group("hour24"):
        if not match.group("tz") and not match.group("day") and looks_like_score(context.text, found):
            return None
        clock = f"T{int(match.group('hour24')):02d}:{match.group('minute24')}"
    else:
        hour = int(match.group("hour")) % 12 + (12 if match.group("ampm").startswith("p") else 0)
        clock = f"T{hour:02d}:{match.group('minute') or '00'}"
    mod = "APPROX" if match.group("hedge") else None
    day_text = match.group("day")
    day: date | None
    anchor = context.anchor
    if day_text:
        day = _day_of(context, found, day_text)
    elif context.last_day is not None:
        day, ref_id = context.last_day
        anchor = time_anchor(ref_id)
    else:
        day = context.ref
    if day is None:
        return Value("TIME", f"XXXX-XX-XX{clock}", mod)
    return Value("TIME", f"{day.isoformat()}{clock}", mod, anchor)


def _day_of(context: Context, found: Found, text: str) -> date | None:
    if context.ref is None:
        return None
    if text in DAY_WORDS:  # "today", "yesterday", "tomorrow"
        return add_days(context.ref, DAY_WORDS[text].shift)
    if text in WEEKDAYS:
        back = (context.ref.weekday() - WEEKDAYS[text]) % 7
        if context.tense(found.start, found.end) == "future":
            return add_days(context.ref, (7 - back) % 7)
        return add_days(context.ref, -back)
    month_text, day_text = text.split(None, 1)
    month, day = month_number(month_text), int(re.sub(r"\D", "", day_text))
    return safe_date(context.pick_year(found, month, day), month, day)


def day_part(context: Context, found: Found) -> Value | None:
    """ "yesterday morning": the part of the day relative to the DCT."""
    match = found.match
    day = None if context.ref is None else add_days(context.ref, DAY_WORDS[match.group("dayword")].shift)
    if day is None:
        return None
    value = f"{day.isoformat()}T{DAY_PARTS[match.group('part')]}"
    return context.relative("TIME", value, mod_of(match.group("mod")), day=day)


def the_unit(context: Context, found: Found, unit: str) -> Value | None:
    """ "the year" (the DCT's, or a fiscal year: "the year ended Sept. 30"), "the week", "the weekend"."""
    if unit == "year" and next_word(context.text, found.end) in ("ended", "ending", "through", "to"):
        return Value("DURATION", "P1Y")
    if context.ref is None:
        return Value("DATE", unknown_value(unit))
    if unit == "weekend":
        return weekend(context, found, None)
    return context.relative("DATE", shift_value(context.ref, unit, 0))


def weekend(context: Context, found: Found, mod: str | None) -> Value | None:
    """The weekend before the DCT (or the DCT's own), or the coming one in a future-tense sentence."""
    if context.ref is None:
        return None
    if context.tense(found.start, found.end) == "future":
        day = add_days(context.ref, (5 - context.ref.weekday()) % 7)
    else:
        day = add_days(context.ref, -((context.ref.weekday() - 5) % 7))
    if day is None:
        return Value("DATE", unknown_value("weekend"), mod)
    return context.relative("DATE", shift_value(day, "weekend", 0), mod)


def narrative(context: Context, found: Found) -> Value | None:
    """ "two years ago" (from the DCT), "a year earlier", "three days later" (from the last date named)."""
    match = found.match
    unit, direction = unit_of(match.group("unit")), re.sub(r"\s+", " ", match.group("dir"))
    sign = 1 if direction in ("later", "from now", "hence") else -1
    number = number_of(re.sub(r"\s+", " ", match.group("num")))
    if number is None:
        return Value("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", anchor=context.anchor)
    if UNITS[unit].designator == "PT" or unit in ("weekend", "night"):
        return None
    if not math.isfinite(number):  # a run of digits too long for a float ("999,999,...,999 days later")
        return Value("DATE", "FUTURE_REF" if sign > 0 else "PAST_REF", anchor=context.anchor)
    amount = sign * round(number)
    last_quarter = context.last_quarter
    if unit == "year" and abs(amount) == 1 and last_quarter and _near_quarter(context, found):
        (year, index), ref_id = last_quarter
        return Value("DATE", f"{year + amount}-Q{index}", anchor=time_anchor(ref_id))
    if direction in ("ago", "from now", "hence") or context.last_day is None:
        if context.ref is None:
            return Value("DATE", unknown_value(unit))
        day = add_days(context.ref, amount) if unit == "day" else None
        return context.relative("DATE", shift_value(context.ref, unit, amount), day=day)
    base, ref_id = context.last_day
    day = add_days(base, amount) if unit == "day" else None
    return Value("DATE", shift_value(base, unit, amount), anchor=time_anchor(ref_id), day=day)


def _near_quarter(context: Context, found: Found) -> bool:
    """True when a quarter was named within the last 600 characters: "a year earlier" then means that
    quarter a year before (TimeBank's earnings reports: "profit rose from $X a year earlier")."""
    return "quarter" in context.text[max(0, found.start - 600) : found.start].lower()


def ref_word(context: Context, found: Found) -> Value | None:
    """ "now", "recently", "in the future": PRESENT_REF, PAST_REF or FUTURE_REF, anchored on the DCT."""
    match = found.match
    if match.group("present"):
        value = "PRESENT_REF"
    elif match.group("past"):
        value = "PAST_REF"
    elif match.group("future") == "future" and not preceded_by(context.text, found.start, ("in",)):
        return None  # "future" as an adjective ("future generations")
    else:
        value = "FUTURE_REF"
    return Value("DATE", value, anchor=context.anchor)
