"""Find which articles reuse which other articles' text, with the aligned passages, a score and a direction.

This is what turns "five outlets say X" into "one source, copied four times". It runs in two steps, as
DESIGN.md's reuse stage describes, so that no step holds all texts at once:

1. Per article, :func:`sketch_article` (the stage :func:`add_sketch`) reduces the cleaned text to a
   :class:`~crossfact.model.Sketch`: the MinHash of its word 3-gram shingles (after folding case, quote marks,
   punctuation, "%"/"per cent"), and the hashes of its shingles, content words and *fingerprints*: quoted
   words, multi-word names ("Sanai Takwati") and numbers (the change "27.5% → 15%", two amounts in one
   sentence, an amount with three or more significant digits). The sketch holds no text.
2. Across articles, :func:`find_reuse` takes candidate pairs from the sketches only, never all pairs:
   MinHash-LSH (:data:`~crossfact.config.ReuseConfig.lsh_bands`), every pair that shares a fingerprint few
   articles hold, and every pair that shares several such rare content words. Each candidate is verified by
   aligning the two texts (:func:`compare_articles`): near-exact sentences (rapidfuzz ratio on normalised
   sentences, runs merged), verbatim fragments inside reworded sentences (greedy string tiling, small gaps
   bridged), shared quotes (also altered ones), and paraphrased sentences (:func:`sentence_similarity`, an
   IDF-weighted overlap of content words, its threshold chosen on MSRP). The link score is the IDF-weighted
   share of the copy's content words that the source explains, raised a little by shared rare numbers;
   :func:`make_link` keeps the pairs that reach ``ReuseConfig.link_threshold`` and says, with evidence, who
   copied whom (:func:`decide_direction`).

Rarity is measured inside the analysed corpus: words are weighted by their inverse document frequency, and
sentences or fragments made only of common shingles (stock phrases such as "said in a statement") count for
nothing. Reprints of real news share only about 30 % of their word 3-grams (NEWS-COPY, Silcock et al. 2023),
hence the recall-first candidates and the paraphrase and word evidence; ``benchmarks/eval_reuse.py`` measures
all of it on METER and MSRP.
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import combinations
from typing import TypeVar

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH  # type: ignore[import-untyped]
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from crossfact.config import Config, ReuseConfig
from crossfact.model import Article, Corpus, Direction, PassagePair, ReuseLink, Sketch, Span
from crossfact.step import Resources, Step, setting

SKETCH_VERSION = 1
KINDS = ("verbatim", "paraphrase", "shared_quote")

# --- normalisation ------------------------------------------------------------------------------------------
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
_QUOTE_PATTERNS = (
    re.compile(r"“([^“”]{10,1200}?)”", re.DOTALL),
    re.compile(r'(?<![\w"])"([^"\n]{10,600}?(?:\n[^"\n]{0,600}?){0,2})"(?!\w)'),
    # Single marks are also apostrophes ("Japan’s"): a quote opens before a word and closes after one.
    re.compile(r"(?<!\w)‘(?=\w)(.{10,1200}?)(?<=[\w.,!?])’(?!\w)", re.DOTALL),
    re.compile(
        r"(?<![\w'])'(?=[A-Za-z])([^'\n]{10,600}?(?:[^\W_]'[^\W_][^'\n]{0,600}?)*(?:\n\n?[^'\n]{0,600}?)?)"
        r"(?<=[\w.,!?])'(?![A-Za-z])",
        re.DOTALL,
    ),
)
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW"})
# Without entity mentions (the entity stage did not run), a multi-word name is a run of capitalised words.
_CAPITALISED_RUN = re.compile(r"(?<![\w.])[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+")
_NUMBER_KINDS = frozenset({"money", "percent", "percent_point", "count", "number"})

Token = tuple[str, int, int]  # (normalised form, start, end) in the article's cleaned text
# Number words, so that "three cts" and "23 cts" count as different numbers (see _same_facts). "one" is left
# out: it is a pronoun as often as a number.
_NUMBER_WORDS = {
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


def _hash(text: str) -> int:
    # CRC32 is stable across processes and machines (Python's hash() is salted), and fast enough here.
    return zlib.crc32(text.encode("utf-8"))


def _pack(values: Iterable[int]) -> bytes:
    return np.asarray(sorted(set(values)), dtype="<u4").tobytes()


def _unpack(data: bytes) -> list[int]:
    values: list[int] = np.frombuffer(data, dtype="<u4").tolist()
    return values


def _identity(value: int) -> int:
    # Shingles are hashed once, by _hash; MinHash gets the hash values themselves.
    return value


# --- per article --------------------------------------------------------------------------------------------


def sketch_article(article: Article, *, config: ReuseConfig | None = None) -> Sketch:
    """Return the article's reuse sketch: MinHash and hashes of shingles, words and fingerprints, no text."""
    config = config or ReuseConfig()
    tokens = tokenize(article.text)
    words = [token[0] for token in tokens]
    shingles = set(_shingles(words, config.shingle_words))
    minhash = MinHash(num_perm=config.num_perm, seed=config.seed, hashfunc=_identity)
    if shingles:
        minhash.update_batch(sorted(shingles))
    content = {_hash(stem(word)) for word in words if is_content(word)}
    fingerprints = {_hash(fingerprint.key) for fingerprint in find_fingerprints(article, config=config)}
    return Sketch(
        article=article.id,
        version=SKETCH_VERSION,
        tokens=len(tokens),
        minhash=np.asarray(minhash.hashvalues, dtype="<u4").tobytes(),
        shingles=_pack(shingles),
        words=_pack(content),
        fingerprints=_pack(fingerprints),
    )


