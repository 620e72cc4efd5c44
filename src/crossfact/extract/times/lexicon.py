"""The time stage's word lists and tables, read once from ``crossfact/lang/en/`` (``months.tsv``,
``weekdays.tsv`` and the ``time_*`` files), with the lookups the patterns and the resolver use.

Everything is lower case: the patterns run over the ASCII-lowercased text (see :mod:`.patterns`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.easter import easter

from crossfact import lang

# --- months and weekdays ----------------------------------------------------------------------------------------


def _full_names(numbers: dict[str, int]) -> tuple[str, ...]:
    """The names that abbreviate no other name of the same number ("september", not "sept"), in file order."""
    return tuple(
        name
        for name, number in numbers.items()
        if not any(other != name and other.startswith(name) and numbers[other] == number for other in numbers)
    )


MONTHS: dict[str, int] = {name: int(number) for name, number in lang.mapping("months").items()}
MONTH_NAMES = _full_names(MONTHS)
MONTH_ABBREVIATIONS = tuple(name for name in MONTHS if name not in MONTH_NAMES)
# Weekday numbers from 0 (Monday), as date.weekday() counts; only full names are read as weekdays.
_ISO_WEEKDAYS = {name: int(number) for name, number in lang.mapping("weekdays").items()}
WEEKDAYS: dict[str, int] = {name: _ISO_WEEKDAYS[name] - 1 for name in _full_names(_ISO_WEEKDAYS)}


def month_number(text: str) -> int:
    """The number of a month name or abbreviation as written ("Sept." is 9)."""
    return MONTHS[text.lower().rstrip(".")]


# --- numbers ----------------------------------------------------------------------------------------------------

NUMBER_WORDS: dict[str, int] = {word: int(value) for word, value in lang.mapping("time_numbers").items()}
ONES = tuple(word for word, value in NUMBER_WORDS.items() if 1 <= value <= 9)
TEENS = tuple(word for word, value in NUMBER_WORDS.items() if 10 <= value <= 19)
TENS = tuple(word for word, value in NUMBER_WORDS.items() if value >= 20)
VAGUE_NUMBERS = lang.lines("time_vague_numbers")
ORDINALS: dict[str, int] = {word: int(number) for word, number in lang.mapping("time_ordinals").items()}

# --- units, seasons, parts of the day, frequencies --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A unit of time: its plural, its TIMEX3 duration letter and ISO 8601 designator ("P" or "PT")."""

    name: str
    plural: str
    code: str
    designator: str


UNITS: dict[str, Unit] = {
    row["unit"]: Unit(row["unit"], row["plural"], row["code"], row["designator"])
    for row in lang.table("time_units")
}
SEASONS: dict[str, str] = {row["season"]: row["code"] for row in lang.table("time_seasons")}
SEASON_MONTHS: dict[str, int] = {row["code"]: int(row["month"]) for row in lang.table("time_seasons")}
DAY_PARTS: dict[str, str] = lang.mapping("time_day_parts")
SET_ADVERBS: dict[str, str] = lang.mapping("time_set_adverbs")

# --- hedges, references, relative day words ---------------------------------------------------------------------

HEDGE_MODS: dict[str, str] = {row["hedge"]: row["mod"] for row in lang.table("time_hedges")}
SPAN_HEDGES = tuple(row["hedge"] for row in lang.table("time_hedges") if row["span"] == "inside")
REFERENCES: dict[str, str] = lang.mapping("time_references")


@dataclass(frozen=True, slots=True)
class DayWord:
    """A word naming a day relative to the DCT: how many days from it, and the part of the day it names."""

    shift: int
    part: str | None


DAY_WORDS: dict[str, DayWord] = {
    row["word"]: DayWord(int(row["shift"]), row["part"] or None) for row in lang.table("time_day_words")
}

# --- words that tell a year from a count or a code, and adjectives from times -----------------------------------

