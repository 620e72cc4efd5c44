"""What every check reads (the analysed corpus and the KB) and how it makes a Finding with stable id."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from crossfact.kb import KB
from crossfact.model import Article, Claim, Entity, Family, Finding, ReuseLink, Severity, Span


@dataclass(frozen=True, slots=True)
class Corpus:
    """The analysed articles with everything the cross-article stages found, and the KB."""

    articles: tuple[Article, ...]
    kb: KB
    entities: tuple[Entity, ...] = ()
    reuse: tuple[ReuseLink, ...] = ()
    families: tuple[Family, ...] = ()
    claims: tuple[Claim, ...] = ()
    _entity_of: dict[tuple[str, int, int], Entity] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for entity in self.entities:
            for mention in entity.mentions:
                self._entity_of[(mention.article, mention.start, mention.end)] = entity

    def entity_at(self, article: str, start: int, end: int) -> Entity | None:
        """Return the entity whose mention is exactly ``[start, end)`` of the article, if any."""
        return self._entity_of.get((article, start, end))


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
