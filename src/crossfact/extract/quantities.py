"""Find the money, percentages, counts, multipliers, ranges and from→to changes an article states.

Each :class:`~crossfact.model.Quantity` points at the exact words, has its ``value`` in base units ("$100.2
million" → 100200000.0 USD, "27.5%" → 27.5 "%") and records a hedge ("nearly", "more than") in ``approx``.
Kinds:

- ``money``: a currency sign or code in front ("$", "US$", "€", "¥", "USD") or a currency word after ("dlrs",
  "euros", "yen", "cruzados", "cents"), times a scale word ("million", "bn", "mln", "$15m"); ``unit`` is the
  ISO 4217 code, or None where the word names no single currency ("francs", "pesos").
- ``percent`` ("27.5%", "3 percent", "4.5 pct"; unit "%") and ``percent_point`` ("2 percentage points"; unit
  "pp"), kept apart so that a change of rate is never compared with a rate.
- ``count``: a number with a unit of measure ("500 MW", "140-kilometre", "40,000 tonnes"; canonical symbol as
  unit) or with the noun it counts ("3,000 troops", "12 destroyers", "three friends"; the noun as unit).
- ``number``: a number with a scale word and nothing else ("5.93 mln" in a Reuters table), so the value is
  kept but no unit is guessed.
- ``multiplier``: "doubling" 2.0, "tripled" 3.0, "halved" 0.5, "threefold" 3.0, "twice as" 2.0.
- ``change``: "from 27.5% to 15%" (and Reuters' "to 36 mln dlrs from 160 mln"). The two parts are emitted as
  quantities of their own; the change spans both, has the new value and the parts' unit, and names the parts in
  ``change_from``/``change_to``.

A range ("$1-2 billion", "between 10 and 20 percent", "340 to 350 cruzados") is one quantity with ``value``
the lower and ``upper`` the upper bound. A bare end of a range or change takes the other end's unit, and its
scale when the two ends then lie within 100-fold ("$1-2 billion" is 1e9 to 2e9; "from 900 to 1.2 million"
starts at 900).

Spans include the hedge word, "between" and "from", following MEANTIME, the annotation
``benchmarks/eval_quantities.py`` measures against. MEANTIME is not consistent here: of its MONEY and PERCENT
spans next to a hedge, 7 hold it inside ("about US$1.4 billion", "over $6.7 billion", "as much as 3%") and 4
leave it just before ("close to $15 billion"); over all its VALUE types it is 16 against 13. On that set,
cutting the hedge off would lose two MONEY spans and gain one PERCENT span.

Typed values (:mod:`crossfact.extract.typed_values`) are quantities too: ``ordinal`` ("sixth defense"),
``record`` ("52-3", "46 KOs", "won 3-1"), ``tally`` ("voted 272-219"), ``duration`` ("30 hours", in seconds),
``sentence`` ("six years in prison", "four consecutive life sentences") and ``age`` ("42-year-old"). One that
covers a plain count's words replaces it ("seven life sentences" is a sentence). "N-M" is a tally or a record
only with a vote, record or score word around it: "the 9-11 attacks" is neither.

Not quantities: years and dates ("2027", "January 20, 2025", "October 28th"), times ("12:02"), ages written only
as "Hobbs, 32,", the ordinal "first", model and product numbers ("F-35", "G7", "COVID-19", "Boeing 737"), "No.
2", list numbering, phone-like strings, "N years ago", and vague amounts ("billions in aid"). Rules are regular
expressions compiled once from the word lists and tables in ``crossfact/lang/en`` (currencies, scales, units,
number words, hedges, months); no model is loaded.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import get_args

from crossfact import lang
from crossfact.extract.numbers import CARDINAL_WORD, WORD_VALUES, number_value
from crossfact.extract.typed_values import Value, find_values
from crossfact.lang import alternation
from crossfact.model import Article, Quantity, QuantityKind
from crossfact.step import Step, setting

KINDS: tuple[QuantityKind, ...] = get_args(QuantityKind)
# What the stage reads from an Article and what the pipeline stores from it.

_ONE = Decimal(1)
_CENT = Decimal("0.01")

# --- language data (crossfact/lang/en; the comments there say where each list comes from) --------------------
# Signs and codes written in front of the amount; the ISO codes also serve as a unit after it ("249 USD").
_ISO_CODES = lang.lines("currency_codes")
_PREFIX_CURRENCIES: dict[str, str] = {**{code: code for code in _ISO_CODES}, **lang.mapping("currency_signs")}
# Currency words written after the amount; None where the word names several currencies ("francs").
_CURRENCY_WORDS: dict[str, str | None] = {
    word: code or None for word, code in lang.mapping("currency_words").items()
}
_SUBUNITS: dict[str, str] = lang.mapping("currency_subunits")
_SCALES: dict[str, int] = {word: int(factor) for word, factor in lang.mapping("scales").items()}
_LETTER_SCALES: dict[str, int] = {
    letter: int(factor) for letter, factor in lang.mapping("scale_letters").items()
}
_SYMBOL_UNITS: dict[str, str] = lang.mapping("unit_symbols")
_UNIT_WORDS: dict[str, str] = lang.mapping("unit_words")
_PERCENT_WORDS = lang.lines("percent_words")
_POINT_WORDS = lang.lines("percentage_point_words")
_SCALE_ARTICLES = lang.lines("scale_articles")
# Hedges, from the list plus the ones MEANTIME annotates inside VALUE spans ("as much as", "close to").
HEDGES = lang.lines("hedges")
_NOT_MODIFIERS = lang.words("count_not_modifiers")
_NOT_NOUNS = lang.words("count_not_nouns")
_IRREGULAR_PLURALS = lang.words("irregular_plurals")
_MONTHS = tuple(lang.mapping("months"))
_CAPITALISED_OK = lang.words("count_openers")
_CHANGE_VERBS = lang.lines("change_verbs")
_VERB_MULTIPLIERS: dict[str, Decimal] = {
    stem: Decimal(factor) for stem, factor in lang.mapping("multiplier_verbs").items()
}


_alternation = alternation
_SCALE_WORDS = [word for word in _SCALES if word.isalpha()]
# "a million": an article stands for one only before a scale word.
_WORD_VALUES = {**WORD_VALUES, **dict.fromkeys(_SCALE_ARTICLES, 1)}
_NUMBER_WORD = (
    rf"{CARDINAL_WORD}|(?:{_alternation(_SCALE_ARTICLES)})(?=\s+(?:{_alternation(_SCALE_WORDS)})\b)"
)
_UNIT_ALTERNATION = (
    rf"(?P<symbol>%|{_alternation(_ISO_CODES)}|{_alternation(_SYMBOL_UNITS)})"
    rf"|(?i:(?P<word>{_alternation([*_PERCENT_WORDS, *_POINT_WORDS, *_CURRENCY_WORDS, *_SUBUNITS, *_UNIT_WORDS])}))"
)
# An amount is found from its number: digits, or a number word, at the start of a word. Words are searched in
# lower-cased text and the first character is checked before the alternation; a case-insensitive regex was six
# times slower (measured on seed 000: 0.63 vs 0.10 ms).
_FIRST_CHARACTERS = "".join(sorted({word[0] for word in [*_WORD_VALUES, *_SCALE_ARTICLES]}))
_NUMBER = re.compile(
    rf"(?=[0-9{_FIRST_CHARACTERS}])(?<![\w.,])(?:[0-9]+(?:,[0-9]{{3}})*(?:\.[0-9]+)?|(?:{_NUMBER_WORD})\b)"
)
_SCALE_LETTERS = "".join(
    sorted({case for letter in _LETTER_SCALES for case in (letter.lower(), letter.upper())})
)
_TAIL = re.compile(
    rf"""
    (?:
        (?P<scale_sep>\s|-)?(?i:(?P<scale>{_alternation(_SCALES)}))(?![A-Za-z0-9])
        | (?P<letter_scale>[{_SCALE_LETTERS}])(?![A-Za-z0-9])
    )?
    (?:(?P<unit_sep>-|\s{{0,2}})(?:{_UNIT_ALTERNATION})(?![A-Za-z0-9]))?
    (?![A-Za-z0-9])
    """,
    re.VERBOSE,
)
# What may precede it: a currency sign or code, itself not glued to a word ("US$15bn", "EUR 4.2 billion").
_CURRENCY_BEFORE = re.compile(rf"(?<![\w.,])(?P<currency>{_alternation(_PREFIX_CURRENCIES)})\s?$")
_CURRENCY_REACH = 8  # the longest sign and a space: "U.S.$ "
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# A counted noun after a bare number: up to two modifiers ("3,000 U.S. troops", "9,000 production jobs"), then
# a lower-case noun. Plural is required (below): an English count noun after a cardinal above one is plural.
# A modifier is a capitalised word or any lower-case word but those of count_not_modifiers.txt.
_NEXT_WORD = re.compile(r"[ \t\u00a0]+((?:[A-Z]\.){2,}|[A-Za-z][A-Za-z0-9&'-]*)(?![\w])")
_NOUN = re.compile(r"[a-z][a-z'-]*[a-z]")

_HEDGE_BEFORE = re.compile(rf"(?<![\w])(?P<hedge>{_alternation(HEDGES)})\s+$", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"(?<![\w])between\s+$", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"(?<![\w])(?P<ranging>(?:rang|vary|varie|varyi)\w*\s+)?from\s+$", re.IGNORECASE)
_TO_BEFORE = re.compile(r"(?<![\w])to\s+$", re.IGNORECASE)
_RANGE_GAP = re.compile(r"\s*[-–—]\s*|\s+to\s+", re.IGNORECASE)
# Verbs after which "X to Y", both with their units, is a change by X to the level Y, not a range.
_CHANGED_BY_BEFORE = re.compile(rf"\b(?:{_alternation(_CHANGE_VERBS)})\s+$", re.IGNORECASE)
_AND_GAP = re.compile(r"\s+and\s+", re.IGNORECASE)
_FROM_GAP = re.compile(r",?\s+from\s+", re.IGNORECASE)
# "No. 2", "#1", "number 2", "aged 32", "age 32": a rank, a list item or an age, never an amount.
_NOT_AMOUNT_BEFORE = re.compile(r"(?:\bNos?\.|\bno\.|#|\bnumber|\baged?)\s*$", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b(?:{_alternation(_MONTHS)})\.?\s+$", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"(?<![\w.])([A-Z][\w&'.-]*)\s$")
_PART_BEFORE = re.compile(r"\b(?:half|quarter|third)\s+$", re.IGNORECASE)
_MAX_SPREAD = 100
_OF_AFTER = re.compile(r"\s+of\b")
# Kinds a typed value replaces on the same words: "seven life sentences" is a sentence, not a count of sentences.
_PLAIN_KINDS = frozenset({"count", "number"})
_LOOKBACK = 32  # characters searched before an amount for a hedge, "between", "from" or a blocking word

# "doubled", "tripling", "halved"; the base form only after "to" or a modal ("plans to double", "will halve"),
# since "double"/"triple" alone are mostly adjectives ("double standard", "triple-A"). "doubling down" is an
# idiom, and "doubles"/"triples" are nouns too often (tennis, baseball) to count.
# "three times" and "twice" multiply only before a comparison ("four times more likely", "twice the rate",
# "14 times as much as"); "breached four times" and "came on twice as a replacement" count events.
_COMPARED = (
    r"(?=\s+(?:more|less|higher|lower|larger|smaller|bigger|greater|faster|slower|the|that|what"
    r"|as\s+(?:many|much)|as\s+\w+\s+as)\b)"
)
_MULTIPLIER_STEM = _alternation(_VERB_MULTIPLIERS)
_MULTIPLIER_CUE = re.compile(rf"{_MULTIPLIER_STEM}|fold|times|twice")
_MULTIPLIER = re.compile(
    rf"""(?<![\w-])(?:
        (?P<verb>(?P<verb_stem>{_MULTIPLIER_STEM})(?:ed|ing))\b(?!-|\s+(?:down|up|over|back)\b)
        | (?:to|will|would|could|can|may|might|should|must|shall|did|does|do)\s+
          (?:(?:{_alternation(HEDGES)})\s+)?(?P<base>(?P<stem>{_MULTIPLIER_STEM})e)\b(?!-)
        | (?P<fold>(?P<fold_number>{_NUMBER_WORD}|\d+(?:\.\d+)?)-?fold)\b
        | (?P<times>(?P<times_number>{_NUMBER_WORD}|\d+(?:\.\d+)?)\s+times){_COMPARED}
        | (?P<twice>twice){_COMPARED}
    )""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(slots=True)
