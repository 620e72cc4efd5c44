"""Find the figures that a near-verbatim copy of a statement changed.

A newspaper that repeats a wire sentence word for word but writes "jailed for nine years" where the wire says
"four years" contradicts its source, whoever the sentence is about: the wording itself shows that the two
statements are one. Participants and predicates, which decide whether two freely worded statements say the
same thing (:mod:`crossfact.crossdoc.claims`), are not needed here; a name swapped for another name is ("Shares
of Acme rose 5%" / "Shares of Beta rose 7%" is a template filled twice, not a copy).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from rapidfuzz import fuzz

from crossfact import lang
from crossfact.crossdoc.compare import compatible
from crossfact.model import Value

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_NUMBER_WORDS = {word: Decimal(value) for word, value in lang.mapping("number_words").items()}
_NUMBER = "#"
# Kinds whose value is one number times a scale, so an untyped twin can be read like its typed one.
_MIRRORED = frozenset({"count", "age", "money", "percent", "duration", "multiplier", "number"})


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    word: str
    key: str  # lower-case word, or "#" for a number
    number: Decimal | None


def _tokens(text: str, offset: int) -> list[_Token]:
    out = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        lowered = word.lower()
        number = _number(lowered)
        out.append(
            _Token(
                offset + match.start(),
                offset + match.end(),
                word,
                _NUMBER if number is not None else lowered,
                number,
            )
        )
    return out


def _number(word: str) -> Decimal | None:
    if word[0].isdigit():
        try:
            return Decimal(word.replace(",", ""))
        except InvalidOperation:
            return None
    return _NUMBER_WORDS.get(word)


def changed_values(
    text_a: str,
    start_a: int,
    values_a: tuple[Value, ...],
    text_b: str,
    start_b: int,
    values_b: tuple[Value, ...],
    *,
    similarity: float,
    min_words: int,
    same_name: float,
) -> list[tuple[Value, Value]]:
    """Return the pairs of incompatible values on numbers that one clause changed in copying the other.

    ``text_a`` is clause a's text starting at offset ``start_a`` of its article (``values_a`` in article
    offsets); likewise b. Empty unless the clauses, numbers masked, align word for word on at least
    ``similarity`` of the shorter one's words (of at least ``min_words`` words; a copy often keeps only part of
    a sentence) and no name stands where the other clause has another name (names at least ``same_name``
    alike, rapidfuzz ratio 0-100, are one name spelled two ways).
    """
    tokens_a, tokens_b = _tokens(text_a, start_a), _tokens(text_b, start_b)
    keys_a, keys_b = [t.key for t in tokens_a], [t.key for t in tokens_b]
    if _NUMBER not in keys_a or _NUMBER not in keys_b:
        return []
    shorter = min(len(keys_a), len(keys_b))
    if shorter < min_words:
        return []
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    if sum(block.size for block in matcher.get_matching_blocks()) < similarity * shorter:
        return []
    changed: list[tuple[_Token, _Token]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and _other_name(tokens_a[i1:i2], i1, tokens_b[j1:j2], j1, same_name):
            return []
        if tag == "equal":
            changed += [
                (x, y)
                for x, y in zip(tokens_a[i1:i2], tokens_b[j1:j2], strict=True)
                if x.key == _NUMBER and x.number != y.number
            ]
    pairs = []
    for x, y in changed:
        left = _value_at(values_a, x)
        right = _value_at(values_b, y)
        # The copy shows what an untyped number on one side measures: "Walker 54, of" copied as "Walker, 74,
        # of", "a group of 12 holidaymakers" as "a group of 120 ordered off" (METER planted conflicts: 3 of
        # the 10 missed were such pairs).
        if left is None and right is not None:
            left = _mirrored(right, y, x)
        elif right is None and left is not None:
            right = _mirrored(left, x, y)
        if left is not None and right is not None and left.kind == right.kind and not compatible(left, right):
            pairs.append((left, right))
    return pairs


def _mirrored(typed: Value, typed_token: _Token, token: _Token) -> Value | None:
    """Return the value the untyped number ``token`` states, read as its aligned twin ``typed`` is read (the
    same slot, unit and scale: "£1.2 million" mirrored on "1.5" is £1.5 million); None for kinds that are not
    one number (dates, records, tallies)."""
    if typed.kind not in _MIRRORED or token.number is None or not typed_token.number:
        return None
    scale = typed.value / float(typed_token.number)
    return Value(typed.slot, typed.kind, float(token.number) * scale, token.start, token.end, unit=typed.unit)


def _other_name(a: list[_Token], first_a: int, b: list[_Token], first_b: int, same_name: float) -> bool:
    """Return whether a name stands where the other clause has a different name."""
    # A capital at a clause's first word says nothing; elsewhere it marks a name.
    names_a = " ".join(t.word for n, t in enumerate(a) if t.word[0].isupper() and first_a + n > 0)
    names_b = " ".join(t.word for n, t in enumerate(b) if t.word[0].isupper() and first_b + n > 0)
    return bool(names_a and names_b) and fuzz.ratio(names_a, names_b) < same_name


def _value_at(values: tuple[Value, ...], token: _Token) -> Value | None:
    return next((v for v in values if v.start <= token.start and token.end <= v.end), None)
