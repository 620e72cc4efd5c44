"""Align one candidate pair of articles and say what they share, as passages and weighted shares.

Four kinds of evidence, found in this order so that each word counts once: near-exact sentences (rapidfuzz
ratio on normalised sentences, runs merged), verbatim fragments inside reworded sentences (greedy string
tiling, small gaps bridged), paraphrased sentences (:func:`sentence_similarity`, a weighted overlap of
content words, its threshold chosen on MSRP) and shared quotes (also altered ones). Sentences or fragments made
only of stock phrases, and sentences that state other numbers, are no evidence. :func:`compare_articles` aligns
two articles; the reuse search prepares each article once (:func:`prepare`) and aligns many pairs
(:func:`align_pair`).
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from crossfact.config import ReuseConfig
from crossfact.crossdoc.reuse.candidates import CorpusStats
from crossfact.crossdoc.reuse.fingerprints import Fingerprint, find_fingerprints, find_quotes
from crossfact.crossdoc.reuse.tokens import (
    NUMBER_WORDS,
    Token,
    hash_key,
    is_content,
    stem,
    tokenize,
    word_weight,
)
from crossfact.model import Article, PassagePair, Span

KINDS = ("verbatim", "paraphrase", "shared_quote")
_VERBATIM, _PARAPHRASE = 1, 2  # marks on tokens; 0 is not aligned


@dataclass(slots=True)
class Prepared:
    """One article prepared for alignment: tokens, sentences, quotes, weights and fingerprints, made once."""

    article: Article
    tokens: list[Token]
    words: list[str]
    content_stems: list[str | None]  # the stem of each content token, None for function words
    weights: list[float]  # the weight of each token's stem (tokens.word_weight), 0.0 for function words
    total: float  # the sum of the weights
    idf: dict[str, float]  # the weight of each content stem (background rarity, not a corpus IDF)
    stem_set: frozenset[str]
    rare_stems: frozenset[str]  # content stems held by at most candidate_max_df articles
    sentences: list[tuple[int, int]]  # token ranges [first, last) of each sentence
    sentence_spans: list[tuple[int, int]]  # character ranges of the same sentences
    sentence_of: list[int]  # the sentence index of each token
    stems: list[frozenset[str]]  # the content stems of each sentence
    stem_weights: list[float]  # the weight sum of each sentence's stems
    sentence_texts: list[str]  # each sentence's normalised words, joined by spaces
    stock: list[bool]  # whether a sentence is made of stock phrases only
    numbers: list[frozenset[str]]  # the numbers written in digits in each sentence
    quote_tokens: list[tuple[int, int]]  # token ranges of quotes
    grams: dict[tuple[str, ...], list[int]]  # start of every tile-sized run of tokens
    fingerprints: dict[int, list[Fingerprint]] = field(default_factory=dict)
    # The token indices outside quotes and the n-grams among them by size, made once by the copy features
    # (copying.py) when a pair first asks.
    outside_quotes: list[int] | None = None
    copy_grams: dict[int, dict[tuple[str, ...], list[int]]] = field(default_factory=dict)


def prepare(article: Article, stats: CorpusStats, config: ReuseConfig) -> Prepared:
    """Return the article prepared for alignment, its words weighted by their English background rarity."""
    tokens = tokenize(article.text)
    words = [token[0] for token in tokens]
    starts = [token[1] for token in tokens]
    content_stems = [stem(word) if is_content(word) else None for word in words]
    idf = _stem_weights(tokens, content_stems)
    weights = [0.0 if word_stem is None else idf[word_stem] for word_stem in content_stems]
    spans = [(s.start, s.end) for s in article.sentences] or _line_spans(article.text)
    sentences: list[tuple[int, int]] = []
    sentence_spans: list[tuple[int, int]] = []
    sentence_of = [0] * len(tokens)
    for start, end in spans:
        first, last = _token_range(starts, start, end)
        if last > first:
            sentence_of[first:last] = [len(sentences)] * (last - first)
            sentences.append((first, last))
            sentence_spans.append((start, end))
    stems = [frozenset(s for s in content_stems[first:last] if s is not None) for first, last in sentences]
    quote_tokens = []
    for start, end in quote_spans(article):
        first, last = _token_range(starts, start, end)
        if last > first:
            quote_tokens.append((first, last))
    size = config.tile_min_words
    grams: dict[tuple[str, ...], list[int]] = {}
    for index in range(len(words) - size + 1):
        grams.setdefault(tuple(words[index : index + size]), []).append(index)
    fingerprints: dict[int, list[Fingerprint]] = {}
    for fingerprint in find_fingerprints(article, config=config):
        fingerprints.setdefault(hash_key(fingerprint.key), []).append(fingerprint)
    return Prepared(
        article=article,
        tokens=tokens,
        words=words,
        content_stems=content_stems,
        weights=weights,
        total=sum(weights),
        idf=idf,
        stem_set=frozenset(idf),
        rare_stems=frozenset(s for s in idf if stats.words.get(hash_key(s), 0) <= config.candidate_max_df),
        sentences=sentences,
        sentence_spans=sentence_spans,
        sentence_of=sentence_of,
        stems=stems,
        stem_weights=[sum(idf[s] for s in sentence) for sentence in stems],
        sentence_texts=[" ".join(words[first:last]) for first, last in sentences],
        stock=[not _is_evidence(words[first:last], stats, config) for first, last in sentences],
        numbers=[
            frozenset(
                NUMBER_WORDS.get(w, w) for w in words[first:last] if w[0].isdigit() or w in NUMBER_WORDS
            )
            for first, last in sentences
        ],
        quote_tokens=quote_tokens,
        grams=grams,
        fingerprints=fingerprints,
    )


def _stem_weights(tokens: Sequence[Token], content_stems: Sequence[str | None]) -> dict[str, float]:
    """Return the weight of each content stem of the article: that of its commonest form in it
    (:func:`~.tokens.word_weight`, English background frequencies, so no other article of the batch moves it)."""
    weights: dict[str, float] = {}
    for (word, _, _), word_stem in zip(tokens, content_stems, strict=True):
        if word_stem is not None:
            value = word_weight(word)
            weights[word_stem] = min(value, weights.get(word_stem, value))
    return weights


def quote_spans(article: Article) -> list[tuple[int, int]]:
    """Return the (start, end) of the article's quoted words: the quotes stage's (``article.quotes``, attributed
    speech and writing), or every pair of quote marks when that stage found none or did not run."""
    spans = sorted((quote.start, quote.end) for quote in article.quotes)
    return spans or find_quotes(article.text)


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _token_range(starts: Sequence[int], start: int, end: int) -> tuple[int, int]:
    return bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)


@dataclass(frozen=True, slots=True)
class Shares:
    """How much of one article the other explains, as weighted shares (0–1) of its content words.

    ``verbatim``: inside near-exact sentences and verbatim fragments; ``paraphrase``: inside paraphrased
    sentences (and not verbatim); ``words``: elsewhere, but the other article uses the same word; ``quote``:
    inside quotes the other article shares (these words are also counted in the first three). ``outside_quotes``
    is verbatim plus paraphrase without the shared quotes. ``tokens`` counts the content words in the first
    three, unweighted. The ``own_*`` shares are the first three again over the article's own text only: its
    content words outside the quotes both articles print (and outside paraphrased sentences that hold such a
    quote), so that public speech both outlets heard is no evidence of copying (issue 12); ``own_tokens``
    counts the content words they explain.
    """

    verbatim: float = 0.0
    paraphrase: float = 0.0
    words: float = 0.0
    quote: float = 0.0
    outside_quotes: float = 0.0
    tokens: int = 0
    own_verbatim: float = 0.0
    own_paraphrase: float = 0.0
    own_words: float = 0.0
    own_tokens: int = 0

    def explained(self, *, config: ReuseConfig) -> float:
        """Return the share of this article explained by the other: the link score from this side.

        Below ``config.link_min_words`` shared content words it is 0.0: a one-line text ("The hearing was
        adjourned until tomorrow.") inside a long one says nothing about copying, whatever its share.
        """
        if self.tokens < config.link_min_words:
            return 0.0
        value = self.verbatim + config.paraphrase_weight * self.paraphrase + config.words_weight * self.words
        return min(1.0, value)

    def own_explained(self, *, config: ReuseConfig) -> float:
        """Return :meth:`explained` over the article's own text, the quotes both print left out."""
        if self.own_tokens < config.link_min_words:
            return 0.0
        value = (
            self.own_verbatim
            + config.paraphrase_weight * self.own_paraphrase
            + config.words_weight * self.own_words
        )
        return min(1.0, value)


@dataclass(frozen=True, slots=True)
class PairEvidence:
    """What aligning two articles found: each side's shares, the passages, and the rare fingerprints shared."""

    a: Shares
    b: Shares
    passages: tuple[tuple[str, PassagePair], ...]  # (kind, passage), kinds as in KINDS
    fingerprints: tuple[Fingerprint, ...]  # fingerprints both hold (as found in a)
    altered_quotes: int  # shared quotes whose words differ
    rare_words: int = 0  # content words both use that at most candidate_max_df articles use


def sentence_similarity(
    first: Sequence[str], second: Sequence[str], idf: Mapping[str, float] | None = None
) -> float:
    """Return the IDF-weighted Dice overlap (0–1) of the content-word stems of two normalised sentences.

    ``idf`` maps a stem to its weight (1.0 for a stem it lacks). This is the paraphrase measure; its decision
    threshold (``ReuseConfig.paraphrase_threshold``) was chosen on MSRP, see ``benchmarks/eval_reuse.py``.
    """
    stems_a = frozenset(stem(word) for word in first if is_content(word))
    stems_b = frozenset(stem(word) for word in second if is_content(word))
    return _dice(stems_a, stems_b, idf or {})


def _dice(stems_a: frozenset[str], stems_b: frozenset[str], idf: Mapping[str, float]) -> float:
    if not stems_a or not stems_b:
        return 0.0
    shared = sum(idf.get(s, 1.0) for s in stems_a & stems_b)
    if not shared:
        return 0.0
    total = sum(idf.get(s, 1.0) for s in stems_a) + sum(idf.get(s, 1.0) for s in stems_b)
    return 2.0 * shared / total


def compare_articles(
    first: Article, second: Article, *, stats: CorpusStats, config: ReuseConfig | None = None
) -> PairEvidence:
    """Return what two articles share: passages, per-side shares and rare fingerprints."""
    config = config or ReuseConfig()
    return align_pair(prepare(first, stats, config), prepare(second, stats, config), stats, config)


def align_pair(a: Prepared, b: Prepared, stats: CorpusStats, config: ReuseConfig) -> PairEvidence:
    """Return what two prepared articles share (see :func:`compare_articles`)."""
    marks_a = bytearray(len(a.words))
    marks_b = bytearray(len(b.words))
    passages: list[tuple[str, PassagePair]] = []

    # 1. Near-exact sentences: rapidfuzz ratio on normalised sentences, one-to-one, runs merged.
    sentence_pairs = _verbatim_sentences(a, b, stats, config)
    for (i, last_i), (j, last_j), score in _merge_runs(sentence_pairs):
        first_a, last_a = a.sentences[i][0], a.sentences[last_i][1]
        first_b, last_b = b.sentences[j][0], b.sentences[last_j][1]
        marks_a[first_a:last_a] = bytes([_VERBATIM]) * (last_a - first_a)
        marks_b[first_b:last_b] = bytes([_VERBATIM]) * (last_b - first_b)
        span_a = Span(a.article.id, a.sentence_spans[i][0], a.sentence_spans[last_i][1])
        span_b = Span(b.article.id, b.sentence_spans[j][0], b.sentence_spans[last_j][1])
        passages.append(("verbatim", PassagePair(span_a, span_b, round(score, 4))))
    matched_a = {i for i, _, _ in sentence_pairs}
    matched_b = {j for _, j, _ in sentence_pairs}

    # 2. Verbatim fragments inside other sentences: greedy string tiling, small gaps bridged.
    for first_a, last_a, first_b, last_b, matched in _fragments(a, b, marks_a, marks_b, stats, config):
        if _plain_words(a, first_a, last_a) < config.fragment_min_words or not _same_facts(
            a, a.sentence_of[first_a], b, b.sentence_of[first_b]
        ):
            continue
        marks_a[first_a:last_a] = bytes([_VERBATIM]) * (last_a - first_a)
        marks_b[first_b:last_b] = bytes([_VERBATIM]) * (last_b - first_b)
        score = matched / max(last_a - first_a, last_b - first_b)
        passages.append(("verbatim", _passage(a, b, first_a, last_a, first_b, last_b, score)))

    # 3. Paraphrased sentences among the rest, one-to-one by similarity.
    for i, j, score in _paraphrases(a, b, matched_a, matched_b, config):
        for marks, (first, last) in ((marks_a, a.sentences[i]), (marks_b, b.sentences[j])):
            for index in range(first, last):
                marks[index] = marks[index] or _PARAPHRASE
        span_a = Span(a.article.id, *a.sentence_spans[i])
        span_b = Span(b.article.id, *b.sentence_spans[j])
        passages.append(("paraphrase", PassagePair(span_a, span_b, round(score, 4))))

    # 4. Shared quotes, identical or altered.
    quotes_a = bytearray(len(a.words))
    quotes_b = bytearray(len(b.words))
    altered = 0
    for (first_a, last_a), (first_b, last_b), score in _shared_quotes(a, b, config):
        quotes_a[first_a:last_a] = b"\x01" * (last_a - first_a)
        quotes_b[first_b:last_b] = b"\x01" * (last_b - first_b)
        altered += score < 1.0
        passages.append(("shared_quote", _passage(a, b, first_a, last_a, first_b, last_b, score)))

    shared = [found[0] for value, found in a.fingerprints.items() if value in b.fingerprints]
    return PairEvidence(
        a=_shares(a, marks_a, quotes_a, b.stem_set),
        b=_shares(b, marks_b, quotes_b, a.stem_set),
        passages=tuple(sorted(passages, key=lambda item: (item[1].a.start, item[1].b.start, item[0]))),
        fingerprints=tuple(sorted(shared, key=lambda f: (f.kind, f.start, f.key))),
        altered_quotes=altered,
        rare_words=len(a.rare_stems & b.rare_stems),
    )


def _shares(doc: Prepared, marks: bytearray, quotes: bytearray, other_stems: frozenset[str]) -> Shares:
    if not doc.total:
        return Shares()
    # A sentence that holds a shared quote is quoting: the words aligned around the quote in it, verbatim or
    # paraphrased, are its attribution ("ministry spokeswoman Marloes Verbeek said", "the company's chief
    # executive said in a statement") and belong to the quote. Text shared in other sentences stays reporting.
    # The sentences a shared quote runs through, and the one right after it ("…!” Trump said.").
    quoting = {
        doc.sentence_of[index]
        for first, last in doc.quote_tokens
        if any(quotes[first:last])
        for index in range(first, min(last + 1, len(doc.sentence_of)))
    }
    # [verbatim, paraphrase, other shared words, not shared] weights, over all content words and over own text.
    every = [0.0, 0.0, 0.0, 0.0]
    own = [0.0, 0.0, 0.0, 0.0]
    quote = outside = 0.0
    tokens = own_tokens = 0
    for index, word_stem in enumerate(doc.content_stems):
        if word_stem is None:
            continue
        weight = doc.weights[index]
        mark = marks[index]
        kind = 0 if mark == _VERBATIM else 1 if mark == _PARAPHRASE else 2 if word_stem in other_stems else 3
        every[kind] += weight
        tokens += kind < 3
        if quotes[index] or (mark and doc.sentence_of[index] in quoting):
            quote += weight
            continue
        own[kind] += weight
        own_tokens += kind < 3
        if mark:
            outside += weight
    return Shares(
        verbatim=every[0] / doc.total,
        paraphrase=every[1] / doc.total,
        words=every[2] / doc.total,
        quote=quote / doc.total,
        outside_quotes=outside / doc.total,
        tokens=tokens,
        own_verbatim=own[0] / doc.total,
        own_paraphrase=own[1] / doc.total,
        own_words=own[2] / doc.total,
        own_tokens=own_tokens,
    )


def _same_facts(a: Prepared, i: int, b: Prepared, j: int) -> bool:
    """Return False when two sentences both state numbers and share none of them: that is a template filled
    with other facts ("Qtly div six cts vs six cts prior" / "Qtly div 10 cts vs 10 cts prior"; "sales for
    the four weeks ended February 28 were up 25.7 pct" / "... February 27 were up seven pct"), not a copy."""
    return not (a.numbers[i] and b.numbers[j] and a.numbers[i].isdisjoint(b.numbers[j]))


def _plain_words(doc: Prepared, first: int, last: int) -> int:
    """Return how many content words of a token range are not capitalised: names ("Danish Prime Minister
    Mette Frederiksen", "the Ministry of Climate and Green Growth") are written alike by independent reports,
    so a fragment made of names is no evidence of copying."""
    text = doc.article.text
    return sum(
        1 for index in range(first, last) if doc.weights[index] and not text[doc.tokens[index][1]].isupper()
    )


def _verbatim_sentences(
    a: Prepared, b: Prepared, stats: CorpusStats, config: ReuseConfig
) -> list[tuple[int, int, float]]:
    """Return one-to-one (sentence of a, sentence of b, ratio) pairs that are near-exact copies.

    A sentence made only of stock phrases ("The case was adjourned until tomorrow.") is left out.
    """
    if not a.sentences or not b.sentences:
        return []
    texts_a, texts_b = a.sentence_texts, b.sentence_texts
    cutoff = 100.0 * config.verbatim_ratio
    matrix = cdist(texts_a, texts_b, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32)
    found = []
    rows, columns = np.nonzero(matrix)
    for i, j in zip(rows.tolist(), columns.tolist(), strict=True):
        first, last = a.sentences[i]
        if last - first >= config.sentence_min_words and not a.stock[i] and _same_facts(a, i, b, j):
            found.append((float(matrix[i, j]) / 100.0, i, j))
    return _one_to_one(found)


_P = TypeVar("_P", int, tuple[int, int])


def _one_to_one(found: list[tuple[float, _P, _P]]) -> list[tuple[_P, _P, float]]:
    """Return the best-scoring pairs such that no item of either side is used twice, in item order."""
    used_a: set[_P] = set()
    used_b: set[_P] = set()
    pairs = []
    for score, i, j in sorted(found, key=lambda item: (-item[0], item[1], item[2])):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j, score))
    return sorted(pairs)