class _Amount:
    """One matched amount before ranges and changes are joined; ``kind`` None means a bare number so far."""

    start: int
    end: int
    number_start: int
    number: Decimal
    scale: int | None
    kind: QuantityKind | None
    unit: str | None
    factor: Decimal
    written: str  # the number as written ("3,000", "three")
    measure: bool = False  # unit of measure, as opposed to a counted noun


@dataclass(slots=True)
class _Found:
    """A quantity before ids are given: spans, kind, value and, for a change, its two parts."""

    start: int
    end: int
    kind: QuantityKind
    value: Decimal
    unit: str | None
    approx: str | None = None
    upper: Decimal | None = None
    parts: tuple[_Found, _Found] | None = None
    numbers: tuple[Decimal, ...] | None = None  # a record's or a tally's numbers as written


def extract_quantities(article: Article) -> Iterator[Quantity]:
    """Yield the quantities stated in the article's cleaned text, in text order."""
    yield from find_quantities(article.text, article_id=article.id)


def find_quantities(text: str, *, article_id: str) -> list[Quantity]:
    """Return the quantities stated in ``text``, in text order, with ids ``{article_id}-q{n}`` from 1."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two ("İ"); keep offsets exact
        lowered = text.translate(_ASCII_LOWER)
    found = _with_values(text, [*_amounts_joined(text, lowered), *_multipliers(text, lowered)], lowered)
    found.sort(key=lambda item: (item.start, -item.end, item.kind))
    ids = {id(item): f"{article_id}-q{number}" for number, item in enumerate(found, 1)}
    return [
        Quantity(
            id=ids[id(item)],
            article=article_id,
            start=item.start,
            end=item.end,
            kind=item.kind,
            value=float(item.value),
            unit=item.unit,
            approx=item.approx,
            upper=None if item.upper is None else float(item.upper),
            change_from=ids[id(item.parts[0])] if item.parts else None,
            change_to=ids[id(item.parts[1])] if item.parts else None,
            parts=None if item.numbers is None else tuple(float(number) for number in item.numbers),
        )
        for item in found
    ]


def _with_values(text: str, found: list[_Found], lowered: str) -> list[_Found]:
    """Add the typed values (records, durations, ages ...); one replaces a plain count on the same words.

    A value that overlaps money, a percentage, a range or a change is dropped: "$5 million for 10 years" keeps
    the money, and the duration beside it stays.
    """
    kept: list[Value] = []
    for value in find_values(text, lowered):  # in text order, the longest first at one start
        if any(_overlaps(value, other) for other in kept):
            continue
        if any(_overlaps(value, item) and item.kind not in _PLAIN_KINDS for item in found):
            continue
        kept.append(value)
    found = [
        item for item in found if not (item.kind in _PLAIN_KINDS and any(_overlaps(item, v) for v in kept))
    ]
    for value in kept:
        start, approx = _hedged_start(text, value.start)
        found.append(
            _Found(start, value.end, value.kind, value.value, value.unit, approx, numbers=value.parts)
        )
    return found


def _settled(kind: QuantityKind | None) -> QuantityKind:
    """Return the kind of an amount whose kind is settled (ranges, changes and single amounts after _resolved)."""
    if kind is None:
        raise ValueError("amount without a kind")  # a bug in this module, never bad input
    return kind


def _overlaps(first: _Found | Value, second: _Found | Value) -> bool:
    return first.start < second.end and second.start < first.end


def _amounts_joined(text: str, lowered: str) -> Iterator[_Found]:
    amounts = [amount for match in _NUMBER.finditer(lowered) if (amount := _amount(text, match)) is not None]
    index = 0
    while index < len(amounts):
        first = amounts[index]
        joined = _join(text, first, amounts[index + 1]) if index + 1 < len(amounts) else None
        if joined:
            yield from joined
            index += 2
            continue
        single = _found(text, first)
        if single is not None:
            yield single
        index += 1


def _amount(text: str, number: re.Match[str]) -> _Amount | None:
    """Read the amount around one number, or None when the words around it show it is no amount."""
    number_start, number_end = number.span()
    written = text[number_start:number_end]
    tail = _TAIL.match(text, number_end)
    if tail is None:
        return None  # "28th", "1990s", "737s", "F-35s": letters glued to the number
    if text[number_end : number_end + 1] in (".", ",") and text[number_end + 1 : number_end + 2].isdigit():
        return None  # "3.2.1", "12,5": a version number or a decimal comma
    currency_match = _CURRENCY_BEFORE.search(text, max(0, number_start - _CURRENCY_REACH), number_start)
    currency = _PREFIX_CURRENCIES[" ".join(currency_match["currency"].split())] if currency_match else None
    start = currency_match.start() if currency_match else number_start
    if _blocked(text, start, number_start, number_end, written):
        return None
    end = tail.end()
    scale = _SCALES[tail["scale"].lower()] if tail["scale"] else None
    if tail["letter_scale"]:
        if currency is None:
            return None  # "500m" without a currency: metres or millions, we cannot tell
        scale = _LETTER_SCALES[tail["letter_scale"].lower()]
    amount = _Amount(start, end, number_start, _number_value(written), scale, None, currency, _ONE, written)
    if currency:
        amount.kind = "money"
    written_unit = tail["symbol"] or tail["word"]
    read = _read_unit(written_unit, bool(tail["symbol"]), scale, text, tail.end()) if written_unit else None
    if read is None or (currency and read[0] != "money"):
        # No unit, or a currency amount followed by another unit ("$5 bn MW"): the amount ends before it.
        amount.end = end = max(number_end, tail.end("scale"), tail.end("letter_scale"))
        if currency is None and text.startswith("-", end) and text[end + 1 : end + 2].isalpha():
            return None  # "32-year-old", "two-day", "10-member": a compound adjective, not an amount
        return amount
    kind, unit, factor, measure = read
    if currency is None:
        amount.kind, amount.unit, amount.factor, amount.measure = kind, unit, factor, measure
    elif currency_match and currency_match["currency"] == "$" and unit is not None:
        # "$249 USD", "US$9.99 US dollars": the word repeats the sign. A bare "$" yields to a word that names
        # the dollar ("$5 Australian dollars"); any other sign wins.
        amount.unit = unit
    return amount


def _read_unit(
    written: str, symbol: bool, scale: int | None, text: str, end: int
) -> tuple[QuantityKind, str | None, Decimal, bool] | None:
    """Return (kind, unit, factor, is_measure) for the unit written after an amount, or None for no unit."""
    surface = written if symbol else " ".join(written.lower().split())
    if surface == "%" or surface in _PERCENT_WORDS:
        return "percent", "%", _ONE, False
    if surface in _POINT_WORDS:
        return "percent_point", "pp", _ONE, False
    if symbol and surface in _ISO_CODES:
        return "money", surface, _ONE, False
    if symbol:
        return "count", _SYMBOL_UNITS[surface], _ONE, True
    if surface in ("pounds", "pound") and (scale is None or _OF_AFTER.match(text, end)):
        return "count", "lb", _ONE, True  # "5 pounds", "2 million pounds of beef": weight, not sterling
    if surface in _CURRENCY_WORDS:
        return "money", _CURRENCY_WORDS[surface], _ONE, False
    if surface in _SUBUNITS:
        # "50 Cent" is a rapper: hundredths only in lower case.
        return ("money", _SUBUNITS[surface], _CENT, False) if written.islower() else None
    return "count", _UNIT_WORDS[surface], _ONE, True


def _number_value(written: str) -> Decimal:
    return number_value(written, values=_WORD_VALUES)


def _blocked(text: str, start: int, number_start: int, number_end: int, written: str) -> bool:
    """True for a time ("12:02"), a date or fraction ("10/28"), a model number ("F-35") or "No. 2"."""
    low = max(0, start - _LOOKBACK)
    if _NOT_AMOUNT_BEFORE.search(text, low, start):
        return True
    if written.lower() in ("a", "an") and _PART_BEFORE.search(text, low, start):
        return True  # "half a million" is not a million
    after = text[number_end : number_end + 2]
    if after[:1] in (":", "/") and after[1:2].isdigit():
        return True
    if start >= 2 and text[start - 1] in ":/" and text[start - 2].isdigit():
        return True
    # "F-35", "Su-57", "COVID-19", "MH-17": a letter and a hyphen glued to the number.
    return start == number_start and start >= 2 and text[start - 1] in "-–" and text[start - 2].isalpha()


def _counted_noun(text: str, amount: _Amount) -> _Amount | None:
    """Give a bare amount the noun it counts ("3,000 troops"), or return None if none follows."""
    position = amount.end
    for _ in range(3):  # the noun, or up to two modifiers and then the noun
        match = _NEXT_WORD.match(text, position)
        if match is None:
            return None
        word = match[1]
        if _NOUN.fullmatch(word):
            if word in _NOT_NOUNS:
                return None
            plural = word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")) and len(word) > 3
            if plural or word in _IRREGULAR_PLURALS:
                return replace(amount, end=match.end(1), kind="count", unit=word)
            if word in _NOT_MODIFIERS:
                return None
        elif not word[0].isupper() or word.lower().rstrip(".") in _MONTHS:
            return None  # a lower-case function word, or a date ("11 September attacks")
        position = match.end(1)
    return None


def _is_count_context_ok(text: str, amount: _Amount) -> bool:
    """False where a count or bare number is really a year, a date, a model number or the pronoun "one"."""
    low = max(0, amount.number_start - _LOOKBACK)
    if _MONTH_BEFORE.search(text, low, amount.number_start):
        return False  # "January 20", "October 28 ..."
    if amount.measure or amount.scale is not None:
        return True
    written = amount.written
    if written.lower() in ("one", "a", "an"):
        return False  # "one official said", "one of the": a pronoun far more often than a count
    if written.isdigit() and len(written) == 4 and 1000 <= int(written) <= 2999:
        # "in 2024 budgets": AP style writes counts of 1,000 and more with a comma, and years without one.
        return False
    word = _WORD_BEFORE.search(text, low, amount.number_start)
    # "Boeing 737 jets", "Windows 11 users", "Article 5 members": a capitalised name right before the number.
    return not (word and word.group(1).lower().rstrip(".") not in _CAPITALISED_OK)


def _resolved(text: str, amount: _Amount) -> _Amount | None:
    """Settle a bare amount's kind (counted noun, or "number" if it has a scale), or None if it is no amount."""
    if amount.kind is None:
        counted = _counted_noun(text, amount)
        if counted is not None:
            amount = counted
        elif amount.scale is not None:
            amount = replace(amount, kind="number")
        else:
            return None
    if amount.kind in ("count", "number") and not _is_count_context_ok(text, amount):
        return None
    return amount