# "#" cannot be written in a data file: a line that starts with it is a comment.
COUNT_NOUNS = lang.words("time_count_nouns")
ID_WORDS = lang.words("time_id_words") | {"#"}
REPORT_NOUNS = lang.words("time_report_nouns")
YEAR_PREPOSITIONS = lang.words("time_year_prepositions")

# --- tense cues -------------------------------------------------------------------------------------------------

Tense = Literal["past", "future"]
CueKind = Literal["future", "modal", "past", "none"]
_CUE_KINDS: dict[str, CueKind] = {"future": "future", "modal": "modal", "past": "past", "none": "none"}


def _cue(row: dict[str, str]) -> tuple[str, CueKind]:
    kind = _CUE_KINDS.get(row["tense"])
    if kind is None:
        raise ValueError(
            f"lang/en/time_tense_cues.tsv: unknown tense {row['tense']!r} for {row['cue']!r}; "
            f"use one of {', '.join(_CUE_KINDS)}"
        )
    return row["cue"], kind


# Each cue phrase and what it says of the tense (see time_tense_cues.tsv).
TENSE_CUES: dict[str, CueKind] = dict(_cue(row) for row in lang.table("time_tense_cues"))
BE_FORMS = lang.words("time_be_forms")
PAST_BE_FORMS = lang.words("time_past_be_forms")

# --- holidays ---------------------------------------------------------------------------------------------------


HolidayRule = Literal["fixed", "weekday", "easter"]


@dataclass(frozen=True, slots=True)
class Holiday:
    """How to find a holiday's day in a year (see ``time_holidays.tsv``)."""

    rule: HolidayRule
    month: int = 0
    day: int = 0
    weekday: int = 0
    nth: int = 0

    @property
    def moving(self) -> bool:
        """Whether the holiday falls on a different month-day from year to year."""
        return self.rule != "fixed"

    def on(self, year: int) -> date:
        """Return the holiday's day in ``year``."""
        if self.rule == "easter":
            return easter(year)
        if self.rule == "fixed":
            return date(year, self.month, self.day)
        base = date(year, self.month, self.day)
        if self.nth < 0:
            return base - timedelta(days=(base.weekday() - self.weekday) % 7)
        return base + timedelta(days=(self.weekday - base.weekday()) % 7 + 7 * (self.nth - 1))


_HOLIDAY_RULES: dict[str, HolidayRule] = {"fixed": "fixed", "weekday": "weekday", "easter": "easter"}


def _holiday(row: dict[str, str]) -> Holiday:
    rule = _HOLIDAY_RULES.get(row["rule"])
    if rule is None:
        raise ValueError(
            f"lang/en/time_holidays.tsv: unknown rule {row['rule']!r} for {row['name']!r}; "
            f"use one of {', '.join(_HOLIDAY_RULES)}"
        )
    return Holiday(
        rule,
        int(row["month"] or 0),
        int(row["day"] or 0),
        WEEKDAYS.get(row["weekday"], 0),
        int(row["nth"] or 0),
    )


HOLIDAYS: dict[str, Holiday] = {row["name"]: _holiday(row) for row in lang.table("time_holidays")}


def holiday_key(text: str) -> str:
    """The key of a holiday name as matched (any apostrophe, any spacing) in :data:`HOLIDAYS`."""
    return re.sub(r"\s+", " ", text).replace("’", "'")


# --- building patterns from the lists ---------------------------------------------------------------------------


def alternation(phrases: Iterable[str], *, after: Mapping[str, str] | None = None) -> str:
    """A regular-expression alternation of lower-case phrases, the longest first (so that "christmas eve" wins
    over "christmas"): spaces match any whitespace, an apostrophe either apostrophe, anything else itself.
    ``after`` adds a pattern after a phrase (a lookahead that rules some of its uses out)."""
    out = []
    for phrase in sorted(phrases, key=len, reverse=True):
        parts = [re.escape(word).replace("'", "['’]") for word in phrase.split()]
        out.append(r"\s+".join(parts) + (after or {}).get(phrase, ""))
    return "|".join(out)
