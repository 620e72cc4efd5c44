"""anonymous_only fires on claims that only unnamed people support (seed 002, demo 06b), silent on named ones."""

from __future__ import annotations

from typing import Any

from crossfact.checks import anonymous_only
from crossfact.config import AnonymousOnlyConfig, ChecksConfig
from tests.checks.helpers import article_of, check_findings, corpus_of, words
from tests.conftest import assert_evidence_exact, findings_of

CLAIMS = ("canonicalise", "stories", "families", "events", "claims")
ANONYMOUS_LINK = (
    "Sources close to the ministry said the cabinet would approve a €1.5 billion link to Wilhelmshaven.\n"
)


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
    corpus = corpus_of(article_of(text))
    (found,) = [f for f in check_findings(anonymous_only, corpus) if "all 2 attributed quotes" in f.message]
    assert "The draft is ready and the White House has seen it" in words(corpus, found)
    assert "a second official, who asked not to be named" in words(corpus, found)


def test_anonymous_only_fires_on_a_claim_resting_on_an_unquoted_unnamed_source() -> None:
    corpus = corpus_of(article_of(ANONYMOUS_LINK, published="2025-03-12"), through=CLAIMS)
    (found,) = check_findings(anonymous_only, corpus)
    assert found.severity == "warning" and "'Sources close to the ministry'" in found.message
    assert words(corpus, found) == ["Sources close to the ministry said"]


def test_anonymous_only_silent_when_a_named_person_states_the_claim() -> None:
    named = ANONYMOUS_LINK.replace("Sources close to the ministry", "Prime Minister Dick Schoof")
    corpus = corpus_of(article_of(named, published="2025-03-12"), through=CLAIMS)
    assert [a.anonymous for a in corpus.articles[0].attributions] == [False]
    assert check_findings(anonymous_only, corpus) == []


def test_anonymous_only_threshold_of_unnamed_quotes_is_configurable() -> None:
    text = (
        '"Nothing will be announced before the summit," said a senior official, who asked not to be named.\n'
    )
    corpus = corpus_of(article_of(text))
    assert check_findings(anonymous_only, corpus) == []  # one anonymous quote is ordinary
    lower = ChecksConfig(anonymous_only=AnonymousOnlyConfig(min_anonymous_quotes=1))
    (found,) = check_findings(anonymous_only, corpus, lower)
    assert "all 1 attributed quotes" in found.message
