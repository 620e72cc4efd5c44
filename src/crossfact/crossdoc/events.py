"""Group the facts of all articles into events: clusters of statements about one real-world happening.

Candidate pairs come from shared keys (predicate, participant entity, value, rare word), each key offering only
its most recent facts, so the work per fact stays bounded as a corpus grows. Each candidate pair is scored by
the fitted ``events`` pair model (:mod:`crossfact.crossdoc.compare`), which weighs the same predicate, shared
participants, agreeing dates, the same story and rare shared words; clusters are made by average linkage
(:mod:`crossfact.crossdoc.linkage`), so a cluster holds together as a whole and two fights of one boxer, which
share a participant but not their dates and words, stay apart. ``benchmarks/eval_events.py`` scores it on ECB+.
When the sentence encoder runs (:mod:`crossfact.crossdoc.similarity`) and an events model was fitted with it, the
keys carry embeddings and that model reads their cosine too; otherwise the lexical model runs.

An event is first labelled by its kind and participants; once its claims exist, :data:`LABEL_STEP` relabels it
by words a reader recognises: the statement of its best-supported claim (most independent sources, then most
facts), cut at a word. On the demo "carry: the North Sea, Eemshaven, Netherlands (2031)" becomes "the first
hydrogen should reach Eemshaven in 2031", and "take: no named participant" "The state is taking a real share of
that risk"; a kind is a bare predicate, often a generic one ("be", "have").
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict, deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from crossfact import lang
from crossfact.config import EventsConfig, SimilarityConfig
from crossfact.crossdoc.compare import (
    FactKey,
    PairModel,
    describe_pair_model,
    fact_key,
    fact_texts,
    load_pair_model,
    pair_features,
    pair_model_for,
)
from crossfact.crossdoc.link import entity_index
from crossfact.crossdoc.linkage import average_linkage
from crossfact.crossdoc.similarity import Encoder, load_encoder
from crossfact.model import Claim, Corpus, Event, FactRef
from crossfact.step import Step, setting


def fact_keys(corpus: Corpus, *, encoder: Encoder | None = None) -> list[FactKey]:
    """Return the compact key of every fact of the corpus, in article then text order, with the embeddings of
    each clause and sentence when ``encoder`` is given."""
    entity_of = entity_index(corpus.entities)
    family_of = {member: family.id for family in corpus.families for member in family.articles}
    story_of = {member: story.id for story in corpus.stories for member in story.articles}
    facts = [(article, fact) for article in corpus.articles for fact in article.facts]
    vectors = (
        iter(encoder.encode([text for pair in facts for text in fact_texts(*pair)])) if encoder else None
    )
    return [
        fact_key(
            article,
            fact,
            entity_of,
            story=story_of.get(article.id),
            family=family_of.get(article.id),
            vectors=(next(vectors), next(vectors)) if vectors else None,
        )
        for article, fact in facts
    ]


def model_keys(corpus: Corpus, name: str, similarity: SimilarityConfig) -> tuple[PairModel, list[FactKey]]:
    """Return the pair model ``name`` for this similarity config and the fact keys it reads (with vectors only
    when the model reads them)."""
    model, _ = pair_model_for(name, similarity)
    return model, fact_keys(corpus, encoder=load_encoder(similarity) if model.embedding else None)


def candidate_pairs(
    keys: Sequence[FactKey], *, postings: int, rare_weight: float
) -> Iterator[tuple[int, int]]:
    """Yield index pairs of facts sharing a predicate, an entity, a value or a rare word (each pair once)."""
    recent: dict[str, deque[int]] = defaultdict(lambda: deque(maxlen=postings))
    seen: set[tuple[int, int]] = set()
    for index, key in enumerate(keys):
        blocks = [f"p:{key.predicate}"] if key.predicate else []
        blocks += [f"e:{entity}" for entity in key.entities]
        blocks += [f"v:{value.slot}:{value.text_value or value.value}" for value in key.values]
        blocks += [f"w:{term}" for term, weight in key.terms.items() if weight >= rare_weight]
        for block in blocks:
            for other in recent[block]:
                pair = (other, index)
                if pair not in seen:
                    seen.add(pair)
                    yield pair
            recent[block].append(index)


def score_pairs(
    keys: Sequence[FactKey],
    config: EventsConfig,
    model: PairModel | None = None,
    paraphrase: PairModel | None = None,
) -> list[tuple[int, int, float]]:
    """Return (i, j, probability) for the candidate pairs of ``keys`` the events model (the lexical one unless
    ``model`` is given) scores high enough; a pair the ``paraphrase`` model (the claims model) joins scores at
    least its paraphrase probability."""
    model = model or load_pair_model("events")
    embedding = model.embedding or (paraphrase is not None and paraphrase.embedding)
    scores = []
    for i, j in candidate_pairs(keys, postings=config.postings_per_key, rare_weight=config.rare_weight):
        features = pair_features(keys[i], keys[j], embedding=embedding)
        probability = model.probability(features[: model.width])
        if paraphrase is not None:
            same = paraphrase.probability(features[: paraphrase.width])
            if same >= paraphrase.threshold:
                probability = max(probability, same)
        if probability >= config.min_pair_probability:
            scores.append((i, j, probability))
    return scores


def linkage_threshold(config: EventsConfig, model: PairModel | None = None) -> float:
    """Return the average-linkage threshold: the config's, else the one fitted with the model."""
    model = model or load_pair_model("events")
    return config.threshold if config.threshold is not None else model.linkage_threshold


