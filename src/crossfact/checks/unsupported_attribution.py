"""Flag a claim or quote credited to a news outlet or agency whose own article is not in the corpus.

What a fact-checker learns: the article relays someone else's reporting ("The announcement, reported by Ria
Novosti, ...", "According to a Voice of America (VOA) report, ...") and the corpus cannot show what that
outlet actually wrote, so the claim stands on a second-hand account until the original is found and added.
This is information, not an error: when an article from the cited outlet is in the corpus (its ``source``
names the outlet, or one of the outlet's KB aliases), the check stays silent.

Which attributions count: "reported by X", "X reported/reports/quoted", and "according to X" when the phrase
names a report, article, broadcast or the like ("according to a Voice of America report"); X must be an
organisation the entity stage recognised. Government bodies are left out ("the Ministry of Defense reported",
"according to the Ministry of Climate and Green Growth"): their statements are sources, not outlets relaying
a story. What makes a body governmental is read from its words and its KB name and aliases ("Pentagon" is
"Department of Defense" in the KB).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from crossfact import lang
from crossfact.checks.base import Lookup, finding, lookup
from crossfact.config import ChecksConfig
from crossfact.kb import KB, name_key
from crossfact.model import Article, Attribution, Corpus, Entity, Finding, Span

KIND = "unsupported_attribution"

# Cues after which the source is named ("according to", "reported by").
_SOURCE_AFTER = lang.words("source_after_cues")

# Cues that credit an outlet's reporting whatever follows them.
_REPORTING_CUES = frozenset({"reported by", "reported", "reports", "quoted"})
# Nouns that make "according to X ..." a piece of reporting rather than a statement.
_MEDIA_NOUNS = re.compile(
    r"\b(?:report|reports|reporting|article|story|broadcast|dispatch|interview|investigation|newspaper|"
    r"website|bulletin|footage|coverage|news\s+agency)\b",
    re.IGNORECASE,
)
# Words of a government body's name or aliases: such a body makes statements, it does not relay stories.
_BODY_WORDS = frozenset(
    "ministry department government administration office council commission committee court parliament "
    "congress senate cabinet army navy military police authorities embassy bureau secretariat".split()
)


# Words of a news outlet's name. "X reported" credits a story only when X is one; the 500-article Reuters review
# found companies and trade bodies "reporting" their own figures ("the Association of American Railroads
# reported"), which are statements, not relayed reporting.
_OUTLET_WORDS = frozenset(
    "news agency press radio television tv broadcasting broadcaster newspaper daily times post journal herald "
    "tribune gazette wire telegraph chronicle novosti".split()
)


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield a finding per article and cited outlet that no article of the corpus comes from."""
    known = lookup(corpus, kb)
    sources = {name_key(article.source) for article in corpus.articles if article.source}
    sources.discard("")
    for article in corpus.articles:
        cited: dict[str, tuple[Entity, list[Span], list[str]]] = {}
        for attribution in article.attributions:
            outlet = _outlet(known, article, attribution)
            if outlet is None or _in_corpus(known, outlet[0], sources):
                continue
            entity, span = outlet
            entry = cited.setdefault(entity.id, (entity, [], []))
            entry[1].append(span)
            entry[2].append(" ".join(article.text[span.start : span.end].split()))
            entry[1].extend(_quotes_credited(article, attribution))
        for entity, spans, phrases in cited.values():
            shown = "; ".join(f"'{phrase}'" for phrase in dict.fromkeys(phrases))
            yield finding(
                KIND,
                "info",
                f"credited to {entity.name} ({shown}), but no article from {entity.name} is in the corpus: "
                "the original reporting cannot be compared",
                article.id,
                spans,
                kb=entity.kb_id,
            )


def _outlet(known: Lookup, article: Article, attribution: Attribution) -> tuple[Entity, Span] | None:
    """Return the organisation an attribution credits as the outlet of a story and the words that do, or None.

    The words run from the cue to the outlet's name, or on to the report noun ("According to a Voice of
    America (VOA) report"); "X reported" keeps its whole phrase.
    """
    if attribution.anonymous:
        return None
    cue = attribution.cue.lower()
    phrase = article.text[attribution.source_start : attribution.source_end]
    if cue not in _REPORTING_CUES and not (cue in _SOURCE_AFTER and _MEDIA_NOUNS.search(phrase)):
        return None
    for mention in article.mentions:
        if not (attribution.source_start <= mention.start and mention.end <= attribution.source_end):
            continue
        entity = known.entity_at(article.id, mention.start, mention.end)
        if mention.label != "ORG" or entity is None or _is_body(known, entity):
            continue
        if cue not in ("reported by", *_SOURCE_AFTER) and not _looks_like_outlet(known, entity):
            continue  # "Ivaco earlier reported 1986 profit": a company reporting its own figures
        span = Span(article.id, attribution.start, attribution.end)
        if cue in _SOURCE_AFTER:
            noun = _MEDIA_NOUNS.search(article.text, mention.end, attribution.source_end)
            span = Span(article.id, span.start, noun.end() if noun else mention.end)
        return entity, span
    return None


def _looks_like_outlet(known: Lookup, entity: Entity) -> bool:
    return any(word in _OUTLET_WORDS for name in _names(known, entity) for word in name.split())


def _names(known: Lookup, entity: Entity) -> set[str]:
    names = {entity.name, *entity.aliases}
    entry = known.kb.get(entity.kb_id) if entity.kb_id else None
    if entry is not None:
        names.update((entry.name, *entry.aliases))
    return {key for key in map(name_key, names) if key}


def _is_body(known: Lookup, entity: Entity) -> bool:
    return any(word in _BODY_WORDS for name in _names(known, entity) for word in name.split())


def _in_corpus(known: Lookup, entity: Entity, sources: set[str]) -> bool:
    """Whether an article's source names the outlet: equal names, or one name's words inside the other's."""
    for name in _names(known, entity):
        for source in sources:
            if name == source or f" {name} " in f" {source} " or f" {source} " in f" {name} ":
                return True
    return False


def _quotes_credited(article: Article, attribution: Attribution) -> list[Span]:
    """Return the quotes whose speaker is the attribution's source phrase."""
    return [
        Span(article.id, quote.start, quote.end)
        for quote in article.quotes
        if quote.speaker_start is not None
        and quote.speaker_end is not None
        and quote.speaker_start < attribution.source_end
        and attribution.source_start < quote.speaker_end
    ]
