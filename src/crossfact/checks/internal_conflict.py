"""Flag an article that gives two incompatible values for the same thing.

What a fact-checker learns: the text contradicts itself ("signed a €4.2 billion contract" and later "the €2.4
billion contract"), so at least one figure is a typo, a bad edit or a garbled copy, and neither can be quoted
before the right one is checked. Cross-article disagreements are the claims' ``conflicting`` status; this check
looks inside one article only.

The same thing is one slot: the same event (as the events step grouped the article's statements) or,
across events, the same noun counted in the same unit where the later mention is definite ("a €4.2 billion
contract" ... "the €2.4 billion contract"). Two sentences of the slot conflict when every value of one differs
from every value of the other, of the same quantity kind and unit, beyond the rounding the claims allow too
(a figure repeated anywhere means the sentences agree on it; "from 27.5% to 15%" and "15%" agree). Values within
one sentence are never compared with each other: "$2 billion, part of $75 billion" is two figures, not a
contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import combinations

from crossfact import lang
from crossfact.checks.base import finding
from crossfact.config import ChecksConfig, InternalConflictConfig
from crossfact.kb import KB
from crossfact.model import Article, Corpus, Fact, FactKind, Finding, Quantity, Span

KIND = "internal_conflict"
# Facts of these kinds are a lone figure or quote: no happening ties their figures to one slot (Reuters review:
# tables, forecasts).
_NO_EVENT: frozenset[FactKind] = frozenset({"figure", "statement"})

# The noun a figure is of: "the €2.4 billion contract", "a 500-megawatt plant", "a €4.2 billion offshore
# contract". Without a parser, the first two words after the figure are its candidates; two figures are of the
# same noun when their candidates share a word.
_WORDS_AFTER = re.compile(r"[\s-]+([a-z]{3,})(?:\s+([a-z]{3,}))?\b")
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that)\s+$", re.IGNORECASE)
# Words after a figure that are no noun of it: "€4.2 billion in aid", "35% of the cost", "$1 billion to Japan".
_NOT_NOUNS = frozenset(
    "in of to for from and or but with by on at as than per a an the that which this who over under about "
    "worth each year years month months day days more less".split()
)


# A sentence comparing periods or rows: its figures are meant to differ (Reuters earnings tables, 500-article
# false-positive review: 5 of 20 sampled findings were such tables).
_TABULAR = re.compile(
    r"\b(?:" + "|".join(re.escape(word.rstrip(".")) for word in lang.words("comparison_words")) + r")\b",
    re.IGNORECASE,
)


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield a finding per pair of sentences of one article that state different values for one slot."""
    settings = config.internal_conflict
    facts_of = {
        (article.id, fact.id): (article, fact) for article in corpus.articles for fact in article.facts
    }
    articles = {article.id: article for article in corpus.articles}
    seen: set[tuple[str, str, str]] = set()
    for event in corpus.events:
        # One slot is one event and one predicate: an event gathers several acts ("approved $1 billion in
        # sales", "blocked a $15 billion bid"), whose figures are not two values of one thing.
        by_article: dict[tuple[str, str | None], list[Fact]] = {}
        for ref in event.facts:
            fact = facts_of.get((ref.article, ref.fact), (None, None))[1]
            if fact is not None and fact.kind not in _NO_EVENT:
                by_article.setdefault((ref.article, fact.predicate), []).append(fact)
        for (article_id, _), facts in by_article.items():
            article = articles[article_id]
            for first, second in _conflicting_pairs(article, facts, settings):
                seen.add((article_id, first.id, second.id))
                yield _finding(article, first, second, f"the same {event.kind} ({event.label})")
    for article in corpus.articles:
        for first, second, noun in _same_noun_pairs(article, settings.rounding):
            if (article.id, first.id, second.id) not in seen:
                yield _finding(article, first, second, f"the {noun}")


