"""Render a Report as ``report.json`` (schema ``crossfact.report/2``) and validate it against the shipped schema."""

from __future__ import annotations

import dataclasses
import io
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any, TextIO

from crossfact.model import (
    Anchor,
    Article,
    Claim,
    Conflict,
    Entity,
    Event,
    Fact,
    FactRef,
    Finding,
    Quantity,
    Quote,
    Report,
    ReuseLink,
    Slot,
    Span,
    TimeExpr,
    Value,
)

SLOT_ROLES = ("agent", "patient", "recipient", "place", "time", "attribution")

SCHEMA_ID = "crossfact.report/2"
TOP_LEVEL_KEYS = (
    "schema",
    "articles",
    "skipped",
    "entities",
    "quantities",
    "times",
    "quotes",
    "facts",
    "reuse",
    "families",
    "stories",
    "events",
    "claims",
    "conflicts",
    "findings",
    "timeline",
    "run",
)


class SpanMismatch(ValueError):
    """A span whose offsets fall outside its article's text: a bug in the stage that made it."""


def span_dict(span: Span, texts: dict[str, str]) -> dict[str, Any]:
    """Return ``{article, start, end, text}`` with the text sliced from the article it points into."""
    text = texts[span.article]
    if not 0 <= span.start <= span.end <= len(text):
        raise SpanMismatch(f"span {span} lies outside article {span.article} ({len(text)} characters)")
    return {
        "article": span.article,
        "start": span.start,
        "end": span.end,
        "text": text[span.start : span.end],
    }


def _located(record: Any, texts: dict[str, str]) -> dict[str, Any]:
    return span_dict(Span(record.article, record.start, record.end), texts)


def _optional_span(
    article: str, start: int | None, end: int | None, texts: dict[str, str]
) -> dict[str, Any] | None:
    if start is None or end is None:
        return None
    return span_dict(Span(article, start, end), texts)


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "name": article.name or article.path,
        "path": article.path,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "text": article.text,
        "raw_sha256": article.raw_sha256,
        "edits": [
            {
                "start": edit.start,
                "end": edit.end,
                "text": article.text[edit.start : edit.end],
                "raw_start": edit.raw_start,
                "raw_end": edit.raw_end,
                "raw": edit.raw,
                "reason": edit.reason,
            }
            for edit in article.edits
        ],
        "sentences": [
            {"start": sentence.start, "end": sentence.end, "paragraph": sentence.paragraph}
            for sentence in article.sentences
        ],
        "merged": list(article.merged),
        "warnings": list(article.warnings),
    }


def _entity(entity: Entity, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "aliases": list(entity.aliases),
        "kb_id": entity.kb_id,
        "mentions": [
            {**span_dict(Span(m.article, m.start, m.end), texts), "label": m.label, "role": m.role}
            for m in entity.mentions
        ],
    }


def _quantity(quantity: Quantity, texts: dict[str, str]) -> dict[str, Any]:
    change = None
    if quantity.change_from or quantity.change_to:
        change = {"from": quantity.change_from, "to": quantity.change_to}
    record = {
        "id": quantity.id,
        **_located(quantity, texts),
        "kind": quantity.kind,
        "value": quantity.value,
        "unit": quantity.unit,
        "approx": quantity.approx,
        "upper": quantity.upper,
        "change": change,
    }
    if quantity.parts is not None:  # records and tallies only ("52-3", "voted 272-219")
        record["parts"] = list(quantity.parts)
    return record


def _time(time: TimeExpr, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": time.id,
        **_located(time, texts),
        "type": time.type,
        "value": time.value,
        "mod": time.mod,
        "anchor": anchor_text(time.anchor),
    }


def anchor_text(anchor: Anchor | None) -> str | None:
    """Return the report's ``anchor`` string of a time expression: "dct:2025-10-29", "inferred:2025-01-20",
    "time:<time id>", "kb:<person id>/<office id> <start|end>", or None when it has no anchor."""
    if anchor is None:
        return None
    if anchor.kind == "time":
        return f"time:{anchor.time}"
    if anchor.kind == "kb":
        return f"kb:{anchor.person}/{anchor.office} {anchor.edge}"
    return f"{anchor.kind}:{anchor.day.isoformat() if anchor.day else ''}"