def _value(amount: _Amount) -> Decimal:
    return amount.number * (amount.scale or 1) * amount.factor


def _hedged_start(text: str, start: int) -> tuple[int, str | None]:
    """Return where the amount starts once a hedge right before it is included, and the hedge in lower case."""
    match = _HEDGE_BEFORE.search(text, max(0, start - _LOOKBACK), start)
    if match is None:
        return start, None
    return match.start(), " ".join(match["hedge"].lower().split())


def _found(text: str, amount: _Amount) -> _Found | None:
    resolved = _resolved(text, amount)
    if resolved is None:
        return None
    start, approx = _hedged_start(text, resolved.start)
    return _Found(start, resolved.end, _settled(resolved.kind), _value(resolved), resolved.unit, approx)


def _inherit(text: str, first: _Amount, second: _Amount) -> tuple[_Amount, _Amount] | None:
    """Settle both ends of a range or change, or None if they are not amounts of one kind and unit.

    A bare end takes the other end's unit, and its scale where the two ends then lie within 100-fold:
    "$1-2 billion" is 1e9 to 2e9, "from 25 mln dlrs to 20" ends at 20 mln, "from 900 to 1.2 million" starts at 900.
    """
    if first.kind and second.kind and (first.kind, first.unit) != (second.kind, second.unit):
        return None
    first, second = _shared_scale(first, second), _shared_scale(second, first)
    if second.kind is None and first.kind is not None:
        second = replace(second, kind=first.kind, unit=first.unit, factor=first.factor, measure=first.measure)
    settled = _resolved(text, second)
    if settled is None:
        return None
    if first.kind is None:
        first = replace(
            first, kind=settled.kind, unit=settled.unit, factor=settled.factor, measure=settled.measure
        )
    if (first.kind, first.unit) != (settled.kind, settled.unit):
        return None
    if first.kind in ("count", "number") and not _is_count_context_ok(text, first):
        return None
    return first, settled


