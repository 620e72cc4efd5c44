"""The word normalisation every reuse job shares: tokens, crude stems, content words and stable hashes.

The per-article sketch (:mod:`crossfact.extract.sketch`) hashes what these functions return and the alignment
(:mod:`.passages`) compares it, so both must fold text alike; :data:`SKETCH_VERSION` changes whenever what a
sketch's hashes mean changes (this module, :mod:`.fingerprints` or the sketch itself).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

import numpy as np
from wordfreq import zipf_frequency

SKETCH_VERSION = 1

# A token is a number (with its decimal point: "27.5" must not become "275"), a word with inner apostrophes or
# dots ("Japan's", "U.S."), or "%". Hyphens split words, so "high-stakes" and "high stakes" agree.
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[^\W\d_]+(?:['’.][^\W\d_]+)*|%")
_POSSESSIVE = re.compile(r"['’]s$")
# Function words and reporting verbs: never evidence of reuse on their own. A short, fixed list (not spaCy's,
# which would make this module import spaCy) that holds English determiners, pronouns, auxiliaries,
# prepositions, conjunctions and the verbs of attribution that every news text uses.
STOP_WORDS = frozenset(
    """a about above after again against all also although am among an and another any are around as at be
    because been before being below between both but by can could did do does doing down during each either
    else even ever every few for from further had has have having he her here hers herself him himself his how
    however i if in into is it its itself just least less like many may me might more most much must my
    myself neither no nor not now of off often on once one only or other others our ours ourselves out over
    own per perhaps quite rather really same shall she should since so some still such than that the their
    theirs them themselves then there these they this those though through thus to too under until up upon us
    very was we were what when whenever where whether which while who whom whose why will with within without
    would yet you your yours yourself yourselves said says say saying told tell according added adding
    mr mrs ms dr last next new""".split()
)

Token = tuple[str, int, int]  # (normalised form, start, end) in the article's cleaned text
# Number words, so that "three cts" and "23 cts" count as different numbers (see passages._same_facts). "one"
# is left out: it is a pronoun as often as a number.
NUMBER_WORDS = {
    word: str(value)
    for value, word in enumerate(
        "zero - two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
    if word != "-"
}


def tokenize(text: str) -> list[Token]:
    """Return the normalised word tokens of ``text`` with their character offsets.

    Case, quote marks, apostrophes, possessives and the dots of initialisms are folded away ("Japan’s" →
    "japan", "U.S." and "US" → "usa"); "%", "per cent" and "pct" all become "percent"; thousands separators are
    dropped from numbers ("40,000" → "40000", "27.5" stays).
    """
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        word = match.group().lower()
        if word[0].isdigit():
            word = word.replace(",", "")
        elif word == "%":
            word = "percent"
        else:
            word = _POSSESSIVE.sub("", word).replace("'", "").replace("’", "").replace(".", "")
            if word == "pct":
                word = "percent"
            elif match.group() in ("US", "U.S"):
                word = "usa"  # the country, not the pronoun "us" (a stop word)
        if word == "cent" and tokens and tokens[-1][0] == "per" and match.start() - tokens[-1][2] <= 2:
            tokens[-1] = ("percent", tokens[-1][1], match.end())
            continue
        tokens.append((word, match.start(), match.end()))
    return tokens


def stem(word: str) -> str:
    """Return a crude stem of a normalised word ("tariffs" → "tariff", "slashed" → "slash"): enough to match
    inflections in paraphrases without a lemmatiser."""
    if len(word) <= 4 or word[0].isdigit():
        return word
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: -len(suffix)] + replacement
    return word


def is_content(word: str) -> bool:
    """Return whether a normalised token can carry evidence (not a function word or a stray letter)."""
    return word not in STOP_WORDS and (len(word) > 1 or word.isdigit())


@cache
def word_weight(word: str) -> float:
    """Return how much a shared normalised word says, from its English background frequency: 1 for the
    commonest words ("court", zipf 5.4, gives 2.6), up to 8 for words wordfreq has never seen."""
    return 1.0 + max(0.0, 7.0 - zipf_frequency(word, "en"))


def hash_key(text: str) -> int:
    """Return the stable 32-bit hash of a shingle, stem or fingerprint key."""
    # CRC32 is stable across processes and machines (Python's hash() is salted), and fast enough here.
    return zlib.crc32(text.encode("utf-8"))


def shingles(words: Sequence[str], size: int) -> Iterator[int]:
    """Yield the hash of every ``size``-word shingle that holds at least one content word."""
    for index in range(len(words) - size + 1):
        gram = words[index : index + size]
        if any(is_content(word) for word in gram):
            yield hash_key(" ".join(gram))


def pack(values: Iterable[int]) -> bytes:
    """Return the distinct hash values, sorted, as little-endian unsigned 32-bit integers (a sketch field)."""
    return np.asarray(sorted(set(values)), dtype="<u4").tobytes()


def unpack(data: bytes) -> list[int]:
    """Return the hash values packed by :func:`pack`."""
    values: list[int] = np.frombuffer(data, dtype="<u4").tolist()
    return values
