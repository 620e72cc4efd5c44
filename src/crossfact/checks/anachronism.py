"""Flag an act dated when its actor did not hold the office the text gives them, and "former" misused.

What a fact-checker learns: "In September 2024, the administration decided to cut import tariffs", said of an
administration sworn in on 2025-01-20, cannot be right: the date, the actor or the whole event is wrong. Likewise
"In March 2024, Prime Minister Dick Schoof approved ..." about a prime minister in office only from 2024-07-02,
and "Former President" said of someone still in office on the article's date. Every finding names the KB tenure
it relied on.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
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
# Names and "administration" phrases looked at per dated fact. A clause names a few; a sentence of thousands of
# dates and names (issue 16) would otherwise cost facts x names.
PER_FACT = 64


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield findings for dated acts outside the actor's tenure and for "former" titles of sitting holders."""
    known = lookup(corpus, kb)
    for article in corpus.articles:
        times = {time.id: time for time in article.times}
        index = _Index(article)
        for fact in article.facts:
            for time_id in fact.times:
                time = times.get(time_id)
                span = interval(time) if time else None
                if time is None or span is None:
                    continue
                when = Span(article.id, time.start, time.end)
                yield from _titled_actors(known, article, fact, span, when, index)
                yield from _administrations(known, article, fact, span, when, index)
        yield from _former_while_in_office(known, article)


@dataclass(slots=True)
class _Index:
    """One article's mentions by position and its "administration" phrases by sentence, found once.

    Scanning every mention and the whole sentence again for each dated fact was quadratic: one 200 kB sentence
    full of dates took minutes (issue 16).
    """

    article: Article
    order: list[int] = field(init=False)
    starts: list[int] = field(init=False)
    phrases: dict[tuple[int, int], list[re.Match[str]]] = field(default_factory=dict)
    owners: list[tuple[int, Mention]] | None = None
    owner_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        mentions = self.article.mentions
        self.order = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        self.starts = [mentions[i].start for i in self.order]

    def within(self, start: int, end: int) -> list[Mention]:
        """Return the first PER_FACT mentions inside ``[start, end)``, in the article's order."""
        low, high = bisect_left(self.starts, start), bisect_right(self.starts, end)
        mentions = self.article.mentions
        inside = sorted(i for i in self.order[low : min(high, low + PER_FACT)] if mentions[i].end <= end)
        return [mentions[i] for i in inside]

    def administrations(self, start: int, end: int) -> list[re.Match[str]]:
        """Return the first PER_FACT "the administration" phrases of the text ``[start, end)``."""
        if (start, end) not in self.phrases:
            found = _ADMINISTRATION.finditer(self.article.text[start:end])
            self.phrases[(start, end)] = [match for match, _ in zip(found, range(PER_FACT), strict=False)]
        return self.phrases[(start, end)]


def _titled_actors(
    known: Lookup, article: Article, fact: Fact, span: Interval, when: Span, index: _Index
) -> Iterator[Finding]:
    for mention in index.within(fact.start, fact.end):
        if not mention.role:
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
    known: Lookup, article: Article, fact: Fact, span: Interval, when: Span, index: _Index
) -> Iterator[Finding]:
    for match in index.administrations(fact.start, fact.end):
        owner = _administration_owner(known, article, fact.start + match.start(), index)
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


def _administration_owner(
    known: Lookup, article: Article, before: int, index: _Index
) -> tuple[Mention, KBEntry] | None:
    """Return the nearest earlier "<Person> administration" (or the person's mention it names)."""
    if index.owners is None:
        # Every PERSON mention followed by "administration" whose person the KB knows, by position; among
        # mentions at one position the first in the article's order wins, as in a stable reverse sort.
        index.owners = []
        for i in index.order:
            mention = article.mentions[i]
            if mention.label == "PERSON" and re.match(
                r"(?:'s|’s)?\s+administration\b", article.text[mention.end : mention.end + 20]
            ):
                index.owners.append((mention.start, mention))
        index.owner_starts = [start for start, _ in index.owners]
    starts = index.owner_starts
    end = bisect_left(starts, before)
    while end > 0:
        first = bisect_left(starts, starts[end - 1])
        for _, mention in index.owners[first:end]:
            person = known.person(mention)
            if person is not None:
                return mention, person
        end = first
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