def _shared_scale(bare: _Amount, other: _Amount) -> _Amount:
    """Give ``bare`` the other end's scale when that makes the two ends plausible neighbours."""
    if bare.scale is not None or other.scale is None or not 0 < bare.number < 1000 or other.number <= 0:
        return bare
    other_value = other.number * other.scale
    scaled = bare.number * other.scale
    spread = max(scaled, other_value) / min(scaled, other_value)
    # Ends more than 100-fold apart are not one range or change ("from 900 to 1.2 million" is 900); this
    # bound is a judgement, not a measurement: "from 5 to 100 million" (20-fold) still shares the scale.
    return replace(bare, scale=other.scale) if spread <= _MAX_SPREAD else bare


def _join(text: str, first: _Amount, second: _Amount) -> list[_Found] | None:
    """Join two neighbouring amounts into a range or a change, or return None if they stand apart."""
    gap = text[first.end : second.start]
    first_start, approx = _hedged_start(text, first.start)
    low = max(0, first_start - _LOOKBACK)
    if _RANGE_GAP.fullmatch(gap) and "to" in gap.lower():
        word = _FROM_BEFORE.search(text, low, first_start)
        if word and not word["ranging"]:  # "prices ranging from £19 to £29" is a range
            return _change(text, first, second, word.start(), reverse=False)
    elif _FROM_GAP.fullmatch(gap) and (word := _TO_BEFORE.search(text, low, first_start)):
        return _change(text, first, second, word.start(), reverse=True)
    between = _BETWEEN_BEFORE.search(text, low, first_start)
    if not (_RANGE_GAP.fullmatch(gap) or (between and _AND_GAP.fullmatch(gap))):
        return None
    if (
        first.kind
        and second.kind
        and "to" in gap.lower()
        and _CHANGED_BY_BEFORE.search(text, low, first_start)
    ):
        return None  # "rose 651 mln dlrs to 176.87 billion dlrs": the rise, then the new level
    bounds = _inherit(text, first, second)
    if bounds is None:
        return None
    lower, upper = bounds
    if _value(lower) >= _value(upper):
        return None  # "2024-25", "52-35": a season or a score, not a range
    start = between.start() if between else first_start
    return [
        _Found(
            start, upper.end, _settled(upper.kind), _value(lower), upper.unit, approx, upper=_value(upper)
        ),
    ]


