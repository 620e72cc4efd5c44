"""garbled_name fires on near misses of KB people in a matching role, and not on legitimate variants."""

from __future__ import annotations

from typing import Any

import pytest

from crossfact.checks import garbled_name
from crossfact.config import ChecksConfig, GarbledNameConfig
from tests.checks.helpers import article_of, check_findings, corpus_of, words
from tests.conftest import findings_of

MEETING = "Prime Minister {name} met President Donald Trump in Tokyo on Tuesday.\n"


def test_garbled_name_fires_on_takwati_in_001_and_002(seeds_report: Any) -> None:
    texts = {a.id: a.text for a in seeds_report.articles}
    for prefix in ("001", "002"):
        (found,) = findings_of(seeds_report, "garbled_name", prefix)
        assert "Sanae Takaichi" in found.message and found.kb == "person:sanae-takaichi"
        assert {texts[s.article][s.start : s.end] for s in found.evidence} == {"Sanai Takwati"}


def test_garbled_name_fires_on_the_demo_misspelling(demo_report: Any) -> None:
    (found,) = findings_of(demo_report, "garbled_name")
    assert "'Dick Schooff'" in found.message and found.kb == "person:dick-schoof"
    assert "Prime Minister" in found.message


def test_garbled_name_silent_on_legitimate_variants(seeds_report: Any) -> None:
    # 004 writes "Shigeru Ishiba" and "Ishiba"; 000 "Donald Trump" and "Trump": all linked, none garbled.
    assert findings_of(seeds_report, "garbled_name", "004") == []
    assert findings_of(seeds_report, "garbled_name", "000") == []


def test_garbled_name_fires_on_a_near_miss_in_the_office_the_person_held() -> None:
    corpus = corpus_of(
        article_of(MEETING.format(name="Sanai Takwati"), published="2025-10-28"), through=("canonicalise",)
    )
    (found,) = check_findings(garbled_name, corpus)
    assert found.severity == "warning" and found.kb == "person:sanae-takaichi"
    assert "named as 'Prime Minister'" in found.message and words(corpus, found) == ["Sanai Takwati"]


def test_garbled_name_silent_on_the_right_spelling() -> None:
    corpus = corpus_of(
        article_of(MEETING.format(name="Sanae Takaichi"), published="2025-10-28"), through=("canonicalise",)
    )
    assert check_findings(garbled_name, corpus) == []


@pytest.mark.parametrize(("threshold", "fires"), [(90.0, True), (99.0, False)])
def test_garbled_name_corpus_threshold_comes_from_the_config(threshold: float, fires: bool) -> None:
    # "Marlous Verbeek" once against "Marloes Verbeek" in two other articles: no KB entry, only the corpus
    # (names 93 % alike).
    articles = [
        article_of("Ministry spokeswoman Marloes Verbeek welcomed the contract on Tuesday.\n", "a.txt"),
        article_of(
            "The contract was welcomed by ministry spokeswoman Marloes Verbeek in The Hague.\n", "b.txt"
        ),
        article_of("Ministry spokeswoman Marlous Verbeek welcomed the contract on Wednesday.\n", "c.txt"),
    ]
    corpus = corpus_of(*articles, through=("canonicalise",))
    config = ChecksConfig(garbled_name=GarbledNameConfig(corpus_threshold=threshold))
    found = check_findings(garbled_name, corpus, config)
    assert bool(found) is fires
    if fires:
        assert "'Marlous Verbeek' is probably a garbled 'Marloes Verbeek'" in found[0].message