def _conflicting_pairs(
    article: Article, facts: Sequence[Fact], settings: InternalConflictConfig
) -> Iterator[tuple[Quantity, Quantity]]:
    """Yield (earlier, later) quantities of two sentences whose values for one kind and unit share nothing."""
    quantities = {q.id: q for q in article.quantities}
    for fact_a, fact_b in combinations(sorted(facts, key=lambda f: f.start), 2):
        if fact_a.sentence_start == fact_b.sentence_start:
            continue  # two clauses of one sentence: "$2 billion, part of $75 billion" is two figures
        if _TABULAR.search(article.text[fact_a.start : fact_a.end]) or _TABULAR.search(
            article.text[fact_b.start : fact_b.end]
        ):
            continue  # wire tables ("Shr 39 cts vs 50 cts") set this period against others on purpose
        values_a = [quantities[q] for q in fact_a.quantities if q in quantities]
        values_b = [quantities[q] for q in fact_b.quantities if q in quantities]
        compared = {_slot(q) for q in values_a if q.kind in settings.compared_kinds}
        slots = compared & {_slot(q) for q in values_b}
        for slot in sorted(slots, key=str):
            mine = [q for q in values_a if _slot(q) == slot]
            theirs = [q for q in values_b if _slot(q) == slot]
            if all(differ(a, b, settings.rounding) for a in mine for b in theirs):
                yield mine[0], theirs[0]


def _slot(quantity: Quantity) -> tuple[str, str | None]:
    return quantity.kind, quantity.unit


def differ(a: Quantity, b: Quantity, rounding: float) -> bool:
    """Whether two values cannot be the same figure rounded by up to ``rounding`` (a share; ranges compare by
    overlap)."""
    low_a, high_a = a.value, a.upper if a.upper is not None else a.value
    low_b, high_b = b.value, b.upper if b.upper is not None else b.value
    slack = rounding * max(abs(high_a), abs(high_b))
    return low_a > high_b + slack or low_b > high_a + slack


def _same_noun_pairs(article: Article, rounding: float) -> Iterator[tuple[Quantity, Quantity, str]]:
    """Yield an earlier figure and a later definite one of the same noun, kind and unit that differ."""
    text = article.text
    earlier: list[tuple[Quantity, set[str]]] = []
    for quantity in sorted(article.quantities, key=lambda q: q.start):
        # Money only: "the 6.5 pct forecast" after "a 2.8 pct growth forecast" is often another body's figure,
        # while "the €2.4 billion contract" after "a €4.2 billion contract" is one deal (Reuters review).
        if quantity.kind != "money":
            continue
        nouns = _nouns_after(text, quantity.end)
        if not nouns:
            continue
        same = [
            (q, shared) for q, theirs in earlier if _slot(q) == _slot(quantity) and (shared := nouns & theirs)
        ]
        definite = _DEFINITE_BEFORE.search(text, max(0, quantity.start - 12), quantity.start) is not None
        if (
            same
            and definite
            and all(differ(q, quantity, rounding) for q, _ in same)
            and _sentence_of(article, same[0][0].start) != _sentence_of(article, quantity.start)
        ):
            yield same[0][0], quantity, min(same[0][1])
        earlier.append((quantity, nouns))


def _nouns_after(text: str, end: int) -> set[str]:
    match = _WORDS_AFTER.match(text, end)
    nouns: set[str] = set()
    for word in match.groups() if match else ():
        if word is None or word in _NOT_NOUNS:
            break
        nouns.add(word)
    return nouns


def _sentence_of(article: Article, position: int) -> int:
    for index, sentence in enumerate(article.sentences):
        if sentence.start <= position < sentence.end:
            return index
    return -1


def _finding(article: Article, first: Quantity, second: Quantity, slot: str) -> Finding:
    text = article.text
    return finding(
        KIND,
        "warning",
        f"one article gives two values for {slot}: '{text[first.start : first.end]}' and later "
        f"'{text[second.start : second.end]}'",
        article.id,
        [Span(article.id, first.start, first.end), Span(article.id, second.start, second.end)],
    )
