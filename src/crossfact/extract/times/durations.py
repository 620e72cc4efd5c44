"""Resolve durations ("three years", "more than two weeks", "the past decade") and sets ("every week",
"weekly", "$5 million a year")."""

from __future__ import annotations

import re

from crossfact.extract.times.context import Context, Value
from crossfact.extract.times.lexicon import (
    DAY_PARTS,
    HEDGE_MODS,
    MONTHS,
    REPORT_NOUNS,
    SEASONS,
    SET_ADVERBS,
    UNITS,
    VAGUE_NUMBERS,
    WEEKDAYS,
    month_number,
)
from crossfact.extract.times.patterns import Found, next_word, preceded_by, sentence_initial
from crossfact.extract.times.relative import the_unit
from crossfact.extract.times.values import format_amount, number_of, period_value, unit_of


def duration(context: Context, found: Found) -> Value | None:
    """ "three years", "more than two weeks", "the past decade": the DURATION (or "the year" as a DATE)."""
    match = found.match
    unit = unit_of(match.group("unit"))
    num_text = re.sub(r"\s+", " ", match.group("num") or "")
    det = match.group("det") or ""
    rel = match.group("rel") or ""
    plural = bool(match.group("plural"))
    hedge = re.sub(r"\s+", " ", match.group("hedge") or "")
    mod = HEDGE_MODS.get(hedge) if hedge else ("APPROX" if match.group("orso") else None)
    if not num_text and det == "the" and not rel and not plural and unit in ("year", "week", "weekend"):
        return the_unit(context, found, unit)
    if not num_text:
        if det in ("a", "an"):
            num_text = "a"
        elif plural and (
            rel or hedge or preceded_by(context.text, found.start, ("for", "in", "over", "within"))
        ):
            num_text = "few"
        elif det == "the" and rel in ("past", "last", "next", "first", "coming", "following", "previous"):
            num_text = "one"
        else:
            return None
    if unit == "weekend" or (unit == "second" and num_text in ("a", "an")):
        return None  # "a second attempt"
    if num_text in VAGUE_NUMBERS or num_text == "a couple of":
        amount_text = "2" if num_text == "a couple of" else "X"
        mod = mod or ("APPROX" if num_text == "a couple of" else None)
        amount = None
    else:
        amount = number_of(num_text)
        if amount is None or (amount == 1 and plural and not num_text[0].isdigit()):
            return None  # "a days" is no duration
        amount_text = format_amount(amount, unit)
    code = UNITS[unit].code
    if unit in ("decade", "century") and amount is not None:
        code, amount_text = "Y", format_amount(amount * (10 if unit == "decade" else 100), "year")
    if amount_text.startswith("P"):
        return Value("DURATION", amount_text, mod)
    return Value("DURATION", f"{UNITS[unit].designator}{amount_text}{code}", mod)


def set_(context: Context, found: Found) -> Value | None:
    """ "every week", "weekly", "$5 million a year", "every Monday": the SET's period or recurring date."""
    match = found.match
    if match.group("adverb"):
        if context.text[found.start].isupper() and not sentence_initial(context.text, found.start):
            return None  # "Daily Mail", "China Daily"
        if next_word(context.text, found.end) in REPORT_NOUNS:
            return None  # "a quarterly dividend": a property of the payment, not a time
        return Value("SET", SET_ADVERBS[match.group("adverb")])
    if match.group("per"):
        return Value("SET", period_value(unit_of(match.group("perunit")), 1))
    unit_text = match.group("unit")
    if unit_text in WEEKDAYS:
        return Value("SET", f"XXXX-WXX-{WEEKDAYS[unit_text] + 1}")
    if unit_text.rstrip(".") in MONTHS:
        return Value("SET", f"XXXX-{month_number(unit_text):02d}")
    if unit_text in SEASONS:
        return Value("SET", f"XXXX-{SEASONS[unit_text]}")
    if unit_text in DAY_PARTS:
        return Value("SET", f"XXXX-XX-XXT{DAY_PARTS[unit_text]}")
    count = int(number_of(match.group("num") or "one") or 1) * (2 if match.group("other") else 1)
    return Value("SET", period_value(unit_of(unit_text), count))
