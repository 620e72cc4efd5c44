"""Flag an act dated when its actor did not hold the office the text gives them, and "former" misused.

What a fact-checker learns: "In September 2024, the administration decided to cut import tariffs", said of an
administration sworn in on 2025-01-20, cannot be right: the date, the actor or the whole event is wrong. Likewise
"In March 2024, Prime Minister Dick Schoof approved ..." about a prime minister in office only from 2024-07-02,
and "Former President" said of someone still in office on the article's date. Every finding names the KB tenure
it relied on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from crossfact.checks.base import Lookup, finding, lookup, reference_date
from crossfact.checks.offices import (
    PAST_TITLE,
    Interval,
    describe_tenures,
    interval,
    role_span,
    tenures_in,
    titled_offices,
)
from crossfact.config import ChecksConfig
from crossfact.kb import KB, KBEntry
from crossfact.model import Article, Corpus, Fact, Finding, Mention, Span

KIND = "anachronism"
# Offices whose holder has an "administration"; a vice-presidency does not.
_HEAD_TITLES = frozenset({"President", "Prime Minister", "Chancellor", "Premier"})
_ADMINISTRATION = re.compile(r"\b(?:the|his|her|this)\s+administration\b", re.IGNORECASE)
_OPEN_END = date.max


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield findings for dated acts outside the actor's tenure and for "former" titles of sitting holders."""
    known = lookup(corpus, kb)
    for article in corpus.articles:
        times = {time.id: time for time in article.times}
        for fact in article.facts:
            for time_id in fact.times:
                time = times.get(time_id)
                span = interval(time) if time else None
                if time is None or span is None:
                    continue
                when = Span(article.id, time.start, time.end)
                yield from _titled_actors(known, article, fact, span, when)
                yield from _administrations(known, article, fact, span, when)
        yield from _former_while_in_office(known, article)


def _titled_actors(
    known: Lookup, article: Article, fact: Fact, span: Interval, when: Span
) -> Iterator[Finding]:
    for mention in article.mentions:
        if not (fact.start <= mention.start and mention.end <= fact.end) or not mention.role:
            continue
        if PAST_TITLE.match(mention.role):
            continue
        person = known.person(mention)
        if person is None:
            continue
        offices = titled_offices(known.kb, mention.role, person)
        tenures = tenures_in(person, offices)
        if not tenures or any(span.overlaps(tenure, today=_OPEN_END) for tenure in tenures):
            continue
        yield finding(
            KIND,
            "error",
            f"dated {span.describe()}, but {person.name} held {offices[0].name} only "
            f"{describe_tenures(tenures)}",
            article.id,
            [when, role_span(article, mention), Span(article.id, mention.start, mention.end)],
            kb=person.id,
        )


def _administrations(
    known: Lookup, article: Article, fact: Fact, span: Interval, when: Span
) -> Iterator[Finding]:
    sentence = article.text[fact.start : fact.end]
    for match in _ADMINISTRATION.finditer(sentence):
        owner = _administration_owner(known, article, fact.start + match.start())
        if owner is None:
            continue
        mention, person = owner
        heads = [
            office
            for tenure in person.tenures
            if (office := known.kb.get(tenure.office)) is not None and _HEAD_TITLES & set(office.titles)
        ]
        tenures = tenures_in(person, heads)
        if not tenures or any(span.overlaps(tenure, today=_OPEN_END) for tenure in tenures):
            continue
        words = Span(article.id, fact.start + match.start(), fact.start + match.end())
        yield finding(
            KIND,
            "error",
            f"dated {span.describe()}, but the administration is {person.name}'s, in office "
            f"{describe_tenures(tenures)} ({heads[0].name})",
            article.id,
            [when, words, Span(article.id, mention.start, mention.end)],
            kb=person.id,
        )


def _administration_owner(known: Lookup, article: Article, before: int) -> tuple[Mention, KBEntry] | None:
    """Return the nearest earlier "<Person> administration" (or the person's mention it names)."""
    for mention in sorted(article.mentions, key=lambda m: m.start, reverse=True):
        if mention.start >= before or mention.label != "PERSON":
            continue
        if re.match(r"(?:'s|’s)?\s+administration\b", article.text[mention.end : mention.end + 20]):
            person = known.person(mention)
            if person is not None:
                return mention, person
    return None


def _former_while_in_office(known: Lookup, article: Article) -> Iterator[Finding]:
    today = reference_date(article)
    if today is None:
        return
    for mention in article.mentions:
        if not mention.role or not PAST_TITLE.match(mention.role):
            continue
        person = known.person(mention)
        if person is None:
            continue
        offices = titled_offices(known.kb, mention.role, person)
        current = [tenure for tenure in tenures_in(person, offices) if tenure.covers(today)]
        if current:
            yield finding(
                KIND,
                "warning",
                f"called '{mention.role}' on {today}, when {person.name} held {offices[0].name} "
                f"({describe_tenures(current)})",
                article.id,
                [role_span(article, mention), Span(article.id, mention.start, mention.end)],
                kb=person.id,
            )