def add_sketch(article: Article, *, config: ReuseConfig | None = None) -> Article:
    """Return the article with its reuse sketch set: the per-article reuse stage."""
    return replace(article, sketch=sketch_article(article, config=config))


def _shingles(words: Sequence[str], size: int) -> Iterator[int]:
    """Yield the hash of every ``size``-word shingle that holds at least one content word."""
    for index in range(len(words) - size + 1):
        gram = words[index : index + size]
        if any(is_content(word) for word in gram):
            yield _hash(" ".join(gram))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One piece of rare evidence in one article: its kind, its hash key and the words that show it."""

    kind: str  # quote, name, number
    key: str
    label: str
    start: int
    end: int


def find_fingerprints(article: Article, *, config: ReuseConfig | None = None) -> list[Fingerprint]:
    """Return the article's fingerprints: quotes (whole, head, tail), multi-word names and numbers."""
    config = config or ReuseConfig()
    found: list[Fingerprint] = []
    text = article.text
    for start, end in find_quotes(text):
        words = [token[0] for token in tokenize(text[start:end])]
        if len(words) < config.quote_min_words:
            continue
        label = text[start:end]
        found.append(Fingerprint("quote", "q:" + " ".join(words), label, start, end))
        head, tail = " ".join(words[:4]), " ".join(words[-4:])
        found.append(Fingerprint("quote", "qh:" + head, label, start, end))
        found.append(Fingerprint("quote", "qt:" + tail, label, start, end))
    names = [(m.start, m.end) for m in article.mentions if m.label in _NAME_LABELS]
    if not article.mentions:
        names = [(m.start(), m.end()) for m in _CAPITALISED_RUN.finditer(text)]
    for start, end in names:
        words = [token[0] for token in tokenize(text[start:end])]
        if len(words) >= 2 and sum(is_content(word) for word in words) >= 2:
            found.append(Fingerprint("name", "n:" + " ".join(words), text[start:end], start, end))
    found.extend(_number_fingerprints(article))
    return found


