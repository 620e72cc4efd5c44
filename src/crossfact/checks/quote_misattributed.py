"""Flag the same quoted words credited to different named speakers in different articles.

What a fact-checker learns: at least one outlet put someone's words in another person's mouth. When one article
has a ministry spokeswoman say "This contract gives the North Sea a second job" and another has the company's
chief executive say it, one of them is wrong, and the finding names both speakers and both articles. The
speaker most articles give (or, on a tie, the one in the article published first) is taken as right; when
nothing tells them apart both articles are flagged.

The pairs of alike quotes come from the quote-pairs step (``corpus.quote_pairs``); only those at least
``near_identical`` alike count here. Left alone: a speaker the other article names beside the quote too
("Hvidsand Energi chief executive Ane Kjærsgaard": the company and its chief are one source), unresolved
pronouns, and unnamed speakers ("a spokeswoman" for a named one is anonymisation, not misattribution;
anonymous_only reports those).
"""

from __future__ import annotations

from collections.abc import Iterator

from crossfact.checks.base import (
    Lookup,
    describe_article,
    deviants,
    excerpt,
    finding,
    lookup,
    quotes_by_ref,
    speaker_spans,
)
from crossfact.config import ChecksConfig
from crossfact.kb import KB
from crossfact.model import Article, Corpus, Finding, Quote, QuoteRef, Span

KIND = "quote_misattributed"


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield a finding per quote whose words another article credits to a different named speaker."""
    known = lookup(corpus, kb)
    quotes = quotes_by_ref(corpus)
    threshold = config.quote_misattributed.near_identical
    by_speaker: dict[QuoteRef, set[str]] = {}
    clashes: list[tuple[QuoteRef, QuoteRef]] = []
    for pair in corpus.quote_pairs:
        if pair.similarity < threshold or not (_named(quotes[pair.a][1]) and _named(quotes[pair.b][1])):
            continue
        if pair.same_speaker:
            by_speaker.setdefault(pair.a, {pair.a.article}).add(pair.b.article)
            by_speaker.setdefault(pair.b, {pair.b.article}).add(pair.a.article)
        elif not (
            _names_nearby(known, quotes[pair.a], quotes[pair.b][1])
            or _names_nearby(known, quotes[pair.b], quotes[pair.a][1])
        ):
            clashes.append((pair.a, pair.b))
    references: dict[QuoteRef, list[QuoteRef]] = {}
    for a, b in clashes:
        support = (len(by_speaker.get(a, {a.article})), len(by_speaker.get(b, {b.article})))
        published = (quotes[a][0].published, quotes[b][0].published)
        for deviant, right in deviants(a, b, support=support, published=published):
            references.setdefault(deviant, []).append(right)
    for deviant, refs in references.items():
        (article, quote), (reference_article, reference_quote) = quotes[deviant], quotes[refs[0]]
        message = (
            f"'{excerpt(article.text[quote.start : quote.end])}' is credited to "
            f"{quote.speaker_text} here but to {reference_quote.speaker_text} in "
            f"{describe_article(reference_article)}"
        )
        evidence = [
            Span(article.id, quote.start, quote.end),
            *speaker_spans(quote),
            Span(reference_article.id, reference_quote.start, reference_quote.end),
            *speaker_spans(reference_quote),
        ]
        yield finding(KIND, "warning", message, article.id, evidence)


def _named(quote: Quote) -> bool:
    return quote.speaker is not None and not quote.anonymous and quote.speaker_start is not None


def _names_nearby(known: Lookup, item: tuple[Article, Quote], other: Quote) -> bool:
    """Whether the sentences around ``item``'s quote and speaker also name ``other``'s speaker."""
    article, quote = item
    low = min(quote.start, quote.speaker_start if quote.speaker_start is not None else quote.start)
    high = max(quote.end, quote.speaker_end if quote.speaker_end is not None else quote.end)
    sentences = [s for s in article.sentences if s.start < high and s.end > low]
    if sentences:
        low, high = min(low, sentences[0].start), max(high, sentences[-1].end)
    for mention in article.mentions:
        if low <= mention.start and mention.end <= high:
            entity = known.entity_at(article.id, mention.start, mention.end)
            if entity is not None and entity.id == other.speaker:
                return True
    return False
