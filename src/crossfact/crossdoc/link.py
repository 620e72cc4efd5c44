"""Point facts' actors and quotes' speakers at the canonical entities built across the corpus.

Per-article stages only know mention offsets; entity ids exist once every article's mentions were merged, so
this small cross-article step adds the entity id to every actor (by its mention's offsets) and quote speaker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from crossfact.config import Config
from crossfact.extract.entities import canonicalise_entities
from crossfact.model import Actor, Article, Corpus, Entity, Fact, Quote
from crossfact.step import Resources, Step


def entity_index(entities: Sequence[Entity]) -> dict[tuple[str, int, int], str]:
    """Return a map from (article, start, end) of every mention to its entity id."""
    return {(m.article, m.start, m.end): entity.id for entity in entities for m in entity.mentions}


def link_entities(articles: Sequence[Article], entities: Sequence[Entity]) -> tuple[Article, ...]:
    """Return the articles with fact actors and quote speakers naming entity ids."""
    index = entity_index(entities)
    return tuple(
        replace(article, facts=_linked_facts(article, index), quotes=_linked_quotes(article, index))
        for article in articles
    )


def _linked_quotes(article: Article, index: dict[tuple[str, int, int], str]) -> tuple[Quote, ...]:
    linked = []
    for quote in article.quotes:
        speaker = quote.speaker
        if quote.speaker_start is not None and quote.speaker_end is not None:
            speaker = index.get((article.id, quote.speaker_start, quote.speaker_end), speaker)
        linked.append(replace(quote, speaker=speaker))
    return tuple(linked)


def _linked_facts(article: Article, index: dict[tuple[str, int, int], str]) -> tuple[Fact, ...]:
    linked = []
    for fact in article.facts:
        actors: list[Actor] = []
        seen: set[str] = set()
        for actor in fact.actors:
            entity = index.get((article.id, actor.start, actor.end))
            if entity is None or entity in seen:
                continue
            seen.add(entity)
            actors.append(replace(actor, entity=entity))
        linked.append(replace(fact, actors=tuple(actors)))
    return tuple(linked)


def _build(config: Config, resources: Resources) -> Callable[[Corpus], Corpus]:
    def run(corpus: Corpus) -> Corpus:
        entities = canonicalise_entities(corpus.articles, kb=resources.kb)
        return replace(corpus, entities=entities, articles=link_entities(corpus.articles, entities))

    return run


# Entities become corpus-wide here, and the quotes' speakers and the facts' actors point at them.
STEP: Step[Corpus] = Step(
    "canonicalise",
    "corpus",
    _build,
    requires=("article.mentions", "corpus.articles"),
    assigns=("corpus.entities", "corpus.articles"),
    method="kb+names",
)
