"""Find the typed values sports and court reports state: ordinals, records and scores, vote tallies, durations,
prison sentences and ages, so that facts can carry them and conflicting reports can be compared (issue 11).

Each :class:`Value` points at its words and holds its number in a base unit; the quantity extractor merges them
into the article's quantities, where a typed value replaces a plain count on the same words.

- ``ordinal``: "for the fifth time", "sixth defense", "16th straight fight", "an eighth-round decision": value
  5, 6, 16, 8; unit the noun counted, spellings merged (lang/en/ordinal_nouns.tsv: "defense" is "defence").
  An ordinal before any other noun ("second-largest", "third quarter") is no value.
- ``record``: a win-loss(-draw) record, "improved to 52-3", "Rahman (45-7-2)": unit "W-L" or "W-L-D", value
  the wins and ``parts`` all its numbers; a game score, "won 3-1", "a 10-8 round": unit "score"; knockouts,
  "46 KOs", "47 KO's": value 46, unit "KO".
- ``tally``: a vote, "MPs voted 272-219", "deadlocked at 9-3", "by a 304-100 vote": unit "votes", ``parts``
  as written, value the first.
- ``duration``: "30 hours", "forty hours", "six years": value in seconds, unit "s" (a year is 365.25 days).
- ``sentence``: a prison term: "six years in prison", "sentenced to 20 years" (seconds, unit "s"); "four
  consecutive life sentences" (4, unit "life"); "four sentences of life without parole" (4, unit
  "life without parole"); a bare "life in prison" after a sentencing verb (1, unit "life").
- ``age``: "aged 42", "42-year-old", "40 - year - old", "42 years old", and the press's appositive after a
  name or a person noun, "Stephen Warner, 53, of Wollaton", "her daughter, 28, to be": value in years, unit
  "years".

A pair "N-M" is a value only with a cue word around it (lang/en/scores.yaml): "the 9-11 attacks", "2008-2012",
"ages 18-25" and "555-1234" are none. "N years ago" is a date, not a duration. All regexes are built once from
the language data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from crossfact import lang
from crossfact.extract.numbers import (
    CARDINAL_WORD,
    ORDINAL,
    ORDINAL_VALUES,
    WORD_VALUES,
    number_value,
    ordinal_value,
)
from crossfact.lang import alternation
from crossfact.model import QuantityKind

KINDS: tuple[QuantityKind, ...] = ("ordinal", "record", "tally", "duration", "sentence", "age")


@dataclass(frozen=True, slots=True)
class Value:
    """One typed value: its span, kind, value in the base unit, unit and, for records and tallies, all numbers."""

    start: int
    end: int
    kind: QuantityKind
    value: Decimal
    unit: str | None
    parts: tuple[Decimal, ...] | None = None


_SCORES = lang.data("scores")
_SENTENCES = lang.data("prison_sentences")
_ORDINAL_NOUNS = lang.mapping("ordinal_nouns")
_ORDINAL_MODIFIERS = lang.words("ordinal_modifiers")
_ORDINAL_WORDS = _ORDINAL_NOUNS.keys() | _ORDINAL_MODIFIERS
_SECONDS = {word: Decimal(seconds) for word, seconds in lang.mapping("duration_units").items()}
_YEAR = _SECONDS["year"]
_MONTHS = tuple(lang.mapping("months"))
_HEDGES = lang.lines("hedges")

_NUMBER = rf"(?:[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?|{CARDINAL_WORD})"
# Checking the first character before the alternations keeps the scans fast (as in extract/quantities.py).
_FIRST = "".join(sorted({word[0] for word in (*WORD_VALUES, *ORDINAL_VALUES)}))
_STARTS_NUMBER = rf"(?=[0-9{_FIRST}])"
_LOOKBACK = 48  # characters searched before a value for its cue word

# --- ordinals ---------------------------------------------------------------------------------------------------
_ORDINAL = re.compile(rf"{_STARTS_NUMBER}(?<![\w.,-])(?P<ordinal>{ORDINAL})(?![\w])")
_WORD_AFTER = re.compile(r"(?:\s+|\s?[-–]\s?)([a-z]+)\b")
# A preposition after the counted noun that narrows what is counted: "second victory over Thompson" counts the
# wins against one opponent, "58th victory" the career's; the two are different slots, never a conflict (ECB+
# topic 7 showed exactly this false conflict).
_ORDINAL_SCOPES = frozenset(lang.words("ordinal_scopes"))
# "since" soon after a win-loss record (no figure between, same sentence) makes it the record of a period (ECB+ topic 7:
# "is now 10-5-2 with one no contest since knocking out Lennox Lewis" against the career's 45-7-2).
_PERIOD_AFTER = re.compile(r"[^.;!?\d]{0,40}?\bsince\b")
_MONTH_NEAR = re.compile(rf"\b(?:{alternation(_MONTHS)})\.?\s+$|^\s+(?:of\s+)?(?:{alternation(_MONTHS)})\b")

# --- pairs: records, scores, tallies ----------------------------------------------------------------------------
_DASH = r"\s?[-–]\s?"
# Up to three numbers of at most three digits: four digits are a year ("2008-2012"), a fourth part or a
# longer number a phone number or a date ("555-123-4567", "10-12-2008").
_PAIR = re.compile(
    rf"(?<![\w.,/:–-])(?P<a>[0-9]{{1,3}}){_DASH}(?P<b>[0-9]{{1,3}})(?:{_DASH}(?P<c>[0-9]{{1,3}}))?"
    rf"(?![\w/:%–-]|[.,][0-9]|{_DASH}[0-9])"
)
_KNOCKOUT_WORDS = alternation(word.lower() for word in _SCORES["knockouts"])
_KNOCKOUTS = re.compile(rf"(?<![\w.,])(?P<n>[0-9]{{1,3}})\s?(?:{_KNOCKOUT_WORDS})(?![\w'])")
_TALLY_BEFORE = re.compile(rf"\b(?:{alternation(_SCORES['tally']['before'])})\s+(?:an?\s+)?$")
_TALLY_AFTER = re.compile(rf"\s+(?:{alternation(_SCORES['tally']['after'])})\b")
_RECORD_BEFORE = re.compile(rf"\b(?:{alternation(_SCORES['record']['before'])})\s+$")
# "52-3 with 46 KOs", "53-3 , 47 KO 's", "36 - 3 ( 24 KOs )": knockouts right after make a pair a record.
_KNOCKOUTS_AFTER = re.compile(
    rf"\s*[,(]?\s*(?:with\s+)?(?:a\s+\w+\s+)?[0-9]{{1,3}}\s?(?:{_KNOCKOUT_WORDS})(?![\w'])"
)
# "Povetkin (16-0)", "Bowe ( 43-1 )": a record in brackets right after a name.
_KNOCKOUT_HINT = re.compile(r"ko|knockout")
_NAME_BRACKET_BEFORE = re.compile(r"[A-Z][\w'’.-]*\s*\(\s*$")
_BRACKET_AFTER = re.compile(r"\s*[,)]")
# "beat Chelsea 2-0": up to three capitalised words between the verb and the score (matched in the text).
_SCORE_BEFORE = re.compile(
    rf"\b(?i:{alternation(_SCORES['score']['before'])})\s+(?:[A-Z][\w'’.-]*\s+){{0,3}}(?:an?\s+)?$"
)
_SCORE_AFTER = re.compile(rf"\s+(?:{alternation(_SCORES['score']['after'])})\b")

# --- durations, sentences, ages ---------------------------------------------------------------------------------
_DURATION = re.compile(
    rf"{_STARTS_NUMBER}(?<![\w.,$€£¥-])(?P<n>{_NUMBER})\s+(?P<unit>{alternation(_SECONDS)})(?![\w-])"
)
_NOT_DURATION_AFTER = re.compile(r"\s+(?:ago|old|of\s+age)\b")
_HEDGE = rf"(?:(?:{alternation(_HEDGES)})\s+)?"
_SENTENCE_BEFORE = re.compile(rf"\b(?:{alternation(_SENTENCES['before'])})\s+(?:(?:a|an|the)\s+)?{_HEDGE}$")
_SENTENCE_AFTER = re.compile(rf"\s+(?:{alternation(_SENTENCES['after'])})\b")
_NO_PAROLE = rf"(?P<no_parole>\s+(?:{alternation(_SENTENCES['no_parole'])}))?"
_LIFE_MODIFIER = rf"(?:(?:{alternation(_SENTENCES['life_modifiers'])})\s+)?"
# "four consecutive life sentences (without parole)", "a life sentence"; "four sentences of life without parole".
# Found from the word "life", with the count looked for just before it.
_LIFE = re.compile(
    rf"(?<![\w-])life(?:(?P<terms>\s+(?:sentences?|terms?))|\s+in\s+prison|\s+imprisonment)?{_NO_PAROLE}"
)
_LIFE_COUNT_BEFORE = re.compile(rf"(?<![\w-]){_STARTS_NUMBER}(?P<n>{_NUMBER})\s+{_LIFE_MODIFIER}$")
_LIFE_COUNT_OF_BEFORE = re.compile(
    rf"(?<![\w-]){_STARTS_NUMBER}(?P<n>{_NUMBER})\s+{_LIFE_MODIFIER}(?:sentences?|terms?)\s+of\s+$"
)
_LIFE_CUE = re.compile(rf"\b(?:{alternation(_SENTENCES['life_cues'])})")
_SENTENCE_START = re.compile(r".*(?:[.!?]\s|\n)", re.DOTALL)
_AGE_UNITS = alternation(["year", "month", "week", "day"])
# "42-year-old", "40 - year - old", "42 years old": found from "old", with the number looked for before it.
_OLD = re.compile(r"(?<!\w)old\b")
_AGE_BEFORE_OLD = re.compile(
    rf"(?<![\w.,-]){_STARTS_NUMBER}(?P<n>{_NUMBER}){_DASH}(?P<unit>{_AGE_UNITS})s?{_DASH}$"
    rf"|(?<![\w.,-]){_STARTS_NUMBER}(?P<n_old>{_NUMBER})\s+(?P<unit_old>{_AGE_UNITS})s?\s+$"
)
# "Walker, 74, of West London", "... and Peter Smith, 51.": a word, then a number from 1 to 119 between commas
# (or a comma and the sentence's full stop). A month, a weekday or a
# counted thing before it (lang/en/age_holder_exclusions.txt: "page, 12,") makes it no age.
_APPOSITIVE_AGE = re.compile(
    r"(?P<holder>[^\W\d_][\w'’-]*),[ \t](?P<n>[1-9][0-9]?|1[01][0-9])(?:,(?=[ \t])|\.(?=\s|$))"
)
_NOT_AGE_HOLDERS = (
    lang.words("age_holder_exclusions")
    | {name.lower() for name in _MONTHS}
    | {name.lower() for name in lang.mapping("weekdays")}
)
_AGED = re.compile(rf"\bag(?:ed|e)\s+(?P<aged>[0-9]{{1,3}})\b(?!{_DASH}[0-9]|\s+to\s+[0-9]|[.,][0-9])")


def find_values(text: str, lowered: str) -> list[Value]:
    """Return the typed values of ``text`` in text order; ``lowered`` is ``text`` in lower case, same offsets.

    Values may overlap ("four sentences of life without parole" and "life without parole"); the caller keeps
    the longest.
    """
    found = [
        *_ordinals(lowered),
        *_pairs(text, lowered),
        *_knockouts(lowered),
        *_durations(lowered),
        *_life_sentences(lowered),
        *_ages(text, lowered),
    ]
    return sorted(found, key=lambda value: (value.start, -value.end, value.kind))


def _ordinals(lowered: str) -> Iterator[Value]:
    for match in _ORDINAL.finditer(lowered):
        value = ordinal_value(match["ordinal"])
        if value < 2:
            continue  # "1st": as often no count as "first" (lang/en/ordinal_words.tsv)
        low = max(0, match.start() - _LOOKBACK)
        if _MONTH_NEAR.search(lowered, low, match.start()) or _MONTH_NEAR.match(lowered, match.end()):
            continue  # "October 28th", "the 5th of May": a date
        position, unit, end = match.end(), None, match.end()
        for _ in range(3):  # the noun, or up to two modifiers and then the noun ("fifth title defence")
            word = _WORD_AFTER.match(lowered, position)
            if word is None or word[1] not in _ORDINAL_WORDS:
                break
            if word[1] in _ORDINAL_NOUNS:
                unit, end = _ORDINAL_NOUNS[word[1]], word.end(1)
            position = word.end(1)
        if unit is not None:
            scope = _WORD_AFTER.match(lowered, end)
            if scope is not None and scope[1] in _ORDINAL_SCOPES:
                unit = f"{unit} {scope[1]}"
            yield Value(match.start(), end, "ordinal", Decimal(value), unit)


def _pairs(text: str, lowered: str) -> Iterator[Value]:
    for match in _PAIR.finditer(text):
        start, end = match.span()
        low = max(0, start - _LOOKBACK)
        numbers = tuple(Decimal(match[group]) for group in ("a", "b", "c") if match[group])
        if _TALLY_AFTER.match(lowered, end) or _TALLY_BEFORE.search(lowered, low, start):
            yield Value(start, end, "tally", numbers[0], "votes", numbers)
        elif (
            _RECORD_BEFORE.search(lowered, low, start)
            or _KNOCKOUTS_AFTER.match(lowered, end)
            or (_NAME_BRACKET_BEFORE.search(text, low, start) and _BRACKET_AFTER.match(text, end))
        ):
            unit = "W-L" if len(numbers) == 2 else "W-L-D"
            if _PERIOD_AFTER.match(lowered, end):
                unit += " since"  # "10-5-2 since knocking out Lewis in 2001": a stretch of a career, not all of it
            yield Value(start, end, "record", numbers[0], unit, numbers)
        elif len(numbers) == 2 and (
            _SCORE_AFTER.match(lowered, end) or _SCORE_BEFORE.search(text, low, start)
        ):
            yield Value(start, end, "record", numbers[0], "score", numbers)


def _knockouts(lowered: str) -> Iterator[Value]:
    if not _KNOCKOUT_HINT.search(lowered):
        return  # most articles mention no knockouts: one substring scan instead of a regex at every digit
    for match in _KNOCKOUTS.finditer(lowered):
        yield Value(match.start(), match.end(), "record", Decimal(match["n"]), "KO")


def _durations(lowered: str) -> Iterator[Value]:
    for match in _DURATION.finditer(lowered):
        if _NOT_DURATION_AFTER.match(lowered, match.end()):
            continue  # "eight years ago" is a date; "42 years old" an age
        if match["n"] == "one" and match["unit"] == "day":
            continue  # "one day he will ...": an idiom far more often than a length of time
        seconds = number_value(match["n"]) * _SECONDS[match["unit"]]
        low = max(0, match.start() - _LOOKBACK)
        sentence = _SENTENCE_BEFORE.search(lowered, low, match.start()) or _SENTENCE_AFTER.match(
            lowered, match.end()
        )
        yield Value(match.start(), match.end(), "sentence" if sentence else "duration", seconds, "s")


def _life_sentences(lowered: str) -> Iterator[Value]:
    for match in _LIFE.finditer(lowered):
        low = max(0, match.start() - _LOOKBACK)
        unit = "life without parole" if match["no_parole"] else "life"
        count = _LIFE_COUNT_BEFORE.search(lowered, low, match.start()) if match["terms"] else None
        count = count or _LIFE_COUNT_OF_BEFORE.search(lowered, low, match.start())
        if count is not None:
            yield Value(count.start(), match.end(), "sentence", number_value(count["n"]), unit)
        elif match["terms"]:
            if not match["terms"].endswith(
                "s"
            ):  # "a life sentence"; "multiple life sentences" states no count
                yield Value(match.start(), match.end(), "sentence", Decimal(1), unit)
        elif match.end() > match.start() + len("life") and _after_life_cue(lowered, match.start()):
            yield Value(match.start(), match.end(), "sentence", Decimal(1), unit)


def _after_life_cue(lowered: str, start: int) -> bool:
    """True if a sentencing word comes earlier in the same sentence ("sentenced to life in prison")."""
    opening = _SENTENCE_START.match(lowered, max(0, start - 3 * _LOOKBACK), start)
    clause_start = opening.end() if opening else max(0, start - 3 * _LOOKBACK)
    return _LIFE_CUE.search(lowered, clause_start, start) is not None


def _ages(text: str, lowered: str) -> Iterator[Value]:
    for match in _APPOSITIVE_AGE.finditer(text):
        if match["holder"].lower() not in _NOT_AGE_HOLDERS:
            yield Value(match.start("n"), match.end("n"), "age", Decimal(match["n"]), "years")
    for match in _AGED.finditer(lowered):
        yield Value(match.start(), match.end(), "age", Decimal(match["aged"]), "years")
    for match in _OLD.finditer(lowered):
        number = _AGE_BEFORE_OLD.search(lowered, max(0, match.start() - _LOOKBACK), match.start())
        if number is not None:
            written, unit = (
                (number["n"], number["unit"]) if number["n"] else (number["n_old"], number["unit_old"])
            )
            years = number_value(written) * _SECONDS[unit] / _YEAR
            yield Value(number.start(), match.end(), "age", years, "years")
