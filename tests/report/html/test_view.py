"""report.html's view: a hand-made Report turned into the records the template shows."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest

from crossfact.model import (
    Article,
    Claim,
    Fact,
    FactRef,
    Family,
    Finding,
    Report,
    ReuseLink,
    RunInfo,
    Sentence,
    Span,
)
from crossfact.report.html import build_page, render_html
from crossfact.report.json import SpanMismatch
from tests.report.html.pages import at as _at
from tests.report.html.pages import parse


def test_view_evidence_is_shown_in_its_sentence_cut_at_words() -> None:
    short = "The council met on Monday. The mayor said the port cost €4.2 billion. Nobody objected."
    long = "It was said that " + "the port would grow again and again " * 20 + "by 2030."
    text = f"{short} {long}"
    sentences = (Sentence(0, 26, 0), Sentence(27, 69, 0), Sentence(70, 85, 0), Sentence(86, len(text), 1))
    article = Article("a1", "a.txt", text, "0" * 64, text=text, sentences=sentences)
    money = _at(text, "€4.2 billion")
    year = _at(text, "2030")
    finding = Finding("x", "demo", "info", "m", "a1", (Span("a1", *money), Span("a1", *year)))
    page = build_page(Report((article,), (), RunInfo("0", (), (), (), (), 1), findings=(finding,)))
    (_, (view,)), *_ = page.findings
    first, second = (parse(f"<p>{evidence.context}</p>") for evidence in view.evidence)
    assert first.text() == "… The mayor said the port cost €4.2 billion. …"
    assert [mark.text() for mark in first.find_all("mark")] == ["€4.2 billion"]
    shown = second.text().removeprefix("… ")
    assert shown.endswith("by 2030.") and len(shown) <= 240 + len("2030.")  # the long sentence is cut ...
    assert text[text.index(shown) - 1] == " "  # ... before a whole word


HOSTILE = 'Officials said <script>alert("x")</script> the deal & more </mark> was signed.'


def _article(article_id: str, text: str, **fields: Any) -> Article:
    return Article(article_id, f"{article_id}.txt", text, "0" * 64, text=text, **fields)


def _report(articles: tuple[Article, ...], **fields: Any) -> Report:
    return Report(articles, (), RunInfo("0", (), (), (), (), len(articles)), **fields)


def test_view_untrusted_text_stays_text() -> None:
    article = _article(
        "a1",
        HOSTILE,
        title="<img src=x onerror=alert(1)>",
        source="Evil <b>Outlet</b>",
        url="javascript:alert(1)",
        facts=(Fact("f1", "a1", 0, len(HOSTILE), kind="sign"),),
    )
    (view,) = build_page(_report((article,))).articles
    assert view.title == "<img src=x onerror=alert(1)>" and view.ref.label == "Evil <b>Outlet</b>"
    assert view.href is None and view.url == "javascript:alert(1)"
    assert "<script" not in view.marked and "&lt;script&gt;" in view.marked
    assert parse(f"<div>{view.marked}</div>").text() == HOSTILE
    html = render_html(_report((article,)))
    assert html.count("<script>") == 1  # the page's own
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert "Evil &lt;b&gt;Outlet&lt;/b&gt;" in html


def test_view_claim_sources_are_grouped_by_family() -> None:
    text = "The contract was signed on Tuesday."
    articles = tuple(
        _article(article_id, text, facts=(Fact("f1", article_id, 0, len(text), kind="sign"),))
        for article_id in ("a1", "a2", "a3")
    )
    facts = (FactRef("a1", "f1"), FactRef("a3", "f1"), FactRef("a2", "f1"), FactRef("a9", "f1"))
    claim = Claim("c1", "e1", Span("a1", 0, len(text)), "sign", facts, (), (), 2, (), "corroborated", False)
    page = build_page(_report(articles, families=(Family("fam-1", ("a1", "a2")),), claims=(claim,)))
    (view,) = page.claims
    grouped = [(family, [ref.id for ref in refs]) for family, refs in view.families]
    assert grouped == [("fam-1", ["a1", "a2"]), (None, ["a3"]), (None, ["a9"])]
    assert [fact.sentence for fact in view.facts] == [text, text, text, None]  # a9 is not in the report
    assert page.articles[0].claims == (("#claim-c1", "c1", "corroborated"),)


def test_view_findings_are_grouped_by_kind_worst_first() -> None:
    article = _article("a1", "One. Two.")
    findings = tuple(
        Finding(finding_id, kind, severity, "m", "a1", (Span("a1", 0, 4),))
        for finding_id, kind, severity in (
            ("x1", "template_text", "info"),
            ("x2", "anachronism", "warning"),
            ("x3", "template_text", "error"),
        )
    )
    page = build_page(_report((article,), findings=findings))
    assert [(kind, [view.id for view in views]) for kind, views in page.findings] == [
        ("anachronism", ["x2"]),
        ("template_text", ["x3", "x1"]),
    ]
    assert page.count("findings") == 3


def test_view_rejects_a_reuse_link_to_an_unknown_article() -> None:
    link = ReuseLink("a1", "nowhere", 0.9, "verbatim", "a->b")
    with pytest.raises(SpanMismatch, match="unknown article"):
        build_page(_report((_article("a1", "Text."),), reuse=(link,)))


def _model_objects(value: object) -> Iterator[object]:
    """Yield every crossfact.model object reachable from a view record."""
    if type(value).__module__ == "crossfact.model":
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _model_objects(getattr(value, field.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _model_objects(item)


def test_view_holds_no_model_objects(demo_report: Report) -> None:
    page = build_page(demo_report)
    assert page.articles and page.graph and page.reuse  # the demo fills the sections checked
    assert list(_model_objects(page)) == []


@pytest.fixture(scope="module")
def demo_report() -> Report:
    from crossfact.cli import demo_corpus
    from crossfact.pipeline import analyze

    return analyze([demo_corpus()])


def _limited(report: Report, **settings: int) -> Report:
    """Return ``report`` as if its run had been configured with these ``report`` settings."""
    config = {**report.run.config, "report": {**report.run.config["report"], **settings}}  # type: ignore[dict-item]
    return dataclasses.replace(report, run=dataclasses.replace(report.run, config=config))


def test_view_a_corpus_under_the_limit_gets_the_full_page(demo_report: Report) -> None:
    page = build_page(demo_report)
    assert page.digest is None
    assert len(page.articles) == len(demo_report.articles) == 8
    assert 'id="digest"' not in render_html(demo_report)


def test_view_a_corpus_over_the_limit_gets_a_digest_that_says_what_it_leaves_out(demo_report: Report) -> None:
    report = _limited(demo_report, html_full_limit=3, html_digest_articles=2)
    page = build_page(report)
    assert page.digest is not None
    assert len(page.articles) == 2
    assert page.count("articles") == 8  # the summary still counts the whole corpus
    dom = parse(render_html(report))
    (banner,) = dom.find_all("section", id="digest")
    assert "This page is a digest" in banner.text()
    assert "crossfact serve" in banner.text() and "report.json" in banner.text()
    left_out = {
        b.attrs["data-left-out"]: int(b.text()) for b in banner.find_all("b") if "data-left-out" in b.attrs
    }
    assert left_out["articles"] == 6
    assert left_out.get("claims", 0) == len(demo_report.claims) - len(page.claims)
    assert len(dom.find_all("section", **{"class": "article"})) == 2


def test_view_every_link_of_a_digest_lands_on_the_page(demo_report: Report) -> None:
    html = render_html(_limited(demo_report, html_full_limit=3, html_digest_articles=2))
    dom = parse(html)
    ids = {element.attrs["id"] for element in dom.iter() if "id" in element.attrs}
    targets = {
        element.attrs["href"][1:]
        for element in dom.iter()
        if element.attrs.get("href", "").startswith("#") and element.attrs["href"] != "#"
    }
    assert targets and targets <= ids, sorted(targets - ids)
    assert "digest" in targets  # the links to left-out articles lead to the banner


def test_view_a_digest_caps_every_list(demo_report: Report) -> None:
    page = build_page(_limited(demo_report, html_full_limit=0, html_digest_rows=1))
    statuses = [claim.status for claim in page.claims]
    assert statuses.count("corroborated") <= 1 and statuses.count("single_source") <= 1
    assert statuses.count("conflicting") == sum(c.status == "conflicting" for c in demo_report.claims)
    assert all(len(views) <= 1 for _, views in page.findings)
    assert len(page.families) <= 1 and len(page.stories) <= 1 and len(page.reuse) <= 1
    assert len(page.timeline_rows) <= 1


def test_view_a_digest_keeps_untrusted_text_inert(demo_report: Report) -> None:
    shown = demo_report.claims[0].statement.article
    articles = tuple(
        dataclasses.replace(a, title="<img src=x onerror=alert(1)>", source="<script>alert(2)</script>")
        if a.id == shown
        else a
        for a in demo_report.articles
    )
    report = _limited(dataclasses.replace(demo_report, articles=articles), html_full_limit=3)
    dom = parse(render_html(report))
    assert dom.find_all("img") == [] and len(dom.find_all("script")) == 1
    assert "<script>alert(2)</script>" in dom.find_all("section", id="claims")[0].text()
