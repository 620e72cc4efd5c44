"""Partial quotes (a word of the writer's sentence right before the mark) and full ones."""

from __future__ import annotations

from crossfact.extract.quotes import extract_quotes
from crossfact.model import Article, Quote
from tests.extract.quotes.conftest import article_from, find_quote, words_of


def test_quotes_partial_and_full_on_the_seeds(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    article, quotes = seeds["000"]
    assert find_quote(article, quotes, "fair and beneficial").partial
    assert {words_of(article, q) for q in quotes} >= {
        "fair and beneficial",
        "quickly develop nuclear weapons",
    }
    article, quotes = seeds["004"]
    assert len(quotes) == 3 and not any(q.partial for q in quotes)


def test_quotes_partial_quote_flag() -> None:
    article = article_from("Trump said “we are ready” and called the deal “fair.” He said “We won.”")
    assert [(words_of(article, q), q.partial) for q in extract_quotes(article)] == [
        ("we are ready", False),  # right after the cue: the whole of what he said
        ("fair.", True),
        ("We won.", False),
    ]