def _merge_runs(
    pairs: list[tuple[int, int, float]],
) -> Iterator[tuple[tuple[int, int], tuple[int, int], float]]:
    """Merge sentence pairs that follow each other in both articles: ((first, last) of a, of b, mean score)."""
    run: list[tuple[int, int, float]] = []

    def close() -> tuple[tuple[int, int], tuple[int, int], float]:
        score = sum(item[2] for item in run) / len(run)
        return (run[0][0], run[-1][0]), (run[0][1], run[-1][1]), score

    for pair in pairs:
        if run and not (pair[0] == run[-1][0] + 1 and pair[1] == run[-1][1] + 1):
            yield close()
            run = []
        run.append(pair)
    if run:
        yield close()


def _fragments(
    a: Prepared,
    b: Prepared,
    covered_a: bytearray,
    covered_b: bytearray,
    stats: CorpusStats,
    config: ReuseConfig,
) -> Iterator[tuple[int, int, int, int, int]]:
    """Yield (first_a, last_a, first_b, last_b, matched tokens) of verbatim fragments outside covered text.

    Greedy string tiling (Wise 1993; the METER work, Clough et al. 2002): take the longest common token run
    first, then the next longest among unmarked tokens, down to ``config.tile_min_words``. Tiles made only of
    common shingles (stock phrases) are dropped; tiles that follow each other in both texts with at most
    ``config.tile_gap`` tokens between them are merged, which tolerates small edits.
    """
    size = config.tile_min_words
    heap: list[tuple[int, int, int]] = []
    words_a, words_b = a.words, b.words
    for gram in a.grams.keys() & b.grams.keys():
        for i in a.grams[gram]:
            if any(covered_a[i : i + size]):
                continue
            for j in b.grams[gram]:
                if any(covered_b[j : j + size]):
                    continue
                if (
                    i
                    and j
                    and words_a[i - 1] == words_b[j - 1]
                    and not covered_a[i - 1]
                    and not covered_b[j - 1]
                ):
                    continue  # not the start of a maximal match
                length = size
                while (
                    i + length < len(words_a)
                    and j + length < len(words_b)
                    and words_a[i + length] == words_b[j + length]
                    and not covered_a[i + length]
                    and not covered_b[j + length]
                ):
                    length += 1
                heapq.heappush(heap, (-length, i, j))
    marked_a = bytearray(len(a.words))
    marked_b = bytearray(len(b.words))
    tiles: list[tuple[int, int, int]] = []
    while heap:
        negative, i, j = heapq.heappop(heap)
        length = -negative
        free = [not marked_a[i + t] and not marked_b[j + t] for t in range(length)]
        if all(free):
            if _is_evidence(a.words[i : i + length], stats, config):
                marked_a[i : i + length] = b"\x01" * length
                marked_b[j : j + length] = b"\x01" * length
                tiles.append((i, j, length))
            continue
        start = None
        for t in [*range(length), length]:
            if t < length and free[t]:
                start = t if start is None else start
            elif start is not None:
                if t - start >= size:
                    heapq.heappush(heap, (-(t - start), i + start, j + start))
                start = None
    tiles.sort()
    merged: list[list[int]] = []
    for i, j, length in tiles:
        if merged:
            last = merged[-1]
            gap_a, gap_b = i - last[1], j - last[3]
            if 0 <= gap_a <= config.tile_gap and 0 <= gap_b <= config.tile_gap:
                last[1], last[3], last[4] = i + length, j + length, last[4] + length
                continue
        merged.append([i, i + length, j, j + length, length])
    yield from ((run[0], run[1], run[2], run[3], run[4]) for run in merged)


