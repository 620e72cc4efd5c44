"""anachronism fires on acts dated outside the actor's tenure, and stays silent on correctly dated ones."""

from __future__ import annotations

from typing import Any

from crossfact.checks import anachronism
from tests.checks.helpers import article_of, check_findings, corpus_of, words
from tests.conftest import findings_of


def test_anachronism_fires_on_the_september_2024_tariff_cut_in_001(seeds_report: Any) -> None:
    (found,) = findings_of(seeds_report, "anachronism", "001")
    texts = {a.id: a.text for a in seeds_report.articles}
    words = [texts[s.article][s.start : s.end] for s in found.evidence]
    assert "September 2024" in words and "the administration" in words and "Trump" in words
    assert found.severity == "error" and found.kb == "person:donald-trump"
    assert "2025-01-20" in found.message


def test_anachronism_fires_on_the_demo_prime_minister_before_his_term(demo_report: Any) -> None:
    (found,) = findings_of(demo_report, "anachronism", "05_")
    assert "Dick Schoof" in found.message and "2024-07-02" in found.message


def test_anachronism_silent_on_seeds_and_demo_that_date_acts_correctly(
    seeds_report: Any, demo_report: Any
) -> None:
    for prefix in ("000", "002", "003", "004"):
        assert findings_of(seeds_report, "anachronism", prefix) == []
    for prefix in ("01_", "02_", "03_", "04_", "06_", "07_"):
        assert findings_of(demo_report, "anachronism", prefix) == []


def test_anachronism_fires_on_an_act_before_the_actors_term() -> None:
    article = article_of(
        "In March 2024, Prime Minister Dick Schoof approved the hydrogen link.\n", published="2025-03-12"
    )
    corpus = corpus_of(article, through=("canonicalise",))
    (found,) = check_findings(anachronism, corpus)
    assert found.severity == "error" and found.kb == "person:dick-schoof"
    assert words(corpus, found) == ["March 2024", "Prime Minister", "Dick Schoof"]
    assert "2024-07-02" in found.message


def test_anachronism_silent_on_an_act_within_the_term() -> None:
    article = article_of(
        "In March 2025, Prime Minister Dick Schoof approved the hydrogen link.\n", published="2025-03-12"
    )
    assert check_findings(anachronism, corpus_of(article, through=("canonicalise",))) == []


def test_anachronism_former_title_of_a_sitting_holder() -> None:
    article = article_of(
        "Former President Donald Trump spoke to reporters at the White House.\n", published="2025-06-01"
    )
    found = check_findings(anachronism, corpus_of(article, through=("canonicalise",)))
    assert [f.kind for f in found] == ["anachronism"] and "Former President" in found[0].message


def test_anachronism_silent_on_a_former_title_used_rightly() -> None:
    article = article_of(
        "Former President Joe Biden spoke to reporters in Delaware.\n", published="2025-06-01"
    )
    assert check_findings(anachronism, corpus_of(article, through=("canonicalise",))) == []