# Time enters as the pair features date_match / date_clash, not as a hard rule: forbidding every pair whose dates
# clash from one event dropped ECB+ dev leave-one-topic-out pairwise F1 from 0.572 to 0.390 (recall 0.71 →
# 0.32; clause dates are often not the happening's date: "charged on Monday" in a story of Saturday's arrest).
def build_events(
    corpus: Corpus, *, config: EventsConfig | None = None, similarity: SimilarityConfig | None = None
) -> tuple[Event, ...]:
    """Return the events of the corpus: every fact in exactly one event, in order of first fact."""
    config = config or EventsConfig()
    similarity = similarity or SimilarityConfig()
    model, _ = pair_model_for("events", similarity)
    paraphrase = pair_model_for("claims", similarity)[0] if config.join_paraphrases else None
    encode = model.embedding or (paraphrase is not None and paraphrase.embedding)
    keys = fact_keys(corpus, encoder=load_encoder(similarity) if encode else None)
    labels = average_linkage(
        len(keys),
        score_pairs(keys, config, model, paraphrase),
        threshold=linkage_threshold(config, model),
        unscored_as_zero=model.linkage_unscored_as_zero,
    )
    clusters: dict[int, list[FactKey]] = defaultdict(list)
    for index, label in enumerate(labels):
        clusters[label].append(keys[index])
    names = {entity.id: entity.name for entity in corpus.entities}
    return tuple(_event(members, names) for _, members in sorted(clusters.items()))


def _event(members: list[FactKey], names: Mapping[str, str]) -> Event:
    refs = tuple(FactRef(key.article, key.fact) for key in members)
    digest = hashlib.sha1("|".join(f"{r.article}/{r.fact}" for r in refs).encode("utf-8")).hexdigest()[:12]
    predicates = Counter(key.predicate for key in members if key.predicate)
    generic = lang.words("generic_predicates")
    kinds = _ranked(Counter({p: n for p, n in predicates.items() if p not in generic}) or predicates)
    # A date whose year the text leaves open ("yesterday" with no publication date: XXXX-XX-XX) dates nothing.
    dates = _ranked(
        Counter(
            v.text_value
            for key in members
            for v in key.values
            if v.kind == "date" and v.text_value and v.text_value[:1].isdigit()
        )
    )
    places: Counter[str] = Counter()
    participants: Counter[str] = Counter()
    for key in members:
        participants.update(key.entities)
        for place in key.roles.get("place", ()):
            places[names.get(place, place)] += 1
    kind = kinds[0] if kinds else "statement"
    when = dates[0] if dates else None
    ranked = _ranked(participants)
    top = [names.get(entity, entity) for entity in ranked[:3]]
    label = f"{kind}: {', '.join(top) if top else 'no named participant'}" + (f" ({when})" if when else "")
    return Event(
        id=f"event-{digest}",
        label=label,
        kind=kind,
        when=when,
        where=next(iter(_ranked(places)), None),
        participants=tuple(ranked),
        facts=refs,
    )


def label_events(corpus: Corpus, *, max_chars: int) -> tuple[Event, ...]:
    """Return the corpus's events, each labelled by the statement of its best-supported claim (most independent
    sources, then most facts, then the first) cut at a word to ``max_chars``; an event without claims keeps its
    kind-and-participants label."""
    texts = {article.id: article.text for article in corpus.articles}
    best: dict[str, Claim] = {}
    for claim in corpus.claims:
        held = best.get(claim.event)
        if held is None or _support(claim) > _support(held):
            best[claim.event] = claim
    labelled: list[Event] = []
    for event in corpus.events:
        chosen = best.get(event.id)
        text = texts.get(chosen.statement.article) if chosen is not None else None
        label = shorten(chosen.statement.text_in(text), max_chars) if chosen and text else ""
        labelled.append(replace(event, label=label) if label else event)
    return tuple(labelled)


def shorten(text: str, max_chars: int) -> str:
    """Return ``text`` on one line (whitespace runs as one space), cut at the last word that fits in
    ``max_chars`` with "…" (mid-word only when the first half holds no space), its closing comma or colon dropped."""
    flat = " ".join(text.split())
    if len(flat) <= max_chars:
        return flat
    cut = flat.rfind(" ", 0, max_chars)
    head = flat[: cut if cut > max_chars // 2 else max_chars - 1].rstrip(" ,;:–—-")
    return f"{head}…"


def _support(claim: Claim) -> tuple[int, int]:
    return claim.independent_sources, len(claim.facts)


def _ranked(counts: Counter[str]) -> list[str]:
    # Most frequent first, ties by name: a Counter filled from sets would otherwise order ties by string hashes,
    # which differ from one process to the next (PYTHONHASHSEED), and labels would change between runs.
    return [item for item, _ in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))]


STEP: Step[Corpus] = Step(
    "events",
    "corpus",
    setting(
        "events",
        lambda corpus, config, resources: build_events(
            corpus, config=config.events, similarity=config.similarity
        ),
    ),
    requires=("article.facts", "corpus.entities", "corpus.stories"),
    uses=("corpus.families",),
    assigns=("corpus.events",),
    section="events",
    method="pair-model+average-linkage",
    describe=lambda config: describe_pair_model("events", config.similarity),
)
LABEL_STEP: Step[Corpus] = Step(
    "event_labels",
    "corpus",
    setting(
        "events",
        lambda corpus, config, resources: label_events(corpus, max_chars=config.events.label_max_chars),
    ),
    requires=("corpus.events", "corpus.claims"),
    assigns=("corpus.events",),
    section="events",
    method="best-supported-claim",
)