# A word of zipf 4 (10 per million, weight 4.0: "statement" 5.0, "court" 5.4, "adjourned" 3.3, "pipeline" 4.2)
# or commoner can make a stock phrase; a rarer one cannot.
STOCK_MAX_WEIGHT = 4.0


def _is_evidence(words: Sequence[str], stats: CorpusStats, config: ReuseConfig) -> bool:
    """Return whether a common run of words says anything: some shingle in it is not a stock phrase.

    A stock phrase is a shingle of common English words ("said in a statement", "the case was") that many
    articles hold. A shingle with a rarer word ("the Harwick plant", "was adjourned until") is never one, however
    many articles hold it: twenty copies of one wire story share all their shingles, and are copies.
    """
    size = config.shingle_words
    for index in range(len(words) - size + 1):
        gram = words[index : index + size]
        content = [word for word in gram if is_content(word)]
        if content and (
            max(word_weight(word) for word in content) > STOCK_MAX_WEIGHT
            or not stats.is_common(stats.shingles.get(hash_key(" ".join(gram)), 0), config=config)
        ):
            return True
    return False


def _paraphrases(
    a: Prepared, b: Prepared, matched_a: set[int], matched_b: set[int], config: ReuseConfig
) -> list[tuple[int, int, float]]:
    """Return one-to-one (sentence of a, sentence of b, similarity) pairs judged paraphrases (stock sentences
    left out)."""
    found = []
    sentences_b = [
        (j, b.stems[j], b.stem_weights[j])
        for j, (first, last) in enumerate(b.sentences)
        if j not in matched_b and last - first >= config.sentence_min_words and b.stems[j] and not b.stock[j]
    ]
    idf = a.idf  # a stem weighs the same in both unless the two use other forms of it: a's weights count
    for i, (first, last) in enumerate(a.sentences):
        stems_a = a.stems[i]
        if i in matched_a or last - first < config.sentence_min_words or not stems_a or a.stock[i]:
            continue
        weight_a = a.stem_weights[i]
        for j, stems_b, weight_b in sentences_b:
            shared = stems_a & stems_b
            if not shared or not _same_facts(a, i, b, j):
                continue
            score = 2.0 * sum(idf[s] for s in shared) / (weight_a + weight_b)
            if score >= config.paraphrase_threshold:
                found.append((score, i, j))
    return _one_to_one(found)


