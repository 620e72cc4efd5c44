"""Flag a name that is a near miss of a known person's name, given in a role that person holds or held.

What a fact-checker learns: "Prime Minister Sanai Takwati" is very likely Sanae Takaichi misspelt, so the text
was written or machine-translated carelessly, and copies that repeat the same misspelling reveal who copied whom.
Legitimate variants are not flagged: a name the KB or the corpus already links ("Ishiba" for Shigeru Ishiba)
never reaches this check, and a near miss in a role the person never had ("John Kelly" the general is not
John Kerry) is left alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from crossfact.checks.base import finding
from crossfact.checks.offices import named_offices, titled_offices
from crossfact.config import ChecksConfig
from crossfact.kb import KB, name_score
from crossfact.model import Corpus, Entity, Finding, Span

KIND = "garbled_name"


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield a finding per article that names a person by a near miss of a KB person or of a corpus name."""
    people = [
        entity for entity in corpus.entities if entity.type == "PERSON" and len(entity.name.split()) >= 2
    ]
    articles_of = {entity.id: frozenset(m.article for m in entity.mentions) for entity in people}
    # Names are compared only within blocks sharing a word count and both initials: a garbling rarely changes
    # an initial, and comparing every pair grew quadratically with the corpus.
    blocks: dict[tuple[int, str, str], list[Entity]] = defaultdict(list)
    for entity in people:
        for key in _block_keys(entity.name):
            blocks[key].append(entity)
    for entity in people:
        if entity.kb_id is not None:
            continue
        others = {other.id: other for key in _block_keys(entity.name) for other in blocks[key]}
        yield from _against_kb(kb, entity) or _against_corpus(
            entity, list(others.values()), articles_of, config.garbled_name.corpus_threshold
        )


def _block_keys(name: str) -> tuple[tuple[int, str, str]]:
    words = name.lower().split()
    return ((len(words), words[0][:1], words[-1][:1]),)


def _against_kb(kb: KB, entity: Entity) -> list[Finding]:
    matches = [m for m in kb.lookup(entity.name, kind="person") if m.how == "fuzzy"]
    if not matches:
        return []
    best = matches[0]
    roles = sorted({m.role for m in entity.mentions if m.role and named_offices(kb, m.role)})
    matching_roles = [role for role in roles if titled_offices(kb, role, best.entry)]
    if roles and not matching_roles:
        return []  # given an office the near namesake never held: another person, not a misspelling
    evidence_role = f", named as {matching_roles[0]!r}, an office that person held" if matching_roles else ""
    message = (
        f"'{entity.name}' is probably a garbled '{best.entry.name}' (names {best.score:.0f}% alike"
        f"{evidence_role})"
    )
    return list(_per_article(entity, message, "warning" if matching_roles else "info", best.entry.id))


def _against_corpus(
    entity: Entity, others: list[Entity], articles_of: dict[str, frozenset[str]], threshold: float
) -> list[Finding]:
    articles = articles_of[entity.id]
    if len(entity.mentions) > len(articles):
        # Used twice in one article ("Donald Regan ... Regan"), a spelling is deliberate: another person, not a
        # slip (the 500-article Reuters review took Regan for a garbled Reagan).
        return []
    for other in sorted(others, key=lambda e: e.id):
        # Only a name that more articles use is taken as the intended spelling.
        if other is entity or len(articles_of[other.id]) <= len(articles):
            continue
        score = name_score(entity.name, other.name)
        if score >= threshold:
            message = (
                f"'{entity.name}' is probably a garbled '{other.name}', the spelling "
                f"{len(articles_of[other.id])} other articles use (names {score:.0f}% alike)"
            )
            return list(_per_article(entity, message, "warning", None))
    return []


def _per_article(entity: Entity, message: str, severity: str, kb_id: str | None) -> Iterator[Finding]:
    by_article: dict[str, list[Span]] = {}
    for mention in entity.mentions:
        by_article.setdefault(mention.article, []).append(Span(mention.article, mention.start, mention.end))
    for article, spans in by_article.items():
        yield finding(KIND, "warning" if severity == "warning" else "info", message, article, spans, kb=kb_id)
