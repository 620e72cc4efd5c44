"""What every check shares: a Finding with a stable id, a lookup of mentions, and how messages name things.

A check is ``check(corpus, kb, config) -> Iterator[Finding]`` over the analysed :class:`~crossfact.model.Corpus`,
the KB and the checks' config, reading only its own section; the helpers here read nothing else either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from crossfact.kb import KB, KBEntry
from crossfact.model import Article, Corpus, Entity, Finding, Mention, Quote, QuoteRef, Severity, Span

K = TypeVar("K")
_EXCERPT = 90


@dataclass(frozen=True, slots=True)
class Lookup:
    """The KB, and the corpus's entities by their mentions' exact offsets; build it once per check run."""

    kb: KB
    by_offsets: dict[tuple[str, int, int], Entity]

    def entity_at(self, article: str, start: int, end: int) -> Entity | None:
        """Return the entity whose mention is exactly ``[start, end)`` of the article, if any."""
        return self.by_offsets.get((article, start, end))

    def person(self, mention: Mention) -> KBEntry | None:
        """Return the KB person the mention's entity is linked to, if any."""
        entity = self.entity_at(mention.article, mention.start, mention.end)
        entry = self.kb.get(entity.kb_id) if entity is not None and entity.kb_id is not None else None
        return entry if entry is not None and entry.kind == "person" else None


def lookup(corpus: Corpus, kb: KB) -> Lookup:
    """Return the lookup of every entity mention of the corpus, with the KB."""
    return Lookup(
        kb,
        {
            (mention.article, mention.start, mention.end): entity
            for entity in corpus.entities
            for mention in entity.mentions
        },
    )


def finding(
    kind: str,
    severity: Severity,
    message: str,
    article: str,
    evidence: Iterable[Span],
    *,
    kb: str | None = None,
) -> Finding:
    """Return a Finding whose id depends only on its kind, article and evidence offsets."""
    spans = tuple(sorted(set(evidence), key=lambda span: (span.start, span.end)))
    key = "|".join([kind, article, *(f"{s.start}-{s.end}" for s in spans)])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return Finding(f"finding-{digest}", kind, severity, message, article, spans, kb)


def reference_date(article: Article) -> date | None:
    """Return the article's publication date, or the bound the time stage inferred when it has none."""
    if article.published is not None:
        return article.published
    for time in article.times:
        if time.anchor and time.anchor.kind == "inferred":
            return time.anchor.day
    return None


def quotes_by_ref(corpus: Corpus) -> dict[QuoteRef, tuple[Article, Quote]]:
    """Return every quote of the corpus with its article, by reference."""
    return {
        QuoteRef(article.id, quote.id): (article, quote)
        for article in corpus.articles
        for quote in article.quotes
    }


def speaker_spans(quote: Quote) -> list[Span]:
    """Return the spans naming the quote's speaker in its article (the resolved words, then the local ones)."""
    spans = []
    if quote.speaker_start is not None and quote.speaker_end is not None:
        spans.append(Span(quote.article, quote.speaker_start, quote.speaker_end))
    if quote.speaker_ref_start is not None and quote.speaker_ref_end is not None:
        spans.append(Span(quote.article, quote.speaker_ref_start, quote.speaker_ref_end))
    return spans


def deviants(
    first: K, second: K, *, support: tuple[int, int], published: tuple[date | None, date | None]
) -> list[tuple[K, K]]:
    """Return ``(deviant, reference)`` pairs for two differing versions of one quote: the version fewer articles
    carry deviates; on a tie the one published later; when neither tells them apart, each deviates from the other."""
    if support[0] != support[1]:
        return [(second, first)] if support[0] > support[1] else [(first, second)]
    day_first, day_second = published
    if day_first is not None and day_second is not None and day_first != day_second:
        return [(second, first)] if day_first < day_second else [(first, second)]
    return [(first, second), (second, first)]


def describe_article(article: Article) -> str:
    """Return how messages name an article: its outlet or name (id, title, headline or file name), and its id."""
    name = article.source or (
        excerpt(article.name) if article.name else Path(article.path.split("#")[0]).name
    )
    return f"{name} ({article.id})"


def excerpt(text: str) -> str:
    """Return ``text`` on one line, cut to a readable length."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"
