"""Flag a person given an office they did not hold on the date of the statement.

What a fact-checker learns: "Japanese Prime Minister Shigeru Ishiba" in an article of 29 October 2025 is out of
date (Sanae Takaichi took office on 21 October), which dates the text or shows it was recycled; "Prime Minister
Joe Biden" names an office the KB never gave him. Sentences that date themselves ("In 2022, ...") are left to the
anachronism check; titles marked as past ("former", "then-") are not claims about the present.
"""

from __future__ import annotations

from collections.abc import Iterator

from crossfact.checks.base import finding, lookup, reference_date
from crossfact.checks.offices import (
    PAST_TITLE,
    describe_tenures,
    holders_on,
    interval,
    named_offices,
    role_span,
    tenures_in,
)
from crossfact.config import ChecksConfig
from crossfact.kb import KB
from crossfact.model import Article, Corpus, Finding, Span

KIND = "office_mismatch"


def check(corpus: Corpus, kb: KB, config: ChecksConfig) -> Iterator[Finding]:
    """Yield a finding per titled KB person whose title does not fit the article's date."""
    known = lookup(corpus, kb)
    for article in corpus.articles:
        day = reference_date(article)
        if day is None:
            continue
        dated = _dated_sentences(article)
        for mention in article.mentions:
            if not mention.role or PAST_TITLE.match(mention.role):
                continue
            if any(start <= mention.start < end for start, end in dated):
                continue
            person = known.person(mention)
            if person is None:
                continue
            named = named_offices(kb, mention.role)
            if not named:
                continue  # a title that is no office in the KB ("spokeswoman")
            held = [office for office in named if office.id in {t.office for t in person.tenures}]
            evidence = [role_span(article, mention), Span(article.id, mention.start, mention.end)]
            if not held:
                yield finding(
                    KIND,
                    "warning",
                    f"{person.name} is called '{mention.role}', an office the KB never gives them",
                    article.id,
                    evidence,
                    kb=person.id,
                )
                continue
            tenures = tenures_in(person, held)
            if any(tenure.covers(day) for tenure in tenures):
                continue
            holders = ", ".join(sorted({h.name for h in holders_on(kb, held, day)})) or "nobody known"
            yield finding(
                KIND,
                "warning",
                f"{person.name} is called '{mention.role}' on {day}, but held {held[0].name} "
                f"{describe_tenures(tenures)}; on {day} it was {holders}",
                article.id,
                evidence,
                kb=person.id,
            )


def _dated_sentences(article: Article) -> list[tuple[int, int]]:
    times = {time.id: time for time in article.times}
    return [
        (fact.start, fact.end)
        for fact in article.facts
        if any(interval(times[t]) for t in fact.times if t in times)
    ]