def _change(text: str, first: _Amount, second: _Amount, start: int, *, reverse: bool) -> list[_Found] | None:
    """Build "from A to B" (or Reuters' "to B from A"): both parts and the change that links them."""
    bounds = _inherit(text, first, second)
    if bounds is None:
        return None
    first_part, second_part = (_found(text, amount) for amount in bounds)
    if first_part is None or second_part is None:
        return None
    old, new = (second_part, first_part) if reverse else (first_part, second_part)
    change = _Found(start, second_part.end, "change", new.value, new.unit, parts=(old, new))
    return [change, first_part, second_part]


def _multipliers(text: str, lowered: str) -> Iterator[_Found]:
    # Most articles hold no multiplier: look only around the words that can carry one.
    seen: set[tuple[int, int]] = set()
    for cue in _MULTIPLIER_CUE.finditer(lowered):
        for match in _MULTIPLIER.finditer(text, max(0, cue.start() - _LOOKBACK), cue.end() + 8):
            if match.span() in seen:
                continue
            seen.add(match.span())
            if match["verb"] or match["stem"]:
                group = "verb" if match["verb"] else "base"
                value = _VERB_MULTIPLIERS[(match["verb_stem"] or match["stem"]).lower()]
            elif match["fold"]:
                group, value = "fold", _number_value(match["fold_number"])
            elif match["times"]:
                group, value = "times", _number_value(match["times_number"])
            else:
                group, value = "twice", Decimal(2)
            start, approx = _hedged_start(text, match.start(group))
            yield _Found(start, match.end(group), "multiplier", value, None, approx)


STEP: Step[Article] = Step(
    "quantities",
    "article",
    setting("quantities", lambda article, config, resources: tuple(extract_quantities(article))),
    requires=("article.text",),
    assigns=("article.quantities",),
)
