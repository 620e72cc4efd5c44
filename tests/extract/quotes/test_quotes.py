"""The whole extractor: every span slices the text, ids follow text order, and it runs on text alone."""

from __future__ import annotations

from crossfact.extract.quotes import extract_quotes
from crossfact.model import Article, Quote
from crossfact.read import Meta, make_article
from tests.extract.quotes.conftest import assert_honest, words_of


def test_quotes_spans_hold_on_the_seeds(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    for article, quotes in seeds.values():
        assert_honest(article, quotes)
    assert sum(len(quotes) for _, quotes in seeds.values()) >= 15


def test_quotes_without_sentences_or_mentions() -> None:
    """The extractor needs only ``text``: lines stand in for sentences, capitalised names for mentions."""
    text = "“We will sign it,” Ishiba said.\n“It is done,” said a senior official."
    article = make_article("test.txt", text, Meta())
    quotes = list(extract_quotes(article))
    assert_honest(article, quotes)
    assert [(words_of(article, q), q.speaker_text, q.anonymous) for q in quotes] == [
        ("We will sign it", "Ishiba", False),
        ("It is done", "a senior official", True),
    ]
