"""Flag a quote whose words differ from the same speaker's quote in another article.

What a fact-checker learns: the words put in someone's mouth changed on the way from one outlet to the next.
"This contract gives the North Sea a second job: it will carry not only electricity but also clean hydrogen"
became "... a new job: it will carry cheap hydrogen" in a later article, so at least one of the two is not
what the speaker said, and the message shows exactly which words moved. The version most articles carry (or,
on a tie, the one published first) is taken as the reference; when nothing tells the two apart both are
flagged.

Not mutations: quote marks, punctuation and case (seeds 001 and 002 print "We greatly appreciate this order"
with different marks), an excerpt of a fuller quote (a partial quote whose words run unbroken inside the other,
the demo's "the ships, the sites and the suppliers lined up"), and cuts or insertions that the text marks as
such with an ellipsis or square brackets. A silent cut inside a quote is a mutation.

The helpers below are shared with :mod:`crossfact.checks.quote_misattributed`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path

from rapidfuzz.distance import LCSseq

from crossfact.checks.base import Corpus, finding
from crossfact.kb import name_key
from crossfact.model import Article, Entity, Finding, Quote, Span

KIND = "quote_mutated"

# Two quotes are "the same quote" when the longest common subsequence of their words (rapidfuzz LCSseq over word
# tokens) covers at least this share of the shorter one. Measured on every cross-article quote pair of the seeds and the
# demo (tests/checks/test_quote_mutated.py reproduces the numbers): the demo's real mutation (04 vs 01) scores
# 0.88 (15 of 17 words), the highest pair of different quotes of five words or more 0.60 ("This is a dangerous
# precedent" inside a 23-word quote: "this is a"), and the highest such pair with the same speaker 0.25. The
# threshold sits in that gap; lowering it catches heavier rewrites at the price of pairing different quotes that
# share function words, and quote_misattributed's NEAR_IDENTICAL must stay above it.
SIMILAR = 0.75
# Quotes shorter than this many words ("fair deal", "very large") are set phrases that many speakers use: they
# say nothing about where a quote came from.
MIN_WORDS = 5
# A diff shows one word of context either side of a change; changes closer than this many words are one hunk.
_CONTEXT = 1
_HUNK_GAP = 6
_EXCERPT = 90
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


def check(corpus: Corpus) -> Iterator[Finding]:
    """Yield a finding per quote whose words differ from the same speaker's quote in another article."""
    said = quotes_to_compare(corpus)
    entities = {entity.id: entity for entity in corpus.entities}
    agree: dict[int, set[str]] = {index: {item.article.id} for index, item in enumerate(said)}
    mutated: list[tuple[int, int, list[tuple[int, int, int, int]]]] = []
    for i, j in similar_pairs(said, SIMILAR):
        if not same_speaker(said[i], said[j], entities):
            continue
        hunks = changes(said[i].tokens, said[j].tokens)
        if hunks:
            mutated.append((i, j, hunks))
        else:
            agree[i].add(said[j].article.id)
            agree[j].add(said[i].article.id)
    references: dict[int, list[int]] = {}
    for i, j, _ in mutated:
        for deviant, right in deviants(said, i, j, len(agree[i]), len(agree[j])):
            references.setdefault(deviant, []).append(right)
    for deviant, refs in references.items():
        refs.sort(key=lambda index: (_published(said[index].article), said[index].article.id))
        yield _finding(said, deviant, refs)


def quotes_to_compare(corpus: Corpus) -> list[Said]:
    """Return every quote of at least MIN_WORDS words with its normalised tokens."""
    said = []
    for article in corpus.articles:
        for quote in article.quotes:
            tokens = tokenize(article.text, quote.start, quote.end)
            keys = tuple(token.key for token in tokens if token.key not in _MARKERS)
            if len(keys) >= MIN_WORDS:
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


def deviants(said: Sequence[Said], i: int, j: int, support_i: int, support_j: int) -> list[tuple[int, int]]:
    """Return ``(deviant, reference)`` pairs for two differing quotes: the version fewer articles carry deviates;
    on a tie the one published later; when neither tells them apart, each deviates from the other."""
    if support_i != support_j:
        return [(j, i)] if support_i > support_j else [(i, j)]
    day_i, day_j = said[i].article.published, said[j].article.published
    if day_i is not None and day_j is not None and day_i != day_j:
        return [(j, i)] if day_i < day_j else [(i, j)]
    return [(i, j), (j, i)]


def describe_article(article: Article) -> str:
    """Return how messages name an article: its outlet or file name, and its id."""
    name = article.source or Path(article.path.split("#")[0]).name
    return f"{name} ({article.id})"


def excerpt(text: str) -> str:
    """Return ``text`` on one line, cut to a readable length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"


def speaker_spans(item: Said) -> list[Span]:
    """Return the spans naming the quote's speaker in its article (the resolved words and the local ones)."""
    quote = item.quote
    spans = []
    if quote.speaker_start is not None and quote.speaker_end is not None:
        spans.append(Span(item.article.id, quote.speaker_start, quote.speaker_end))
    if quote.speaker_ref_start is not None and quote.speaker_ref_end is not None:
        spans.append(Span(item.article.id, quote.speaker_ref_start, quote.speaker_ref_end))
    return spans


def _published(article: Article) -> date:
    return article.published or date.max


def _render(said: Said, first: int, last: int) -> str:
    """Return the quote's words from token ``first`` to ``last`` (exclusive) as the article writes them."""
    if first >= last:
        return ""
    text = said.article.text
    return " ".join(text[said.tokens[first].start : said.tokens[last - 1].end].split())


def _diff(reference: Said, deviant: Said) -> str:
    hunks = changes(reference.tokens, deviant.tokens)
    parts = []
    for a0, a1, b0, b1 in hunks:
        a0, b0 = max(a0 - _CONTEXT, 0), max(b0 - _CONTEXT, 0)
        a1, b1 = min(a1 + _CONTEXT, len(reference.tokens)), min(b1 + _CONTEXT, len(deviant.tokens))
        parts.append(f"'{excerpt(_render(reference, a0, a1))}' → '{excerpt(_render(deviant, b0, b1))}'")
    return "; ".join(parts)


def _finding(said: Sequence[Said], deviant: int, refs: list[int]) -> Finding:
    item, reference = said[deviant], said[refs[0]]
    others = len({said[r].article.id for r in refs} - {reference.article.id})
    also = f" and {others} other article{'s' if others > 1 else ''}" if others else ""
    speaker = item.quote.speaker_text or reference.quote.speaker_text or "the speaker"
    message = (
        f"quote of {speaker} differs from {describe_article(reference.article)}{also}: "
        f"{_diff(reference, item)}"
    )
    quote_span = Span(item.article.id, item.quote.start, item.quote.end)
    reference_span = Span(reference.article.id, reference.quote.start, reference.quote.end)
    return finding(
        KIND, "warning", message, item.article.id, [quote_span, *speaker_spans(item), reference_span]
    )
