"""Candidate pairs for reuse, from the per-article sketches only: MinHash-LSH, rare fingerprints, rare words.

No text is read here, only :class:`~crossfact.model.Sketch`es, so this step scales with the number of
articles, not with their length; :func:`corpus_stats` gives the document frequencies that say which evidence is
rare, and the alignment of each candidate (:mod:`.passages`) weighs words by the same statistics.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from datasketch import LeanMinHash, MinHashLSH  # type: ignore[import-untyped]

from crossfact.config import ReuseConfig
from crossfact.crossdoc.reuse.tokens import SKETCH_VERSION, unpack
from crossfact.model import Sketch


@dataclass(frozen=True, slots=True)
class CorpusStats:
    """Document frequencies over the sketches of one corpus: shingles, content words and fingerprints."""

    articles: int
    shingles: Mapping[int, int]
    words: Mapping[int, int]
    fingerprints: Mapping[int, int]

    def idf(self, df: int) -> float:
        """Smoothed inverse document frequency: 1.0 for a word in every article, more for rarer ones."""
        return math.log((self.articles + 1) / (df + 1)) + 1.0

    def rarity(self, df: int) -> float:
        """Return how rare evidence held by ``df`` articles is: 1.0 when only the two compared hold it, falling
        with the IDF towards 0.0 for evidence every article holds."""
        if df < 2 or self.articles <= 2:
            return 1.0 if df == 2 else 0.0
        return max(0.0, (self.idf(df) - 1.0) / (self.idf(2) - 1.0))

    def is_common(self, df: int, *, config: ReuseConfig) -> bool:
        """Return whether a shingle seen in ``df`` articles is a stock phrase, not evidence."""
        return df > max(config.common_min_df, config.common_min_share * self.articles)


def corpus_stats(sketches: Iterable[Sketch]) -> CorpusStats:
    """Return the document frequencies of shingles, words and fingerprints over ``sketches``."""
    shingles: Counter[int] = Counter()
    words: Counter[int] = Counter()
    fingerprints: Counter[int] = Counter()
    count = 0
    for sketch in sketches:
        count += 1
        shingles.update(unpack(sketch.shingles))
        words.update(unpack(sketch.words))
        fingerprints.update(unpack(sketch.fingerprints))
    return CorpusStats(count, shingles, words, fingerprints)


def find_candidates(
    sketches: Sequence[Sketch], *, config: ReuseConfig | None = None, stats: CorpusStats | None = None
) -> dict[tuple[str, str], tuple[str, ...]]:
    """Return the candidate pairs (in input order) with how each was found: LSH band settings, fingerprints.

    Only sketches are read. Each ``(bands, rows)`` setting of ``config.lsh_bands`` is its own LSH index; a
    fingerprint held by at most ``config.candidate_max_df`` articles makes all its holders candidates, and so
    do ``config.candidate_min_words`` shared content words that are that rare.
    """
    config = config or ReuseConfig()
    _check_sketches(sketches, config)
    stats = stats or corpus_stats(sketches)
    order = {sketch.article: index for index, sketch in enumerate(sketches)}
    reasons: dict[tuple[str, str], set[str]] = {}

    def add(first: str, second: str, reason: str) -> None:
        if first == second:
            return
        pair = (first, second) if order[first] < order[second] else (second, first)
        reasons.setdefault(pair, set()).add(reason)

    minhashes = {
        sketch.article: LeanMinHash(
            seed=config.seed, hashvalues=np.frombuffer(sketch.minhash, dtype="<u4"), scheme="affine32"
        )
        for sketch in sketches
        if sketch.shingles
    }
    for bands, rows in config.lsh_bands:
        lsh = MinHashLSH(num_perm=config.num_perm, params=(bands, rows))
        with lsh.insertion_session() as session:
            for article_id, minhash in minhashes.items():
                session.insert(article_id, minhash)
        for article_id, minhash in minhashes.items():
            for other in lsh.query(minhash):
                add(article_id, other, f"lsh {bands}x{rows}")
    holders: dict[int, list[str]] = {}
    for sketch in sketches:
        for value in unpack(sketch.fingerprints):
            if 2 <= stats.fingerprints.get(value, 0) <= config.candidate_max_df:
                holders.setdefault(value, []).append(sketch.article)
    for members in holders.values():
        for first, second in combinations(members, 2):
            add(first, second, "fingerprint")
    shared_words: Counter[tuple[str, str]] = Counter()
    word_holders: dict[int, list[str]] = {}
    for sketch in sketches:
        for value in unpack(sketch.words):
            if 2 <= stats.words.get(value, 0) <= config.candidate_max_df:
                word_holders.setdefault(value, []).append(sketch.article)
    for members in word_holders.values():
        for first, second in combinations(members, 2):
            shared_words[(first, second)] += 1
    for (first, second), count in shared_words.items():
        if count >= config.candidate_min_words:
            add(first, second, "rare words")
    ordered = sorted(reasons, key=lambda pair: (order[pair[0]], order[pair[1]]))
    return {pair: tuple(sorted(reasons[pair])) for pair in ordered}


def _check_sketches(sketches: Sequence[Sketch], config: ReuseConfig) -> None:
    for sketch in sketches:
        if sketch.version != SKETCH_VERSION:
            raise ValueError(
                f"sketch of article '{sketch.article}' has version {sketch.version}, this crossfact reads "
                f"version {SKETCH_VERSION}: run the reuse sketch stage again"
            )
        if len(sketch.minhash) != 4 * config.num_perm:
            raise ValueError(
                f"sketch of article '{sketch.article}' has {len(sketch.minhash) // 4} MinHash values but "
                f"reuse.num_perm is {config.num_perm}: sketch and search must use the same config"
            )
