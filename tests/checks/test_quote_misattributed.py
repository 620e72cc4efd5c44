"""quote_misattributed fires when two articles give the same words to different people, silent otherwise."""

from __future__ import annotations

from typing import Any

from crossfact.pipeline import analyze
from crossfact.read import Meta, make_article
from tests.conftest import assert_evidence_exact, findings_of

QUOTE = (
    '"This contract gives the North Sea a second job: it will carry not only electricity but also clean '
    'hydrogen to Dutch industry,"'
)
WIRE = (
    "THE HAGUE, March 11 (North Sea Wire) - The Dutch government on Tuesday signed a €4.2 billion contract "
    "with a Danish-German consortium to build an offshore hydrogen link.\n\n"
    f"{QUOTE} ministry spokeswoman Marloes Verbeek said after the signing.\n"
)


def _report(second_attribution: str) -> Any:
    wire = make_article("wire.txt", WIRE, Meta(source="North Sea Wire", published="2025-03-11"))
    later = make_article(
        "post.txt",
        "GRONINGEN - Eemshaven is set to become the landing point for hydrogen made at sea after the Dutch "
        "government signed a contract with Hvidsand Energi on Tuesday.\n\n"
        f"{QUOTE} {second_attribution}\n",
        Meta(source="Tideline Post", published="2025-03-12"),
    )
    return analyze([wire, later])


def test_quote_misattributed_fires_on_words_moved_to_another_speaker() -> None:
    report = _report("said Ane Kjaersgaard, the chief executive of Hvidsand Energi.")
    (found,) = findings_of(report, "quote_misattributed", "post")
    wire, post = report.articles
    assert found.article == post.id and found.severity == "warning"
    assert "credited to Ane Kjaersgaard here but to Marloes Verbeek in North Sea Wire" in found.message
    texts = {wire.id: wire.text, post.id: post.text}
    words = {(s.article, texts[s.article][s.start : s.end]) for s in found.evidence}
    assert (post.id, "Ane Kjaersgaard") in words and (wire.id, "Marloes Verbeek") in words
    assert any(text.startswith("This contract gives the North Sea") for _, text in words)
    assert findings_of(report, "quote_misattributed", "wire") == []
    assert_evidence_exact(report)


def test_quote_misattributed_silent_when_the_speaker_is_the_same() -> None:
    report = _report("Marloes Verbeek, a spokeswoman for the ministry, told reporters.")
    speakers = {q.speaker for a in report.articles for q in a.quotes}
    assert len(speakers) == 1 and None not in speakers
    assert findings_of(report, "quote_misattributed") == []


def test_quote_misattributed_silent_on_seeds_and_demo(seeds_report: Any, demo_report: Any) -> None:
    # The demo's 01 credits Kjærsgaard's words through her company ("Hvidsand Energi chief executive Ane
    # Kjærsgaard"), 03 excerpts them: one source either way.
    assert findings_of(seeds_report, "quote_misattributed") == []
    assert findings_of(demo_report, "quote_misattributed") == []
