"""Speakers: named people credited through a cue, and unnamed sources kept as anonymous descriptors."""

from __future__ import annotations

import pytest

from crossfact.model import Article, Quote
from tests.extract.quotes.conftest import TRUMP, find_quote


@pytest.mark.parametrize(
    ("seed", "prefix", "cue"),
    [
        ("000", "fair and beneficial", "disclosed"),
        ("001", "We’ve Received Your Orders", "Announces"),
        ("001", "I know you’re significantly increasing", "stated"),
        ("001", "We greatly appreciate this order", "stating"),
        ("002", "very large", "citing"),
        ("002", "We greatly appreciate this order", "stating"),
        ("002", "The American people want strong leadership", "asserted"),
        ("004", "The military cooperation between", "said"),
        ("004", "Japan is committed to doubling", "stating"),  # "Trump expressed his approval, stating:"
    ],
)
def test_quotes_trump_quotes_on_the_seeds(
    seeds: dict[str, tuple[Article, list[Quote]]], seed: str, prefix: str, cue: str
) -> None:
    article, quotes = seeds[seed]
    quote = find_quote(article, quotes, prefix)
    assert quote.speaker_text in TRUMP
    assert quote.cue == cue and not quote.anonymous
    # The speaker is an entity mention, so the cross-article step can give it Trump's entity id.
    assert (quote.speaker_start, quote.speaker_end) in {(m.start, m.end) for m in article.mentions}


@pytest.mark.parametrize(
    ("seed", "prefix", "speaker"),
    [
        (
            "002",
            "This is a deal that reflects years of backroom negotiations",
            "a senior defense official, who spoke on condition of anonymity",
        ),
        ("002", "This is a Pyrrhic victory", "one trade analyst"),
        ("002", "a symbolic gesture", "one trade analyst"),  # the second half of an interrupted quote
        ("002", "This is a dangerous precedent", "a former Pentagon official"),
        ("002", "substantial economic burden", "industry experts"),
        ("004", "We all know that President Trump", "A Trump administration official"),
    ],
)
def test_quotes_anonymous_speakers_on_the_seeds(
    seeds: dict[str, tuple[Article, list[Quote]]], seed: str, prefix: str, speaker: str
) -> None:
    article, quotes = seeds[seed]
    quote = find_quote(article, quotes, prefix)
    assert quote.anonymous
    assert quote.speaker_text == speaker
