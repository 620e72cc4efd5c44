"""Align facts across articles into claims and say how many independent sources stand behind each.

Two facts state the same claim when they have the same event kind and either share a stated value (the same
amount or rate) or name mostly the same actors (Jaccard of their person/organisation/place entities at least
:data:`ACTOR_OVERLAP`). A claim counts its *families*, not its articles: five copies of one wire story are one
source. It is ``conflicting`` when two supporting articles give the same kind of value for it and the values
differ beyond rounding, ``corroborated`` when at least two independent families state it, and
``single_source`` otherwise. A claim whose every supporting fact rests on anonymous speakers says so.

Only compact per-fact keys (kind, entity ids, quantity values) are compared, never texts.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from crossfact.extract.facts import FIGURE, STATEMENT
from crossfact.model import Article, Claim, ClaimStatus, Corpus, Entity, Fact, FactRef, Family, Quantity
from crossfact.step import Step, setting

# Half of the actors in common: "Trump announced Japan's order" and "Trump said Tokyo ordered" share Trump and
# Japan; lower values merged unrelated facts that only share the United States on the seeds and demo.
ACTOR_OVERLAP = 0.5
# Values within 10 % are the same figure rounded ("nearly $1 billion" vs "$950 million"); the seeds' and the
# demo's real conflicts ($1 billion vs $100.2 million; €4.2 billion vs €2.4 billion) differ by far more.
ROUNDING = 0.10
# Kinds whose quantities are compared for conflicts; counts and multipliers are too context-bound.
COMPARED_KINDS = ("money", "percent", "change")
ACTOR_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Three shared actors make the same event even when each article names others besides ("the Dutch government
# signed with a Danish-German consortium" / "Hvidsand Energi of Denmark and Jadewerk of Germany signed").
SHARED_ACTORS_ENOUGH = 3
CORROBORATED_AT = 2
# How many of the most recent claims each actor or value offers as candidates for a new fact.
POSTINGS_PER_KEY = 64
# Conflicts named per claim and unit; the status needs one, a reader a few.
MAX_CONFLICTS = 3


ValueKey = tuple[str, str | None, float]


@dataclass(slots=True)
class _Group:
    kind: str
    number: int = 0
    facts: list[tuple[Article, Fact]] = field(default_factory=list)
    seed_actors: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)
    values: set[ValueKey] = field(default_factory=set)


def align_claims(
    articles: Sequence[Article], families: Sequence[Family], entities: Sequence[Entity]
) -> tuple[Claim, ...]:
    """Return the claims made by the articles' facts, with independent-source counts and statuses."""
    family_of = {article_id: family.id for family in families for article_id in family.articles}
    # "Danish" and "Denmark" are one actor: entities linked to one KB entry compare by that entry.
    actor_key = {entity.id: entity.kb_id or entity.id for entity in entities if entity.type in ACTOR_TYPES}
    groups: list[_Group] = []
    # Candidate claims come from an index on (kind, actor) and (kind, value), each offering its most recent
    # claims only, so the work per fact stays bounded as the corpus grows (bench_crossdoc_scale.py).
    index: dict[tuple[str, object], list[int]] = {}
    for article in articles:
        quantities = {q.id: q for q in article.quantities}
        for fact in article.facts:
            actors = {actor_key[a.entity] for a in fact.actors if a.entity in actor_key}
            values = _values(fact, quantities)
            keys = [(fact.kind, key) for key in (*actors, *values)]
            seen: set[int] = set()
            candidates = []
            for key in keys:
                for number in index.get(key, [])[-POSTINGS_PER_KEY:]:
                    if number not in seen:
                        seen.add(number)
                        candidates.append(groups[number])
            group = _best_group(sorted(candidates, key=lambda g: g.number), actors, values)
            if group is None:
                group = _Group(fact.kind, number=len(groups), seed_actors=actors)
                groups.append(group)
            for key in keys:
                postings = index.setdefault(key, [])
                if not postings or postings[-1] != group.number:
                    postings.append(group.number)
            group.facts.append((article, fact))
            group.actors |= actors
            group.values |= values
    quotes_anonymous = {q.id: q.anonymous for article in articles for q in article.quotes}
    names = {entity.kb_id or entity.id: entity.name for entity in entities if entity.type != "NORP"}
    names.update({entity.id: entity.name for entity in entities})
    return tuple(_claim(group, family_of, quotes_anonymous, names) for group in groups)


