"""Read numbers as English news writes them: digits ("3,000", "4.5") and number words ("forty-two").

The word lists come from ``crossfact/lang/en`` (number_words.tsv, ordinal_words.tsv); the quantity extractor and
the typed values (ordinals, records, durations, ages) share them from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from crossfact import lang
from crossfact.lang import alternation

WORD_VALUES: dict[str, int] = {word: int(value) for word, value in lang.mapping("number_words").items()}
ORDINAL_VALUES: dict[str, int] = {word: int(value) for word, value in lang.mapping("ordinal_words").items()}


# "forty-two" is a tens word, a hyphen and a unit word; the value ranges say which word is which.
_UNITS = [word for word, value in WORD_VALUES.items() if value < 10]
_TEENS = [word for word, value in WORD_VALUES.items() if 10 <= value < 20]
_TENS = [word for word, value in WORD_VALUES.items() if value >= 20 and value % 10 == 0]
_ORDINAL_UNITS = [word for word, value in ORDINAL_VALUES.items() if value < 10]
# A cardinal written in words (lower case), as a regex source.
CARDINAL_WORD = (
    rf"(?:{alternation(_TENS)})(?:-(?:{alternation(_UNITS)}))?|{alternation(_TEENS)}|{alternation(_UNITS)}"
)
# An ordinal in words or digits ("fifth", "twenty-first", "16th", "2nd"), as a regex source.
ORDINAL = (
    rf"(?:{alternation(_TENS)})-(?:{alternation(_ORDINAL_UNITS)}|first)|{alternation(ORDINAL_VALUES)}"
    r"|[0-9]{1,3}(?:st|nd|rd|th)"
)


def number_value(written: str, *, values: Mapping[str, int] = WORD_VALUES) -> Decimal:
    """Return the value of a number written in digits ("3,000") or words ("forty-two"), lower or upper case."""
    lower = written.lower()
    if lower[0].isdigit():
        return Decimal(lower.replace(",", ""))
    tens, _, units = lower.partition("-")
    return Decimal(values[tens] + (values[units] if units else 0))


def ordinal_value(written: str) -> int:
    """Return the value of an ordinal matched by :data:`ORDINAL` ("fifth" 5, "twenty-first" 21, "16th" 16)."""
    lower = written.lower()
    if lower[0].isdigit():
        return int(lower[:-2])
    tens, _, units = lower.partition("-")
    if not units:
        return ORDINAL_VALUES[tens]
    return WORD_VALUES[tens] + (1 if units == "first" else ORDINAL_VALUES[units])