def find_quotes(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of the words inside each pair of quote marks (“…”, "…", ‘…’, '…')."""
    spans: list[tuple[int, int]] = []
    for pattern in _QUOTE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if not any(start < e and s < end for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def _number_key(kind: str, value: float, unit: str | None) -> str:
    return f"{kind}:{value:g}:{unit or ''}"


def _significant_digits(value: float) -> int:
    """Return how many significant digits a value is written with: 3 for 27.5 and 100.2e6, 2 for 1.5e6."""
    mantissa = f"{abs(value):.6e}".split("e")[0]
    return len(mantissa.replace(".", "").rstrip("0")) if value else 0


def _number_fingerprints(article: Article) -> Iterator[Fingerprint]:
    """Yield the numbers an independent writer would be unlikely to repeat by chance: a change ("from 27.5% to
    15%"), a sum of money or a percentage ("$2 billion"), another amount with three or more significant digits
    ("40,500 tonnes"), two amounts in one sentence. Common ones are left out by their document frequency."""
    by_id = {quantity.id: quantity for quantity in article.quantities}
    text = article.text
    starts = [sentence.start for sentence in article.sentences]
    in_sentence: dict[int, dict[str, str]] = {}
    for quantity in article.quantities:
        label = text[quantity.start : quantity.end]
        if quantity.kind == "change" and quantity.change_from in by_id and quantity.change_to in by_id:
            before, after = by_id[quantity.change_from], by_id[quantity.change_to]
            key = f"c:{_number_key(before.kind, before.value, before.unit)}>"
            key += _number_key(after.kind, after.value, after.unit)
            yield Fingerprint("number", key, label, quantity.start, quantity.end)
            continue
        if quantity.kind not in _NUMBER_KINDS:
            continue
        key = _number_key(quantity.kind, quantity.value, quantity.unit)
        if quantity.kind in ("money", "percent") or _significant_digits(quantity.value) >= 3:
            yield Fingerprint("number", "v:" + key, label, quantity.start, quantity.end)
        sentence = bisect.bisect_right(starts, quantity.start) - 1
        in_sentence.setdefault(sentence, {}).setdefault(key, label)
    for found in in_sentence.values():
        for first, second in combinations(sorted(found), 2):
            yield Fingerprint("number", f"p:{first}+{second}", f"{found[first]} + {found[second]}", 0, 0)


# --- across articles: candidates ----------------------------------------------------------------------------


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
        shingles.update(_unpack(sketch.shingles))
        words.update(_unpack(sketch.words))
        fingerprints.update(_unpack(sketch.fingerprints))
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
        for value in _unpack(sketch.fingerprints):
            if 2 <= stats.fingerprints.get(value, 0) <= config.candidate_max_df:
                holders.setdefault(value, []).append(sketch.article)
    for members in holders.values():
        for first, second in combinations(members, 2):
            add(first, second, "fingerprint")
    shared_words: Counter[tuple[str, str]] = Counter()
    word_holders: dict[int, list[str]] = {}
    for sketch in sketches:
        for value in _unpack(sketch.words):
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


# --- across articles: alignment -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    """One article prepared for alignment: tokens, sentences, quotes, weights and fingerprints, made once."""

    article: Article
    tokens: list[Token]
    words: list[str]
    content_stems: list[str | None]  # the stem of each content token, None for function words
    weights: list[float]  # the IDF of each token's stem, 0.0 for function words
    total: float  # the sum of the weights
    idf: dict[str, float]  # the IDF of each content stem
    stem_set: frozenset[str]
    rare_stems: frozenset[str]  # content stems held by at most candidate_max_df articles
    sentences: list[tuple[int, int]]  # token ranges [first, last) of each sentence
    sentence_spans: list[tuple[int, int]]  # character ranges of the same sentences
    sentence_of: list[int]  # the sentence index of each token
    stems: list[frozenset[str]]  # the content stems of each sentence
    stem_weights: list[float]  # the IDF sum of each sentence's stems
    sentence_texts: list[str]  # each sentence's normalised words, joined by spaces
    stock: list[bool]  # whether a sentence is made of stock phrases only
    numbers: list[frozenset[str]]  # the numbers written in digits in each sentence
    quote_tokens: list[tuple[int, int]]  # token ranges of quotes
    grams: dict[tuple[str, ...], list[int]]  # start of every tile-sized run of tokens
    fingerprints: dict[int, list[Fingerprint]] = field(default_factory=dict)


def _prepare(article: Article, stats: CorpusStats, config: ReuseConfig) -> _Doc:
    tokens = tokenize(article.text)
    words = [token[0] for token in tokens]
    starts = [token[1] for token in tokens]
    content_stems = [stem(word) if is_content(word) else None for word in words]
    idf: dict[str, float] = {}
    weights = []
    for word_stem in content_stems:
        if word_stem is None:
            weights.append(0.0)
            continue
        value = idf.get(word_stem)
        if value is None:
            value = idf[word_stem] = stats.idf(max(1, stats.words.get(_hash(word_stem), 1)))
        weights.append(value)
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
    for start, end in find_quotes(article.text):
        first, last = _token_range(starts, start, end)
        if last > first:
            quote_tokens.append((first, last))
    size = config.tile_min_words
    grams: dict[tuple[str, ...], list[int]] = {}
    for index in range(len(words) - size + 1):
        grams.setdefault(tuple(words[index : index + size]), []).append(index)
    fingerprints: dict[int, list[Fingerprint]] = {}
    for fingerprint in find_fingerprints(article, config=config):
        fingerprints.setdefault(_hash(fingerprint.key), []).append(fingerprint)
    return _Doc(
        article=article,
        tokens=tokens,
        words=words,
        content_stems=content_stems,
        weights=weights,
        total=sum(weights),
        idf=idf,
        stem_set=frozenset(idf),
        rare_stems=frozenset(s for s in idf if stats.words.get(_hash(s), 0) <= config.candidate_max_df),
        sentences=sentences,
        sentence_spans=sentence_spans,
        sentence_of=sentence_of,
        stems=stems,
        stem_weights=[sum(idf[s] for s in sentence) for sentence in stems],
        sentence_texts=[" ".join(words[first:last]) for first, last in sentences],
        stock=[not _is_evidence(words[first:last], stats, config) for first, last in sentences],
        numbers=[
            frozenset(
                _NUMBER_WORDS.get(w, w) for w in words[first:last] if w[0].isdigit() or w in _NUMBER_WORDS
            )
            for first, last in sentences
        ],
        quote_tokens=quote_tokens,
        grams=grams,
        fingerprints=fingerprints,
    )


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
    """How much of one article the other explains, as IDF-weighted shares (0–1) of its content words.

    ``verbatim``: inside near-exact sentences and verbatim fragments; ``paraphrase``: inside paraphrased
    sentences (and not verbatim); ``words``: elsewhere, but the other article uses the same word; ``quote``:
    inside quotes the other article shares (these words are also counted in the first three). ``outside_quotes``
    is verbatim plus paraphrase without the shared quotes. ``tokens`` counts the content words in the first
    three, unweighted.
    """

    verbatim: float = 0.0
    paraphrase: float = 0.0
    words: float = 0.0
    quote: float = 0.0
    outside_quotes: float = 0.0
    tokens: int = 0

    def explained(self, *, config: ReuseConfig) -> float:
        """Return the share of this article explained by the other: the link score from this side.

        Below ``config.link_min_words`` shared content words it is 0.0: a one-line text ("The hearing was
        adjourned until tomorrow.") inside a long one says nothing about copying, whatever its share.
        """
        if self.tokens < config.link_min_words:
            return 0.0
        value = self.verbatim + config.paraphrase_weight * self.paraphrase + config.words_weight * self.words
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
    """Align two articles and return what they share: passages, per-side shares and rare fingerprints."""
    config = config or ReuseConfig()
    return _compare(_prepare(first, stats, config), _prepare(second, stats, config), stats, config)


_VERBATIM, _PARAPHRASE = 1, 2  # marks on tokens; 0 is not aligned
# Evidence lines name a shared fingerprint "rare" from this rarity up: held by 2 of 5 articles (1.0), or 3 of 5
# (0.58, left out); 4 of 8 (0.54, left out); 20 of 834 (0.67).
_RARE = 0.6


def _compare(a: _Doc, b: _Doc, stats: CorpusStats, config: ReuseConfig) -> PairEvidence:
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


def _shares(doc: _Doc, marks: bytearray, quotes: bytearray, other_stems: frozenset[str]) -> Shares:
    if not doc.total:
        return Shares()
    # A paraphrased sentence that holds a shared quote is quoting: its attribution ("ministry spokeswoman
    # Marloes Verbeek said") belongs to the quote. A verbatim fragment beside the quote stays copied reporting.
    quoting = {doc.sentence_of[first] for first, last in doc.quote_tokens if any(quotes[first:last])}
    verbatim = paraphrase = words = quote = outside = 0.0
    tokens = 0
    for index, word_stem in enumerate(doc.content_stems):
        if word_stem is None:
            continue
        weight = doc.weights[index]
        mark = marks[index]
        if mark == _VERBATIM:
            verbatim += weight
        elif mark == _PARAPHRASE:
            paraphrase += weight
        elif word_stem in other_stems:
            words += weight
        else:
            tokens -= 1
        tokens += 1
        if quotes[index] or (mark == _PARAPHRASE and doc.sentence_of[index] in quoting):
            quote += weight
        elif mark:
            outside += weight
    return Shares(
        verbatim=verbatim / doc.total,
        paraphrase=paraphrase / doc.total,
        words=words / doc.total,
        quote=quote / doc.total,
        outside_quotes=outside / doc.total,
        tokens=tokens,
    )


def _same_facts(a: _Doc, i: int, b: _Doc, j: int) -> bool:
    """Return False when two sentences both state numbers and share none of them: that is a template filled
    with other facts ("Qtly div six cts vs six cts prior" / "Qtly div 10 cts vs 10 cts prior"; "sales for
    the four weeks ended February 28 were up 25.7 pct" / "... February 27 were up seven pct"), not a copy."""
    return not (a.numbers[i] and b.numbers[j] and a.numbers[i].isdisjoint(b.numbers[j]))


def _plain_words(doc: _Doc, first: int, last: int) -> int:
    """Return how many content words of a token range are not capitalised: names ("Danish Prime Minister
    Mette Frederiksen", "the Ministry of Climate and Green Growth") are written alike by independent reports,
    so a fragment made of names is no evidence of copying."""
    text = doc.article.text
    return sum(
        1 for index in range(first, last) if doc.weights[index] and not text[doc.tokens[index][1]].isupper()
    )


def _verbatim_sentences(
    a: _Doc, b: _Doc, stats: CorpusStats, config: ReuseConfig
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
    a: _Doc, b: _Doc, covered_a: bytearray, covered_b: bytearray, stats: CorpusStats, config: ReuseConfig
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


def _is_evidence(words: Sequence[str], stats: CorpusStats, config: ReuseConfig) -> bool:
    """Return whether a common run of words says anything: some shingle in it is not a stock phrase."""
    size = config.shingle_words
    for index in range(len(words) - size + 1):
        gram = words[index : index + size]
        if any(is_content(word) for word in gram) and not stats.is_common(
            stats.shingles.get(_hash(" ".join(gram)), 0), config=config
        ):
            return True
    return False


def _paraphrases(
    a: _Doc, b: _Doc, matched_a: set[int], matched_b: set[int], config: ReuseConfig
) -> list[tuple[int, int, float]]:
    """Return one-to-one (sentence of a, sentence of b, similarity) pairs judged paraphrases (stock sentences
    left out)."""
    found = []
    sentences_b = [
        (j, b.stems[j], b.stem_weights[j])
        for j, (first, last) in enumerate(b.sentences)
        if j not in matched_b and last - first >= config.sentence_min_words and b.stems[j] and not b.stock[j]
    ]
    idf = a.idf  # an IDF is corpus-wide: the stems both hold weigh the same in a.idf and b.idf
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
    a: _Doc, b: _Doc, config: ReuseConfig
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
    a: _Doc, b: _Doc, first_a: int, last_a: int, first_b: int, last_b: int, score: float
) -> PassagePair:
    return PassagePair(
        a=Span(a.article.id, a.tokens[first_a][1], a.tokens[last_a - 1][2]),
        b=Span(b.article.id, b.tokens[first_b][1], b.tokens[last_b - 1][2]),
        score=round(score, 4),
    )


# --- across articles: links ---------------------------------------------------------------------------------


def find_reuse(articles: Sequence[Article], *, config: ReuseConfig | None = None) -> tuple[ReuseLink, ...]:
    """Return the verified reuse links between ``articles``, in input order of (a, b).

    Candidates come from the articles' sketches alone (``article.sketch``, made here if a stage did not);
    the texts of a pair are read only to align that pair.
    """
    config = config or ReuseConfig()
    sketches = [article.sketch or sketch_article(article, config=config) for article in articles]
    stats = corpus_stats(sketches)
    candidates = find_candidates(sketches, config=config, stats=stats)
    by_id = {article.id: article for article in articles}
    prepared: dict[str, _Doc] = {}

    def doc(article_id: str) -> _Doc:
        found = prepared.get(article_id)
        if found is None:
            found = prepared[article_id] = _prepare(by_id[article_id], stats, config)
        return found

    links = []
    for (first, second), reasons in candidates.items():
        evidence = _compare(doc(first), doc(second), stats, config)
        link = make_link(by_id[first], by_id[second], evidence, stats=stats, config=config, reasons=reasons)
        if link is not None:
            links.append(link)
    return tuple(links)


def make_link(
    a: Article,
    b: Article,
    evidence: PairEvidence,
    *,
    stats: CorpusStats,
    config: ReuseConfig | None = None,
    reasons: Sequence[str] = (),
) -> ReuseLink | None:
    """Return the reuse link two articles' alignment supports, or None when it is too weak to report.

    The score is the share of the copying article explained by the other (``Shares.explained``): of the later
    one when the direction is known, else the larger of the two, raised by shared rare numbers
    (:func:`fingerprint_bonus`). The link is reported when the score reaches ``config.link_threshold`` and
    the two texts have an aligned passage or share ``config.candidate_min_words`` rare words.
    """
    config = config or ReuseConfig()
    if not evidence.passages and evidence.rare_words < config.candidate_min_words:
        # Verified by alignment (DESIGN.md), or at least by rare words the two share: a short rewrite can
        # share no sentence with its source, but a template ("Qtly div 10 cts vs 10 cts prior") shares only
        # words every such notice has.
        return None
    direction, direction_evidence = decide_direction(a, b, evidence)
    share_a = evidence.a.explained(config=config)
    share_b = evidence.b.explained(config=config)
    if direction == "a->b":
        score = share_b
    elif direction == "b->a":
        score = share_a
    else:
        score = max(share_a, share_b)
    score = 1.0 - (1.0 - score) * (1.0 - fingerprint_bonus(evidence, stats=stats, config=config))
    if score < config.link_threshold:
        return None
    lines = [*_share_evidence(evidence, config), *_fingerprint_evidence(evidence, stats), *direction_evidence]
    if reasons:
        lines.append("candidate from " + ", ".join(reasons))
    return ReuseLink(
        a=a.id,
        b=b.id,
        score=round(score, 4),
        kind=_kind(evidence, direction),
        direction=direction,
        passages=tuple(passage for _, passage in evidence.passages),
        evidence=tuple(lines),
    )


def _kind(evidence: PairEvidence, direction: str) -> str:
    """Return what the reuse mostly is: verbatim, paraphrase, or shared quotes and little else."""
    side = evidence.a if direction == "b->a" else evidence.b
    if direction == "unknown":
        side = max(evidence.a, evidence.b, key=lambda shares: shares.verbatim + shares.paraphrase)
    if side.quote >= side.outside_quotes and any(kind == "shared_quote" for kind, _ in evidence.passages):
        return "shared_quote"
    # A link without aligned sentences (shared vocabulary only) is a loose rewrite: paraphrase.
    return "verbatim" if side.verbatim > side.paraphrase else "paraphrase"


def decide_direction(a: Article, b: Article, evidence: PairEvidence) -> tuple[Direction, tuple[str, ...]]:
    """Return who copied whom ("a->b": b reuses a) and the evidence, strongest first.

    Publication dates decide when both are known and differ. Otherwise, in this order: a text that names the
    other's outlet is the copy ("(North Sea Wire)" in a reprint); a text whose aligned passages say
    "yesterday" or "last night" where the other's say "today" or "tonight" is the later one. Containment is
    not used: a short wire snap lies wholly inside the longer article written from it, so "the contained
    text is the copy" points the wrong way as often as not (METER, dates withheld: right for 43 % of the
    derived links; 1 right and 3 wrong even where one text is wholly contained). The evidence lines still
    say how much of each text the other explains.
    """
    votes: list[tuple[Direction, str]] = []
    if a.published is not None and b.published is not None and a.published != b.published:
        if a.published < b.published:
            votes.append(("a->b", f"a published {a.published} < b {b.published}"))
        else:
            votes.append(("b->a", f"b published {b.published} < a {a.published}"))
    credit = _credits(a, b)
    if credit:
        votes.append(credit)
    shift = _time_shift(a, b, evidence)
    if shift:
        votes.append(shift)
    if not votes:
        return "unknown", ()
    return votes[0][0], tuple(f"direction: {line}" for _, line in votes)


def _credits(a: Article, b: Article) -> tuple[Direction, str] | None:
    """Return a direction vote when one text names the other's outlet and not the reverse."""
    names_a = _names_outlet(b.text, a.source) and a.source != b.source
    names_b = _names_outlet(a.text, b.source) and a.source != b.source
    if names_a and not names_b:
        return "a->b", f"b names a's outlet '{a.source}'"
    if names_b and not names_a:
        return "b->a", f"a names b's outlet '{b.source}'"
    return None


# Deictic time words a later report shifts when it retells an earlier one (PA copy "jailed today" becomes the
# next day's paper "jailed yesterday"). On METER, dates withheld, it decides 98 of 774 derived links, all right.
_EARLIER_DAY = re.compile(r"\b(?:today|tonight)\b", re.IGNORECASE)
_LATER_DAY = re.compile(r"\b(?:yesterday|last night)\b", re.IGNORECASE)


def _time_shift(a: Article, b: Article, evidence: PairEvidence) -> tuple[Direction, str] | None:
    """Return a direction vote when aligned passages move from "today"/"tonight" to "yesterday"/"last night"."""
    votes = 0
    for _, passage in evidence.passages:
        text_a, text_b = passage.a.text_in(a.text), passage.b.text_in(b.text)
        if _EARLIER_DAY.search(text_a) and _LATER_DAY.search(text_b):
            votes += 1
        elif _LATER_DAY.search(text_a) and _EARLIER_DAY.search(text_b):
            votes -= 1
    if votes > 0:
        return "a->b", "aligned passages say 'today' in a where b says 'yesterday'"
    if votes < 0:
        return "b->a", "aligned passages say 'today' in b where a says 'yesterday'"
    return None


def _names_outlet(text: str, outlet: str | None) -> bool:
    # Case-sensitive and whole words: an outlet is a proper name ("North Sea Wire"); "Times" must not match
    # "three times", and two-letter agency codes ("PA") are too ambiguous to count.
    if not outlet or len(outlet) < 3 or not outlet[0].isupper():
        return False
    return re.search(rf"(?<!\w){re.escape(outlet)}(?!\w)", text) is not None


def _share_evidence(evidence: PairEvidence, config: ReuseConfig) -> list[str]:
    lines = []
    for name, other, shares in (("a", "b", evidence.a), ("b", "a", evidence.b)):
        parts = [
            f"{value:.0%} {what}"
            for value, what in (
                (shares.verbatim, "verbatim"),
                (shares.paraphrase, "paraphrased"),
                (shares.words, "other shared words"),
                (shares.quote, "in shared quotes"),
            )
            if value >= 0.005
        ]
        lines.append(
            f"{shares.explained(config=config):.0%} of {name} is found in {other}"
            + (f" ({', '.join(parts)}; IDF-weighted content words)" if parts else "")
        )
    if evidence.altered_quotes:
        lines.append(f"{evidence.altered_quotes} shared quote(s) with altered words")
    if not evidence.passages:
        lines.append(f"no aligned passage; {evidence.rare_words} shared rare words")
    return lines


def _shared_fingerprints(
    evidence: PairEvidence, stats: CorpusStats
) -> dict[tuple[str, str], tuple[float, int]]:
    """Return (kind, label) → (rarity, articles holding it) of the shared fingerprints, the rarest key each."""
    found: dict[tuple[str, str], tuple[float, int]] = {}
    for fingerprint in evidence.fingerprints:
        label = " ".join(fingerprint.label.split())
        df = stats.fingerprints.get(_hash(fingerprint.key), 0)
        rarity = stats.rarity(df)
        if rarity > found.get((fingerprint.kind, label), (-1.0, 0))[0]:
            found[(fingerprint.kind, label)] = (rarity, df)
    return found


def fingerprint_bonus(
    evidence: PairEvidence, *, stats: CorpusStats, config: ReuseConfig | None = None
) -> float:
    """Return what the shared fingerprints add to a link's score: a weight per kind times its rarity, capped."""
    config = config or ReuseConfig()
    weights = {"quote": config.quote_weight, "name": config.name_weight, "number": config.number_weight}
    total = sum(
        weights[kind] * rarity for (kind, _), (rarity, _) in _shared_fingerprints(evidence, stats).items()
    )
    return min(config.fingerprint_cap, total)


def _fingerprint_evidence(evidence: PairEvidence, stats: CorpusStats) -> list[str]:
    lines = []
    for (kind, label), (rarity, df) in _shared_fingerprints(evidence, stats).items():
        if rarity >= _RARE:
            lines.append(f"shared rare {kind} '{label}' (in {df} of {stats.articles} articles)")
    return lines


def _build_sketch(config: Config, resources: Resources) -> Callable[[Article], Article]:
    return partial(add_sketch, config=config.reuse)


# The per-article half: the sketch holds no text, only hashes (the search and the sketch share ReuseConfig).
SKETCH_STEP: Step[Article] = Step(
    "sketch",
    "article",
    _build_sketch,
    requires=("article.text", "article.sentences", "article.mentions", "article.quantities"),
    assigns=("article.sketch",),
    section="reuse",
    method="minhash+fingerprints",
)
# The cross-article half: candidates from the sketches, each verified by aligning the two texts.
STEP: Step[Corpus] = Step(
    "reuse",
    "corpus",
    setting("reuse", lambda corpus, config, resources: find_reuse(corpus.articles, config=config.reuse)),
    requires=("article.sketch", "article.text", "corpus.articles"),
    assigns=("corpus.reuse",),
    section="reuse",
    method="minhash-lsh+alignment",
)
