"""quote_misattributed fires when two articles give the same words to different people, silent otherwise."""

from __future__ import annotations

from typing import Any

from crossfact.checks import quote_misattributed
from crossfact.model import Corpus
from tests.checks.helpers import article_of, check_findings, corpus_of
from tests.conftest import findings_of

QUOTE = (
    '"This contract gives the North Sea a second job: it will carry not only electricity but also clean '
    'hydrogen to Dutch industry,"'
)
WIRE = (
    "THE HAGUE, March 11 (North Sea Wire) - The Dutch government on Tuesday signed a €4.2 billion contract "
    "with a Danish-German consortium to build an offshore hydrogen link.\n\n"
    f"{QUOTE} ministry spokeswoman Marloes Verbeek said after the signing.\n"
)


def _corpus(second_attribution: str) -> Corpus:
    wire = article_of(WIRE, "wire.txt", source="North Sea Wire", published="2025-03-11")
    later = article_of(
        "GRONINGEN - Eemshaven is set to become the landing point for hydrogen made at sea after the Dutch "
        "government signed a contract with Hvidsand Energi on Tuesday.\n\n"
        f"{QUOTE} {second_attribution}\n",
        "post.txt",
        source="Tideline Post",
        published="2025-03-12",
    )
    return corpus_of(wire, later, through=("canonicalise", "quote-pairs"))


def test_quote_misattributed_fires_on_words_moved_to_another_speaker() -> None:
    corpus = _corpus("said Ane Kjaersgaard, the chief executive of Hvidsand Energi.")
    (found,) = check_findings(quote_misattributed, corpus)
    wire, post = corpus.articles
    assert found.article == post.id and found.severity == "warning"
    assert "credited to Ane Kjaersgaard here but to Marloes Verbeek in North Sea Wire" in found.message
    texts = {wire.id: wire.text, post.id: post.text}
    spans = {(s.article, texts[s.article][s.start : s.end]) for s in found.evidence}
    assert (post.id, "Ane Kjaersgaard") in spans and (wire.id, "Marloes Verbeek") in spans
    assert any(text.startswith("This contract gives the North Sea") for _, text in spans)
    for span in found.evidence:
        assert 0 <= span.start < span.end <= len(texts[span.article])


def test_quote_misattributed_silent_when_the_speaker_is_the_same() -> None:
    corpus = _corpus("Marloes Verbeek, a spokeswoman for the ministry, told reporters.")
    speakers = {q.speaker for a in corpus.articles for q in a.quotes}
    assert len(speakers) == 1 and None not in speakers
    assert check_findings(quote_misattributed, corpus) == []


def test_quote_misattributed_silent_on_seeds_and_demo(seeds_report: Any, demo_report: Any) -> None:
    # The demo's 01 credits Kjærsgaard's words through her company ("Hvidsand Energi chief executive Ane
    # Kjærsgaard"), 03 excerpts them: one source either way.
    assert findings_of(seeds_report, "quote_misattributed") == []
    assert findings_of(demo_report, "quote_misattributed") == []