def _values(fact: Fact, quantities: dict[str, Quantity]) -> set[ValueKey]:
    """Return (kind, unit, value) of the fact's quantities whose kinds are compared."""
    found = (quantities[q] for q in fact.quantities if q in quantities)
    return {(q.kind, q.unit, q.value) for q in found if q.kind in COMPARED_KINDS}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _best_group(candidates: list[_Group], actors: set[str], values: set[ValueKey]) -> _Group | None:
    best: tuple[float, _Group] | None = None
    for group in candidates:
        # A shared figure joins facts only with an actor in common (or none named): "two cts" or "10 pct" recur
        # across unrelated earnings reports (500-article Reuters review).
        shared_value = bool(values & group.values) and (
            bool(actors & group.actors) or not actors or not group.seed_actors
        )
        # Compared with the claim's first fact, so a claim does not drift by absorbing its neighbours' actors.
        overlap = _jaccard(actors, group.seed_actors)
        shared_actors = len(actors & group.seed_actors)
        # Facts without an event ("figure", "statement") share one only through a figure or several actors:
        # one actor in common ("the United States") made thousands of Reuters figures one claim.
        eventless = group.kind in (FIGURE, STATEMENT)
        if not (
            shared_value
            or (overlap == 1.0 and not eventless)
            or (overlap >= ACTOR_OVERLAP and shared_actors >= 2)
            or shared_actors >= SHARED_ACTORS_ENOUGH
        ):
            continue
        score = overlap + (1.0 if shared_value else 0.0)
        if best is None or score > best[0]:
            best = (score, group)
    return best[1] if best else None


def _conflicts(group: _Group) -> Iterator[str]:
    """Yield, per kind and unit, articles whose values all differ from the value most articles give."""
    per_slot: dict[tuple[str, str | None], dict[str, set[float]]] = {}
    for article, fact in group.facts:
        for kind, unit, value in _values(fact, {q.id: q for q in article.quantities}):
            per_slot.setdefault((kind, unit), {}).setdefault(article.id, set()).add(value)
    for (kind, unit), by_article in sorted(per_slot.items(), key=str):
        if len(by_article) < 2:
            continue
        # Compared with the modal value, not pairwise: linear in the claim's size, and the message names the
        # majority figure each dissenting article departs from.
        counts: Counter[float] = Counter(value for values in by_article.values() for value in values)
        modal = max(counts, key=lambda value: (counts[value], -value))
        dissent = sorted(a for a, values in by_article.items() if all(_differs(v, modal) for v in values))
        for article_id in dissent[:MAX_CONFLICTS]:
            theirs = ", ".join(describe_value(kind, unit, v) for v in sorted(by_article[article_id]))
            modal_text = describe_value(kind, unit, modal)
            yield f"{kind}: {theirs} ({article_id}) vs {modal_text} ({counts[modal]} article(s))"


_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def describe_value(kind: str, unit: str | None, value: float) -> str:
    """Return a value as a reader writes it: "EUR 4.2 billion", "27.5 %", "3 troops"."""
    if kind == "money":
        for size, word in _SCALES:
            if abs(value) >= size:
                return f"{unit or ''} {value / size:g} {word}".strip()
        return f"{unit or ''} {value:,.2f}".strip()
    return f"{value:g} {unit}" if unit else f"{value:g}"


def _differs(a: float, b: float) -> bool:
    return abs(a - b) > ROUNDING * max(abs(a), abs(b))


def _claim(
    group: _Group,
    family_of: dict[str, str],
    quotes_anonymous: dict[str, bool],
    names: dict[str, str],
) -> Claim:
    refs = tuple(FactRef(article.id, fact.id) for article, fact in group.facts)
    families = {family_of.get(article.id, article.id) for article, _ in group.facts}
    conflicts = list(_conflicts(group))
    status: ClaimStatus
    if conflicts:
        status = "conflicting"
    elif len(families) >= CORROBORATED_AT:
        status = "corroborated"
    else:
        status = "single_source"
    quote_ids = [q for _, fact in group.facts for q in fact.quotes]
    anonymous_only = bool(quote_ids) and all(quotes_anonymous.get(q, False) for q in quote_ids)
    actors = sorted({names[a] for a in group.actors if a in names})
    values = sorted({f"{kind} {describe_value(kind, unit, value)}" for kind, unit, value in group.values})
    summary = f"{group.kind}: " + (", ".join(actors[:4]) or "no named actor")
    if values:
        summary += " — " + "; ".join(values[:4])
    digest = hashlib.sha1("|".join(f"{r.article}/{r.fact}" for r in refs).encode("utf-8")).hexdigest()[:10]
    return Claim(
        id=f"claim-{digest}",
        summary=summary,
        kind=group.kind,
        facts=refs,
        values=tuple(values) + tuple(f"conflict: {c}" for c in conflicts),
        independent_sources=len(families),
        status=status,
        anonymous_only=anonymous_only,
    )


STEP: Step[Corpus] = Step(
    "claims",
    "corpus",
    setting(
        "claims",
        lambda corpus, config, resources: align_claims(corpus.articles, corpus.families, corpus.entities),
    ),
    requires=("article.facts", "article.quantities", "corpus.families", "corpus.entities"),
    assigns=("corpus.claims",),
    method="align",
)
