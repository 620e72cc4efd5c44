"""Shared reasoning about people, titles and offices for the checks that compare a text with the KB's tenures."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from crossfact import timex
from crossfact.kb import KB, KBEntry, Tenure
from crossfact.model import Article, Mention, Span, TimeExpr

# "former", "then-", "ex-" and "late" put a title in the past on purpose: no tenure check applies to it.
PAST_TITLE = re.compile(r"^(?:former|then|ex|late|onetime|erstwhile)\b[- ]?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Interval:
    """The days a time expression can mean, first and last included."""

    first: date
    last: date

    def overlaps(self, tenure: Tenure, *, today: date) -> bool:
        """Return whether any day of this interval falls within the tenure."""
        return self.first <= (tenure.end or today) and tenure.start <= self.last

    def describe(self) -> str:
        """Return the interval as an ISO date or range."""
        return self.first.isoformat() if self.first == self.last else f"{self.first} – {self.last}"


def interval(time: TimeExpr) -> Interval | None:
    """Return the days a calendar DATE expression stands for, narrowed by its START/MID/END mod, or None."""
    span = timex.interval(time.value, time.mod) if timex.is_calendar_date(time) else None
    return Interval(span.first, span.last) if span else None


def titled_offices(kb: KB, role: str, person: KBEntry) -> list[KBEntry]:
    """Return the offices the role's title names among those the person ever held (empty: no such claim)."""
    held = {tenure.office for tenure in person.tenures}
    title = PAST_TITLE.sub("", role).strip()
    return [office for office in kb.offices_for_title(title) if office.id in held]


def named_offices(kb: KB, role: str) -> list[KBEntry]:
    """Return every office the role's title names, whoever held it."""
    return kb.offices_for_title(PAST_TITLE.sub("", role).strip())


def tenures_in(person: KBEntry, offices: list[KBEntry]) -> list[Tenure]:
    """Return the person's tenures in any of the offices."""
    ids = {office.id for office in offices}
    return [tenure for tenure in person.tenures if tenure.office in ids]


def describe_tenures(tenures: list[Tenure]) -> str:
    """Return "from 2025-01-20" / "2017-01-20 to 2021-01-20" for the tenures, joined."""
    return "; ".join(
        f"{tenure.start} to {tenure.end}" if tenure.end else f"from {tenure.start}"
        for tenure in sorted(tenures, key=lambda t: t.start)
    )


def holders_on(kb: KB, offices: list[KBEntry], day: date) -> Iterator[KBEntry]:
    """Yield who held each of the offices on the day."""
    for office in offices:
        yield from kb.holders(office.id, day)


def role_span(article: Article, mention: Mention) -> Span:
    """Return the span of the mention's title words just before the name."""
    assert mention.role is not None
    start = article.text.rfind(mention.role, max(0, mention.start - len(mention.role) - 4), mention.start)
    return (
        Span(article.id, start, start + len(mention.role))
        if start >= 0
        else Span(article.id, mention.start, mention.end)
    )
