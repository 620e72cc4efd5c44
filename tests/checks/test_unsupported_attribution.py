"""unsupported_attribution notes outlets cited but absent from the corpus (seeds 002, 004), silent otherwise."""

from __future__ import annotations

from typing import Any

from crossfact.checks import unsupported_attribution
from tests.checks.helpers import article_of, check_findings, corpus_of, words
from tests.conftest import assert_evidence_exact, findings_of


def _words(report: Any, found: Any) -> list[str]:
    texts = {a.id: a.text for a in report.articles}
    return [texts[s.article][s.start : s.end] for s in found.evidence]


def test_unsupported_attribution_fires_on_ria_novosti_in_002_and_voa_in_004(seeds_report: Any) -> None:
    (ria,) = findings_of(seeds_report, "unsupported_attribution", "002")
    assert ria.severity == "info" and ria.kb == "org:ria-novosti" and "RIA Novosti" in ria.message
    assert _words(seeds_report, ria) == ["reported by Ria Novosti"]
    (voa,) = findings_of(seeds_report, "unsupported_attribution", "004")
    assert voa.severity == "info" and voa.kb == "org:voa" and "Voice of America" in voa.message
    assert _words(seeds_report, voa) == ["According to a Voice of America (VOA) report"]
    assert_evidence_exact(seeds_report)


def test_unsupported_attribution_silent_on_other_seeds_and_the_demo(
    seeds_report: Any, demo_report: Any
) -> None:
    for prefix in ("000", "001", "003"):  # 003: "the Ministry of Defense reported" is a body, not an outlet
        assert findings_of(seeds_report, "unsupported_attribution", prefix) == []
    # The demo's 03: "According to the Ministry of Climate and Green Growth" is a statement, not reporting.
    assert findings_of(demo_report, "unsupported_attribution") == []


REPORT_TEXT = (
    "Japan placed a large order for American weapons, according to a Voice of America report published on "
    "Tuesday.\n"
)


def test_unsupported_attribution_silent_when_the_cited_outlet_is_in_the_corpus() -> None:
    cited = article_of("Japan has ordered American missiles, U.S. officials said.\n", "voa.txt", source="VOA")
    citing = article_of(REPORT_TEXT, "herald.txt", source="Harbour Herald")
    assert check_findings(unsupported_attribution, corpus_of(cited, citing, through=("canonicalise",))) == []
    alone = corpus_of(citing, through=("canonicalise",))
    (found,) = check_findings(unsupported_attribution, alone)
    assert found.severity == "info" and found.kb == "org:voa"
    assert words(alone, found) == ["according to a Voice of America report"]


def test_unsupported_attribution_silent_on_a_government_body() -> None:
    text = "Japan placed a large order for American weapons, according to the Ministry of Defense.\n"
    corpus = corpus_of(article_of(text), through=("canonicalise",))
    assert check_findings(unsupported_attribution, corpus) == []
