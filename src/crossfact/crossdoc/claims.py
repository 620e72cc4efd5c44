"""Inside each event, group the facts that assert the same thing into claims, count their independent
sources, and find the claims whose values conflict.

A claim is what a fact-checker checks: one statement ("he was sentenced to four consecutive life sentences"),
shown as a representative clause from the text, with every article that asserts it. Facts are paired inside
their event only and scored by the fitted ``claims`` pair model (paraphrase level, fitted on MSRP); two facts
that state one proposition (the same predicate with its particles, every role both fill filled alike, one by a
name or an uncommon word) join whatever else each adds, since a fact-checker counts "Klitschko stops Thompson
in 6" and "Klitschko stopped Thompson in the sixth round to keep his titles" as two sources of the stoppage. The
statement shown is the member the others state most, not the fullest telling. Two facts whose same value slot
clashes ("fined £500" / "fined £5,000"), whose dates clash, of which one is negated, or whose verbs differ only
by a particle ("checked into" / "checked out of"), never join one claim: they become two claims, and a conflict
if they say the same thing otherwise. A copy of a statement that changed a figure
(:mod:`crossfact.crossdoc.copy_edits`) is a conflict too, whoever the statement is about; each conflict records
which of the two reasons (``basis``) made it.

``independent_sources`` counts families, not articles: five copies of one wire story are one source. Status:
``conflicting`` when a conflict names the claim, ``corroborated`` from two independent sources, else
``single_source``. A claim whose every fact rests on an unnamed source is ``anonymous_only``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import combinations

from crossfact import lang
from crossfact.config import ClaimsConfig, SimilarityConfig
from crossfact.crossdoc.compare import (
    FEATURES,
    FactKey,
    PairModel,
    compatible,
    covered,
    describe_pair_model,
    pair_features,
    term_weight,
)
from crossfact.crossdoc.copy_edits import changed_values
from crossfact.crossdoc.events import model_keys
from crossfact.crossdoc.linkage import average_linkage
from crossfact.model import (
    Article,
    Claim,
    ClaimStatus,
    Conflict,
    ConflictBasis,
    ConflictValue,
    Corpus,
    Fact,
    FactRef,
    Span,
    Value,
)
from crossfact.step import Step

_SEQUENCE = lang.words("sequence_nouns")
# "Nichols was a computer expert" / "He was on trial": a generic verb with one participant is no proposition.
_GENERIC = lang.words("generic_predicates")
_COMPARISON = frozenset(word.rstrip(".") for word in lang.words("comparison_words"))
_CLASH = {"value_clash", "date_clash", "negation_differs"}
# Below this word-order similarity (compare.FEATURES "sentence_lcs", the better of clause and sentence) two
# statements are not compared as copies: a copy with a changed figure keeps nearly all its words in order.
_COPY_PREFILTER = 0.5

# The values a near-verbatim copy changed, per pair of member indices (i < j) of one event.
Edits = dict[tuple[int, int], list[tuple[Value, Value]]]


def build_claims(
    corpus: Corpus, *, config: ClaimsConfig | None = None, similarity: SimilarityConfig | None = None
) -> tuple[tuple[Claim, ...], tuple[Conflict, ...]]:
    """Return the claims of every event and the conflicts between them."""
    config = config or ClaimsConfig()
    model, found = model_keys(corpus, "claims", similarity or SimilarityConfig())
    threshold = config.threshold if config.threshold is not None else model.linkage_threshold
    keys = {(key.article, key.fact): key for key in found}
    facts = {(article.id, fact.id): (article, fact) for article in corpus.articles for fact in article.facts}
    family_of = {member: family.id for family in corpus.families for member in family.articles}
    type_of = {entity.id: entity.type for entity in corpus.entities}
    actors_of: dict[str, set[str]] = defaultdict(set)
    for entity in corpus.entities:
        if entity.type in config.copy_shared_types:
            for mention in entity.mentions:
                actors_of[mention.article].add(entity.id)
    claims: list[Claim] = []
    conflicts: list[Conflict] = []
    for event in corpus.events:
        members = [keys[(ref.article, ref.fact)] for ref in event.facts if (ref.article, ref.fact) in keys]
        edits: Edits = {}
        edited = _copy_edits(members, facts, actors_of, config, edits)
        sentences = [(key.article, facts[(key.article, key.fact)][1].sentence_start) for key in members]
        groups = _group(members, model, threshold, config, edited, sentences)
        drafts = []
        chosen: dict[str, FactKey] = {}
        for group in groups:
            representative = members[_representative(group, members)]
            draft = _draft(event.id, [members[i] for i in group], representative, facts, family_of)
            drafts.append(draft)
            chosen[draft.id] = representative
        claim_of = {index: draft.id for group, draft in zip(groups, drafts, strict=True) for index in group}
        event_conflicts = _merged(
            [
                *_conflicts(event.id, drafts, chosen, config, type_of),
                *_edit_conflicts(event.id, edits, claim_of, members),
            ]
        )
        conflicted = {claim_id for conflict in event_conflicts for claim_id in conflict.claims}
        for draft in drafts:
            status: ClaimStatus = (
                "conflicting"
                if draft.id in conflicted
                else "corroborated"
                if draft.independent_sources >= config.corroborated_at
                else "single_source"
            )
            claims.append(replace(draft, status=status))
        conflicts.extend(event_conflicts)
    return tuple(claims), tuple(conflicts)


def _copy_edits(
    members: Sequence[FactKey],
    facts: Mapping[tuple[str, str], tuple[Article, Fact]],
    actors_of: Mapping[str, set[str]],
    config: ClaimsConfig,
    edits: Edits,
) -> Callable[[int, int], bool]:
    """Return a test of whether members i and j are one statement copied with a changed figure; it records the
    changed values in ``edits``.

    The two articles must name a person or organisation in common: wire templates repeat a sentence word for
    word about different companies ("payable March 26 to holders of record" / "payable March 19 ..."), and
    tables of figures ("Shr 10 cts vs 5 cts") are not statements at all."""

    def edited(i: int, j: int) -> bool:
        article_a, fact_a = facts[(members[i].article, members[i].fact)]
        article_b, fact_b = facts[(members[j].article, members[j].fact)]
        if article_a.id == article_b.id or _compares(members[i]) or _compares(members[j]):
            return False
        if not actors_of.get(article_a.id, set()) & actors_of.get(article_b.id, set()):
            return False
        # The clauses first, then their sentences: "ordered to pay £300 in compensation" is too short to be
        # known as a copy by itself, "He was fined £500 and ordered to pay £300 in compensation" is not.
        pairs = []
        for (start_a, end_a), (start_b, end_b) in (
            ((fact_a.start, fact_a.end), (fact_b.start, fact_b.end)),
            ((fact_a.sentence_start, fact_a.sentence_end), (fact_b.sentence_start, fact_b.sentence_end)),
        ):
            pairs = changed_values(
                article_a.text[start_a:end_a],
                start_a,
                fact_a.values,
                article_b.text[start_b:end_b],
                start_b,
                fact_b.values,
                similarity=config.copy_similarity,
                min_words=config.copy_min_words,
                same_name=config.copy_same_name,
            )
            if pairs:
                break
        if pairs:
            edits[(i, j)] = pairs
        return bool(pairs)

    return edited


def _group(
    members: Sequence[FactKey],
    model: PairModel,
    threshold: float,
    config: ClaimsConfig,
    edited: Callable[[int, int], bool],
    sentences: Sequence[tuple[str, int]],
) -> list[list[int]]:
    """Return the claims of one event as lists of member indices. Pairs whose values clash, copies with a changed
    figure (``edited``), and two clauses of one sentence (``sentences``: each member's article and sentence start)
    are never one claim: the clauses of a sentence are its different statements, though every copy of the
    sentence makes their sentence-level features alike ("dropped Thompson again in the sixth, and referee Sam
    Williams gave the challenger a standing count")."""
    clash = [FEATURES.index(name) for name in _CLASH]
    lcs = FEATURES.index("sentence_lcs")
    shared = FEATURES.index("value_match")
    core = FEATURES.index("core_match")
    scores = []
    cannot = []
    # An event larger than ``max_facts_per_event`` facts is compared in windows of that many, in text order, so
    # the work stays bounded; larger events are rare outside wire floods of one story.
    for i, j in combinations(range(len(members)), 2):
        if j - i > config.max_facts_per_event:
            continue
        features = pair_features(members[i], members[j], embedding=model.embedding)
        copied = features[lcs] >= _COPY_PREFILTER and edited(i, j)
        if (
            sentences[i] == sentences[j]
            or copied
            or any(features[index] > 0 for index in clash)
            or _figures_differ(members[i], members[j])
            or _particles_differ(members[i], members[j])
        ):
            cannot.append((i, j))
            continue
        # The same figures twice in one event, or the same proposition, from two articles: the same assertion,
        # however worded. Inside one article figures recur across its statements ("the three holdouts told the
        # nine jurors" / "the nine jurors asked the three holdouts"): there the model decides alone.
        joined = members[i].article != members[j].article and (
            (config.join_on_shared_values and features[shared] >= config.join_on_shared_values)
            or (
                config.join_on_core
                and features[core] > 0
                and members[i].predicate not in _GENERIC
                and _shared_participant(members[i], members[j], config.participant_weight)
            )
        )
        scores.append((i, j, 1.0 if joined else model.probability(features)))
    labels = average_linkage(len(members), scores, threshold=threshold, cannot_link=cannot)
    groups: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        groups[label].append(index)
    return [groups[label] for label in sorted(groups)]


def _representative(group: Sequence[int], members: Sequence[FactKey]) -> int:
    """Return the member whose clause the others of its claim state most (its rare words weigh most), earliest
    on ties: the statement every source makes, not one source's fullest telling ("Klitschko stops Thompson in
    6", not "... in the sixth round to keep a comfortable hold on his WBA, IBF and WBO titles")."""
    if len(group) == 1:
        return group[0]
    best = max(
        range(len(group)),
        key=lambda n: (sum(covered(members[group[n]], members[o]) for o in group if o != group[n]), -n),
    )
    return group[best]


def _draft(
    event: str,
    group: Sequence[FactKey],
    chosen: FactKey,
    facts: Mapping[tuple[str, str], tuple[Article, Fact]],
    family_of: Mapping[str, str],
) -> Claim:
    article, fact = facts[(chosen.article, chosen.fact)]
    refs = tuple(FactRef(key.article, key.fact) for key in group)
    families = {family_of.get(key.article, key.article) for key in group}
    attributed: list[str] = []
    anonymous = True
    for key in group:
        source_article, source_fact = facts[(key.article, key.fact)]
        anonymous = anonymous and source_fact.attribution == "anonymous"
        for slot in source_fact.slots:
            if slot.role == "attribution" and source_fact.attribution == "named":
                name = " ".join(source_article.text[slot.start : slot.end].split())
                if name not in attributed:
                    attributed.append(name)
    digest = hashlib.sha1("|".join(f"{r.article}/{r.fact}" for r in refs).encode("utf-8")).hexdigest()[:12]
    return Claim(
        id=f"claim-{digest}",
        event=event,
        statement=Span(article.id, fact.start, fact.end),
        kind=fact.predicate or fact.kind,
        facts=refs,
        slots=fact.slots,
        values=fact.values,
        independent_sources=len(families),
        attributed_to=tuple(attributed),
        status="single_source",
        anonymous_only=anonymous,
    )


def _conflicts(
    event: str,
    claims: Sequence[Claim],
    chosen: Mapping[str, FactKey],
    config: ClaimsConfig,
    type_of: Mapping[str, str],
) -> Iterator[Conflict]:
    """Yield a conflict for each value slot that two claims of the event, stated by different articles, fill
    with incompatible values while saying the same thing otherwise.

    "The same thing": the two statements share a participant and name no different ones in one role
    ("Klitschko improved to 53-3" / "Klitschko, 52-3"; not Thompson's record, not two companies' dividends); a
    bare measure (money, percent, duration, date), unlike a slot naming what it counts ("count:sentence",
    "ordinal:defence", "tally"), needs the same predicate too ("fined £500" / "fined £5,000", not "ordered to pay
    £50 costs"). Statements whose dates clash are about two happenings, and their other values are not compared.
    One article's two figures are the internal_conflict check's business, not a conflict between sources.
    """
    date_clash = FEATURES.index("date_clash")
    for a, b in combinations(claims, 2):
        articles_a = {ref.article for ref in a.facts}
        articles_b = {ref.article for ref in b.facts}
        if articles_a & articles_b:
            continue
        features = pair_features(chosen[a.id], chosen[b.id])
        if _named_clash(chosen[a.id], chosen[b.id], type_of) or not _shared_participant(
            chosen[a.id], chosen[b.id], config.participant_weight
        ):
            continue
        if _compares(chosen[a.id]) or _compares(chosen[b.id]):
            continue
        predicate = chosen[a.id].predicate
        same_predicate = config.conflict_across_predicates or (
            predicate is not None and predicate == chosen[b.id].predicate
        )
        for slot in sorted({v.slot for v in a.values} & {v.slot for v in b.values}):
            if slot in config.uncompared_slots or (slot.startswith("ordinal:") and slot[8:] in _SEQUENCE):
                continue
            if slot != "date" and features[date_clash] > 0:
                continue
            specific = ":" in slot or slot in config.specific_slots
            if not (same_predicate or specific):
                continue
            left = [v for v in a.values if v.slot == slot and _comparable(v)]
            right = [v for v in b.values if v.slot == slot and _comparable(v)]
            if not left or not right or any(compatible(x, y) for x in left for y in right):
                continue
            if slot == "date" and (len(left) > 1 or len(right) > 1):
                continue  # a clause naming several dates tells a history; which date is whose is not known
            left, right = _facing(left, right)
            values = (
                *(ConflictValue(a.statement.article, v) for v in left),
                *(ConflictValue(b.statement.article, v) for v in right),
            )
            yield _conflict(event, slot, (a.id, b.id), values)


def _facing(left: list[Value], right: list[Value]) -> tuple[list[Value], list[Value]]:
    """Return the values that face each other: each value of the side with fewer, and the value nearest to it
    on the other side. "53-3, 47 KOs ... Rahman, 36 KOs" against "52-3, 46 KOs" sets 47 against 46; Rahman's
    36 has no counterpart and is not part of the disagreement."""
    swap = len(right) < len(left)
    few, many = (right, left) if swap else (left, right)
    nearest = [_nearest(value, many) for value in few]
    matched = [value for value in many if value in nearest]
    return (matched, few) if swap else (few, matched)


def _nearest(value: Value, others: Sequence[Value]) -> Value:
    return min(others, key=lambda other: abs(other.value - value.value))


def _figures_differ(a: FactKey, b: FactKey) -> bool:
    """Return whether a value slot holds, in each fact, a figure the other fact does not state: "£4,000
    compensation and £250 costs" / "£400 compensation and £250 costs" are two assertions, though they share £250
    (the pair feature ``value_clash`` asks only whether any two figures agree)."""
    for slot in {v.slot for v in a.values} & {v.slot for v in b.values}:
        left = [v for v in a.values if v.slot == slot]
        right = [v for v in b.values if v.slot == slot]
        if any(not any(compatible(x, y) for y in right) for x in left) and any(
            not any(compatible(x, y) for x in left) for y in right
        ):
            return True
    return False


def _particles_differ(a: FactKey, b: FactKey) -> bool:
    """Return whether the two predicates are one verb with different particles: "checked into" / "checked out of"
    rehab, "stepped down" / "stepped up" are opposite acts, though every other word agrees."""
    return a.predicate is not None and a.predicate == b.predicate and a.particles != b.particles


def _edit_conflicts(
    event: str, edits: Edits, claim_of: Mapping[int, str], members: Sequence[FactKey]
) -> Iterator[Conflict]:
    """Yield a conflict for each figure a near-verbatim copy changed (see :mod:`crossfact.crossdoc.copy_edits`)."""
    for (i, j), pairs in sorted(edits.items()):
        for left, right in pairs:
            claims = (claim_of[i], claim_of[j])
            values = (ConflictValue(members[i].article, left), ConflictValue(members[j].article, right))
            yield _conflict(event, left.slot, claims, values, "copy_edit")


def _conflict(
    event: str,
    slot: str,
    claims: tuple[str, str],
    values: tuple[ConflictValue, ...],
    basis: ConflictBasis = "same_statement",
) -> Conflict:
    digest = hashlib.sha1(f"{claims[0]}|{claims[1]}|{slot}".encode()).hexdigest()[:12]
    return Conflict(f"conflict-{digest}", event, slot, claims, values, basis)


def _merged(conflicts: Sequence[Conflict]) -> list[Conflict]:
    """Return one conflict per pair of claims and slot, holding the values of all that name them."""
    by_key: dict[tuple[frozenset[str], str], Conflict] = {}
    for conflict in conflicts:
        key = (frozenset(conflict.claims), conflict.slot)
        if key not in by_key:
            by_key[key] = conflict
            continue
        kept = by_key[key]
        added = tuple(value for value in conflict.values if value not in kept.values)
        # A copy that changed the figure is the stronger reason to show: it needs no reading of participants.
        basis: ConflictBasis = "copy_edit" if "copy_edit" in (kept.basis, conflict.basis) else kept.basis
        by_key[key] = replace(kept, values=kept.values + added, basis=basis)
    return list(by_key.values())


def _shared_participant(a: FactKey, b: FactKey, weight: float) -> bool:
    """Return whether one role holds the same named entity, or the same uncommon head word, in both facts."""
    for role in a.roles.keys() & b.roles.keys():
        for key in a.roles[role] & b.roles[role]:
            if key in a.entities or term_weight(key) >= weight:
                return True
    return False


def _named_clash(a: FactKey, b: FactKey, type_of: Mapping[str, str]) -> bool:
    """Return whether a role is filled by different named entities of one type in the two facts ("Klitschko,
    53-3" / "Thompson, 37-3"); unnamed fillers ("the Dutch government signed" / "the winning group signed") are
    two parties of one act, and names of different types (a dateline's "THE HAGUE" read as a subject beside a
    company; a title read as an organisation beside the boxer) are not two answers to one question."""
    for role in a.roles.keys() & b.roles.keys():
        named_a, named_b = a.roles[role] & a.entities, b.roles[role] & b.entities
        if named_a & named_b:
            continue
        types_a = {type_of.get(entity) for entity in named_a}
        if any(type_of.get(entity) in types_a for entity in named_b):
            return True
    return False


def _compares(key: FactKey) -> bool:
    # "Qtly div 35 cts vs 30 cts prior" sets figures side by side on purpose: a table row, not an assertion.
    return any(word.rstrip(".") in _COMPARISON for word in key.words)


def _comparable(value: Value) -> bool:
    # A date the text leaves open ("Saturday" with no week: XXXX-WXX-6) cannot contradict a full one.
    return not (value.kind == "date" and (value.text_value is None or "X" in value.text_value))


STEP: Step[Corpus] = Step(
    "claims",
    "corpus",
    lambda config, resources: lambda corpus: _assign(corpus, config.claims, config.similarity),
    requires=("article.facts", "corpus.events", "corpus.families"),
    assigns=("corpus.claims", "corpus.conflicts"),
    section="claims",
    method="pair-model+average-linkage",
    describe=lambda config: describe_pair_model("claims", config.similarity),
)


def _assign(corpus: Corpus, config: ClaimsConfig, similarity: SimilarityConfig) -> Corpus:
    claims, conflicts = build_claims(corpus, config=config, similarity=similarity)
    return replace(corpus, claims=claims, conflicts=conflicts)
