"""quote_mutated fires on the demo's altered Verbeek quote and stays silent on copies, excerpts and marks."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from crossfact.checks import quote_mutated
from crossfact.checks.base import Corpus
from crossfact.checks.quote_mutated import SIMILAR, changes, similarity, tokenize
from crossfact.kb import load_kb
from crossfact.pipeline import analyze
from crossfact.read import Meta, make_article
from tests.conftest import assert_evidence_exact, findings_of

VERBEEK_01 = (
    "This contract gives the North Sea a second job: it will carry not only electricity but also clean "
    "hydrogen to Dutch industry"
)


def test_quote_mutated_fires_on_the_demo_verbeek_quote_in_04(demo_report: Any) -> None:
    (found,) = findings_of(demo_report, "quote_mutated")
    texts = {a.id: a.text for a in demo_report.articles}
    paths = {a.id: a.path for a in demo_report.articles}
    assert paths[found.article].endswith("04_garbled_name_mutated_quote_tideline_post.html")
    assert found.severity == "warning"
    assert (
        "'a second job: it will carry not only electricity but also clean hydrogen' → "
        "'a new job: it will carry cheap hydrogen'"
    ) in found.message
    assert "North Sea Wire" in found.message and "Marloes Verbeek" in found.message
    own = [texts[s.article][s.start : s.end] for s in found.evidence if s.article == found.article]
    assert own == [
        "Marloes Verbeek",
        "This contract gives the North Sea a new job: it will carry cheap hydrogen to Dutch industry.",
    ]
    (reference,) = [s for s in found.evidence if s.article != found.article]
    assert paths[reference.article].endswith("01_wire_original.txt")
    assert texts[reference.article][reference.start : reference.end] == VERBEEK_01
    assert_evidence_exact(demo_report)


def test_quote_mutated_silent_on_copies_and_excerpts(seeds_report: Any, demo_report: Any) -> None:
    # 02 copies 01, 03 reprints the quote with typographic marks and excerpts Kjærsgaard's; seeds 001 and 002
    # print "We greatly appreciate this order ..." with different quote marks only.
    for prefix in ("01_", "02_", "03_", "05_", "06_", "07_"):
        assert findings_of(demo_report, "quote_mutated", prefix) == []
    assert findings_of(seeds_report, "quote_mutated") == []


def test_quote_mutated_threshold_separates_the_measured_pairs(seeds_report: Any, demo_report: Any) -> None:
    """Reproduce the measurement behind SIMILAR: every cross-article pair of quotes of five words or more."""
    scores: list[tuple[float, bool]] = []
    for report in (seeds_report, demo_report):
        said = quote_mutated.quotes_to_compare(Corpus(report.articles, load_kb(), report.entities))
        for a, b in combinations(said, 2):
            if a.article.id != b.article.id:
                same_quote = not changes(a.tokens, b.tokens)
                scores.append((similarity(a.keys, b.keys), same_quote))
    mutations = [score for score, same in scores if score >= SIMILAR and not same]
    assert mutations == [pytest.approx(15 / 17)] * 3  # 04 against 01, 02 and 03
    different = [score for score, same in scores if score < SIMILAR]
    assert max(different) <= 0.6


@pytest.mark.parametrize(
    ("reference", "other", "differs"),
    [
        (
            "We greatly appreciate this order and overall trade relations.",
            "we greatly appreciate THIS order, and overall trade relations",
            False,
        ),
        (
            "We have the ships, the sites and the suppliers lined up",
            "the ships, the sites and the suppliers lined up",
            False,
        ),
        ("We have the ships, the sites and the suppliers lined up", "We have the ships … lined up", False),
        ("it will carry not only electricity", "[TernLink] will carry not only electricity", False),
        (
            "We have the ships, the sites and the suppliers lined up",
            "We have the ships and the suppliers lined up",
            True,
        ),
        (
            "the contract is worth four billion euros to us",
            "the contract is worth two billion euros to us",
            True,
        ),
    ],
)
def test_quote_mutated_changes_ignore_marks_case_excerpts_and_marked_cuts(
    reference: str, other: str, differs: bool
) -> None:
    assert bool(changes(tokenize(reference, 0, len(reference)), tokenize(other, 0, len(other)))) is differs


def test_quote_mutated_ties_without_dates_flag_both_articles() -> None:
    first = make_article(
        "a.txt", f'"{VERBEEK_01}," ministry spokeswoman Marloes Verbeek said after the signing.\n', Meta()
    )
    second = make_article(
        "b.txt",
        '"This contract gives the North Sea a new job: it will carry cheap hydrogen to Dutch industry," '
        "ministry spokeswoman Marloes Verbeek said.\n",
        Meta(),
    )
    report = analyze([first, second])
    found = findings_of(report, "quote_mutated")
    assert sorted(f.article for f in found) == sorted(a.id for a in report.articles)


@pytest.mark.parametrize("threshold", [0.2, 0.5, SIMILAR, 0.9, 1.0])
def test_quote_mutated_candidate_pairs_equal_all_against_all(
    seeds_report: Any, demo_report: Any, threshold: float
) -> None:
    articles = (*seeds_report.articles, *demo_report.articles)
    said = quote_mutated.quotes_to_compare(Corpus(articles, load_kb()))
    brute = [
        (i, j)
        for i, j in combinations(range(len(said)), 2)
        if said[i].article.id != said[j].article.id and similarity(said[i].keys, said[j].keys) >= threshold
    ]
    assert quote_mutated.similar_pairs(said, threshold) == brute
