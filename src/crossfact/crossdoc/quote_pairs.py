"""Pair the quotes of different articles that carry largely the same words, once for every check that needs them.

A fact-checker learns which quotes travel between outlets: the same words reprinted (marks, case or an excerpt
aside), reworded on the way (quote_mutated) or given to another speaker (quote_misattributed). Each
:class:`~crossfact.model.QuotePair` says how alike two quotes are, whether both credit the same speaker, and
where their wording departs.

Two quotes of at least ``min_words`` words pair when the longest common subsequence of their words covers at
least ``similar`` of the shorter one (:class:`~crossfact.config.QuotePairsConfig`). Words are compared without
case, quote marks or punctuation, with apostrophes unified. The changes ignore what is no change of wording: an
excerpt (words added or dropped at either end) and a cut or insertion that the text marks as such with an
ellipsis or square brackets; a silent cut inside a quote is a change.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from rapidfuzz.distance import LCSseq

from crossfact.config import Config, QuotePairsConfig
from crossfact.kb import name_key
from crossfact.model import Article, Corpus, Entity, Quote, QuotePair, QuoteRef, WordChange
from crossfact.step import Resources, Step

# A change is shown with one word of context either side; changes closer than this many words are one change.
_CONTEXT = 1
_HUNK_GAP = 6
_SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "i", "we", "you"})
# A word (apostrophes and hyphens inside it), an ellipsis, or an editor's insertion in square brackets.
_TOKEN = re.compile(r"\[[^\]\n]{0,80}\]|\.\.\.|…|[^\W_]+(?:['’\-][^\W_]+)*")
_MARKERS = frozenset({"…", "[]"})


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a quote, normalised for comparison, with its offsets in the article."""

    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Said:
    """A quote with its article and its words, ready to be compared."""

    article: Article
    quote: Quote
    tokens: tuple[Token, ...]
    keys: tuple[str, ...]  # the words compared: the tokens without ellipses and bracketed insertions


def pair_quotes(corpus: Corpus, *, config: QuotePairsConfig) -> tuple[QuotePair, ...]:
    """Return the pairs of quotes from different articles whose words are at least ``config.similar`` alike, in
    article and quote order."""
    said = quotes_to_compare(corpus.articles, min_words=config.min_words)
    entities = {entity.id: entity for entity in corpus.entities}
    pairs = []
    for i, j in similar_pairs(said, config.similar):
        a, b = said[i], said[j]
        pairs.append(
            QuotePair(
                a=QuoteRef(a.article.id, a.quote.id),
                b=QuoteRef(b.article.id, b.quote.id),
                similarity=similarity(a.keys, b.keys),
                same_speaker=same_speaker(a, b, entities),
                changes=_word_changes(a, b),
                changes_back=_word_changes(b, a),
            )
        )
    return tuple(pairs)


def quotes_to_compare(articles: Sequence[Article], *, min_words: int) -> list[Said]:
    """Return every quote of at least ``min_words`` words with its normalised tokens, in article order."""
    said = []
    for article in articles:
        for quote in article.quotes:
            tokens = tokenize(article.text, quote.start, quote.end)
            keys = tuple(token.key for token in tokens if token.key not in _MARKERS)
            if len(keys) >= min_words:
                said.append(Said(article, quote, tokens, keys))
    return said


