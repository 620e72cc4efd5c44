"""attributions: unquoted "X said" / "according to X" with whether X is unnamed, read from the shared lists."""

from __future__ import annotations

import pytest

from crossfact import lang
from crossfact.config import Config
from crossfact.extract import attributions, quotes
from crossfact.model import Article
from crossfact.pipeline import run_chain
from crossfact.read import Meta, make_article

STEPS = ("clean", "split", "entities", "quotes", "attributions")


def _analysed(text: str) -> Article:
    result = run_chain(make_article("t.txt", text + "\n", Meta()), Config(), steps=STEPS)
    assert result.failure is None
    return result.article


@pytest.mark.parametrize(
    ("sentence", "phrase", "source", "anonymous"),
    [
        (
            "Sources close to the ministry said ministers would discuss the plan.",
            "Sources close to the ministry said",
            "Sources close to the ministry",
            True,
        ),
        (
            "The cabinet is weighing a second link, according to people familiar with the discussions.",
            "according to people familiar with the discussions",
            "people familiar with the discussions",
            True,
        ),
        (
            "U.S. officials have stressed that the sale is non-lethal.",
            "U.S. officials have stressed",
            "U.S. officials",
            True,
        ),
        ("The ministry said the link would supply hydrogen.", "The ministry said", "The ministry", False),
        (
            "Prime Minister Dick Schoof said the link would supply hydrogen.",
            "Prime Minister Dick Schoof said",
            "Prime Minister Dick Schoof",
            False,
        ),
        (
            "A spokesman said the company would appeal the ruling.",
            "A spokesman said",
            "A spokesman",
            False,  # the voice of the company, on the record
        ),
    ],
)
def test_attributions_classify_unquoted_sources(
    sentence: str, phrase: str, source: str, anonymous: bool
) -> None:
    article = _analysed(sentence)
    (attribution,) = article.attributions
    assert article.text[attribution.start : attribution.end] == phrase
    assert article.text[attribution.source_start : attribution.source_end] == source
    assert article.text[attribution.cue_start : attribution.cue_end] == attribution.cue
    assert attribution.anonymous is anonymous and attribution.article == article.id


def test_attributions_leave_out_what_they_cannot_classify() -> None:
    # Named executives earlier make "both executives" no anonymous source, and nothing names them here.
    assert _analysed("Both executives said construction would begin in 2027.").attributions == ()


def test_attributions_skip_cues_inside_quotes_and_resolve_the_official() -> None:
    article = _analysed(
        '"The ministry said nothing to us," a senior official said. The official added that talks went on.'
    )
    phrases = [(article.text[a.start : a.end], a.anonymous) for a in article.attributions]
    # "The ministry said" is inside the quote; "The official added" is anonymous because an unnamed official
    # was quoted before.
    assert phrases == [("a senior official said", True), ("The official added", True)]


def test_attributions_and_quotes_read_one_set_of_word_lists() -> None:
    # Both stages hold the very same objects, loaded once from lang/en: the lists cannot drift apart again.
    assert attributions.ANONYMOUS_HEADS is quotes.ANONYMOUS_HEADS is lang.words("anonymous_heads")
    assert attributions.CUE_WORDS is quotes.CUE_WORDS
    assert attributions.SOURCE_HEADS is quotes.SOURCE_HEADS
    assert attributions.ROLE_HEADS is quotes.ROLE_HEADS
    assert attributions.SPOKES_HEADS is quotes.SPOKES_HEADS


@pytest.mark.parametrize(
    "name",
    [
        "attribution_cues",
        "source_after_cues",
        "anonymous_heads",
        "spokesperson_heads",
        "role_heads",
        "source_heads",
        "post_modifiers",
        "clause_words",
        "definite_determiners",
        "phrase_leading_noise",
        "phrase_trailing_noise",
    ],
)
def test_attribution_word_lists_are_lower_case_and_unique(name: str) -> None:
    entries = lang.lines(name)
    assert entries and all(entry == entry.lower().strip() for entry in entries)
    assert len(set(entries)) == len(entries)
