"""Flag a quote whose words differ from the same speaker's quote in another article.

What a fact-checker learns: the words put in someone's mouth changed on the way from one outlet to the next.
"This contract gives the North Sea a second job: it will carry not only electricity but also clean hydrogen"
became "... a new job: it will carry cheap hydrogen" in a later article, so at least one of the two is not
what the speaker said, and the message shows exactly which words moved. The version most articles carry (or,
on a tie, the one published first) is taken as the reference; when nothing tells the two apart both are
flagged.

The pairs of alike quotes, and where their wording departs, come from the quote-pairs step
(``corpus.quote_pairs``). Not mutations: quote marks, punctuation and case (seeds 001 and 002 print "We greatly
appreciate this order" with different marks), an excerpt of a fuller quote (a partial quote whose words run
unbroken inside the other, the demo's "the ships, the sites and the suppliers lined up"), and cuts or
insertions that the text marks as such with an ellipsis or square brackets. A silent cut inside a quote is a
mutation.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from crossfact.checks.base import describe_article, deviants, excerpt, finding, quotes_by_ref, speaker_spans
from crossfact.config import ChecksConfig
from crossfact.kb import KB
from crossfact.model import Article, Corpus, Finding, Quote, QuotePair, QuoteRef, Span, WordChange

KIND = "quote_mutated"


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield a finding per quote whose words differ from the same speaker's quote in another article."""
    quotes = quotes_by_ref(corpus)
    agree: dict[QuoteRef, set[str]] = {}
    mutated: list[QuotePair] = []
    for pair in corpus.quote_pairs:
        if not pair.same_speaker:
            continue
        if pair.changes:
            mutated.append(pair)
        else:
            agree.setdefault(pair.a, {pair.a.article}).add(pair.b.article)
            agree.setdefault(pair.b, {pair.b.article}).add(pair.a.article)
    references: dict[QuoteRef, list[QuoteRef]] = {}
    between: dict[tuple[QuoteRef, QuoteRef], tuple[WordChange, ...]] = {}
    for pair in mutated:
        between[(pair.a, pair.b)], between[(pair.b, pair.a)] = pair.changes, pair.changes_back
        support = (len(agree.get(pair.a, {pair.a.article})), len(agree.get(pair.b, {pair.b.article})))
        published = (quotes[pair.a][0].published, quotes[pair.b][0].published)
        for deviant, right in deviants(pair.a, pair.b, support=support, published=published):
            references.setdefault(deviant, []).append(right)
    for deviant, refs in references.items():
        refs.sort(key=lambda ref: (_published(quotes[ref][0]), ref.article))
        changed = between[(refs[0], deviant)]
        yield _finding(
            quotes[deviant],
            quotes[refs[0]],
            changed,
            others=len({r.article for r in refs} - {refs[0].article}),
        )


def _published(article: Article) -> date:
    return article.published or date.max


def _diff(
    reference: tuple[Article, Quote], deviant: tuple[Article, Quote], changed: tuple[WordChange, ...]
) -> str:
    """Return the changed words of each hunk, as the reference and then the deviant article write them."""
    return "; ".join(
        f"'{excerpt(reference[0].text[change.start : change.end])}' → "
        f"'{excerpt(deviant[0].text[change.other_start : change.other_end])}'"
        for change in changed
    )


def _finding(
    item: tuple[Article, Quote],
    reference: tuple[Article, Quote],
    changed: tuple[WordChange, ...],
    *,
    others: int,
) -> Finding:
    (article, quote), (reference_article, reference_quote) = item, reference
    also = f" and {others} other article{'s' if others > 1 else ''}" if others else ""
    speaker = quote.speaker_text or reference_quote.speaker_text or "the speaker"
    message = (
        f"quote of {speaker} differs from {describe_article(reference_article)}{also}: "
        f"{_diff(reference, item, changed)}"
    )
    quote_span = Span(article.id, quote.start, quote.end)
    reference_span = Span(reference_article.id, reference_quote.start, reference_quote.end)
    return finding(KIND, "warning", message, article.id, [quote_span, *speaker_spans(quote), reference_span])