def _shared_quotes(
    a: Prepared, b: Prepared, config: ReuseConfig
) -> list[tuple[tuple[int, int], tuple[int, int], float]]:
    """Return (quote of a, quote of b, similarity) for quotes that are the same words, possibly altered."""
    size = config.tile_min_words
    found = []
    for first_a, last_a in a.quote_tokens:
        if last_a - first_a < config.quote_min_words:
            continue
        words_a = a.words[first_a:last_a]
        grams_a = {tuple(words_a[i : i + size]) for i in range(len(words_a) - size + 1)}
        text_a = " ".join(words_a)
        for first_b, last_b in b.quote_tokens:
            if last_b - first_b < config.quote_min_words:
                continue
            words_b = b.words[first_b:last_b]
            # Quotes that share no run of tile_min_words words are not the same quote; skip the costly ratios.
            if not any(tuple(words_b[j : j + size]) in grams_a for j in range(len(words_b) - size + 1)):
                continue
            text_b = " ".join(words_b)
            # The same words, or one quote cut from the other ("the ships, the sites and the suppliers lined
            # up" from "We have the ships, ..."): shared, not altered.
            if text_a == text_b or f" {text_a} " in f" {text_b} " or f" {text_b} " in f" {text_a} ":
                found.append((1.0, (first_a, last_a), (first_b, last_b)))
                continue
            ratio = fuzz.ratio(text_a, text_b) / 100.0
            partial = fuzz.partial_ratio(text_a, text_b) / 100.0
            score = max(ratio, partial if partial >= config.quote_partial_ratio else 0.0)
            if score >= config.quote_ratio:
                found.append((min(score, 0.999), (first_a, last_a), (first_b, last_b)))
    return _one_to_one(found)


def _passage(
    a: Prepared, b: Prepared, first_a: int, last_a: int, first_b: int, last_b: int, score: float
) -> PassagePair:
    return PassagePair(
        a=Span(a.article.id, a.tokens[first_a][1], a.tokens[last_a - 1][2]),
        b=Span(b.article.id, b.tokens[first_b][1], b.tokens[last_b - 1][2]),
        score=round(score, 4),
    )
