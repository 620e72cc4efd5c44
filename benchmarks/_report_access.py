"""Read facts, events, claims and conflicts from a report dict, in the ``crossfact.report/2`` shape or the v1 one.

The claims evaluations measure crossfact through its public report only (``report_to_dict``), so that the same
script gives a "before" figure on today's contract and an "after" figure on the new one. This module is the one
place that knows both shapes:

- ``crossfact.report/2``: top-level ``facts`` (each with its ``sentence`` span), ``events``, ``claims`` (with a
  ``statement`` span and an ``event``) and ``conflicts``.
- ``crossfact.report/1``: top-level ``facts`` whose span is a whole sentence and no ``sentence`` field, claims
  with a ``summary`` and no event, no ``events`` and no ``conflicts``. The fallback reads each v1 claim as one
  event (so "same event" means "same claim"), locates a fact's sentence among its article's ``sentences``, and
  has no conflicts (every conflict recall is then 0).

Each key is read the v2 way when the report has it, so a report that lands v2 piece by piece is read correctly
at every step; :attr:`ReportView.schema_note` says what was measured.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

FactKey = tuple[str, str]  # (article id, fact id): v1 and v2 both refer to facts this way


@dataclass(frozen=True, slots=True)
class SpanView:
    """Offsets into one article's cleaned text, with the text the report gives for them."""

    article: str
    start: int
    end: int
    text: str

    def overlaps(self, article: str, start: int, end: int) -> bool:
        """Return whether this span shares at least one character with ``article[start:end]``."""
        return self.article == article and self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An analysed article: its id, input path (and the paths merged into it), source and cleaned text."""

    id: str
    path: str
    merged: tuple[str, ...]
    source: str | None
    text: str
    sentences: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class FactView:
    """A fact: its own span and the sentence span that holds it."""

    key: FactKey
    span: SpanView
    sentence: SpanView


@dataclass(frozen=True, slots=True)
class EventView:
    """A cross-document cluster of facts (v1: the facts of one claim)."""

    id: str
    label: str
    facts: tuple[FactKey, ...]


@dataclass(frozen=True, slots=True)
class ClaimView:
    """A claim: what it states (v2 statement span, v1 summary), its facts, status and independent count."""

    id: str
    event: str | None
    statement: SpanView | None
    summary: str
    facts: tuple[FactKey, ...]
    status: str
    independent_sources: int
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ConflictValue:
    """One side of a conflict: the value as reported and where the text states it."""

    value: str
    unit: str | None
    span: SpanView | None


@dataclass(frozen=True, slots=True)
class ConflictView:
    """Two or more claims of one event whose same slot carries incompatible values."""

    id: str
    event: str | None
    slot: str
    claims: tuple[str, ...]
    values: tuple[ConflictValue, ...]


@dataclass(frozen=True, slots=True)
class ReportView:
    """The parts of a report the claims evaluations read, in one shape whatever the schema."""

    schema: str
    schema_note: str
    articles: dict[str, ArticleView]
    facts: dict[FactKey, FactView]
    events: tuple[EventView, ...]
    claims: tuple[ClaimView, ...]
    conflicts: tuple[ConflictView, ...]
    family_of: dict[str, str]
    has_conflicts: bool

    def article_by_path(self) -> dict[str, str]:
        """Return the article id of every input path, including the duplicates merged into an article."""
        mapping = {}
        for article in self.articles.values():
            mapping[article.path] = article.id
            for path in article.merged:
                mapping[path] = article.id
        return mapping

    def events_of(self) -> dict[FactKey, set[str]]:
        """Return, for every fact in some event, the ids of the events holding it."""
        holding: dict[FactKey, set[str]] = defaultdict(set)
        for event in self.events:
            for key in event.facts:
                holding[key].add(event.id)
        return holding

    def claims_of(self) -> dict[FactKey, set[str]]:
        """Return, for every fact in some claim, the ids of the claims holding it."""
        holding: dict[FactKey, set[str]] = defaultdict(set)
        for claim in self.claims:
            for key in claim.facts:
                holding[key].add(claim.id)
        return holding


def read_report(data: dict[str, Any]) -> ReportView:
    """Return the view of a ``report_to_dict`` result, reading each key in the v2 shape when it is there."""
    articles = {record["id"]: _article(record) for record in data.get("articles", [])}
    facts = {view.key: view for view in (_fact(record, articles) for record in _all_facts(data))}
    claims = tuple(_claim(record, articles) for record in data.get("claims", []))
    has_events = "events" in data
    if has_events:
        events = tuple(
            EventView(str(record["id"]), str(record.get("label") or ""), _refs(record.get("facts", [])))
            for record in data["events"]
        )
    else:
        # v1 has no events: each claim stands for one, so "same event" is "same claim" in the before figure.
        events = tuple(EventView(claim.id, claim.summary, claim.facts) for claim in claims)
    has_conflicts = "conflicts" in data
    conflicts = tuple(_conflict(record, articles) for record in data.get("conflicts", []))
    family_of = {
        article: str(family["id"]) for family in data.get("families", []) for article in family["articles"]
    }
    schema = str(data.get("schema", "unknown"))
    missing = [
        text
        for present, text in (
            (has_events, "events := one per claim"),
            (bool(claims) and claims[0].statement is not None, "claims without statement spans"),
            (has_conflicts, "no conflicts (recall 0)"),
        )
        if not present
    ]
    note = schema + (
        f" (fallback: {'; '.join(missing)})" if missing else " (events, claims, conflicts as reported)"
    )
    return ReportView(schema, note, articles, facts, events, claims, conflicts, family_of, has_conflicts)


def analyze_to_view(articles: Sequence[Any], config: Any) -> ReportView:
    """Run ``crossfact.pipeline.analyze`` on in-memory Articles and return the view of its ``report.json`` data."""
    from crossfact.pipeline import analyze
    from crossfact.report.json import report_to_dict

    return read_report(report_to_dict(analyze(articles, config)))


def _article(record: dict[str, Any]) -> ArticleView:
    sentences = tuple((int(item["start"]), int(item["end"])) for item in record.get("sentences", []))
    return ArticleView(
        str(record["id"]),
        str(record.get("path") or ""),
        tuple(record.get("merged", [])),
        record.get("source"),
        str(record.get("text") or ""),
        sentences,
    )


def _all_facts(data: dict[str, Any]) -> Iterable[dict[str, Any]]:
    if "facts" in data:
        yield from data["facts"]
        return
    # An intermediate shape might nest facts under their article; read them there too.
    for article in data.get("articles", []):
        for record in article.get("facts", []):
            yield {"article": article["id"], **record}


def _span(record: dict[str, Any] | None, articles: dict[str, ArticleView]) -> SpanView | None:
    if not record or record.get("start") is None or record.get("end") is None:
        return None
    article, start, end = str(record["article"]), int(record["start"]), int(record["end"])
    text = record.get("text")
    if text is None and article in articles:
        text = articles[article].text[start:end]
    return SpanView(article, start, end, str(text or ""))


def _fact(record: dict[str, Any], articles: dict[str, ArticleView]) -> FactView:
    span = _span(record, articles)
    if span is None:
        raise ValueError(f"fact {record.get('id')!r} has no span: the report breaks its contract")
    sentence = _span(record.get("sentence"), articles) or _enclosing_sentence(
        span, articles.get(span.article)
    )
    return FactView((span.article, str(record["id"])), span, sentence)


def _enclosing_sentence(span: SpanView, article: ArticleView | None) -> SpanView:
    """Return the article sentence that holds the span's start (v1 facts are sentences, so usually the span)."""
    if article is not None:
        for start, end in article.sentences:
            if start <= span.start < end:
                return SpanView(article.id, start, end, article.text[start:end])
    return span