def tokenize(text: str, start: int, end: int) -> tuple[Token, ...]:
    """Return the words of ``text[start:end]``: case, quote marks and punctuation gone, apostrophes unified."""
    tokens = []
    for match in _TOKEN.finditer(text, start, end):
        word = match.group()
        if word.startswith("["):
            key = "[]"
        elif word in ("...", "…"):
            key = "…"
        else:
            key = word.casefold().replace("’", "'")
        tokens.append(Token(key, match.start(), match.end()))
    return tuple(tokens)


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Return the share of the shorter word list that the longest common subsequence of both covers."""
    if not a or not b:
        return 0.0
    return LCSseq.similarity(a, b) / min(len(a), len(b))


def similar_pairs(said: Sequence[Said], threshold: float) -> list[tuple[int, int]]:
    """Return the index pairs ``(i, j)``, ``i < j``, of quotes from different articles whose words are at least
    ``threshold`` alike, in order.

    Candidates come from prefix filtering (Chaudhuri, Ganti and Kaushik, "A Primitive Operator for Similarity
    Joins in Data Cleaning", ICDE 2006), so the corpus's quotes are never compared all against all: a common
    subsequence of ``t·n`` words needs ``t·n`` shared words (a repeated word counts once per occurrence), so
    the shorter quote's ``n - ⌈t·n⌉ + 1`` rarest words must include one of the other's.
    """
    elements = [_occurrences(item.keys) for item in said]
    frequency = Counter(element for items in elements for element in items)
    postings: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, items in enumerate(elements):
        for element in items:
            postings[element].append(index)
    pairs = set()
    for i, items in enumerate(elements):
        size = len(items)
        prefix = sorted(items, key=lambda element: (frequency[element], element))
        prefix = prefix[: size - math.ceil(threshold * size - 1e-9) + 1]
        candidates = {j for element in prefix for j in postings[element]}
        for j in candidates:
            # The shorter quote probes (the lower index on a tie), so each pair is tested once.
            if len(elements[j]) < size or (len(elements[j]) == size and j <= i):
                continue
            if said[i].article.id == said[j].article.id:
                continue
            if similarity(said[i].keys, said[j].keys) >= threshold:
                pairs.add((min(i, j), max(i, j)))
    return sorted(pairs)


def _occurrences(keys: Sequence[str]) -> set[tuple[str, int]]:
    """Return each word with its occurrence number ("the", 1), ("the", 2): a multiset as a set."""
    seen: Counter[str] = Counter()
    items = set()
    for key in keys:
        seen[key] += 1
        items.add((key, seen[key]))
    return items


def changes(a: Sequence[Token], b: Sequence[Token]) -> list[tuple[int, int, int, int]]:
    """Return the hunks ``(a_start, a_end, b_start, b_end)`` (token indexes) where the wording differs.

    Words added or dropped at either end are an excerpt, and a cut or insertion marked by an ellipsis or square
    brackets is the writer's, so neither counts; an empty list means the two are the same quote.
    """
    keys_a, keys_b = [t.key for t in a], [t.key for t in b]
    opcodes = SequenceMatcher(a=keys_a, b=keys_b, autojunk=False).get_opcodes()
    while opcodes and opcodes[0][0] in ("insert", "delete"):
        opcodes.pop(0)
    while opcodes and opcodes[-1][0] in ("insert", "delete"):
        opcodes.pop()
    hunks: list[tuple[int, int, int, int]] = []
    for tag, a0, a1, b0, b1 in opcodes:
        if tag == "equal":
            continue
        if _marked(keys_a[a0:a1]) or _marked(keys_b[b0:b1]):
            continue
        if hunks and a0 - hunks[-1][1] <= _HUNK_GAP and b0 - hunks[-1][3] <= _HUNK_GAP:
            hunks[-1] = (hunks[-1][0], a1, hunks[-1][2], b1)
        else:
            hunks.append((a0, a1, b0, b1))
    return hunks


def _marked(keys: Sequence[str]) -> bool:
    """An ellipsis standing for cut words, or an editor's words in square brackets."""
    return bool(keys) and all(key in _MARKERS for key in keys)


def _word_changes(first: Said, second: Said) -> tuple[WordChange, ...]:
    """Return where ``second``'s wording departs from ``first``'s, as character ranges with a word of context."""
    out = []
    for a0, a1, b0, b1 in changes(first.tokens, second.tokens):
        a0, b0 = max(a0 - _CONTEXT, 0), max(b0 - _CONTEXT, 0)
        a1, b1 = min(a1 + _CONTEXT, len(first.tokens)), min(b1 + _CONTEXT, len(second.tokens))
        out.append(WordChange(*_characters(first, a0, a1), *_characters(second, b0, b1)))
    return tuple(out)


def _characters(said: Said, first: int, last: int) -> tuple[int, int]:
    """Return the characters from token ``first`` to ``last`` (exclusive); an empty range when there are none."""
    if first >= last:
        return said.quote.start, said.quote.start
    return said.tokens[first].start, said.tokens[last - 1].end


def same_speaker(first: Said, second: Said, entities: dict[str, Entity]) -> bool:
    """Return whether both quotes are credited to the same speaker (entity, or the same words naming them)."""
    a, b = first.quote, second.quote
    if a.speaker is not None and a.speaker == b.speaker:
        return True
    names_a, names_b = speaker_names(first, entities), speaker_names(second, entities)
    return bool(names_a & names_b) or any(_surname_of(x, y) for x in names_a for y in names_b)


def speaker_names(item: Said, entities: dict[str, Entity]) -> set[str]:
    """Return the normalised names a quote's speaker goes by (its words, its entity's name and aliases)."""
    quote = item.quote
    names = set()
    if quote.speaker_text and quote.speaker_text.casefold() not in _SPEAKER_PRONOUNS:
        names.add(name_key(quote.speaker_text))
    entity = entities.get(quote.speaker) if quote.speaker else None
    if entity is not None:
        names.update(name_key(name) for name in (entity.name, *entity.aliases))
    return {name for name in names if name}


def _surname_of(a: str, b: str) -> bool:
    """ "Verbeek" and "marloes verbeek": one name is the last word(s) of the other person's full name."""
    short, long = sorted((a, b), key=len)
    return " " not in short and len(short) > 3 and long.endswith(" " + short)


def _build(config: Config, resources: Resources) -> Callable[[Corpus], Corpus]:
    def run(corpus: Corpus) -> Corpus:
        return replace(corpus, quote_pairs=pair_quotes(corpus, config=config.quote_pairs))

    return run


STEP: Step[Corpus] = Step(
    "quote-pairs",
    "corpus",
    _build,
    requires=("article.text", "article.quotes", "corpus.entities"),
    assigns=("corpus.quote_pairs",),
    section="quote_pairs",
    method="lcs-prefix-filter",
)
