"""Flag claims whose only support is unnamed sources, and articles whose every quote is from an unnamed person.

What a fact-checker learns: nobody on the record stands behind the claim. "'This is a deal that reflects years
of backroom negotiations ...,' said a senior defense official, who spoke on condition of anonymity" or "Sources
close to the ministry said ..." may be true, but it cannot be checked against a named person or body, and
the reader cannot weigh the source's interest. The claim is reported once in every article that states it on
unnamed authority, with the anonymous quotes and descriptors as evidence.

A claim is anonymous-only when every attribution its facts carry is anonymous: its quotes (the claims'
``anonymous_only``, which looks at quotes alone) and also the unquoted attributions in its sentences, which the
attributions stage recorded (``article.attributions``): "Sources close to the administration revealed that
...", "according to people familiar with the discussions", "industry experts have warned that ...". A named
speaker ("Trump said"), a body on the record
("the ministry said") or a named outlet anywhere in the claim clears it; a sentence with no attribution at all
(the writer's own voice) neither clears nor flags it. "The official added" counts as anonymous only when an
unnamed official spoke earlier in the article; "both executives said" after named executives does not.
"""

from __future__ import annotations

from collections.abc import Iterator

from crossfact.checks.base import finding, speaker_spans
from crossfact.config import ChecksConfig
from crossfact.kb import KB
from crossfact.model import Article, Claim, Corpus, Fact, Finding, Span

KIND = "anonymous_only"


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield a finding per sentence stating an anonymous-only claim, and per article quoting only unnamed people.

    Clauses of one sentence can belong to several claims ("An official stated that X, adding: '...'") yet rest
    on the same unnamed source: they make one finding with all the evidence, not one per claim.
    """
    facts = {(article.id, fact.id): (article, fact) for article in corpus.articles for fact in article.facts}
    drafts: dict[tuple[str, int], tuple[str, list[Span]]] = {}
    for claim in corpus.claims:
        for key, message, spans in _claim_findings(claim, facts):
            first = drafts.setdefault(key, (message, []))
            first[1].extend(span for span in spans if span not in first[1])
    for (article_id, _), (message, spans) in sorted(drafts.items()):
        yield finding(KIND, "warning", message, article_id, spans)
    for article in corpus.articles:
        yield from _all_quotes_anonymous(article, config.anonymous_only.min_anonymous_quotes)


def _claim_findings(
    claim: Claim, facts: dict[tuple[str, str], tuple[Article, Fact]]
) -> Iterator[tuple[tuple[str, int], str, list[Span]]]:
    """Yield ((article, sentence start), message, evidence) for each article of an anonymous-only claim."""
    per_article: dict[str, list[tuple[bool, list[Span], str]]] = {}
    sentence_of: dict[str, int] = {}
    for ref in claim.facts:
        if (ref.article, ref.fact) not in facts:
            continue
        article, fact = facts[(ref.article, ref.fact)]
        per_article.setdefault(article.id, []).extend(_support(article, fact))
        sentence_of.setdefault(article.id, fact.sentence_start)
    support = [item for items in per_article.values() for item in items]
    if not support or not all(anonymous for anonymous, _, _ in support):
        return
    sourced = [article_id for article_id, items in per_article.items() if items]
    for article_id in sourced:
        items = per_article[article_id]
        descriptors = list(dict.fromkeys(words for _, _, words in items))
        named = ", ".join(f"'{words}'" for words in descriptors[:3])
        more = f" and {len(descriptors) - 3} more" if len(descriptors) > 3 else ""
        others = len(sourced) - 1
        also = f" (as in {others} other article{'s' if others > 1 else ''})" if others else ""
        message = (
            f"claim rests only on unnamed sources{also}: {named}{more}; no named person or body confirms it"
        )
        yield (
            (article_id, sentence_of[article_id]),
            message,
            [span for _, spans, _ in items for span in spans],
        )


def _support(article: Article, fact: Fact) -> Iterator[tuple[bool, list[Span], str]]:
    """Yield (anonymous, evidence, descriptor words) for each attribution of the fact: quotes, then unquoted."""
    quotes = {quote.id: quote for quote in article.quotes}
    speakers: list[tuple[int, int]] = []
    for quote_id in fact.quotes:
        quote = quotes.get(quote_id)
        if quote is None:
            continue
        spans = [Span(article.id, quote.start, quote.end), *speaker_spans(quote)]
        speakers.extend((span.start, span.end) for span in spans[1:])
        words = quote.speaker_text or "no speaker given"
        yield quote.anonymous, spans, words
    for attribution in article.attributions:
        # The attribution may stand outside the clause it sources ("Sources ... revealed that <clause>").
        if not (fact.sentence_start <= attribution.cue_start < fact.sentence_end):
            continue
        if any(start < attribution.source_end and attribution.source_start < end for start, end in speakers):
            continue  # the attribution of a quote already counted
        span = Span(article.id, attribution.start, attribution.end)
        words = article.text[attribution.source_start : attribution.source_end]
        yield attribution.anonymous, [span], " ".join(words.split())


def _all_quotes_anonymous(article: Article, min_quotes: int) -> Iterator[Finding]:
    attributed = [quote for quote in article.quotes if quote.speaker_text is not None]
    if len(attributed) < min_quotes or not all(quote.anonymous for quote in attributed):
        return
    descriptors = list(dict.fromkeys(" ".join((q.speaker_text or "").split()) for q in attributed))
    named = ", ".join(f"'{words}'" for words in descriptors[:3])
    yield finding(
        KIND,
        "warning",
        f"all {len(attributed)} attributed quotes in this article come from unnamed people: {named}",
        article.id,
        [
            span
            for quote in attributed
            for span in (Span(article.id, quote.start, quote.end), *speaker_spans(quote))
        ],
    )