def _quote(quote: Quote, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": quote.id,
        **_located(quote, texts),
        "speaker": quote.speaker,
        "speaker_text": quote.speaker_text,
        "speaker_span": _optional_span(quote.article, quote.speaker_start, quote.speaker_end, texts),
        "speaker_ref": _optional_span(quote.article, quote.speaker_ref_start, quote.speaker_ref_end, texts),
        "anonymous": quote.anonymous,
        "partial": quote.partial,
        "cue": quote.cue,
    }


def _fact(fact: Fact, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": fact.id,
        **_located(fact, texts),
        "sentence": span_dict(Span(fact.article, fact.sentence_start, fact.sentence_end), texts),
        "kind": fact.kind,
        "predicate": fact.predicate,
        "negated": fact.negated,
        "attribution": fact.attribution,
        "slots": _slots(fact.article, fact.slots, texts),
        "values": [_value(fact.article, value, texts) for value in fact.values],
        "actors": [{"entity": actor.entity, "role": actor.role} for actor in fact.actors],
        "quantities": list(fact.quantities),
        "times": list(fact.times),
        "quotes": list(fact.quotes),
    }


def _slots(article: str, slots: tuple[Slot, ...], texts: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Return the slots by role (agent, patient, recipient, place, time, attribution), each a list of spans."""
    out: dict[str, list[dict[str, Any]]] = {role: [] for role in SLOT_ROLES}
    for slot in slots:
        out[slot.role].append(span_dict(Span(article, slot.start, slot.end), texts))
    return out


def _value(article: str, value: Value, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "slot": value.slot,
        "kind": value.kind,
        "value": value.text_value if value.text_value is not None else value.value,
        "upper": value.upper,
        "unit": value.unit,
        "approx": value.approx,
        "span": span_dict(Span(article, value.start, value.end), texts),
    }


def _reuse(link: ReuseLink, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "a": link.a,
        "b": link.b,
        "score": link.score,
        "kind": link.kind,
        "direction": link.direction,
        "via": link.via,
        "evidence": list(link.evidence),
        "passages": [
            {"a": span_dict(p.a, texts), "b": span_dict(p.b, texts), "score": p.score} for p in link.passages
        ],
    }


def _refs(refs: tuple[FactRef, ...]) -> list[dict[str, str]]:
    return [{"article": ref.article, "fact": ref.fact} for ref in refs]


def _event(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "label": event.label,
        "kind": event.kind,
        "when": event.when,
        "where": event.where,
        "participants": list(event.participants),
        "facts": _refs(event.facts),
    }


def _claim(claim: Claim, texts: dict[str, str]) -> dict[str, Any]:
    article = claim.statement.article
    return {
        "id": claim.id,
        "event": claim.event,
        "statement": span_dict(claim.statement, texts),
        "kind": claim.kind,
        "slots": _slots(article, claim.slots, texts),
        "values": [_value(article, value, texts) for value in claim.values],
        "facts": _refs(claim.facts),
        "independent_sources": claim.independent_sources,
        "attributed_to": list(claim.attributed_to),
        "status": claim.status,
        "anonymous_only": claim.anonymous_only,
    }


def _conflict(conflict: Conflict, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": conflict.id,
        "event": conflict.event,
        "slot": conflict.slot,
        "basis": conflict.basis,
        "claims": list(conflict.claims),
        "values": [_value(side.article, side.value, texts) for side in conflict.values],
    }


def _finding(finding: Finding, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": finding.id,
        "kind": finding.kind,
        "severity": finding.severity,
        "message": finding.message,
        "article": finding.article,
        "evidence": [span_dict(span, texts) for span in finding.evidence],
        "kb": finding.kb,
    }


def record_dict(
    record: Article | Event | Claim | Conflict | Finding | ReuseLink, texts: dict[str, str]
) -> dict[str, Any]:
    """Return one record as ``report.json`` writes it, each span's text sliced from ``texts`` (article id to
    text); for views that show records one page at a time (the workbench's API)."""
    if isinstance(record, Article):
        return _article(record)
    if isinstance(record, Event):
        return _event(record)
    if isinstance(record, Claim):
        return _claim(record, texts)
    if isinstance(record, Conflict):
        return _conflict(record, texts)
    if isinstance(record, Finding):
        return _finding(record, texts)
    return _reuse(record, texts)


def report_to_dict(report: Report) -> dict[str, Any]:
    """Return the report as the plain data of ``report.json``, every span's text sliced from its article."""
    return {key: list(records) if listed else records for key, records, listed in _sections(report)}


def _sections(report: Report) -> Iterator[tuple[str, Any, bool]]:
    """Yield ``(key, value, listed)`` per top-level key of ``report.json`` in order; a listed value is an iterator
    of records, made one at a time so that a writer never holds a whole list."""
    texts = {article.id: article.text for article in report.articles}
    per_article = report.articles
    run = report.run
    yield "schema", SCHEMA_ID, False
    yield "articles", (_article(article) for article in per_article), True
    yield (
        "skipped",
        ({"path": skip.path, "line": skip.line, "reason": skip.reason} for skip in report.skipped),
        True,
    )
    yield "entities", (_entity(entity, texts) for entity in report.entities), True
    yield "quantities", (_quantity(q, texts) for article in per_article for q in article.quantities), True
    yield "times", (_time(t, texts) for article in per_article for t in article.times), True
    yield "quotes", (_quote(q, texts) for article in per_article for q in article.quotes), True
    yield "facts", (_fact(f, texts) for article in per_article for f in article.facts), True
    yield "reuse", (_reuse(link, texts) for link in report.reuse), True
    yield "families", ({"id": f.id, "articles": list(f.articles)} for f in report.families), True
    yield (
        "stories",
        ({"id": s.id, "label": s.label, "articles": list(s.articles)} for s in report.stories),
        True,
    )
    yield "events", (_event(event) for event in report.events), True
    yield "claims", (_claim(claim, texts) for claim in report.claims), True
    yield "conflicts", (_conflict(conflict, texts) for conflict in report.conflicts), True
    yield "findings", (_finding(finding, texts) for finding in report.findings), True
    yield (
        "timeline",
        (
            {
                "when": entry.when,
                "label": entry.label,
                "facts": _refs(entry.facts),
                "articles": list(entry.articles),
                "claim": entry.claim,
                "event": entry.event,
            }
            for entry in report.timeline
        ),
        True,
    )
    yield (
        "run",
        {
            "version": run.version,
            "executor": run.executor,
            "components": list(run.components),
            "fallbacks": [{"component": name, "reason": reason} for name, reason in run.fallbacks],
            "timings": dict(run.timings),
            "inputs": run.inputs,
            "counts": {
                step: {"seen": count.seen, "passed": count.passed, "dropped": dict(count.dropped)}
                for step, count in run.counts
            },
            "config": run.config,
            # Only a run with a store says what it reused, so a run without one writes the same run record.
            **({"store": dataclasses.asdict(run.store)} if run.store is not None else {}),
        },
        False,
    )


def write_json(report: Report, file: TextIO) -> None:
    """Write ``report.json`` for the report to ``file``, one top-level key after another and one record per line.

    ``json.dumps(indent=...)`` runs Python's pure-Python encoder, ×4.6 slower than the C one on a 1 000-article
    report (issue 14); each record is encoded compactly by the C encoder instead, and a list is written record
    by record, so neither the whole document nor a whole list is ever one string. The file parses to exactly
    what :func:`report_to_dict` returns, and stays readable (and greppable) a record per line.
    """
    file.write("{\n")
    for number, (key, value, listed) in enumerate(_sections(report)):
        file.write(f",\n{_dumps(key)}: " if number else f"{_dumps(key)}: ")
        if not listed:
            file.write(_dumps(value))
            continue
        opened = False
        for record in value:
            file.write(",\n" if opened else "[\n")
            file.write(_dumps(record))
            opened = True
        file.write("\n]" if opened else "[]")
    file.write("\n}\n")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def render_json(report: Report) -> str:
    """Return ``report.json`` text for the report (what :func:`write_json` writes)."""
    buffer = io.StringIO()
    write_json(report, buffer)
    return buffer.getvalue()


@cache
def load_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``report.json`` shipped in the package."""
    text = resources.files("crossfact").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_report(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``data`` does not follow the report schema."""
    import jsonschema

    jsonschema.validate(data, load_schema(), cls=jsonschema.Draft202012Validator)
