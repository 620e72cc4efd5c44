"""quote_mutated fires on the demo's altered Verbeek quote and stays silent on copies, excerpts and marks."""

from __future__ import annotations

from typing import Any

from crossfact.checks import quote_mutated
from tests.checks.helpers import article_of, check_findings, corpus_of, words
from tests.conftest import assert_evidence_exact, findings_of

VERBEEK_01 = (
    "This contract gives the North Sea a second job: it will carry not only electricity but also clean "
    "hydrogen to Dutch industry"
)
VERBEEK_04 = "This contract gives the North Sea a new job: it will carry cheap hydrogen to Dutch industry."
THROUGH = ("canonicalise", "quote-pairs")


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
    assert own == ["Marloes Verbeek", VERBEEK_04]
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


def test_quote_mutated_flags_the_later_version() -> None:
    wire = article_of(
        f'"{VERBEEK_01}," ministry spokeswoman Marloes Verbeek said after the signing.\n',
        "wire.txt",
        source="North Sea Wire",
        published="2025-03-11",
    )
    post = article_of(
        f'"{VERBEEK_04}" ministry spokeswoman Marloes Verbeek said.\n', "post.txt", published="2025-03-12"
    )
    corpus = corpus_of(wire, post, through=THROUGH)
    (found,) = check_findings(quote_mutated, corpus)
    assert found.article == corpus.articles[1].id
    assert "differs from North Sea Wire" in found.message
    assert "'a new job: it will carry cheap hydrogen'" in found.message
    assert VERBEEK_01 in words(corpus, found)  # the reference version, in the wire


def test_quote_mutated_ties_without_dates_flag_both_articles() -> None:
    first = article_of(
        f'"{VERBEEK_01}," ministry spokeswoman Marloes Verbeek said after the signing.\n', "a.txt"
    )
    second = article_of(f'"{VERBEEK_04}" ministry spokeswoman Marloes Verbeek said.\n', "b.txt")
    corpus = corpus_of(first, second, through=THROUGH)
    found = check_findings(quote_mutated, corpus)
    assert sorted(f.article for f in found) == sorted(a.id for a in corpus.articles)


def test_quote_mutated_silent_on_the_same_words_with_other_marks() -> None:
    first = article_of(f'"{VERBEEK_01}," ministry spokeswoman Marloes Verbeek said.\n', "a.txt")
    second = article_of(f"‘{VERBEEK_01.upper()}…’ Marloes Verbeek said.\n", "b.txt")
    corpus = corpus_of(first, second, through=THROUGH)
    assert len(corpus.quote_pairs) == 1
    assert check_findings(quote_mutated, corpus) == []
