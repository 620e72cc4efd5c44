"""Decide whether one article copies another: the features of an aligned pair and the fitted copy model.

The alignment (:mod:`.passages`) says what two texts share; this module turns that into one probability that
one text was written from the other. The features (:data:`FEATURES`) leave quoted speech out wherever they
count shared words: two outlets that heard the same speaker print the same quote without copying each other
(issue 12: "I will not bring dishonor to the decision to spare my life" tied AP, NYT, UPI and two local papers
into one family on ECB+ topic 3). A small logistic model over them is fitted on METER dev with
cross-validation by story by ``benchmarks/fit_copy_model.py`` and ships as ``crossdoc/models/copy.json``,
with its decision threshold; this module only reads it.

Every feature reads the two texts (words weighted by their English background frequency) and the document
frequencies of the evidence they share, not the batch's IDF, so unrelated articles in the batch do not move
a link (tests/crossdoc/test_reuse_copying.py adds 200 newswires). The quotes are the quotes stage's
(``article.quotes``), or every pair of quote marks when it did not run.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache
from importlib import resources

from crossfact.config import ReuseConfig
from crossfact.crossdoc.reuse.candidates import CorpusStats
from crossfact.crossdoc.reuse.passages import PairEvidence, Prepared
from crossfact.crossdoc.reuse.tokens import hash_key, is_content

# Feature names, in the order of the fitted weights. Each pair is read both ways, with one text as the possible
# copy and the other as its source; the model scores both readings and keeps the higher.
FEATURES = (
    # Share of the copy's word n-grams (content-word stems for 1) found in the source, quotes left out.
    "copy_contained_1",
    "copy_contained_3",
    "copy_contained_5",
    "copy_contained_8",
    # Share of the source's word 3-grams found in the copy, quotes left out: how much of the source was used.
    "source_contained_3",
    # The longest run of words both texts share outside quotes: log(1 + words), and its share of the copy's
    # words outside quotes.
    "longest_passage",
    "longest_passage_share",
    # Share of the copy's and of the source's sentences that an aligned verbatim or paraphrased passage touches.
    "copy_aligned_sentences",
    "source_aligned_sentences",
    # The alignment's weighted share of the copy's own text, and of the source's, that the other explains
    # (Shares.own_explained: the words of quotes both print left out).
    "copy_explained",
    "source_explained",
    # Its parts for the copy: aligned (verbatim + paraphrase_weight x paraphrased) and the other shared words
    # (vocabulary), and the two multiplied: vocabulary that counts only beside aligned text.
    "copy_aligned",
    "copy_vocabulary",
    "vocabulary_x_aligned",
    # log(1 + shared 3-grams outside quotes that at most candidate_max_df articles hold, stock phrases left out).
    "rare_shingles",
    # log(1 + the shared number fingerprints, each counted 1 / (holders - 1)): "£2,500 costs" repeated is telling.
    "shared_numbers",
    # Share of the copy's aligned material (weighted) that lies in quotes both texts hold.
    "quote_share",
    # The copy's weighted share inside quotes both print, counted only beside aligned text of its own (as much
    # as copy_aligned at most): a shared quote says more when the text around it is shared too, nothing alone.
    "quotes_beside_aligned",
    # log of the copy's words over the source's: a copy is usually a cut-down source.
    "length_ratio",
)
_SIZES = (1, 3, 5, 8)


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """The copy features of one aligned pair read both ways, and whether any of its overlap lies outside
    shared quotes."""

    forward: tuple[float, ...]  # b as the copy of a, in the order of FEATURES
    backward: tuple[float, ...]  # a as the copy of b
    # False when the two share quotes and no aligned text outside the sentences that hold them (Shares.own_*)
    own_text: bool


def copy_features(
    a: Prepared, b: Prepared, evidence: PairEvidence, *, stats: CorpusStats, config: ReuseConfig
) -> PairFeatures:
    """Return the copy features of two prepared articles and their alignment (``passages.align_pair``)."""
    grams_a, grams_b = _copy_grams(a), _copy_grams(b)
    words_a, words_b = a.outside_quotes or [], b.outside_quotes or []
    contained_a = {size: _contained(grams_a[size].keys(), grams_b[size].keys()) for size in _SIZES}
    contained_b = {size: _contained(grams_b[size].keys(), grams_a[size].keys()) for size in _SIZES}
    longest = _longest_run(a, b, grams_a[3], grams_b[3])
    aligned_a, aligned_b = _aligned_sentences(a, evidence, "a"), _aligned_sentences(b, evidence, "b")
    explained_a, explained_b = (
        evidence.a.own_explained(config=config),
        evidence.b.own_explained(config=config),
    )
    rare = 0
    for gram in grams_a[3].keys() & grams_b[3].keys():
        df = stats.shingles.get(hash_key(" ".join(gram)), 0)
        if any(is_content(word) for word in gram) and df <= config.candidate_max_df:
            rare += not stats.is_common(df, config=config)
    numbers = math.log1p(_shared_numbers(evidence, stats))

    def read(copy: Prepared, source: Prepared, copy_is_a: bool) -> tuple[float, ...]:
        contained, back = (contained_a, contained_b) if copy_is_a else (contained_b, contained_a)
        shares = evidence.a if copy_is_a else evidence.b
        aligned = shares.quote + shares.outside_quotes
        own = len(words_a if copy_is_a else words_b)
        aligned_own = shares.own_verbatim + config.paraphrase_weight * shares.own_paraphrase
        values = {
            "copy_contained_1": contained[1],
            "copy_contained_3": contained[3],
            "copy_contained_5": contained[5],
            "copy_contained_8": contained[8],
            "source_contained_3": back[3],
            "longest_passage": math.log1p(longest),
            "longest_passage_share": longest / own if own else 0.0,
            "copy_aligned_sentences": aligned_a if copy_is_a else aligned_b,
            "source_aligned_sentences": aligned_b if copy_is_a else aligned_a,
            "copy_explained": explained_a if copy_is_a else explained_b,
            "source_explained": explained_b if copy_is_a else explained_a,
            "rare_shingles": math.log1p(rare),
            "shared_numbers": numbers,
            "quote_share": shares.quote / aligned if aligned else 0.0,
            "length_ratio": math.log((len(copy.words) + 1) / (len(source.words) + 1)),
            "copy_aligned": aligned_own,
            "copy_vocabulary": shares.own_words,
            "vocabulary_x_aligned": shares.own_words * aligned_own,
            "quotes_beside_aligned": min(shares.quote, aligned_own),
        }
        return tuple(values[name] for name in FEATURES)

    shares_quotes = any(kind == "shared_quote" for kind, _ in evidence.passages)
    own_text = not shares_quotes or any(
        shares.own_verbatim + shares.own_paraphrase > 0.0 for shares in (evidence.a, evidence.b)
    )
    return PairFeatures(forward=read(b, a, False), backward=read(a, b, True), own_text=own_text)


def _copy_grams(doc: Prepared) -> dict[int, dict[tuple[str, ...], list[int]]]:
    """Return the article's n-grams outside quotes by size, made once per article (with its
    ``outside_quotes``)."""
    if doc.outside_quotes is None:
        doc.outside_quotes = _outside_quotes(doc)
        doc.copy_grams.update({size: _grams(doc, doc.outside_quotes, size) for size in _SIZES})
    return doc.copy_grams


def _outside_quotes(doc: Prepared) -> list[int]:
    """Return the indices of the tokens that lie outside every quote of the article."""
    inside = bytearray(len(doc.words))
    for first, last in doc.quote_tokens:
        inside[first:last] = b"\x01" * (last - first)
    return [index for index, flag in enumerate(inside) if not flag]


def _contained(own: AbstractSet[tuple[str, ...]], other: AbstractSet[tuple[str, ...]]) -> float:
    return len(own & other) / len(own) if own else 0.0


def _grams(doc: Prepared, indices: Sequence[int], size: int) -> dict[tuple[str, ...], list[int]]:
    """Return every ``size``-word n-gram of consecutive tokens in ``indices`` with the token index it starts at.

    An n-gram never spans a quote: the tokens on both sides of one are not consecutive in ``indices``. The
    1-grams are the content-word stems only.
    """
    found: dict[tuple[str, ...], list[int]] = {}
    if size == 1:
        for index in indices:
            word_stem = doc.content_stems[index]
            if word_stem is not None:
                found.setdefault((word_stem,), []).append(index)
        return found
    for position in range(len(indices) - size + 1):
        start = indices[position]
        if indices[position + size - 1] - start != size - 1:
            continue
        found.setdefault(tuple(doc.words[start : start + size]), []).append(start)
    return found


def _longest_run(
    a: Prepared,
    b: Prepared,
    grams_a: dict[tuple[str, ...], list[int]],
    grams_b: dict[tuple[str, ...], list[int]],
) -> int:
    """Return the length in words of the longest run both texts share outside quotes."""
    outside_a = {i for starts in grams_a.values() for start in starts for i in range(start, start + 3)}
    outside_b = {j for starts in grams_b.values() for start in starts for j in range(start, start + 3)}
    longest = 0
    for gram in grams_a.keys() & grams_b.keys():
        for i in grams_a[gram]:
            for j in grams_b[gram]:
                if (i - 1) in outside_a and (j - 1) in outside_b and a.words[i - 1] == b.words[j - 1]:
                    continue  # not the start of a maximal run
                length = len(gram)
                while (
                    (i + length) in outside_a
                    and (j + length) in outside_b
                    and a.words[i + length] == b.words[j + length]
                ):
                    length += 1
                longest = max(longest, length)
    return longest


def _aligned_sentences(doc: Prepared, evidence: PairEvidence, side: str) -> float:
    """Return the share of the article's sentences that a verbatim or paraphrased passage touches."""
    if not doc.sentence_spans:
        return 0.0
    starts = [start for start, _ in doc.sentence_spans]
    covered: set[int] = set()
    for kind, passage in evidence.passages:
        if kind == "shared_quote":
            continue
        span = passage.a if side == "a" else passage.b
        first = max(0, bisect.bisect_right(starts, span.start) - 1)
        last = bisect.bisect_left(starts, span.end)
        covered.update(range(first, max(first + 1, last)))
    return len(covered) / len(doc.sentence_spans)