def _refs(records: Iterable[dict[str, Any]]) -> tuple[FactKey, ...]:
    return tuple((str(ref["article"]), str(ref["fact"])) for ref in records)


def _claim(record: dict[str, Any], articles: dict[str, ArticleView]) -> ClaimView:
    statement = (
        _span(record.get("statement"), articles) if isinstance(record.get("statement"), dict) else None
    )
    summary = record.get("summary") or (statement.text if statement else "")
    values = tuple(_value_text(value) for value in record.get("values", []))
    return ClaimView(
        str(record["id"]),
        record.get("event"),
        statement,
        str(summary),
        _refs(record.get("facts", [])),
        str(record.get("status", "")),
        int(record.get("independent_sources", 0)),
        values,
    )


def _value_text(value: Any) -> str:
    if isinstance(value, dict):
        unit = value.get("unit")
        return f"{value.get('slot', '?')}={value.get('value')}{' ' + str(unit) if unit else ''}"
    return str(value)


def _conflict(record: dict[str, Any], articles: dict[str, ArticleView]) -> ConflictView:
    values = tuple(
        ConflictValue(str(item.get("value")), item.get("unit"), _span(item.get("span"), articles))
        for item in record.get("values", [])
    )
    return ConflictView(
        str(record["id"]),
        record.get("event"),
        str(record.get("slot", "")),
        tuple(str(claim) for claim in record.get("claims", [])),
        values,
    )
