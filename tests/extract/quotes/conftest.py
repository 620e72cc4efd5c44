"""Shared by the quote tests: articles prepared as the pipeline would, the seeds' quotes, and span checks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crossfact.clean import clean_article
from crossfact.extract.entities import extract_mentions
from crossfact.extract.quotes import extract_quotes
from crossfact.model import Article, Quote
from crossfact.read import Meta, make_article, read_file
from crossfact.split import split_article
from tests.conftest import seed_path

TRUMP = {"Trump", "Donald Trump"}


def prepare(article: Article) -> Article:
    """Run the stages before quotes (clean, split, entities), as the pipeline does."""
    article = split_article(clean_article(article))
    return dataclasses.replace(article, mentions=tuple(extract_mentions(article)))


def article_from(text: str) -> Article:
    """Return ``text`` as a prepared article."""
    return prepare(make_article("test.txt", text, Meta()))


def words_of(article: Article, quote: Quote) -> str:
    """Return the quoted words."""
    return article.text[quote.start : quote.end]


def find_quote(article: Article, quotes: list[Quote], prefix: str) -> Quote:
    """Return the one quote whose words start with ``prefix``."""
    (quote,) = [q for q in quotes if words_of(article, q).startswith(prefix)]
    return quote


def assert_honest(article: Article, quotes: list[Quote]) -> None:
    """Every span slices the article's text; ids number the quotes in text order."""
    assert [q.id for q in quotes] == [f"{article.id}-qt{n}" for n in range(1, len(quotes) + 1)]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for quote in quotes:
        assert quote.article == article.id
        assert 0 <= quote.start < quote.end <= len(article.text)
        words = words_of(article, quote)
        assert words == words.strip() and not words.endswith(",")
        if quote.speaker_text is None:
            assert quote.speaker_start is None and quote.cue is None
        else:
            assert quote.speaker_start is not None and quote.speaker_end is not None
            assert quote.speaker_text == article.text[quote.speaker_start : quote.speaker_end]
            assert quote.speaker_ref_start is not None and quote.speaker_ref_end is not None


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, tuple[Article, list[Quote]]]:
    found = {}
    for number in ("000", "001", "002", "003", "004"):
        (article,) = read_file(seed_path(seeds_dir, number))
        assert isinstance(article, Article)
        article = prepare(article)
        found[number] = (article, list(extract_quotes(article)))
    return found