def _shared_numbers(evidence: PairEvidence, stats: CorpusStats) -> float:
    """Return the distinct number fingerprints both texts hold, each counted 1 / (articles holding it - 1): 1.0
    when only these two hold it. The count, not the corpus size, so unrelated articles do not move it."""
    keys = {fingerprint.key for fingerprint in evidence.fingerprints if fingerprint.kind == "number"}
    return sum(1.0 / max(1, stats.fingerprints.get(hash_key(key), 2) - 1) for key in keys)


@dataclass(frozen=True, slots=True)
class CopyModel:
    """A fitted logistic model over :data:`FEATURES` with its decision threshold and where it came from."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    fitted_on: str

    def probability(self, features: PairFeatures, *, copy: str | None = None) -> float:
        """Return the model's probability that one text of the pair was written from the other: reading
        ``copy`` ("a" or "b", the later text when dates say so) as the copy, else the higher of both readings.

        A pair that shares quotes and no text of its own around them gets 0.0: public speech is not copying.
        """
        if not features.own_text:
            return 0.0
        if copy == "b":
            return self._logistic(features.forward)
        if copy == "a":
            return self._logistic(features.backward)
        return max(self._logistic(features.forward), self._logistic(features.backward))

    def _logistic(self, values: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, values, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def load_copy_model() -> CopyModel:
    """Return the shipped copy model from ``crossdoc/models/copy.json``."""
    text = resources.files("crossfact.crossdoc").joinpath("models", "copy.json").read_text(encoding="utf-8")
    data = json.loads(text)
    if list(data["features"]) != list(FEATURES):
        raise ValueError(f"copy model: fitted on features {data['features']}, this code has {list(FEATURES)}")
    return CopyModel(
        weights=tuple(float(w) for w in data["weights"]),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        fitted_on=str(data["fitted_on"]),
    )
