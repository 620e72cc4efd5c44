"""quote_pairs: quotes of different articles paired once, with the measured threshold, exact candidates and diffs."""

from __future__ import annotations

from itertools import combinations
from typing import Any

import pytest

from crossfact.config import QuotePairsConfig
from crossfact.crossdoc.quote_pairs import changes, quotes_to_compare, similar_pairs, similarity, tokenize
from tests.checks.helpers import article_of, corpus_of

SIMILAR = QuotePairsConfig().similar
MIN_WORDS = QuotePairsConfig().min_words
VERBEEK_01 = (
    "This contract gives the North Sea a second job: it will carry not only electricity but also clean "
    "hydrogen to Dutch industry"
)
VERBEEK_04 = "This contract gives the North Sea a new job: it will carry cheap hydrogen to Dutch industry."


def test_quote_pairs_threshold_separates_the_measured_pairs(seeds_report: Any, demo_report: Any) -> None:
    """Reproduce the measurement behind QuotePairsConfig.similar: every cross-article pair of five words or more."""
    scores: list[tuple[float, bool]] = []
    for report in (seeds_report, demo_report):
        said = quotes_to_compare(report.articles, min_words=MIN_WORDS)
        for a, b in combinations(said, 2):
            if a.article.id != b.article.id:
                same_quote = not changes(a.tokens, b.tokens)
                scores.append((similarity(a.keys, b.keys), same_quote))
    mutations = [score for score, same in scores if score >= SIMILAR and not same]
    assert mutations == [pytest.approx(15 / 17)] * 3  # 04 against 01, 02 and 03
    different = [score for score, same in scores if score < SIMILAR]
    assert max(different) <= 0.6


@pytest.mark.parametrize("threshold", [0.2, 0.5, SIMILAR, 0.9, 1.0])
def test_quote_pairs_candidates_equal_all_against_all(
    seeds_report: Any, demo_report: Any, threshold: float
) -> None:
    said = quotes_to_compare((*seeds_report.articles, *demo_report.articles), min_words=MIN_WORDS)
    brute = [
        (i, j)
        for i, j in combinations(range(len(said)), 2)
        if said[i].article.id != said[j].article.id and similarity(said[i].keys, said[j].keys) >= threshold
    ]
    assert similar_pairs(said, threshold) == brute


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
def test_quote_pairs_changes_ignore_marks_case_excerpts_and_marked_cuts(
    reference: str, other: str, differs: bool
) -> None:
    assert bool(changes(tokenize(reference, 0, len(reference)), tokenize(other, 0, len(other)))) is differs


def test_quote_pairs_record_the_changed_words_both_ways() -> None:
    first = article_of(f'"{VERBEEK_01}," ministry spokeswoman Marloes Verbeek said.\n', "a.txt")
    second = article_of(f'"{VERBEEK_04}" ministry spokeswoman Marloes Verbeek said.\n', "b.txt")
    corpus = corpus_of(first, second, through=("canonicalise", "quote-pairs"))
    (pair,) = corpus.quote_pairs
    a, b = corpus.articles
    assert (pair.a.article, pair.b.article) == (a.id, b.id) and pair.same_speaker
    assert pair.similarity == pytest.approx(15 / 17)
    (change,) = pair.changes
    assert (
        a.text[change.start : change.end]
        == "a second job: it will carry not only electricity but also clean hydrogen"
    )
    assert b.text[change.other_start : change.other_end] == "a new job: it will carry cheap hydrogen"
    (back,) = pair.changes_back
    assert b.text[back.start : back.end] == "a new job: it will carry cheap hydrogen"


def test_quote_pairs_leave_out_short_quotes_and_quotes_of_one_article() -> None:
    one = article_of(
        '"We will build it this year," Verbeek said. Later she repeated: "We will build it this year."\n',
        "a.txt",
    )
    other = article_of('"We will build it," Verbeek said on Tuesday.\n', "b.txt")
    corpus = corpus_of(one, other, through=("canonicalise", "quote-pairs"))
    # The repeat is inside one article; "We will build it" has four words, a set phrase below min_words.
    assert [len(article.quotes) for article in corpus.articles] == [2, 1]
    assert corpus.quote_pairs == ()
