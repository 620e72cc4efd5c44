"""Flag the same quoted words credited to different named speakers in different articles.

What a fact-checker learns: at least one outlet put someone's words in another person's mouth. When one article
has a ministry spokeswoman say "This contract gives the North Sea a second job" and another has the company's
chief executive say it, one of them is wrong, and the finding names both speakers and both articles. The
speaker most articles give (or, on a tie, the one in the article published first) is taken as right; when
nothing tells them apart both articles are flagged.

Left alone: a speaker the other article names beside the quote too ("Hvidsand Energi chief executive Ane
Kjærsgaard": the company and its chief are one source), unresolved pronouns, and unnamed speakers ("a
spokeswoman" for a named one is anonymisation, not misattribution; anonymous_only reports those).
"""

from __future__ import annotations

from collections.abc import Iterator

from crossfact.checks.base import Corpus, finding
from crossfact.checks.quote_mutated import (
    Said,
    describe_article,
    deviants,
    excerpt,
    quotes_to_compare,
    same_speaker,
    similar_pairs,
    speaker_spans,
)
from crossfact.model import Finding, Span

KIND = "quote_misattributed"

# "Near-identical": all but one in ten of the shorter quote's words appear in the other, in order (LCSseq over
# words, as in quote_mutated). Same measurement as quote_mutated.SIMILAR: no pair of different quotes of five
# words or more on the seeds or the demo scores above 0.60, while a copied quote with marks or case changed
# scores 1.0, an excerpt of it 1.0, and the demo's reworded Verbeek quote 0.88. Kept above quote_mutated's 0.75
# so that a reworded quote given to another person is not also called the same words.
NEAR_IDENTICAL = 0.9


def check(corpus: Corpus) -> Iterator[Finding]:
    """Yield a finding per quote whose words another article credits to a different named speaker."""
    said = [item for item in quotes_to_compare(corpus) if _named(item)]
    entities = {entity.id: entity for entity in corpus.entities}
    by_speaker: dict[int, set[str]] = {index: {item.article.id} for index, item in enumerate(said)}
    clashes: list[tuple[int, int]] = []
    for i, j in similar_pairs(said, NEAR_IDENTICAL):
        if same_speaker(said[i], said[j], entities):
            by_speaker[i].add(said[j].article.id)
            by_speaker[j].add(said[i].article.id)
        elif not (_names_nearby(corpus, said[i], said[j]) or _names_nearby(corpus, said[j], said[i])):
            clashes.append((i, j))
    references: dict[int, list[int]] = {}
    for i, j in clashes:
        for deviant, right in deviants(said, i, j, len(by_speaker[i]), len(by_speaker[j])):
            references.setdefault(deviant, []).append(right)
    for deviant, refs in references.items():
        item, reference = said[deviant], said[refs[0]]
        message = (
            f"'{excerpt(item.article.text[item.quote.start : item.quote.end])}' is credited to "
            f"{item.quote.speaker_text} here but to {reference.quote.speaker_text} in "
            f"{describe_article(reference.article)}"
        )
        evidence = [
            Span(item.article.id, item.quote.start, item.quote.end),
            *speaker_spans(item),
            Span(reference.article.id, reference.quote.start, reference.quote.end),
            *speaker_spans(reference),
        ]
        yield finding(KIND, "warning", message, item.article.id, evidence)


def _named(item: Said) -> bool:
    quote = item.quote
    return quote.speaker is not None and not quote.anonymous and quote.speaker_start is not None


def _names_nearby(corpus: Corpus, item: Said, other: Said) -> bool:
    """Whether the sentences around ``item``'s quote and speaker also name ``other``'s speaker."""
    article, quote = item.article, item.quote
    low = min(quote.start, quote.speaker_start if quote.speaker_start is not None else quote.start)
    high = max(quote.end, quote.speaker_end if quote.speaker_end is not None else quote.end)
    sentences = [s for s in article.sentences if s.start < high and s.end > low]
    if sentences:
        low, high = min(low, sentences[0].start), max(high, sentences[-1].end)
    for mention in article.mentions:
        if low <= mention.start and mention.end <= high:
            entity = corpus.entity_at(article.id, mention.start, mention.end)
            if entity is not None and entity.id == other.quote.speaker:
                return True
    return False
