"""anonymous_only fires on claims that only unnamed people support (seed 002, demo 06b), silent on named ones."""

from __future__ import annotations

from typing import Any

import pytest

from crossfact.checks.anonymous_only import find_attributions
from crossfact.pipeline import analyze
from crossfact.read import Meta, make_article
from tests.conftest import assert_evidence_exact, findings_of


def _words(report: Any, found: Any) -> list[str]:
    texts = {a.id: a.text for a in report.articles}
    return [texts[s.article][s.start : s.end] for s in found.evidence]


def test_anonymous_only_fires_on_the_backroom_negotiations_quote_in_002(seeds_report: Any) -> None:
    found = findings_of(seeds_report, "anonymous_only", "002")
    (backroom,) = [f for f in found if "a senior defense official" in f.message]
    assert backroom.severity == "warning"
    assert _words(seeds_report, backroom) == [
        "This is a deal that reflects years of backroom negotiations and a mutual understanding of shared "
        "threats",
        "a senior defense official, who spoke on condition of anonymity",
    ]
    # Unquoted anonymous attribution counts too.
    (sources,) = [f for f in found if "Sources close to the administration" in f.message]
    assert _words(seeds_report, sources) == ["Sources close to the administration revealed"]
    assert_evidence_exact(seeds_report)


def test_anonymous_only_fires_on_the_wilhelmshaven_link_in_demo_06b(demo_report: Any) -> None:
    ledger = next(a for a in demo_report.articles if a.source == "Lowlands Ledger")
    found = [f for f in findings_of(demo_report, "anonymous_only") if f.article == ledger.id]
    words = {text for f in found for text in _words(demo_report, f)}
    assert "according to people familiar with the discussions" in words
    assert "A senior official who spoke on condition of anonymity said" in words  # the €1.5 billion link
    assert "Nothing has been decided, but the design work has started" in words
    assert {f.severity for f in found} == {"warning"}


def test_anonymous_only_silent_on_named_sources(seeds_report: Any, demo_report: Any) -> None:
    control = next(a for a in demo_report.articles if a.source == "Skagerrak Energy Monitor")  # 06a
    assert [f for f in demo_report.findings if f.kind == "anonymous_only" and f.article == control.id] == []
    for prefix in ("01_", "02_", "03_", "04_", "05_", "07_"):
        assert findings_of(demo_report, "anonymous_only", prefix) == []
    # Seed 004's on-record Trump quotes raise nothing; only the unnamed administration official's quote does.
    texts = {a.id: a.text for a in seeds_report.articles}
    (official,) = findings_of(seeds_report, "anonymous_only", "004")
    assert texts[official.article][official.evidence[0].start : official.evidence[0].end] == (
        "A Trump administration official"
    )


def test_anonymous_only_fires_on_an_article_quoting_only_unnamed_people() -> None:
    text = (
        "Washington is preparing new export rules for chips, two officials said on Monday.\n\n"
        '"The draft is ready and the White House has seen it," said a senior Commerce Department official, who '
        "spoke on condition of anonymity.\n\n"
        '"Nothing will be announced before the summit," said a second official, who asked not to be named.\n'
    )
    report = analyze([make_article("t.txt", text, Meta())])
    (found,) = [f for f in findings_of(report, "anonymous_only") if "all 2 attributed quotes" in f.message]
    words = _words(report, found)
    assert "The draft is ready and the White House has seen it" in words
    assert "a second official, who asked not to be named" in words


@pytest.mark.parametrize(
    ("sentence", "phrase", "anonymous"),
    [
        (
            "Sources close to the ministry said ministers would discuss the plan.",
            "Sources close to the ministry said",
            True,
        ),
        (
            "The cabinet is weighing a second link, according to people familiar with the discussions.",
            "according to people familiar with the discussions",
            True,
        ),
        ("U.S. officials have stressed that the sale is non-lethal.", "U.S. officials have stressed", True),
        ("The ministry said the link would supply hydrogen.", "The ministry said", False),
        (
            "Prime Minister Dick Schoof said the link would supply hydrogen.",
            "Prime Minister Dick Schoof said",
            False,
        ),
        ("Both executives said construction would begin in 2027.", None, None),
    ],
)
def test_anonymous_only_classifies_unquoted_attributions(
    sentence: str, phrase: str | None, anonymous: bool | None
) -> None:
    (article,) = analyze([make_article("t.txt", sentence + "\n", Meta())]).articles
    found = list(find_attributions(article, 0, len(article.text)))
    if phrase is None:
        assert found == []
        return
    (attribution,) = found
    span = attribution.span(article.id)
    assert article.text[span.start : span.end] == phrase and attribution.anonymous is anonymous
