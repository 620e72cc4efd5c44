"""Turn each check-worthy sentence into a Fact: what kind of event it states, who acts, with what numbers, when.

A fact is the unit later stages align across articles, so two articles that state the same thing in other words
must give facts with the same ``kind`` and actors. The kind comes from a small inventory of event triggers
(:data:`EVENT_KINDS`, checked in that order, so "approved nearly $1 billion in military sales" is an approval,
not a sale). A sentence with no trigger still yields a fact when it states a number (``figure``) or carries a
quote (``statement``); other sentences are not check-worthy.

Actors are the entity mentions of the sentence; their ``entity`` holds a mention reference (``mention:START-END``)
until :func:`crossfact.crossdoc.link.link_entities` replaces it with the canonical entity id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from crossfact.model import Actor, Article, Fact, FactKind, Mention, Sentence
from crossfact.step import Step, setting

# Inventory of event kinds, in precedence order: the first whose trigger occurs in the sentence wins.
# Tariff kinds need the word "tariff" and a direction; spending kinds need a budget noun and a direction.
EVENT_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        (
            "cut_tariff",
            r"\b(?:cut|cuts|cutting|slash\w*|reduc\w*|lower\w*|eas\w*|eliminat\w*)\b.{0,80}\btariffs?\b"
            r"|\btariffs?\b.{0,40}\b(?:cut|slash\w*|reduc\w*|lower\w*)\b",
        ),
        (
            "raise_tariff",
            r"\b(?:impos\w*|rais\w*|increas\w*|hik\w*|threaten\w*|slap\w*)\b.{0,80}\btariffs?\b",
        ),
        (
            "raise_spending",
            r"\b(?:doubl\w*|tripl\w*|increas\w*|rais\w*|boost\w*|expand\w*)\b.{0,60}"
            r"\b(?:spending|budgets?|expenditure)\b",
        ),
        (
            "cut_spending",
            r"\b(?:cut|cuts|slash\w*|reduc\w*|trim\w*)\b.{0,60}\b(?:spending|budgets?|expenditure)\b",
        ),
        ("approve", r"\b(?:approv(?:e|ed|es|ing)|authori[sz]\w*|greenlit|green-lit|clear(?:ed|s))\b"),
        ("block", r"\b(?:block\w*|veto\w*|barred|halt\w*|reject\w*)\b"),
        ("sign", r"\b(?:sign(?:ed|s|ing)?|ink(?:ed|s)?)\b"),
        ("purchase", r"\b(?:order(?:s|ed)?|purchas\w*|bought|buy(?:s|ing)?|procur\w*|acqui\w*)\b"),
        ("sell", r"\b(?:sales?|sold|sell(?:s|ing)?|exports?)\b"),
        ("contract", r"\b(?:contracts?|award(?:ed|s)?)\b"),
        ("meet", r"\b(?:met|meet(?:s|ing)?|talks|summit|visit\w*)\b"),
        ("announce", r"\b(?:announc\w*|disclos\w*|unveil\w*|reveal\w*|confirm\w*)\b"),
        ("claim", r"\b(?:claim\w*|alleg\w*|accus\w*)\b"),
    )
)
FIGURE = "figure"
STATEMENT = "statement"
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# A sentence opening with a personal pronoun ("He also announced ...") acts through the last person named.
_PRONOUN_OPENING = re.compile(r"^(?:He|She|His|Her)\b")
_RECIPIENT_CUE = re.compile(r"\b(?:to|for|from|with|by)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)


def mention_ref(mention: Mention) -> str:
    """Return the provisional reference an actor carries until entities are linked."""
    return f"mention:{mention.start}-{mention.end}"


def extract_facts(article: Article) -> Iterator[Fact]:
    """Yield one Fact per check-worthy sentence of the article, in text order."""
    number = 0
    for sentence in article.sentences:
        text = article.text[sentence.start : sentence.end]
        kind, trigger = _kind(text)
        quantities = tuple(q.id for q in article.quantities if _inside(q.start, q.end, sentence))
        times = tuple(t.id for t in article.times if _inside(t.start, t.end, sentence))
        quotes = tuple(q.id for q in article.quotes if q.start < sentence.end and sentence.start < q.end)
        if kind is None:
            if quantities:
                kind = FIGURE
            elif quotes:
                kind = STATEMENT
            else:
                continue
        number += 1
        yield Fact(
            id=f"{article.id}-f{number}",
            article=article.id,
            start=sentence.start,
            end=sentence.end,
            kind=cast(FactKind, kind),  # the inventory's kinds are model.FactKind (tests/test_model.py)
            actors=tuple(_actors(article, sentence, trigger)),
            quantities=quantities,
            times=times,
            quotes=quotes,
        )


def _kind(text: str) -> tuple[str | None, int]:
    for kind, pattern in EVENT_KINDS:
        match = pattern.search(text)
        if match:
            return kind, match.start()
    return None, 0


def _inside(start: int, end: int, sentence: Sentence) -> bool:
    return sentence.start <= start and end <= sentence.end


def _actors(article: Article, sentence: Sentence, trigger: int) -> Iterator[Actor]:
    seen: set[str] = set()
    trigger_at = sentence.start + trigger
    has_agent = False
    for mention in article.mentions:
        if mention.label not in ACTOR_LABELS or not _inside(mention.start, mention.end, sentence):
            continue
        ref = mention_ref(mention)
        if ref in seen:
            continue
        seen.add(ref)
        if mention.start < trigger_at:
            role = "agent"
            has_agent = True
        elif _RECIPIENT_CUE.search(article.text[max(sentence.start, mention.start - 40) : mention.start]):
            role = "recipient"
        else:
            role = "other"
        yield Actor(entity=ref, role=role)
    if not has_agent and _PRONOUN_OPENING.match(article.text[sentence.start : sentence.end]):
        earlier = [m for m in article.mentions if m.label == "PERSON" and m.end <= sentence.start]
        if earlier and mention_ref(earlier[-1]) not in seen:
            yield Actor(entity=mention_ref(earlier[-1]), role="agent")


STEP: Step[Article] = Step(
    "facts",
    "article",
    setting("facts", lambda article, config, resources: tuple(extract_facts(article))),
    requires=(
        "article.sentences",
        "article.mentions",
        "article.quantities",
        "article.times",
        "article.quotes",
    ),
    assigns=("article.facts",),
    method="triggers",
)
